package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// apiGrowth is the organisation the read-scale tests grow the demo into:
// 1,000 more people (a third on the demo board), five more boards with
// their delegationsordningar and ten seats each (and ten more on the demo
// board), 100 more meetings and 300 more ärenden, 60 delegationsbeslut,
// 60 requests for allmän handling and 60 absences, a third of each on the
// demo board, none of them a demo user's (Growth says which decisions are
// signed, reported, with a budget impact or a jäv, and which requests are
// still open).
var apiGrowth = apptest.Growth{Boards: 5, Seats: 10, Users: 1000, Meetings: 100, Cases: 300,
	Decisions: 60, DisclosureRequests: 60, Absences: 60}

// readSlack is how many more documents a request may read in the grown
// organisation than in the small one without reading "the organisation":
// a few, plus one per board added, since a page may list the boards (a
// menu, a chooser: tens in a municipality, not thousands).
const readSlack = 5

// allowedGrowth are the API routes whose reads grow with the organisation
// by what they answer, each with why; the known debts say so.
var allowedGrowth = map[string]string{
	"admin GET /users":                               "without page, per_page or q the list of every person, as before (paged with them: TestUsersListPages)",
	"handlaggare GET /cases?board=ITN":               "a page of the board's ärenden: 25 (paged), not the board's",
	"sekreterare GET /boards/ITN/meetings":           "a page of the board's meetings, newest first: 50 (paged), not the board's",
	"handlaggare GET /public/notices":                "a page of the announced protocols, newest first: 50 (paged), not every one",
	"handlaggare GET /public/diarium":                "a page of the public diarium (paged), not the registry",
	"handlaggare GET /public/oparl/body/ITN/person":  "a page of the board's elected members: 100 (paged), not every one",
	"handlaggare GET /public/oparl/body/ITN/meeting": "a page of the board's justerade meetings: 100 (paged), with the people on their seats",
	"handlaggare GET /public/oparl/body/ITN/paper":   "a page of the board's public ärenden: 100 (paged), not every one",
	"handlaggare GET /public/oparl/organization/ITN": "the nämnd's Organization lists a membership of each of its elected members " +
		"(a few tens in a nämnd; the growth seats a third of 1,000 people on ITN)",
	"admin GET /admin/records": "a page of the administration's log, newest first: 200 records (paged), a chain read per " +
		"record when each is a new person's one record (the growth's 1,000 people are the newest), and the read-ahead of " +
		"its batches",
	"handlaggare GET /boards/ITN/absences": "reads what it answers: every absence recorded on the board, from its index " +
		"(not the other boards')",
	"revisor GET /audit/decisions?board=ITN": "a page of the board's decisions, newest first: 50 (paged), not the register",
	"revisor GET /audit/decisions?q=avtal":   "a page of the matching decisions, newest first: 50 (paged), not the register",
	"revisor GET /audit/reports/budget?year=2026": "reads what it answers: each decision with a budget impact on the year on " +
		"the board (the store returns only that year's: budget_years_key, migration 23; TestBudgetReportReadsOnlyTheYearsDecisions) " +
		"and the year's allocation snapshots, one per decision folded in (a record and a snapshot a row)",
	"ordforande GET /boards/ITN/allocations/2026/snapshots": "reads what it answers: every snapshot of the year's allocation, " +
		"one per decision with a budget impact folded in",
}

