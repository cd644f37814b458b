package audit

import (
	"context"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// BudgetRow is a decision in the budget report of a year (beslut med
// budgetpåverkan): its record, its age in days and the allocation
// snapshot (fördelning) it caused in that year, "" when none.
type BudgetRow struct {
	Record
	AgeDays  int    `json:"age_days"`
	Snapshot string `json:"snapshot,omitempty"`
}

// SnapshotsFunc returns the allocation snapshots of a board's year as u
// may read them, by what caused each: the trigger's reference (a
// decision's id) to the snapshot's id.
type SnapshotsFunc func(ctx context.Context, u identity.User, board string, year int) (map[string]string, error)

// WithSnapshots gives the budget report the allocation snapshots of a
// board's year (the cost-allocation use case), and returns s.
func (s *Service) WithSnapshots(f SnapshotsFunc) *Service {
	s.snapshots = f
	return s
}

// BudgetReport is the auditors' report of the decisions whose budget
// impact affects year, within f and the boards u may read
// (ReadableBoards), in f's order, each with the allocation snapshot it
// caused in that year's allocation. The store returns only that year's
// decisions (Filter.BudgetYear), and the snapshots are read once per
// board listed. A year no budget impact can have (outside 2000–2100)
// lists none.
func (s *Service) BudgetReport(ctx context.Context, u identity.User, f Filter, year int) ([]BudgetRow, error) {
	today := platform.DateOf(s.clock.Now())
	f.Boards = ReadableBoards(u, today)
	out := []BudgetRow{}
	if (f.Boards != nil && len(f.Boards) == 0) || year < 2000 || year > 2100 {
		return out, nil
	}
	yes := true
	f.BudgetImpact, f.BudgetYear = &yes, year
	var boards []string
	err := s.Each(ctx, f, func(r Record) error {
		if !contains(boards, r.Board) {
			boards = append(boards, r.Board)
		}
		out = append(out, BudgetRow{Record: r, AgeDays: r.AgeDays(today)})
		return nil
	})
	if err != nil || s.snapshots == nil {
		return out, err
	}
	caused := map[string]string{}
	for _, b := range boards {
		refs, err := s.snapshots(ctx, u, b, year)
		if err != nil {
			return nil, err
		}
		for ref, id := range refs {
			caused[ref] = id
		}
	}
	for i := range out {
		out[i].Snapshot = caused[out[i].ID]
	}
	return out, nil
}
