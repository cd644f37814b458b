package repo_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// TestAuditSearchesUseAnIndex checks with EXPLAIN QUERY PLAN on the
// embedded store that every typical auditor search is served by an index
// of the schema: no step scans the decisions without an index, none sorts
// the whole result (a temp B-tree for the first sort key), and a search
// whose equality filters and order an index holds reads that index (the
// store names it, sqlitestore/orderindex.go; SQLite, which has no
// statistics here, preferred the board's date or amount range and sorted
// thousands of rows at 1,000,000 decisions).
func TestAuditSearchesUseAnIndex(t *testing.T) {
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
	searches := map[string]string{
		"every board, newest first":           "",
		"one board, newest first":             "board=ITN",
		"board, point and year":               "board=ITN&point_code=A16&from=2025-01-01&to=2025-12-31",
		"unreported delegated, one board":     "board=ITN&reported=false",
		"board, decider and amounts":          "board=ITN&decider=ordforande&amount_min=100000&amount_max=50000000",
		"largest amount first, every board":   "sort=amount",
		"largest amount first, one board":     "board=ITN&sort=amount",
		"unsigned, one board":                 "board=ITN&signed=false",
		"not compliant, one board, oldest":    "board=ITN&compliant=false&order=asc",
		"every board, oldest first":           "order=asc",
		"reader limited to two boards":        "",
		"reader limited to two boards, point": "point_code=B3",
		"reader limited, budget of a year":    "",
	}
	// The index each search must read, where one holds its filters.
	reads := map[string]string{
		"one board, newest first":             "ix_decisions_board_decided",
		"board, point and year":               "ix_decisions_board_point_decided",
		"unreported delegated, one board":     "ix_decisions_board_reported_decided",
		"board, decider and amounts":          "ix_decisions_board_decider_decided",
		"largest amount first, one board":     "ix_decisions_board_amount",
		"unsigned, one board":                 "ix_decisions_board_signed_decided",
		"not compliant, one board, oldest":    "ix_decisions_board_compliant_decided",
		"reader limited to two boards":        "ix_decisions_board_decided",
		"reader limited to two boards, point": "ix_decisions_board_point_decided",
		"reader limited, budget of a year":    "ix_decisions_board_decided",
	}
	for name, qs := range searches {
		v, err := url.ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		f, err := audit.ParseFilter(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.HasPrefix(name, "reader limited") {
			f.Boards = []string{"ITN", "KFN"}
		}
		if strings.HasSuffix(name, "budget of a year") {
			yes := true
			f.BudgetImpact, f.BudgetYear = &yes, 2026
		}
		for _, after := range []*audit.Cursor{nil, {Key: int64(1_700_000_000_000_000_000), ID: "x"}} {
			plan, err := b.Plan(t.Context(), repo.CollDecisions, repo.AuditQuery(f, after, 51))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if ix := reads[name]; ix != "" && !strings.Contains(strings.Join(plan, "\n"), "USING INDEX "+ix+" ") {
				t.Errorf("%s (cursor %t): plan %q does not read %s", name, after != nil, plan, ix)
			}
			for i, step := range plan {
				if strings.HasPrefix(step, "SCAN c_decisions") && !strings.Contains(step, "USING") {
					t.Errorf("%s (cursor %t): full scan %q in plan %q", name, after != nil, step, plan)
				}
				if step != "USE TEMP B-TREE FOR ORDER BY" || i == 0 {
					continue
				}
				switch prev := plan[i-1]; {
				case strings.HasPrefix(prev, "SCAN (subquery"):
					// One arm of a merge: at most a page of rows is sorted.
				case strings.HasSuffix(prev, "<expr>>? AND <expr><?)"):
					// A range bounded on both sides (an amount between
					// two values): SQLite sorts only the rows in it.
				default:
					t.Errorf("%s (cursor %t): the whole result is sorted after %q (plan %q)", name, after != nil, prev, plan)
				}
			}
		}
	}
}