// TestAPIReadsStayFlat: each GET route a person uses daily reads about as
// many documents when the organisation has grown by 1,000 people, five
// boards, 100 meetings and 300 ärenden as with the demo's eight people and
// one board — it reads what it answers, not the organisation. Through the
// real server on the real SQLite store, counting the documents the store
// returns (apptest.Counting). Routes whose answer is the organisation (the
// list of every person) are allowed to grow, each with the reason.
func TestAPIReadsStayFlat(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	w := newPublicWorld(t, env)
	tokens := map[string]string{}
	for _, u := range []string{"handlaggare", "sekreterare", "ordforande", "revisor", "admin", "it-chef", "arkivarie"} {
		tokens[u] = env.Token(u)
	}
	const v1 = "/api/v1"
	get := func(who, path string) map[string]any {
		t.Helper()
		return env.Call(t, tokens[who], http.MethodGet, v1+path, nil, nil)
	}
	// What the routes below name: the open ärende's diarienummer and
	// memo revisions, the board's delegationsordning in force, a
	// disclosure request for the open ärende's handling, a person on the
	// board.
	open := get("handlaggare", "/cases/"+w.openID)
	number := strings.Fields(open["registration_number"].(string))[1] // 2026/7
	revs := len(get("handlaggare", "/cases/"+w.openID+"/memo/revisions")["items"].([]any))
	order := get("handlaggare", "/boards/ITN/delegation-orders/in-force?date=2026-03-02")
	letter := register(t, env, tokens["handlaggare"], map[string]any{"board": "ITN", "title": "Ansökan om IT-konto"})
	if r := upload(t, env, tokens["handlaggare"], letter["id"].(string), map[string]string{"direction": "inkommande",
		"description": "Ansökan"}, "ansokan.pdf", letterPDF(t)); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	req := registerRequest(t, env, tokens["handlaggare"], map[string]any{"received_at": "2026-03-02T08:00:00+01:00",
		"channel": "epost", "asked": "Ansökan om IT-konto",
		"items": []map[string]any{{"registration_number": letter["registration_number"], "document_no": 1}}})
	chair := get("ordforande", "/me")
	// An arkiverat ärende: a signed delegationsbeslut, closed, archived.
	a := newArch(t, env)
	a.profile()
	archived := a.register("Avtal med MBAB om drift av brandvägg", "2.3", nil)
	a.upload(archived, map[string]string{"direction": "inkommande", "description": "Offert"}, "offert.txt", []byte("Offert\n"))
	a.ready(archived)
	a.decide(archived, true)
	a.fire("handlaggare", archived, "close", nil)
	a.fire("arkivarie", archived, "archive", nil)
	routes := []struct{ who, path string }{
		{"handlaggare", "/me"},
		{"handlaggare", "/me/desk"},
		{"handlaggare", "/me/deadlines"},
		{"handlaggare", "/boards"},
		{"handlaggare", "/boards/ITN"},
		{"handlaggare", "/boards/ITN/members"},
		{"handlaggare", "/cases?board=ITN"},
		{"handlaggare", "/cases?mine=true"},
		{"handlaggare", "/cases/" + w.openID},
		{"handlaggare", "/cases/" + w.openID + "/history"},
		{"handlaggare", "/cases/" + w.openID + "/memo"},
		{"handlaggare", "/cases/" + w.openID + "/memo/revisions"},
		{"handlaggare", "/cases/" + w.openID + "/legal-force"},
		{"handlaggare", "/boards/ITN/delegation-orders"},
		{"handlaggare", "/boards/ITN/delegation-orders/in-force?date=2026-03-02"},
		{"handlaggare", "/boards/ITN/subdelegations"},
		{"handlaggare", "/boards/ITN/absences"},
		{"handlaggare", "/me/disclosure-requests"},
		{"handlaggare", "/boards/ITN/disclosure-requests"},
		{"sekreterare", "/boards/ITN/meetings"},
		{"sekreterare", "/meetings/" + w.meetingID},
		{"ordforande", "/decisions/inbox"},
		{"ordforande", "/boards/ITN/reports/pending"},
		{"ordforande", "/decisions/" + w.decisions},
		{"ordforande", "/decisions/" + w.decisions + "/verification"},
		{"ordforande", "/decisions/" + w.decisions + "/compliance"},
		{"revisor", "/audit/decisions?board=ITN"},
		{"revisor", "/audit/decisions?q=avtal"},
		{"admin", "/organisation"},
		{"admin", "/users"},
		{"admin", "/users/handlaggare"},
		{"admin", "/boards/ITN/seats"},
		{"admin", "/admin/warnings"},
		{"admin", "/audit/holders?board=ITN&date=2026-03-02&role=ordforande"},
		{"admin", "/admin/records"},
		{"sekreterare", "/boards/ITN/agreements"},
		{"handlaggare", "/public/notices"},
		{"handlaggare", "/public/diarium"},
		{"handlaggare", "/boards/ITN/cases/" + number},
		{"handlaggare", fmt.Sprintf("/cases/%s/memo/revisions/%d", w.openID, revs)},
		{"handlaggare", fmt.Sprintf("/cases/%s/memo/diff?from=1&to=%d", w.openID, revs)},
		{"handlaggare", "/cases/" + w.openID + "/memo/pdf"},
		{"handlaggare", "/cases/" + w.openID + "/documents/1/content"},
		{"handlaggare", "/cases/" + w.openID + "/retention"},
		{"handlaggare", fmt.Sprintf("/boards/ITN/delegation-orders/%v", order["number"])},
		{"handlaggare", "/disclosure-requests/" + req["id"].(string)},
		{"handlaggare", "/disclosure-requests/" + req["id"].(string) + "/items/1/pages/1"},
		{"revisor", "/boards/ITN/disclosure-requests/report?from=2026-03-01&to=2026-03-31"},
		{"sekreterare", "/meetings/" + w.meetingID + "/protocol.pdf"},
		{"sekreterare", "/meetings/" + w.meetingID + "/kallelse.pdf"},
		{"sekreterare", "/meetings/" + w.meetingID + "/paragraphs/1/extract.pdf"},
		{"ordforande", "/decisions/" + w.decisions + "/export"},
		{"ordforande", "/decisions/" + w.decisions + "/pdf"},
		{"sekreterare", "/boards/ITN/budget/2025"},
		{"revisor", "/boards/ITN/allocations/2025"},
		{"ordforande", "/boards/ITN/allocations/2026/snapshots"},
		{"revisor", "/audit/reports/unreported"},
		{"revisor", "/audit/reports/noncompliant"},
		{"revisor", "/audit/reports/budget?year=2026"},
		{"revisor", "/audit/reports/jav"},
		{"admin", "/reference/classes"},
		{"admin", "/reference/prisbasbelopp"},
		{"arkivarie", "/boards/ITN/archive-profile"},
		{"arkivarie", "/boards/ITN/retention-plans"},
		{"arkivarie", "/boards/ITN/archive-packages"},
		{"arkivarie", "/cases/" + archived + "/archive-package"},
		{"handlaggare", "/public/checkpoints"},
		{"handlaggare", "/public/oparl/system"},
		{"handlaggare", "/public/oparl/body"},
		{"handlaggare", "/public/oparl/body/ITN"},
		{"handlaggare", "/public/oparl/body/ITN/person"},
		{"handlaggare", "/public/oparl/body/ITN/meeting"},
		{"handlaggare", "/public/oparl/body/ITN/paper"},
		{"handlaggare", "/public/oparl/organization/ITN"},
		{"handlaggare", "/public/oparl/person/" + chair["id"].(string)},
		{"handlaggare", "/public/oparl/paper/" + w.openID},
		{"handlaggare", "/public/oparl/meeting/" + w.meetingID},
		// Not here: /openapi.json (a constant); /audit/verify and
		// /audit/decisions/export (by nature every decision: the whole
		// chain checked, the whole register exported); a refusal
		// (/disclosure-requests/:id/refusals/:no, …/pdf), the request's
		// one document read as above.
	}
	var rs apptest.ReadScale
	measure := func(large bool) {
		for _, r := range routes {
			rs.Measure(cb, r.who+" GET "+r.path, large, func() {
				res := env.Do(apptest.Request{Method: http.MethodGet, Path: v1 + r.path, Token: tokens[r.who]})
				if res.Status != http.StatusOK {
					t.Errorf("%s GET %s: %d %.300s", r.who, r.path, res.Status, res.Body)
				}
			})
		}
	}
	measure(false)
	env.Grow(t, apiGrowth)
	measure(true)
	rs.Check(t, readSlack+apiGrowth.Boards, allowedGrowth)
}
