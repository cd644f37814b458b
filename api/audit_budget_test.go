package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestBudgetReportReadsOnlyTheYearsDecisions: the auditors' budget report
// of a year lists exactly the decisions whose budget impact affects that
// year (one with impacts on two years in both years' reports), each with
// the allocation snapshot it caused in that year, and reads only them:
// twelve more decisions with a budget impact on 2025, folded into that
// year's allocation, add nothing to what the report of 2026 reads (the
// store returns the year's records, audit.Filter.BudgetYear). Bad years are the 400s they were. Through the real
// server on the real SQLite store, counting the documents it returns.
func TestBudgetReportReadsOnlyTheYearsDecisions(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	chair, rev := env.Token("ordforande"), env.Token("revisor")
	line := func(year int) map[string]any {
		return map[string]any{"type": "avtal", "year": year, "category": "Avtal om drift", "amount_ore": 5000000, "kind": "shared", "within_frame": true}
	}
	decide := func(lines ...map[string]any) string {
		t.Helper()
		id, v := readyImpactCase(t, env, impactMemo(true, lines...))
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
			Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
		if r.Status != http.StatusCreated {
			t.Fatalf("decision: %d %s", r.Status, r.Body)
		}
		return r.JSON(t)["id"].(string)
	}
	only2026 := decide(line(2026))
	both := decide(line(2025), line(2026))
	only2025 := decide(line(2025))
	report := func(year string) map[string]string {
		t.Helper()
		m := env.Call(t, rev, http.MethodGet, "/api/v1/audit/reports/budget?year="+year, nil, nil)
		if m["report"] != "budget" || fmt.Sprint(m["year"]) != year {
			t.Errorf("report %s: %v", year, m)
		}
		out := map[string]string{}
		for _, it := range m["items"].([]any) {
			row := it.(map[string]any)
			snap, _ := row["snapshot"].(string)
			out[row["id"].(string)] = snap
			if row["age_days"] == nil || row["budget_impact"] != true {
				t.Errorf("report %s: row %v", year, row)
			}
		}
		return out
	}
	for year, want := range map[string][]string{"2026": {only2026, both}, "2025": {both, only2025}, "2027": {}, "2024": {}} {
		got := report(year)
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range got {
				if !yield(id) {
					return
				}
			}
		})
		if slices.Sort(want); !slices.Equal(ids, want) {
			t.Errorf("report %s lists %v, want %v", year, ids, want)
		}
		if year == "2026" || year == "2025" {
			for id, snap := range got {
				if !strings.HasPrefix(snap, "ITN/"+year+"/") {
					t.Errorf("report %s: %s has snapshot %q, want one of ITN's %s", year, id, snap, year)
				}
			}
		}
	}
	var before apptest.Reads
	before = cb.Reads(func() { report("2026") })
	for range 12 {
		decide(line(2025))
	}
	// The recalculation worker has run, as in a running organisation.
	if _, err := env.App.Costs.ProcessPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	after := cb.Reads(func() { report("2026") })
	t.Logf("report of 2026 reads %s (%d), with 12 more decisions on 2025 %s (%d)", before, before.Total(), after, after.Total())
	if after["decisions"] != before["decisions"] || after.Total() > before.Total() {
		t.Errorf("with 12 more decisions on 2025 the report of 2026 reads %s, it read %s", after, before)
	}
	run(t, env, []scenario{
		{name: "no year", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/budget", Token: rev}, status: 400, code: "invalid_filter"},
		{name: "year not a number", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/budget?year=tjugo", Token: rev}, status: 400, code: "invalid_filter"},
		{name: "year before 2000", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/budget?year=1999", Token: rev}, status: 400, code: "invalid_filter"},
		{name: "year after 2100", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/budget?year=2101", Token: rev}, status: 400, code: "invalid_filter"},
		{name: "year and an unknown filter", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/budget?year=2026&colour=red", Token: rev}, status: 400, code: "unknown_filter"},
	})
}
