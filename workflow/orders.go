package workflow

import (
	"context"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// authorizeOn checks that the board exists (its fault otherwise) and that
// u may perform action on it (authorize).
func (e *core) authorizeOn(ctx context.Context, u identity.User, board, action string) error {
	if _, err := e.boards.GetBoard(ctx, board); err != nil {
		return err
	}
	return e.authorize(u, board, action)
}

// readOn checks that the board exists (its fault otherwise) and that u
// may read it (any role on it today), and returns the board.
func (e *core) readOn(ctx context.Context, u identity.User, boardCode string) (board.Board, error) {
	b, err := e.boards.GetBoard(ctx, boardCode)
	if err != nil {
		return b, err
	}
	if !e.CanRead(u, boardCode) {
		return board.Board{}, ErrNotPermitted.WithDetail("no role on %s", boardCode)
	}
	return b, nil
}

// Orders lists the versions of the board's delegationsordning.
func (e *Decisions) Orders(ctx context.Context, u identity.User, boardCode string) ([]delegation.Order, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return nil, err
	}
	return e.orders.List(ctx, boardCode)
}

// Order is version number of the board's delegationsordning.
func (e *Decisions) Order(ctx context.Context, u identity.User, boardCode string, number int) (delegation.Order, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return delegation.Order{}, err
	}
	return e.orders.Get(ctx, boardCode, number)
}

// OrderInForce is the version of the board's delegationsordning in force
// on date.
func (e *Decisions) OrderInForce(ctx context.Context, u identity.User, boardCode string, date platform.Date) (delegation.Order, error) {
	if _, err := e.readOn(ctx, u, boardCode); err != nil {
		return delegation.Order{}, err
	}
	return e.orders.InForce(ctx, boardCode, date)
}

// CreateOrder stores a new draft version of the board's
// delegationsordning, as one who manages it (manage_delegation).
func (e *Decisions) CreateOrder(ctx context.Context, u identity.User, board string, d delegation.Draft) (delegation.Order, error) {
	if err := e.authorizeOn(ctx, u, board, "manage_delegation"); err != nil {
		return delegation.Order{}, err
	}
	return e.orders.CreateDraft(ctx, board, u.Username, d)
}

// UpdateOrder replaces a draft version of the board's delegationsordning
// (ifMatch is the draft's version).
func (e *Decisions) UpdateOrder(ctx context.Context, u identity.User, board string, number int, ifMatch int64, d delegation.Draft) (delegation.Order, error) {
	if err := e.authorizeOn(ctx, u, board, "manage_delegation"); err != nil {
		return delegation.Order{}, err
	}
	return e.orders.UpdateDraft(ctx, board, number, ifMatch, d)
}

// AdoptOrder records the nämnd's adoption of a draft version.
func (e *Decisions) AdoptOrder(ctx context.Context, u identity.User, board string, number int, ifMatch int64, a delegation.Adoption) (delegation.Order, error) {
	if err := e.authorizeOn(ctx, u, board, "manage_delegation"); err != nil {
		return delegation.Order{}, err
	}
	return e.orders.Adopt(ctx, board, number, ifMatch, a)
}

// AskDelegation is CheckDelegation asked by u: a question for those who
// take part in the board's business (any role on the board, not its
// revisor, who re-checks decisions taken instead, RecheckCompliance).
func (e *Decisions) AskDelegation(ctx context.Context, u identity.User, in CheckInput) (CheckResult, error) {
	if _, err := e.boards.GetBoard(ctx, in.Board); err != nil {
		return CheckResult{}, err
	}
	if !e.CanRead(u, in.Board) {
		return CheckResult{}, ErrNotPermitted.WithDetail("no role on %s", in.Board)
	}
	if err := e.mayChange(u, in.Board); err != nil {
		return CheckResult{}, err
	}
	return e.CheckDelegation(ctx, in)
}
