package repo_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestAuditBudgetYearFilter: a search with Filter.BudgetYear returns
// exactly the records whose budget impact affects that year (a record with
// impacts on two years in both years' searches, none of another year's,
// 2026 never inside 12026 or 2026x), together with the other filters;
// a record whose years change is found under its new years at once, and
// records stored before migration 23 are found after it. On SQLite and on
// the Mongo backend.
func TestAuditBudgetYearFilter(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:22]); err != nil {
				t.Fatal(err)
			}
			st := repo.NewAudit(b)
			recs := []struct {
				id, board string
				years     []int
			}{
				{"d1", "ITN", []int{2026}},
				{"d2", "ITN", []int{2025, 2026}},
				{"d3", "ITN", []int{2025}},
				{"d4", "KFN", []int{2026, 2027}},
				{"d5", "ITN", []int{2027}},
				{"d6", "ITN", nil},
				{"d7", "ITN", []int{2020, 2062}},
				{"d8", "KFN", []int{12026}}, // no real year: checks that a year matches whole
			}
			for i, r := range recs {
				rec := audit.Record{ID: r.id, Board: r.board, Title: "Avtal", BudgetImpact: len(r.years) > 0, BudgetYears: r.years,
					DecidedNS: int64(1_000 + i), AmountOre: int64(i)}
				if _, err := st.PutRecord(ctx, rec); err != nil {
					t.Fatal(err)
				}
			}
			search := func(f audit.Filter) string {
				t.Helper()
				got, err := st.Search(ctx, f, nil, 100)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, r := range got {
					ids = append(ids, r.ID)
				}
				slices.Sort(ids)
				return fmt.Sprint(ids)
			}
			// Two records as an older Samstyr stored them: no budget_years_key.
			for _, id := range []string{"d2", "d4"} {
				rec, err := b.Get(ctx, repo.CollDecisions, id)
				if err != nil {
					t.Fatal(err)
				}
				var doc map[string]json.RawMessage
				if err := json.Unmarshal(rec.Data, &doc); err != nil || doc["budget_years_key"] == nil {
					t.Fatalf("%s was written without budget_years_key: %s", id, rec.Data)
				}
				delete(doc, "budget_years_key")
				body, _ := json.Marshal(doc)
				if _, err := b.Update(ctx, repo.CollDecisions, id, rec.Version, body); err != nil {
					t.Fatal(err)
				}
			}
			if got := search(audit.Filter{BudgetYear: 2026}); got != "[d1]" {
				t.Fatalf("before migration 23 only d1 is found in 2026: %s", got)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			yes := true
			for _, c := range []struct {
				f    audit.Filter
				want string
			}{
				{audit.Filter{BudgetYear: 2026}, "[d1 d2 d4]"},
				{audit.Filter{BudgetYear: 2025}, "[d2 d3]"},
				{audit.Filter{BudgetYear: 2027}, "[d4 d5]"},
				{audit.Filter{BudgetYear: 2062}, "[d7]"},
				{audit.Filter{BudgetYear: 2024}, "[]"},
				{audit.Filter{BudgetYear: 202}, "[]"},
				{audit.Filter{BudgetYear: 2026, Board: "ITN"}, "[d1 d2]"},
				{audit.Filter{BudgetYear: 2026, Boards: []string{"KFN"}}, "[d4]"},
				{audit.Filter{BudgetYear: 2026, BudgetImpact: &yes, SortBy: "amount"}, "[d1 d2 d4]"},
				{audit.Filter{}, "[d1 d2 d3 d4 d5 d6 d7 d8]"},
			} {
				if got := search(c.f); got != c.want {
					t.Errorf("%+v: %s, want %s", c.f, got, c.want)
				}
			}
			// Migrating again changes nothing (idempotent), and a record's
			// new years are searchable at once.
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			d3, err := st.GetRecord(ctx, "d3")
			if err != nil {
				t.Fatal(err)
			}
			d3.BudgetYears = []int{2026}
			if _, err := st.PutRecord(ctx, d3); err != nil {
				t.Fatal(err)
			}
			if got := search(audit.Filter{BudgetYear: 2026}); got != "[d1 d2 d3 d4]" {
				t.Errorf("after d3 moved to 2026: %s", got)
			}
			if got := search(audit.Filter{BudgetYear: 2025}); got != "[d2]" {
				t.Errorf("after d3 left 2025: %s", got)
			}
		})
	}
}
