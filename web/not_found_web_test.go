package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestUnknownAddressesGetASwedishPage: an address no page serves (a
// mistyped link, an old bookmark, a method no form uses) answers 404
// with the Swedish error page — the menu for who is logged in — and not
// the router's English "404 page not found"; the API's own paths keep
// their problem+json.
func TestUnknownAddressesGetASwedishPage(t *testing.T) {
	env := apptest.New(t)
	anon := newBrowser(t, env)
	b, _ := loggedIn(t, env, "handlaggare")
	for _, tc := range []struct {
		who    *browser
		method string
		path   string
		menu   bool
	}{
		{anon, http.MethodGet, "/finns-inte", false},
		{b, http.MethodGet, "/arende/ITN-2026-1", true},
		{b, http.MethodGet, "/admin/finns-inte/alls", true},
		{b, http.MethodPut, "/arenden", true},
	} {
		req, _ := http.NewRequest(tc.method, env.URL(tc.path), nil)
		res, err := tc.who.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		buf := new(strings.Builder)
		_, _ = io.Copy(buf, res.Body)
		res.Body.Close()
		page := buf.String()
		if res.StatusCode != http.StatusNotFound || !strings.Contains(page, "Det du söker finns inte.") || strings.Contains(page, "page not found") ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s %s: %d %s\n%s", tc.method, tc.path, res.StatusCode, res.Header.Get("Content-Type"), page)
		}
		if tc.menu != strings.Contains(page, `id="nav-cases"`) || tc.menu && !strings.Contains(page, `name="csrf" value="`) {
			t.Errorf("%s %s: the menu (with the logout form's token) shown %v, want %v", tc.method, tc.path, !tc.menu, tc.menu)
		}
	}
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/finns-inte", Token: env.Token("handlaggare")})
	if r.Status != http.StatusNotFound || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
		t.Errorf("an unknown API path: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
}
