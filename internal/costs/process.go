package costs

import (
	"context"
	"errors"
	"slices"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/costs/budget"
	"github.com/samstyr/samstyr/internal/fault"
)

// ProcessPending folds every pending decision into its year's allocation
// and clears the tasks, and splits again every year whose latest snapshot
// predates a recorded user count (rekeyStale). It is safe to run at any
// time, from several instances, and again after a crash: each decision
// and each recorded count lands exactly once.
func (s *Service) ProcessPending(ctx context.Context) (int, error) {
	var errs []error
	if err := s.rekeyStale(ctx); err != nil {
		errs = append(errs, err)
	}
	done, err := s.foldPending(ctx, "")
	return done, errors.Join(append(errs, err)...)
}

// ProcessPendingOn folds the board's pending decisions into its
// allocations: what a reader of the board's allocation waits for (a
// decision leaves its recalculation to the worker), without the rest of
// the organisation's. Repairing a user count's snapshot that a crash left
// undone (rekeyStale) stays the worker's: a recording makes its snapshot
// at once.
func (s *Service) ProcessPendingOn(ctx context.Context, boardCode string) (int, error) {
	if boardCode == "" {
		return 0, nil
	}
	return s.foldPending(ctx, boardCode)
}

// foldPending processes the recalculation tasks of boardCode's cases, or
// of every board's when it is "".
func (s *Service) foldPending(ctx context.Context, boardCode string) (int, error) {
	cs, err := s.cases.ListRecalcPending(ctx, boardCode)
	if err != nil {
		return 0, err
	}
	done := 0
	var errs []error
	for _, c := range cs {
		for _, task := range c.Recalc {
			if err := s.processTask(ctx, c, task); err != nil {
				errs = append(errs, err)
				continue
			}
			done++
		}
	}
	return done, errors.Join(errs...)
}

// processTask folds one decision's budget impact on a year into the
// board's allocation and clears the task. Only a gemensam nämnd divides
// its costs between member municipalities: the task of any other board
// is cleared with nothing to fold in (left pending, it would be retried
// forever and crowd the joint boards' tasks out of the worker's batch).
func (s *Service) processTask(ctx context.Context, c cases.Case, task cases.RecalcTask) error {
	_, no, err := cases.ParseDecisionID(task.DecisionID)
	if err != nil {
		return err
	}
	d, ok := c.Decision(no)
	if !ok {
		return errors.New("costs: task names a missing decision " + task.DecisionID)
	}
	b, err := s.boards.GetBoard(ctx, c.Board)
	if err != nil {
		return err
	}
	if b.Kind == board.KindJointBoard {
		t := Trigger{Kind: TriggerDecision, Ref: d.ID, CaseID: c.ID, RegistrationNumber: c.RegistrationNumber,
			Lines: ImpactLines(c, d, task.Year), At: d.DecidedAt}
		if _, err := s.Apply(ctx, c.Board, task.Year, t); err != nil {
			return err
		}
	}
	for attempt := 0; attempt < 10; attempt++ {
		cur, err := s.cases.Get(ctx, c.ID)
		if err != nil {
			return err
		}
		kept := slices.DeleteFunc(slices.Clone(cur.Recalc), func(x cases.RecalcTask) bool { return x == task })
		if len(kept) == len(cur.Recalc) {
			return nil // another worker cleared it
		}
		cur.Recalc, cur.RecalcPending = kept, len(kept) > 0
		_, err = s.cases.Update(ctx, cur)
		if !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
	}
	return fault.ErrVersionConflict
}

// ImpactLines turns a decision's budget impact on year into budget lines.
func ImpactLines(c cases.Case, d cases.Decision, year int) []budget.Line {
	var out []budget.Line
	for _, im := range d.BudgetImpact {
		if im.Year != year {
			continue
		}
		cat := im.Category
		if cat == "" {
			cat = "Beslut " + c.RegistrationNumber
		}
		out = append(out, budget.Line{Year: year, Type: budget.TypeBudget, Category: cat, Kind: budget.Kind(im.Kind),
			Member: im.Member, AmountOre: im.AmountOre, Note: "Beslut " + d.ID + " (" + string(im.Type) + ")"})
	}
	return out
}
