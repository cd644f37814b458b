package web_test

import (
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var (
	budgetReportRow = regexp.MustCompile(`(?s)<tr data-decision="([^"]+)">(.*?)</tr>`)
	lastCell        = regexp.MustCompile(`(?s)<td>([^<]*)</td>$`)
)

// TestBudgetReportPageReadsOnlyTheYearsDecisions: /revision/rapport/budget
// lists exactly the decisions whose budget impact affects the year asked
// for (ar; one with impacts on two years under both), each with the
// allocation snapshot it caused in that year, and reads only them: twelve
// more decisions with a budget impact on 2025, folded into that year's
// allocation, add nothing to what the page of 2026 reads (the store
// returns the year's records, audit.Filter.BudgetYear). A year that is
// not one lists none, as before. Through the real server on the real
// SQLite store, counting the documents it returns.
func TestBudgetReportPageReadsOnlyTheYearsDecisions(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	h, chair := env.Token("handlaggare"), env.Token("ordforande")
	decide := func(years ...int) string {
		t.Helper()
		var lines []map[string]any
		for _, y := range years {
			lines = append(lines, map[string]any{"type": "avtal", "year": y, "category": "Avtal om drift", "amount_ore": 5000000,
				"kind": "shared", "within_frame": true})
		}
		id := apiCall(t, env, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Avtal med MBAB om drift"}, nil)["id"].(string)
		apiCall(t, env, h, http.MethodPut, "/api/v1/cases/"+id+"/memo", map[string]any{
			"title": "Avtal med MBAB", "author_name": "Olof Nilsson", "author_title": "IT-strateg", "recipient_board": "IT-nämnden",
			"proposal_intro": "IT-nämnden beslutar", "clauses": []string{"att teckna avtal om drift med MBAB"}, "description": "Avtalet löper ut.",
			"basis": []map[string]any{{"text": "Avtalsutkast"}}, "assessment": "Bör tecknas.", "consequences": "Ryms i ramen.",
			"send_to": []string{"IT-chefen"}, "budget_impact": lines}, 0)
		v := apiCall(t, env, h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
		v = apiCall(t, env, h, http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, v)["version"]
		v = apiCall(t, env, h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)["version"]
		return apiCall(t, env, chair, http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v)["id"].(string)
	}
	only2026, both, only2025 := decide(2026), decide(2025, 2026), decide(2025)
	b, _ := loggedIn(t, env, "revisor")
	page := func(year string) map[string]string {
		t.Helper()
		status, body, _ := b.get("/revision/rapport/budget?ar=" + year)
		if status != http.StatusOK {
			t.Fatalf("report %s: %d", year, status)
		}
		out := map[string]string{}
		for _, m := range budgetReportRow.FindAllStringSubmatch(body, -1) {
			if c := lastCell.FindStringSubmatch(m[2]); c != nil {
				out[m[1]] = html.UnescapeString(c[1])
			}
		}
		return out
	}
	for year, want := range map[string][]string{"2026": {only2026, both}, "2025": {both, only2025}, "2027": {}, "tjugo": {}, "1999": {}} {
		got := page(year)
		var ids []string
		for id, snap := range got {
			ids = append(ids, id)
			if !strings.HasPrefix(snap, "ITN/"+year+"/") {
				t.Errorf("report %s: %s has snapshot %q, want one of ITN's %s", year, id, snap, year)
			}
		}
		slices.Sort(ids)
		if slices.Sort(want); !slices.Equal(ids, want) {
			t.Errorf("report %s lists %v, want %v", year, ids, want)
		}
	}
	before := cb.Reads(func() { page("2026") })
	for range 12 {
		decide(2025)
	}
	// The recalculation worker has run, as in a running organisation.
	if _, err := env.App.Costs.ProcessPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	after := cb.Reads(func() { page("2026") })
	t.Logf("the report of 2026 reads %s (%d), with 12 more decisions on 2025 %s (%d)", before, before.Total(), after, after.Total())
	if after["decisions"] != before["decisions"] || after.Total() > before.Total() {
		t.Errorf("with 12 more decisions on 2025 the report of 2026 reads %s, it read %s", after, before)
	}
}
