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
