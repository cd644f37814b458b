package workflow

import (
	"context"
	"errors"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
)

// SubDelegationChoices is what u may choose from when passing a point on
// (SubDelegate): the points of the order in force that allow
// vidaredelegering and the board's officials who may receive them today.
// Both are empty when u may not vidaredelegera on the board (not its
// förvaltningschef, or read-only there), so a page offers the form only
// to those the use case would let through.
func (e *Decisions) SubDelegationChoices(ctx context.Context, u identity.User, board string) ([]delegation.Point, []identity.User, error) {
	today := e.today()
	if _, err := e.boards.GetBoard(ctx, board); err != nil {
		return nil, nil, err
	}
	if e.mayChange(u, board) != nil || !u.HasRole(board, identity.RoleForvaltningschef, today) {
		return nil, nil, nil
	}
	order, err := e.orders.InForce(ctx, board, today)
	if errors.Is(err, delegation.ErrNotInForce) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var points []delegation.Point
	for _, p := range order.Points {
		if p.SubdelegationAllowed {
			points = append(points, p)
		}
	}
	users, err := e.users.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	var people []identity.User
	for _, p := range users {
		if !p.Disabled && official(p, board, today) && !p.HasRole(board, identity.RoleForvaltningschef, today) {
			people = append(people, p)
		}
	}
	return points, people, nil
}
