package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestPagesReadStayFlat: each page a person opens daily reads about as
// many documents when the organisation has grown by 1,000 people, five
// boards, 100 meetings, 300 ärenden, 60 delegationsbeslut, 60 requests
// for allmän handling and 60 absences as with the demo's eight people and
// one board: it reads what it shows, not the organisation. Through the
// real server on the real SQLite store, counting the documents the store
// returns (apptest.Counting), logged in as the person who uses the page.
// Pages whose content is the organisation (every person, every board) are
// allowed to grow, each with the reason.
func TestPagesReadStayFlat(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	// A delegated decision taken by the chair and not yet signed, a
	// justerat meeting announced on an anslagstavla.
	decision := prepare(t, env, "Avtal med MBAB om drift", true)
	caseID := decision[:strings.LastIndex(decision, "-")]
	meetingID := meetingIn(t, env, "anslag", "Kommunkansliet")
	browsers := map[string]*browser{"": newBrowser(t, env)} // "": nobody logged in
	for _, u := range []string{"handlaggare", "sekreterare", "ordforande", "revisor", "admin", "arkivarie"} {
		browsers[u], _ = loggedIn(t, env, u)
	}
	// An ärende with a letter (handling 1, a PDF) that a request for
	// allmän handling asks for, and the board's delegationsordning in
	// force.
	hl := env.Token("handlaggare")
	letter := apiCall(t, env, hl, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Ansökan om IT-konto"}, nil)
	uploadDoc(t, env, hl, letter["id"].(string), map[string]string{"direction": "inkommande", "description": "Ansökan"}, "ansokan.pdf", letterPDF(t))
	req := apiCall(t, env, hl, http.MethodPost, "/api/v1/boards/ITN/disclosure-requests", map[string]any{
		"received_at": "2026-03-02T08:00:00+01:00", "channel": "epost", "asked": "Ansökan om IT-konto",
		"items": []map[string]any{{"registration_number": letter["registration_number"], "document_no": 1}}}, nil)["id"].(string)
	order := apiCall(t, env, hl, http.MethodGet, "/api/v1/boards/ITN/delegation-orders/in-force?date=2026-03-02", nil, nil)
	orderPath := fmt.Sprintf("/delegationsordning/ITN/%v", order["number"])
	pages := []struct{ who, path string }{
		{"handlaggare", "/"},
		{"handlaggare", "/arenden"},
		{"handlaggare", "/arenden?mina=nej"},
		{"handlaggare", "/arenden/" + caseID},
		{"handlaggare", "/frister"},
		{"handlaggare", "/delegationsordning"},
		{"handlaggare", "/franvaro"},
		{"handlaggare", "/utlamnande"},
		{"sekreterare", "/"},
		{"sekreterare", "/sammantraden"},
		{"sekreterare", "/sammantraden/" + meetingID},
		{"ordforande", "/"},
		{"ordforande", "/signera"},
		{"ordforande", "/anmalningar"},
		{"ordforande", "/beslut/" + decision},
		{"revisor", "/revision"},
		{"revisor", "/revision?q=avtal"},
		{"admin", "/admin"},
		{"admin", "/admin/personer"},
		{"admin", "/admin/personer/handlaggare"},
		{"admin", "/admin/namnder"},
		{"admin", "/admin/namnder/ITN"},
		{"admin", "/admin/logg"},
		{"admin", "/admin/referens"},
		{"revisor", "/revision/innehavare?namnd=ITN&datum=2026-03-02&fraga=roll&varde=ordforande"},
		{"sekreterare", "/anmalningar"},
		{"sekreterare", "/fordelning"},
		{"arkivarie", "/arkiv"},
		{"handlaggare", "/diarium"},
		{"handlaggare", "/anslagstavla"},
		{"", "/login"},
		{"", "/anslagstavla/kontrollpunkter.json"},
		{"", "/anslagstavla/protokoll/" + meetingID},
		{"", "/diarium/begaran"},
		{"handlaggare", "/konto/losenord"},
		{"handlaggare", "/arenden/nytt"},
		{"handlaggare", "/arenden/" + letter["id"].(string) + "/tjansteskrivelse"}, // still being written
		{"handlaggare", "/arenden/" + caseID + "/tjansteskrivelse.pdf"},
		{"handlaggare", "/arenden/" + caseID + "/versioner"},
		{"handlaggare", "/arenden/" + letter["id"].(string) + "/handlingar/1"},
		{"handlaggare", orderPath},
		{"handlaggare", orderPath + "/export/delegationsordning.csv"},
		{"handlaggare", "/utlamnande/" + req},
		{"handlaggare", "/utlamnande/" + req + "/maskering/1"},
		{"handlaggare", "/utlamnande/" + req + "/sida/1/1"},
		{"revisor", "/revision/utlamnande"},
		{"revisor", "/revision/rapport/unreported"},
		{"revisor", "/revision/rapport/noncompliant"},
		{"revisor", "/revision/rapport/jav"},
		{"revisor", "/revision/rapport/budget"},
		{"ordforande", "/beslut/" + decision + "/pdf"},
		{"ordforande", "/beslut/" + decision + "/export"},
		{"sekreterare", "/fordelning/avtal"},
		{"sekreterare", "/sammantraden/" + meetingID + "/kallelse.pdf"},
		{"sekreterare", "/sammantraden/" + meetingID + "/protokoll.pdf"},
		{"sekreterare", "/sammantraden/" + meetingID + "/utdrag/1"},
		{"admin", "/admin/import"},
		// Not here: /revision/kontroll and /revision/export/:format (by
		// nature every decision: the whole chain checked, the whole
		// register exported); the e-arkiv's downloads /arkiv/paket and
		// /arenden/:id/arkivpaket (packages of arkiverade ärenden, built
		// as the API's /boards/:board/archive-packages, which its guard
		// measures); an avslagsbeslut (/utlamnande/:id/avslagsbeslut/:no),
		// the request's one document read as above; the login with
		// OIDC (/auth/oidc/…), a round trip to the provider.
	}
	var rs apptest.ReadScale
	measure := func(large bool) {
		for _, p := range pages {
			rs.Measure(cb, p.who+" GET "+p.path, large, func() {
				if status, body, _ := browsers[p.who].get(p.path); status != http.StatusOK {
					t.Errorf("%s GET %s: %d\n%.300s", p.who, p.path, status, body)
				}
			})
		}
	}
	measure(false)
	g := apptest.Growth{Boards: 5, Seats: 10, Users: 1000, Meetings: 100, Cases: 300, Decisions: 60, DisclosureRequests: 60, Absences: 60}
	env.Grow(t, g)
	measure(true)
	// A few more reads, and one per board added: a page may list the
	// boards (the menu, a chooser: tens in a municipality).
	rs.Check(t, 5+g.Boards, map[string]string{
		"admin GET /admin/personer":         "a page of the people: 50 (paged; the demo has fewer than a page)",
		"admin GET /admin/namnder/ITN":      "every seat of the roster with its holder's name (the growth adds 10 seats on ITN)",
		"handlaggare GET /arenden?mina=nej": "a page of the ärenden: 25 (paged)",
		"sekreterare GET /sammantraden": "a page of the board's meetings, newest first: 25 (paged), " +
			"and the justerare to choose among the board's seats",
		"arkivarie GET /arkiv": "a page of 25 arkiverade ärenden, and the gallring form chooses the decision among the justerade protocols of a page of 50 meetings (paged)",
		"handlaggare GET /anslagstavla": "the public anslagstavla lists every notice posted today (bounded by the appeal " +
			"period) and a page of those taken down: 20 (paged)",
		"handlaggare GET /diarium": "a page of the public diarium: 20 entries (paged), each naming its nämnd (a read per row)",
		"handlaggare GET /franvaro": "reads what it shows: every absence recorded on the board (from its index), with the names " +
			"of the people it names, each read once",
		"revisor GET /revision":         "a page of the decisions, newest first: 50 (paged), not the register",
		"revisor GET /revision?q=avtal": "a page of the matching decisions, newest first: 50 (paged), not the register",
		"sekreterare GET /": "reads what it shows: Att göra lists every decision pending anmälan and every open request for " +
			"allmän handling on the sekreterare's boards (each from its index), and the board menu",
		"revisor GET /revision/rapport/budget": "reads what it shows: each decision with a budget impact on the year on the " +
			"board (the store returns only that year's: budget_years_key, migration 23; " +
			"TestBudgetReportPageReadsOnlyTheYearsDecisions) and the year's allocation snapshots, one per decision folded in " +
			"(a record and a snapshot a row)",
		"sekreterare GET /fordelning": "reads what it answers: the year's allocation and its history, a snapshot a row " +
			"(one per decision with a budget impact folded in); its catch-up reads only the board's pending decisions",
	})
}
