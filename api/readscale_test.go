package api_test

import (
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// apiGrowth is the organisation the read-scale tests grow the demo into:
// 1,000 more people (a third on the demo board), five more boards with
// their delegationsordningar and ten seats each (and ten more on the demo
// board), 100 more meetings and 300 more ärenden, a third of both on the
// demo board, none of them a demo user's.
var apiGrowth = apptest.Growth{Boards: 5, Seats: 10, Users: 1000, Meetings: 100, Cases: 300}

// readSlack is how many more documents a request may read in the grown
// organisation than in the small one without reading "the organisation":
// a few, plus one per board added, since a page may list the boards (a
// menu, a chooser: tens in a municipality, not thousands).
const readSlack = 5

// allowedGrowth are the API routes whose reads grow with the organisation
// by what they answer, each with why; the known debts say so.
var allowedGrowth = map[string]string{
	"admin GET /users":                     "the list of every person (not paged)",
	"handlaggare GET /cases?board=ITN":     "a page of the board's ärenden: 25 (paged), not the board's",
	"sekreterare GET /boards/ITN/meetings": "a page of the board's meetings, newest first: 50 (paged), not the board's",
	"handlaggare GET /public/notices":      "a page of the announced protocols, newest first: 50 (paged), not every one",
	"handlaggare GET /public/diarium":      "a page of the public diarium (paged), not the registry",
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
	for _, u := range []string{"handlaggare", "sekreterare", "ordforande", "revisor", "admin", "it-chef"} {
		tokens[u] = env.Token(u)
	}
	const v1 = "/api/v1"
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
	}
	var rs apptest.ReadScale
	measure := func(large bool) {
		for _, r := range routes {
			rs.Measure(cb, r.who+" GET "+r.path, large, func() {
				res := env.Do(apptest.Request{Method: http.MethodGet, Path: v1 + r.path, Token: tokens[r.who]})
				if res.Status != http.StatusOK {
					t.Fatalf("%s GET %s: %d %s", r.who, r.path, res.Status, res.Body)
				}
			})
		}
	}
	measure(false)
	env.Grow(t, apiGrowth)
	measure(true)
	rs.Check(t, readSlack+apiGrowth.Boards, allowedGrowth)
}
