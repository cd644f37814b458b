package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestSubmitFormSendsTheMemoToAPerson: on the case page the submit form
// offers the people who may receive the memo, by name and role in
// Swedish (the ordförande, the förvaltningschef, the sekreterare; not the
// handläggare or the revisor). Sent without a choice, or with a revisor,
// the form is refused next to the select, on the case, and nothing is
// stored. Sent to the ordförande, the case shows whom it went to and is
// on the ordförande's start page under "Ärenden att besluta", not on the
// sekreterare's; sent to the sekreterare, it is on hers as "att föra upp
// på dagordningen".
func TestSubmitFormSendsTheMemoToAPerson(t *testing.T) {
	env := apptest.New(t)
	h, csrf := loggedIn(t, env, "handlaggare")
	prepared := func(title string) string {
		t.Helper()
		_, _, hd := h.post("/arenden", url.Values{"csrf": {csrf}, "board": {"ITN"}, "title": {title}})
		id := caseLink.FindStringSubmatch(hd.Get("Location"))[1]
		h.post("/arenden/"+id+"/tjansteskrivelse", url.Values{"csrf": {csrf}, "revision": {"0"}, "title": {"Avrop"}, "clause": {"datorer avropas"},
			"description": {"x"}, "assessment": {"y"}, "consequences": {"z"}, "send_to": {"IT-chefen"}, "action": {"save"}})
		if status, _, _ := h.post("/arenden/"+id+"/handelse/start", url.Values{"csrf": {csrf}, "version": {"2"}}); status != http.StatusSeeOther {
			t.Fatalf("start: %d", status)
		}
		return id
	}
	id := prepared("Avrop av datorer")
	_, page, _ := h.get("/arenden/" + id)
	for _, want := range []string{`<select id="submit-to" name="submit_to" required`, `<option value="ordforande">Anna Lindqvist, ordförande</option>`,
		`<option value="it-chef">Karin Berg, förvaltningschef</option>`, `<option value="sekreterare">Maria Holm, nämndsekreterare</option>`,
		`<option value="vice-ordforande">Erik Johansson, vice ordförande</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the submit form lacks %s:\n%s", want, page)
		}
	}
	i := strings.Index(page, `<select id="submit-to"`)
	if i < 0 {
		t.Fatalf("no submit select:\n%s", page)
	}
	sel := page[i:]
	sel = sel[:strings.Index(sel, "</select>")]
	for _, not := range []string{`value="handlaggare"`, `value="revisor"`, `value="admin"`, `value="arkivarie"`} {
		if strings.Contains(sel, not) {
			t.Errorf("the submit form offers %s", not)
		}
	}

	before := env.Snapshot(t)
	for to, want := range map[string]string{"": "Välj vem tjänsteskrivelsen ska skickas till.",
		"revisor": "Mottagaren har ingen roll i nämnden i dag som beslutar"} {
		status, page, _ := h.post("/arenden/"+id+"/handelse/submit", url.Values{"csrf": {csrf}, "version": {"3"}, "submit_to": {to}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-submit_to">`+want) ||
			!strings.Contains(page, `aria-describedby="error-submit_to"`) || !strings.Contains(page, "Avrop av datorer") {
			t.Errorf("submit to %q: %d\n%s", to, status, page)
		}
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused submit changed stored data")
	}

	if status, _, _ := h.post("/arenden/"+id+"/handelse/submit", url.Values{"csrf": {csrf}, "version": {"3"}, "submit_to": {"ordforande"}}); status != http.StatusSeeOther {
		t.Fatalf("submit to the chair: %d", status)
	}
	_, page, _ = h.get("/arenden/" + id)
	if !strings.Contains(page, `id="submitted-to">Anna Lindqvist, ordförande, 2026-03-02<`) || !strings.Contains(page, "till Anna Lindqvist, ordförande") {
		t.Errorf("the case does not say whom it went to:\n%s", page)
	}
	start := func(user string) string {
		t.Helper()
		b, _ := loggedIn(t, env, user)
		_, page, _ := b.get("/")
		return page
	}
	chair := start("ordforande")
	if !strings.Contains(chair, `id="desk-decide">Ärenden att besluta (1)<`) || !strings.Contains(chair, `href="/arenden/`+id+`"`) ||
		!strings.Contains(chair, "ITN 2026/1 Avrop av datorer") || !strings.Contains(chair, "skickat 2026-03-02") {
		t.Errorf("the chair's desk lacks the case to decide:\n%s", chair)
	}
	if sek := start("sekreterare"); strings.Contains(sek, `id="desk-decide"`) || strings.Contains(sek, `id="desk-agenda"`) {
		t.Errorf("the secretary's desk lists the chair's case:\n%s", sek)
	}

	id2 := prepared("Ny skrivarmiljö")
	if status, _, _ := h.post("/arenden/"+id2+"/handelse/submit", url.Values{"csrf": {csrf}, "version": {"3"}, "submit_to": {"sekreterare"}}); status != http.StatusSeeOther {
		t.Fatalf("submit to the secretary: %d", status)
	}
	if sek := start("sekreterare"); !strings.Contains(sek, `id="desk-agenda">Ärenden att föra upp på dagordningen (1)<`) || !strings.Contains(sek, "Ny skrivarmiljö") {
		t.Errorf("the secretary's desk lacks the case for the agenda:\n%s", sek)
	}
	if chair := start("ordforande"); strings.Contains(chair, "Ny skrivarmiljö") {
		t.Errorf("the chair's desk lists the secretary's case")
	}
}
