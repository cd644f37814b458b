package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestPublicRequestFormMustComeFromOwnPage: the public request form
// (/diarium/begaran, no login) is refused with 403 and stores nothing when
// its double-submit token is missing or the browser says it comes from
// another site; from its own page it registers the request (201, the
// receipt with the reference). Bad input re-renders the form with the
// Swedish message and what was typed, and stores nothing.
func TestPublicRequestFormMustComeFromOwnPage(t *testing.T) {
	env := apptest.New(t)
	form := func(csrf string) url.Values {
		return url.Values{"csrf": {csrf}, "board": {"ITN"}, "form": {"kopia"}, "asked": {"Protokollet från mars"},
			"items": {"Protokollet från mars"}}
	}
	post := func(b *browser, v url.Values, header map[string]string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, env.URL("/diarium/begaran"), strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, x := range header {
			req.Header.Set(k, x)
		}
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	before := env.Snapshot(t)
	for _, c := range []struct {
		name   string
		token  bool
		header map[string]string
	}{
		{"cross-site", true, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}},
		{"foreign Origin", true, map[string]string{"Origin": "https://evil.example"}},
		{"no token", false, nil},
	} {
		b := newBrowser(t, env)
		_, page, _ := b.get("/diarium/begaran")
		token := ""
		if c.token {
			token = csrfOf(t, page)
		}
		if status, _ := post(b, form(token), c.header); status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.name, status)
		}
	}
	// Bad input: an unknown nämnd and nothing asked.
	b := newBrowser(t, env)
	_, page, _ := b.get("/diarium/begaran")
	bad := form(csrfOf(t, page))
	bad.Set("board", "XYZ")
	bad.Set("asked", "")
	bad.Set("requester_name", "Bertil Bengtsson")
	status, body := post(b, bad, nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="error"`) || !strings.Contains(body, "Nämnd:") ||
		!strings.Contains(body, "Bertil Bengtsson") {
		t.Errorf("bad input: %d %s", status, body)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused public request changed stored data")
	}
	status, body = post(b, form(csrfOf(t, page)), map[string]string{"Sec-Fetch-Site": "same-origin"})
	if status != http.StatusCreated || !strings.Contains(body, `id="receipt-ref"`) || !strings.Contains(body, "ITN UB 2026/1") {
		t.Errorf("from its own page: %d %s", status, body)
	}
	if env.Snapshot(t) == before {
		t.Error("the request was not stored")
	}
}
