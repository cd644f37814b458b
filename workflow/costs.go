package workflow

import (
	"context"
	"io"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/identity"
)

// WithCosts gives the engine the cost-allocation service, whose changes
// (user counts, agreements, budget imports) it authorizes.
func (e *Engine) WithCosts(c *costs.Service) *Engine {
	e.core.costs = c
	return e
}

// RecordUserCount records a member municipality's user count on a key
// date, as one who manages the board's budget (manage_budget).
func (e *Costs) RecordUserCount(ctx context.Context, u identity.User, boardCode, member string, uc board.UserCount) (board.Member, error) {
	if err := e.authorizeOn(ctx, u, boardCode, "manage_budget"); err != nil {
		return board.Member{}, err
	}
	return e.costs.RecordUserCount(ctx, u.Username, boardCode, member, uc)
}

// AddAgreement stores a new version of the board's samverkansavtal.
func (e *Costs) AddAgreement(ctx context.Context, u identity.User, a agreement.Agreement) (agreement.Agreement, error) {
	if err := e.authorizeOn(ctx, u, a.Board, "manage_budget"); err != nil {
		return agreement.Agreement{}, err
	}
	return e.costs.AddAgreement(ctx, u.Username, a)
}

// ImportBudget reads a budget CSV into the board's year and recomputes
// the allocation.
func (e *Costs) ImportBudget(ctx context.Context, u identity.User, boardCode string, year int, r io.Reader) (costs.BudgetYear, costs.Snapshot, error) {
	if err := e.authorizeOn(ctx, u, boardCode, "manage_budget"); err != nil {
		return costs.BudgetYear{}, costs.Snapshot{}, err
	}
	return e.costs.ImportBudget(ctx, u.Username, boardCode, year, r)
}

// Members lists the board's member municipalities, for anyone with a role
// on the board.
func (e *Costs) Members(ctx context.Context, u identity.User, boardCode string) ([]board.Member, error) {
	b, err := e.readOn(ctx, u, boardCode)
	if err != nil {
		return nil, err
	}
	return b.Members, nil
}

// Agreements lists the versions of the board's samverkansavtal.
func (e *Costs) Agreements(ctx context.Context, u identity.User, boardCode string) ([]agreement.Agreement, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return nil, err
	}
	return e.costs.Agreements(ctx, boardCode)
}

// BudgetYear is the board's budget, forecast and outcome lines of year.
func (e *Costs) BudgetYear(ctx context.Context, u identity.User, boardCode string, year int) (costs.BudgetYear, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return costs.BudgetYear{}, err
	}
	return e.costs.Year(ctx, boardCode, year)
}

// Allocation is the board's current allocation snapshot of year, with
// the board's pending recalculations folded in first (catchUp).
func (e *Costs) Allocation(ctx context.Context, u identity.User, boardCode string, year int) (costs.Snapshot, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return costs.Snapshot{}, err
	}
	e.catchUp(ctx, boardCode)
	return e.costs.Current(ctx, boardCode, year)
}

// Snapshots is every allocation snapshot of the board's year, oldest
// first, with the board's pending recalculations folded in first.
func (e *Costs) Snapshots(ctx context.Context, u identity.User, boardCode string, year int) ([]costs.Snapshot, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return nil, err
	}
	e.catchUp(ctx, boardCode)
	return e.costs.History(ctx, boardCode, year)
}

// SnapshotsByTrigger is Snapshots by what caused each: the trigger's
// reference (a decision's id) to the snapshot's id, for the auditors'
// budget report (audit.SnapshotsFunc).
func (e *Costs) SnapshotsByTrigger(ctx context.Context, u identity.User, boardCode string, year int) (map[string]string, error) {
	hist, err := e.Snapshots(ctx, u, boardCode, year)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(hist))
	for _, sn := range hist {
		out[sn.Trigger.Ref] = sn.ID
	}
	return out, nil
}

// catchUp folds the board's pending decisions into its allocations, so
// a reader sees a decision's recalculation even before the background
// worker has run (a recorded user count makes its snapshot at once). It is best effort: what fails here
// stays pending, and the worker, which retries and logs it, folds it in
// later; the reader is then shown the latest snapshot.
func (e *Costs) catchUp(ctx context.Context, boardCode string) {
	_, _ = e.costs.ProcessPendingOn(ctx, boardCode)
}
