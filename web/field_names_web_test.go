package web_test

import (
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestRefusalsNameFieldsInSwedish: a refusal names the field it refuses
// by the label the user sees on the page, never by its internal code
// ("note", "contact/name", "members/0/code", "query/compliant") nor by
// another page's label (a person's Titel is no Ärendemening, a seat's
// Parti no Avsändare/mottagare); nothing is stored.
func TestRefusalsNameFieldsInSwedish(t *testing.T) {
	env := apptest.New(t)
	const rlo = "a\u202eb" // a hidden character that turns the text around
	for _, tc := range []struct {
		name, user, page, action string
		set                      map[string]string // fields changed in the page's form; nil: a GET of page
		want, not                []string
	}{
		{"an absence's note", "sekreterare", "/franvaro?namnd=ITN", "/franvaro?namnd=ITN",
			map[string]string{"note": rlo}, []string{"Anteckning: Innehåller otillåtna styrtecken"}, []string{"note:"}},
		{"the archive profile", "arkivarie", "/arkiv?namnd=ITN", "/arkiv/profil?namnd=ITN",
			map[string]string{"archive": rlo, "agreement": rlo, "scheme_name": rlo, "contact_name": rlo, "contact_title": rlo, "contact": rlo},
			[]string{"Mottagande e-arkiv: Innehåller", "Leveransöverenskommelse: Innehåller", "Klassificeringsstrukturens namn: Innehåller",
				"Kontaktperson: Innehåller", "Kontaktpersonens befattning: Innehåller", "Kontaktuppgift: Innehåller"},
			[]string{"archive:", "agreement:", "scheme_name:", "contact/"}},
		{"a gallring with a meeting but no paragraph", "arkivarie", "/arkiv?namnd=ITN", "/arkiv/gallring?namnd=ITN",
			map[string]string{"meeting_id": "m1", "paragraph": "x"}, []string{"Paragraf: Fältet måste fyllas i."}, []string{"decision/paragraph"}},
		{"a member municipality's code", "admin", "/admin/namnder/ITN", "/admin/namnder/ITN",
			map[string]string{"member_0_code": "abc"}, []string{"Medlemskommun 1, kommunkod: Ogiltig kommunkod"}, []string{"members/0/code"}},
		{"an invoicing rule", "sekreterare", "/fordelning/avtal?namnd=ITN", "/fordelning/avtal?namnd=ITN",
			map[string]string{"title": "Avtal", "valid_from": "2027-01-01", "invoicing_year_0": "2027", "invoicing_rule_0": "okänd"},
			[]string{"Faktureringsregel 1: Ogiltig faktureringsregel."}, []string{"invoicing/0"}},
		{"a person's title", "admin", "/admin/personer/handlaggare", "/admin/personer/handlaggare",
			map[string]string{"title": rlo}, []string{"Titel: Innehåller otillåtna styrtecken"}, []string{"Ärendemening"}},
		{"a seat's party", "admin", "/admin/namnder/ITN", "/admin/namnder/ITN/mandat",
			map[string]string{"holder": "handlaggare", "kind": "ledamot", "party": rlo, "valid_from": "2027-01-01"},
			[]string{"Parti: Innehåller otillåtna styrtecken"}, []string{"Avsändare/mottagare"}},
		{"the audit search's filter", "revisor", "/revision?compliant=kanske", "",
			nil, []string{"Följer delegationsordningen: Ogiltigt värde."}, []string{"query/"}},
		{"the archive batch's date", "arkivarie", "/arkiv/paket?namnd=ITN&stangda_fore=igår", "",
			nil, []string{"Avslutade före: Ogiltigt datum."}, []string{"closed_before"}},
	} {
		b, _ := loggedIn(t, env, tc.user)
		before := env.Snapshot(t)
		status, page, _ := b.get(tc.page)
		if tc.set != nil {
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
			status, page, _ = b.post(tc.action, form.fields)
		}
		if status < 400 || status >= 500 {
			t.Errorf("%s: %d, want a refusal", tc.name, status)
		}
		text := page
		if i := strings.Index(page, "<main"); i >= 0 {
			text = page[i:]
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the page lacks %q:\n%s", tc.name, w, alertText(page))
			}
		}
		for _, n := range tc.not {
			if strings.Contains(text, n) {
				t.Errorf("%s: the refusal shows %q:\n%s", tc.name, n, alertText(page))
			}
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s: a refusal changed stored data", tc.name)
		}
	}
}
