package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestAdministrationLogInWords: the administration's log, and a person's
// and a nämnd's records, show each change as a small table of the fields
// changed with their Swedish names and the values before and after in
// words (names, roles, the nämnd's name, dates); no JSON, no field code,
// no role's id.
func TestAdministrationLogInWords(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "admin")
	status, _, _ := b.post("/admin/personer/handlaggare/roller", url.Values{"csrf": {csrf}, "board": {"ITN"}, "role": {"sekreterare"},
		"valid_from": {"2026-05-01"}, "valid_to": {"2026-12-31"}})
	if status != http.StatusSeeOther {
		t.Fatalf("granting a role: %d", status)
	}
	json := regexp.MustCompile(`[{\[]"|":|valid_from|has_password|"role"`)
	for _, path := range []string{"/admin/logg", "/admin/personer/handlaggare", "/admin/namnder/ITN"} {
		status, page, _ := b.get(path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		i := strings.Index(page, `class="records"`)
		if i < 0 {
			i = strings.Index(page, `id="records"`)
		}
		if i < 0 {
			t.Fatalf("%s has no records", path)
		}
		main := page[i:]
		if m := json.FindString(main); m != "" {
			t.Errorf("%s shows JSON or a field code (%q)", path, m)
		}
		if !strings.Contains(main, `<table class="changes">`) {
			t.Errorf("%s has no table of changes", path)
		}
	}
	_, page, _ := b.get("/admin/personer/handlaggare")
	for _, want := range []string{
		`<tr><th scope="row">Roll</th><td>–</td><td>Nämndsekreterare</td></tr>`,
		`<tr><th scope="row">Nämnd</th><td>–</td><td>Ölands IT-nämnd</td></tr>`,
		`<tr><th scope="row">Från</th><td>–</td><td>2026-05-01</td></tr>`,
		`<tr><th scope="row">Till</th><td>–</td><td>2026-12-31</td></tr>`,
		`<td>Sara Admin</td><td>Roll tilldelad</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the person's records lack %q:\n%s", want, page[strings.Index(page, `<table class="records">`):])
		}
	}
}
