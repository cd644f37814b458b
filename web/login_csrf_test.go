package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestLoginPostMustComeFromOwnPage: a login POST with a valid
// double-submit token is still refused (403, no session) when the browser
// says it comes from another site or origin (Sec-Fetch-Site cross-site or
// same-site, or an Origin of another host); same-origin, a user's own
// navigation (none) and a client sending neither header log in.
func TestLoginPostMustComeFromOwnPage(t *testing.T) {
	env := apptest.New(t)
	host := strings.TrimPrefix(env.URL(""), "http://")
	for _, c := range []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden},
		{"same-site (sibling host or port)", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"}, http.StatusForbidden},
		{"foreign Origin without fetch metadata", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"Origin null", map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"same-origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://" + host}, http.StatusSeeOther},
		{"own navigation", map[string]string{"Sec-Fetch-Site": "none"}, http.StatusSeeOther},
		{"own Origin without fetch metadata", map[string]string{"Origin": "http://" + host}, http.StatusSeeOther},
		{"no browser headers", nil, http.StatusSeeOther},
	} {
		b := newBrowser(t, env)
		_, page, _ := b.get("/login")
		req, _ := http.NewRequest(http.MethodPost, env.URL("/login"), strings.NewReader(url.Values{"csrf": {csrfOf(t, page)},
			"username": {"revisor"}, "password": {apptest.DemoPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want || (c.want == http.StatusForbidden) != (b.cookie("samstyr_session") == "") {
			t.Errorf("%s: %d, session %q; want %d", c.name, res.StatusCode, b.cookie("samstyr_session"), c.want)
		}
	}
}
