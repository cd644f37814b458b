package repo

import (
	"context"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/store"
)

// Orders stores delegationsordning versions.
type Orders struct{ b store.Backend }

var _ delegation.Storer = Orders{}

// NewOrders returns the order storage on b.
func NewOrders(b store.Backend) Orders { return Orders{b} }

func setOrderV(o *delegation.Order, v int64) { o.Version = v }

// InsertOrder stores a new version; a taken number is delegation_order_exists.
func (r Orders) InsertOrder(ctx context.Context, o delegation.Order) (delegation.Order, error) {
	err := insert(ctx, r.b, CollDelegationOrders, o.ID, &o, setOrderV, delegation.ErrOrderNumberTaken)
	return o, err
}

// UpdateOrder writes o if its version is current.
func (r Orders) UpdateOrder(ctx context.Context, o delegation.Order) (delegation.Order, error) {
	err := update(ctx, r.b, CollDelegationOrders, o.ID, o.Version, &o, setOrderV, nil)
	return o, err
}

// GetOrder loads one version by id ("<board>/<number>").
func (r Orders) GetOrder(ctx context.Context, id string) (delegation.Order, error) {
	var o delegation.Order
	return o, get(ctx, r.b, CollDelegationOrders, id, &o, setOrderV)
}

// ListOrders returns a board's versions by number.
func (r Orders) ListOrders(ctx context.Context, board string) ([]delegation.Order, error) {
	return find(ctx, r.b, CollDelegationOrders, store.Query{Where: []store.Cond{store.Eq("board", board)},
		Sort: []store.SortKey{{Field: "number"}}}, setOrderV)
}

// SubDelegations stores vidaredelegeringar.
type SubDelegations struct{ b store.Backend }

var _ delegation.SubStorer = SubDelegations{}

// NewSubDelegations returns the sub-delegation storage on b.
func NewSubDelegations(b store.Backend) SubDelegations { return SubDelegations{b} }

func setSubV(s *delegation.SubDelegation, v int64) { s.Version = v }

// InsertSubDelegation stores a sub-delegation. It raises the role stamp
// (RoleStamps) after the write.
func (r SubDelegations) InsertSubDelegation(ctx context.Context, s delegation.SubDelegation) (delegation.SubDelegation, error) {
	if err := insert(ctx, r.b, CollSubDelegations, s.ID, &s, setSubV, delegation.ErrSubdelegationExists); err != nil {
		return s, err
	}
	return s, bumpRoleStamp(ctx, r.b)
}

// ListSubDelegations returns a board's sub-delegations.
func (r SubDelegations) ListSubDelegations(ctx context.Context, board string) ([]delegation.SubDelegation, error) {
	return find(ctx, r.b, CollSubDelegations, store.Query{Where: []store.Cond{store.Eq("board", board)},
		Sort: []store.SortKey{{Field: "point_code"}}}, setSubV)
}

// AllSubDelegations returns the sub-delegations of every board.
func (r SubDelegations) AllSubDelegations(ctx context.Context) ([]delegation.SubDelegation, error) {
	return find(ctx, r.b, CollSubDelegations, store.Query{Sort: []store.SortKey{{Field: "board"}, {Field: "point_code"}}}, setSubV)
}
