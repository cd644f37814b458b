package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestRefusedFormsKeepWhatWasTyped: a form refused for its input shows
// again with what the user typed in it — the absence form, the
// Administration's person, role, seat, organisation, prisbasbelopp and
// ärendegrupp forms used to show the stored values or the defaults
// instead, so that one wrong field cost the user all the others.
func TestRefusedFormsKeepWhatWasTyped(t *testing.T) {
	env := apptest.New(t)
	c := env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Skrivare"}, nil)
	caseID := c["id"].(string)
	for _, tc := range []struct {
		name, user, page, action string
		set                      map[string]string
	}{
		{"the archive profile with a bad organisationsnummer", "arkivarie", "/arkiv?namnd=ITN", "/arkiv/profil?namnd=ITN",
			map[string]string{"org_number": "212000-0778", "archive": "Kalmar läns e-arkiv", "agreement": "LÖ 2026:3",
				"contact_name": "Kim Ek", "contact_title": "Arkivarie", "contact": "kim.ek@example.se", "scheme_name": "KS 2026"}},
		{"a case voided on a stale version", "sekreterare", "/arenden/" + caseID, "/arenden/" + caseID + "/handelse/void",
			map[string]string{"version": "99", "note": "Registrerat två gånger"}},
		{"an absence with a bad end", "sekreterare", "/franvaro?namnd=ITN", "/franvaro?namnd=ITN",
			map[string]string{"username": "handlaggare", "from": "2026-03-10", "to": "2026-02-30", "note": "Tjänsteresa"}},
		{"a person's profile with a bad e-mail", "admin", "/admin/personer/handlaggare", "/admin/personer/handlaggare",
			map[string]string{"name": "Olof Nilsson-Berg", "title": "Utredare", "email": "olof(at)example", "disabled": "ja"}},
		{"a role with a bad start", "admin", "/admin/personer/handlaggare", "/admin/personer/handlaggare/roller",
			map[string]string{"board": "ITN", "role": "sekreterare", "valid_from": "2026-13-01", "valid_to": "2026-12-31"}},
		{"a seat with a bad order", "admin", "/admin/namnder/ITN", "/admin/namnder/ITN/mandat",
			map[string]string{"holder": "handlaggare", "kind": "ersattare", "order": "0", "party": "Centerpartiet", "valid_from": "2027-01-01", "valid_to": "2027-12-31"}},
		{"the organisation with a bad number", "admin", "/admin", "/admin/organisation",
			map[string]string{"name": "Borgholms kommun (ny)", "org_number": "212000-0778", "letterhead": "Borgholm IT"}},
		{"a prisbasbelopp with a bad amount", "admin", "/admin/referens", "/admin/referens/prisbasbelopp",
			map[string]string{"year": "2031", "kronor": "60 000,5,5", "source": "SFS 2030:1"}},
		{"an ärendegrupp with a bad code", "admin", "/admin/referens", "/admin/referens/klasser",
			map[string]string{"code": "ab-1", "name": "Upphandling", "retired": "ja"}},
	} {
		b, _ := loggedIn(t, env, tc.user)
		before := env.Snapshot(t)
		_, page, _ := b.get(tc.page)
		var form *webForm
		for _, f := range postForms(tc.user, tc.page, page) {
			if f.action == tc.action {
				form = &f
				break
			}
		}
		if form == nil {
			t.Fatalf("%s: no form %s on %s", tc.name, tc.action, tc.page)
		}
		for k, v := range tc.set {
			form.fields.Set(k, v)
		}
		form.fields.Set("csrf", csrfOf(t, page))
		status, page, _ := b.post(tc.action, form.fields)
		if status != http.StatusUnprocessableEntity && status != http.StatusConflict {
			t.Errorf("%s: %d, want 422 or 409: %s", tc.name, status, alertText(page))
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s: a refusal changed stored data", tc.name)
		}
		var again *webForm
		for _, f := range postForms(tc.user, tc.action, page) {
			if f.action == tc.action {
				again = &f
				break
			}
		}
		if again == nil {
			t.Errorf("%s: the refusal does not show the form again:\n%s", tc.name, page[strings.Index(page, "<main"):])
			continue
		}
		for k, v := range tc.set {
			if got := again.fields.Get(k); got != v && k != "version" {
				t.Errorf("%s: %s shows %q, typed %q", tc.name, k, got, v)
			}
		}
	}
	b, csrf := loggedIn(t, env, "sekreterare")
	status, page := b.postFile("/delegationsordning?namnd=ITN", map[string]string{"csrf": csrf, "title": "Delegationsordning 2027"}, "file", "ordning.txt", []byte("inte en ordning"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `value="Delegationsordning 2027"`) {
		t.Errorf("a bad delegationsordning file: %d, the title typed kept: %v", status, strings.Contains(page, `value="Delegationsordning 2027"`))
	}
}
