package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestLawDatesAndStatusesOnTheWebPages follows one meeting of ITN (a
// gemensam nämnd of Borgholm and Mörbylånga) through the server-rendered
// pages, and checks each date and status the law asks for is shown in
// Swedish with who entered it: the agenda changed before the meeting (an
// ärende added and removed), the anmälan item listing a decision taken
// after planning (ej signerat), the justering date entered afterwards, the
// anslag of one member that leaves the appeal period unstarted (meeting
// page and public anslagstavla), then the second member's, a delgivning
// per party on the decision page with the förvaltningsbesvär end, the
// person's deadlines and a recorded absence.
func TestLawDatesAndStatusesOnTheWebPages(t *testing.T) {
	env := apptest.New(t)
	readyForDecision(t, env, "Avtal om serverhall")
	sek, csrf := loggedIn(t, env, "sekreterare")
	status, _, h := sek.post("/sammantraden?namnd=ITN", url.Values{"csrf": {csrf}, "starts_at": {"2026-03-02T13:00"},
		"place": {"Stadshuset"}, "justerare": {"vice-ordforande"}})
	if status != http.StatusSeeOther {
		t.Fatalf("planning: %d", status)
	}
	mpage := h.Get("Location")
	mid := strings.TrimPrefix(mpage, "/sammantraden/")
	version := func() string {
		return fmt.Sprint(env.Call(t, env.Token("sekreterare"), http.MethodGet, "/api/v1/meetings/"+mid, nil, nil)["version"])
	}
	act := func(action string, form url.Values) (int, string) {
		t.Helper()
		form.Set("csrf", csrf)
		if form.Get("version") == "" {
			form.Set("version", version())
		}
		status, page, _ := sek.post(mpage+"/"+action, form)
		return status, page
	}
	page := func(b *browser, path string) string {
		t.Helper()
		status, body, _ := b.get(path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, status, body)
		}
		return body
	}

	// The agenda changes before the meeting: an ärende made ready after
	// planning is added (with who added it), then removed.
	extra := decidedByChairWithout(t, env, "Avtal om skrivare")
	if p := page(sek, mpage); !strings.Contains(p, `<option value="`+extra+`">`) {
		t.Fatalf("the ready ärende is not offered for the agenda:\n%s", p)
	}
	if s, p := act("punkt", url.Values{"case_id": {extra}}); s != http.StatusSeeOther {
		t.Fatalf("adding to the agenda: %d\n%s", s, p)
	}
	p := page(sek, mpage)
	if !strings.Contains(p, "Avtal om skrivare") || !strings.Contains(p, "tillagd av Maria Holm") {
		t.Errorf("the added item is not shown with who added it")
	}
	agendaLen := strings.Count(p[strings.Index(p, `<ol id="agenda">`):strings.Index(p, `</ol>`)], `<li data-index=`)
	if s, _ := act("ta-bort", url.Values{"index": {fmt.Sprint(agendaLen - 1)}}); s != http.StatusSeeOther {
		t.Fatalf("removing from the agenda: %d", s)
	}
	if p := page(sek, mpage); strings.Contains(p[strings.Index(p, `<ol id="agenda">`):], "tillagd av Maria Holm") {
		t.Errorf("the removed item is still on the agenda")
	}

	// A decision taken after planning is on the anmälan item, ej signerat.
	did := decidedByChair(t, env, "Avtal om licenser")
	p = page(sek, mpage)
	if !regexp.MustCompile(`(?s)class="reportable".*data-decision="` + regexp.QuoteMeta(did) + `".*\(ej signerat\)`).MatchString(p) {
		t.Errorf("the anmälan item does not list the decision taken after planning, ej signerat")
	}
	if p := page(sek, "/anmalningar?namnd=ITN"); !strings.Contains(p, "(ej signerat)") {
		t.Errorf("the pending list does not flag the unsigned decision")
	}

	// The meeting: open, both items, closed.
	if s, p := act("status", url.Values{"status": {"pagaende"}}); s != http.StatusSeeOther {
		t.Fatalf("opening: %d\n%s", s, p)
	}
	for i, outcome := range []string{"bifall", "anmalan"} {
		if s, p := act("paragraf", url.Values{"item": {fmt.Sprint(i)}, "outcome": {outcome}, "clauses": {"avtalet godkänns"}}); s != http.StatusSeeOther {
			t.Fatalf("recording item %d: %d\n%s", i, s, p)
		}
	}
	if s, _ := act("status", url.Values{"status": {"avslutat"}}); s != http.StatusSeeOther {
		t.Fatalf("closing: %d", s)
	}
	if !regexp.MustCompile(`(?s)<ul class="reported"><li data-decision="` + regexp.QuoteMeta(did) + `"`).MatchString(page(sek, mpage)) {
		t.Errorf("the anmälan § does not report the decision")
	}
	// The justerare's deadline is on their own page.
	vice, _ := loggedIn(t, env, "vice-ordforande")
	if p := page(vice, "/frister"); !strings.Contains(p, `data-kind="justering"`) || !strings.Contains(p, "justerare") || !strings.Contains(p, "2026-03-16") {
		t.Errorf("the justerare's deadlines page lacks the justering by 2026-03-16:\n%s", p)
	}
	for _, who := range []string{"ordforande", "vice-ordforande"} {
		env.Call(t, env.Token(who), http.MethodPost, "/api/v1/meetings/"+mid+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	}

	// Two days later the secretary enters the day the paper protocol was
	// justerat; a day in the future is refused.
	env.Clock.Set(time.Date(2026, 3, 4, 10, 0, 0, 0, platform.Stockholm))
	sek, csrf = loggedIn(t, env, "sekreterare") // the session of two days ago has expired
	if s, p := act("justeringsdag", url.Values{"justered_on": {"2026-03-05"}}); s != http.StatusUnprocessableEntity || !strings.Contains(p, "Justeringsdag") && !strings.Contains(p, "framtiden") {
		t.Errorf("a justering date in the future: %d", s)
	}
	if s, p := act("justeringsdag", url.Values{"justered_on": {"2026-03-03"}}); s != http.StatusSeeOther {
		t.Fatalf("entering the justering date: %d\n%s", s, p)
	}
	p = page(sek, mpage)
	if !regexp.MustCompile(`Justerat <span id="justered-on">2026-03-03</span> <small class="entry">\(datum angivet av sekreterare 2026-03-04 10:00, i efterhand\)`).MatchString(p) {
		t.Errorf("the justering date is not shown with who entered it:\n%s", p[strings.Index(p, "Justerare:"):][:400])
	}

	// Borgholm posts; Mörbylånga has not: no appeal end anywhere.
	if s, p := act("anslag", url.Values{"member": {"0885"}, "posted_on": {"2026-03-04"}, "location": {"Kommunkansliet"}}); s != http.StatusSeeOther {
		t.Fatalf("posting: %d\n%s", s, p)
	}
	p = page(sek, mpage)
	if !strings.Contains(p, `id="pending-notices"`) || !strings.Contains(p, `data-member="0840"`) || strings.Contains(p, `id="appeal-end"`) {
		t.Errorf("one member posted: the meeting page should name Mörbylånga as not posted and show no appeal end")
	}
	anon := newBrowser(t, env)
	pub := page(anon, "/anslagstavla")
	if !strings.Contains(pub, "Ännu inte anslaget hos") || strings.Contains(pub, `class="appeal-end"`) {
		t.Errorf("one member posted: the anslagstavla should say who has not posted and show no appeal end")
	}
	// Mörbylånga posts a day late as typed (the 4th, entered the 5th).
	env.Clock.Set(time.Date(2026, 3, 5, 9, 0, 0, 0, platform.Stockholm))
	sek, csrf = loggedIn(t, env, "sekreterare")
	if s, p := act("anslag", url.Values{"member": {"0840"}, "posted_on": {"2026-03-04"}, "location": {"Kommunkansliet"}}); s != http.StatusSeeOther {
		t.Fatalf("posting: %d\n%s", s, p)
	}
	p = page(sek, mpage)
	if !strings.Contains(p, `<strong id="appeal-end">2026-03-25</strong>`) || strings.Contains(p, `id="pending-notices"`) {
		t.Errorf("both posted on 2026-03-04: the appeal period should end 2026-03-25")
	}
	if !regexp.MustCompile(`data-member="0840">[^<]*<small class="entry">\(angivet av sekreterare 2026-03-05 09:00, i efterhand\)`).MatchString(p) &&
		!strings.Contains(p, "(angivet av sekreterare 2026-03-05 09:00, i efterhand)") {
		t.Errorf("the late-entered posting does not say who entered it")
	}
	if !strings.Contains(p, `<table id="deadlines">`) || !strings.Contains(p, `data-kind="anslag"`) {
		t.Errorf("the meeting's deadlines are not shown")
	}
	if pub := page(anon, "/anslagstavla"); !strings.Contains(pub, `<strong class="appeal-end">2026-03-25</strong>`) {
		t.Errorf("the anslagstavla does not show the appeal end once both posted")
	}

	// The decision page: its appeal routes; a delgivning recorded
	// afterwards for one party starts its förvaltningsbesvär (three weeks
	// from Tue 3 March: Tue 24 March).
	caseID := did[:36] // a decision's id is its case's and its number
	cv := fmt.Sprint(env.Call(t, env.Token("sekreterare"), http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["version"])
	status, _, h = sek.post("/arenden/"+caseID+"/delgivning", url.Values{"csrf": {csrf}, "version": {cv}, "decision": {did},
		"party": {"Leverantören AB"}, "notified_on": {"2026-03-03"}, "manner": {"brev"}, "back": {"/beslut/" + did}})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/beslut/"+did) {
		t.Fatalf("recording a delgivning: %d %s", status, h.Get("Location"))
	}
	p = page(sek, "/beslut/"+did)
	for _, want := range []string{"Överklagande och laga kraft", "Leverantören AB: delgiven 2026-03-03", "registrerat av Maria Holm 2026-03-05 09:00, i efterhand",
		`data-kind="forvaltningsbesvar" data-party="Leverantören AB"`, `<td class="route-end">2026-03-24</td>`, `<td class="route-end">2026-03-25</td>`} {
		if !strings.Contains(p, want) {
			t.Errorf("the decision page lacks %q", want)
		}
	}

	// The decision PDF says the same, with the dates.
	status, body, _ := sek.get("/beslut/" + did + "/pdf")
	if status != http.StatusOK {
		t.Fatalf("decision PDF: %d", status)
	}
	text := pdfText(t, []byte(body))
	for _, want := range []string{"Beslutsdag 2026-03-02", "Förvaltningsbesvär (Leverantören AB): från 2026-03-03, sista dag 2026-03-24",
		"Laglighetsprövning: från 2026-03-04, sista dag 2026-03-25", "Laga kraft tidigast 2026-03-26 om ingen överklagar"} {
		if !strings.Contains(text, want) {
			t.Errorf("the decision PDF lacks %q:\n%s", want, text)
		}
	}

	// An absence the chair records for herself, with who recorded it.
	chair, ccsrf := loggedIn(t, env, "ordforande")
	if s, _, _ := chair.post("/franvaro?namnd=ITN", url.Values{"csrf": {ccsrf}, "username": {"ordforande"}, "from": {"2026-03-09"},
		"to": {"2026-03-13"}, "note": {"Semester"}}); s != http.StatusSeeOther {
		t.Fatalf("recording an absence: %d", s)
	}
	if s, p, _ := chair.post("/franvaro?namnd=ITN", url.Values{"csrf": {ccsrf}, "username": {"ordforande"}, "from": {"2026-03-13"},
		"to": {"2026-03-09"}}); s != http.StatusUnprocessableEntity || !strings.Contains(p, `id="absence-error"`) {
		t.Errorf("an absence ending before it starts: %d", s)
	}
	p = page(sek, "/franvaro?namnd=ITN")
	if !regexp.MustCompile(`(?s)data-username="ordforande"><td>Anna Lindqvist</td><td>2026-03-09</td><td>2026-03-13</td><td>Semester</td><td>Anna Lindqvist 2026-03-05 09:00</td>\s*<td>gäller</td>`).MatchString(p) {
		t.Errorf("the absence is not listed with who recorded it:\n%s", p[strings.Index(p, "<h1"):])
	}
}
