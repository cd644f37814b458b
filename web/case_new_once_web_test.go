package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var requestKeyField = regexp.MustCompile(`name="request_key" value="([^"]*)"`)

func requestKeyOf(t *testing.T, page string) string {
	t.Helper()
	m := requestKeyField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no request_key field in the page:\n%s", page)
	}
	return m[1]
}

// TestNewCaseFormRegistersOnce: the new-case form carries a random key
// (32 hex digits, another on every rendering); a refused form keeps it,
// so the corrected form registers, and the same form sent again
// registers nothing more and redirects to the same ärende. A key the
// page did not make is refused (422, nothing written) and the form comes
// back with a fresh one.
func TestNewCaseFormRegistersOnce(t *testing.T) {
	env := apptest.New(t)
	b, _ := loggedIn(t, env, "handlaggare")
	_, page, _ := b.get("/arenden/nytt")
	csrf, key := csrfOf(t, page), requestKeyOf(t, page)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(key) {
		t.Fatalf("form key %q, want 32 hex digits", key)
	}
	if _, page2, _ := b.get("/arenden/nytt"); requestKeyOf(t, page2) == key {
		t.Errorf("two renderings of the form have the same key %s", key)
	}
	live := func() int {
		t.Helper()
		recs, err := env.Backend.Find(t.Context(), repo.CollCases, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		return len(recs)
	}
	form := url.Values{"csrf": {csrf}, "board": {"ITN"}, "title": {" "}, "counterpart": {"MBAB"}, "request_key": {key}}
	status, page, _ := b.post("/arenden", form)
	if status != http.StatusUnprocessableEntity || requestKeyOf(t, page) != key {
		t.Fatalf("refused form: %d, key %q, want 422 with %s", status, requestKeyOf(t, page), key)
	}
	form.Set("title", "Avtal med MBAB om drift")
	var locations []string
	for i := range 2 {
		status, _, h := b.post("/arenden", form)
		if status != http.StatusSeeOther || caseLink.FindStringSubmatch(h.Get("Location")) == nil {
			t.Fatalf("send %d: %d %q", i+1, status, h.Get("Location"))
		}
		locations = append(locations, h.Get("Location"))
	}
	if locations[0] != locations[1] {
		t.Errorf("the form sent twice redirects to %s and %s, want one ärende", locations[0], locations[1])
	}
	if n := live(); n != 1 {
		t.Errorf("%d cases stored, want 1", n)
	}
	// Back in the browser, the form edited and sent again (twice): a
	// second ärende, once.
	form.Set("title", "Avtal med MBAB om support")
	var edited []string
	for i := range 2 {
		status, _, h := b.post("/arenden", form)
		if status != http.StatusSeeOther || caseLink.FindStringSubmatch(h.Get("Location")) == nil {
			t.Fatalf("edited send %d: %d %q", i+1, status, h.Get("Location"))
		}
		edited = append(edited, h.Get("Location"))
	}
	if edited[0] != edited[1] || edited[0] == locations[0] {
		t.Errorf("the edited form redirects to %s and %s (first ärende %s), want one new ärende", edited[0], edited[1], locations[0])
	}
	if n := live(); n != 2 {
		t.Errorf("%d cases stored after the edited form, want 2", n)
	}
	form.Set("request_key", "nyckel\u00e5")
	status, page, _ = b.post("/arenden", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Registreringens nyckel") {
		t.Fatalf("a key the page did not make: %d\n%s", status, page)
	}
	if k := requestKeyOf(t, page); !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(k) {
		t.Errorf("the refused form's key %q, want a fresh one", k)
	}
	if n := live(); n != 2 {
		t.Errorf("%d cases stored after the bad key, want 2", n)
	}
}
