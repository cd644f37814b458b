package repo

import (
	"context"

	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/store"
)

// Agreements stores samverkansavtal versions.
type Agreements struct{ b store.Backend }

var _ agreement.Storer = Agreements{}

// NewAgreements returns the agreement storage on b.
func NewAgreements(b store.Backend) Agreements { return Agreements{b} }

func setAgreementV(a *agreement.Agreement, v int64) { a.Version = v }

// InsertAgreement stores a new version.
func (r Agreements) InsertAgreement(ctx context.Context, a agreement.Agreement) (agreement.Agreement, error) {
	err := insert(ctx, r.b, CollAgreements, a.ID, &a, setAgreementV, agreement.ErrAgreementExists)
	return a, err
}

// ListAgreements returns a board's versions by number.
func (r Agreements) ListAgreements(ctx context.Context, board string) ([]agreement.Agreement, error) {
	return find(ctx, r.b, CollAgreements, store.Query{Where: []store.Cond{store.Eq("board", board)},
		Sort: []store.SortKey{{Field: "number"}}}, setAgreementV)
}

// Costs stores budget years, allocation heads and snapshots.
type Costs struct{ b store.Backend }

var _ costs.Storer = Costs{}

// NewCosts returns the cost-allocation storage on b.
func NewCosts(b store.Backend) Costs { return Costs{b} }

func setYearV(y *costs.BudgetYear, v int64) { y.Version = v }
func setHeadV(h *costs.Head, v int64)       { h.Version = v }
func noSnapV(*costs.Snapshot, int64)        {}

// GetYear loads a board's budget year.
func (r Costs) GetYear(ctx context.Context, id string) (costs.BudgetYear, error) {
	var y costs.BudgetYear
	return y, get(ctx, r.b, CollBudgetYears, id, &y, setYearV)
}

// PutYear inserts (version 0) or updates a budget year.
func (r Costs) PutYear(ctx context.Context, y costs.BudgetYear) (costs.BudgetYear, error) {
	if y.Version == 0 {
		err := insert(ctx, r.b, CollBudgetYears, y.ID, &y, setYearV, nil)
		return y, conflictOnDup(err)
	}
	err := update(ctx, r.b, CollBudgetYears, y.ID, y.Version, &y, setYearV, nil)
	return y, err
}

// GetHead loads a board-year's allocation head.
func (r Costs) GetHead(ctx context.Context, id string) (costs.Head, error) {
	var h costs.Head
	return h, get(ctx, r.b, CollAllocationHeads, id, &h, setHeadV)
}

// PutHead inserts (version 0) or updates an allocation head.
func (r Costs) PutHead(ctx context.Context, h costs.Head) (costs.Head, error) {
	if h.Version == 0 {
		err := insert(ctx, r.b, CollAllocationHeads, h.ID, &h, setHeadV, nil)
		return h, conflictOnDup(err)
	}
	err := update(ctx, r.b, CollAllocationHeads, h.ID, h.Version, &h, setHeadV, nil)
	return h, err
}

// InsertSnapshot stores an immutable snapshot; one that exists already
// (same id) is not an error: snapshots are derived deterministically.
func (r Costs) InsertSnapshot(ctx context.Context, s costs.Snapshot) (bool, error) {
	err := insert(ctx, r.b, CollAllocationSnapshots, s.ID, &s, noSnapV, nil)
	if err != nil && conflictOnDup(err) != err {
		return false, nil
	}
	return err == nil, err
}

// GetSnapshot loads a snapshot by id.
func (r Costs) GetSnapshot(ctx context.Context, id string) (costs.Snapshot, error) {
	var s costs.Snapshot
	return s, get(ctx, r.b, CollAllocationSnapshots, id, &s, noSnapV)
}

// ListSnapshots returns a board-year's snapshots in order.
func (r Costs) ListSnapshots(ctx context.Context, board string, year int) ([]costs.Snapshot, error) {
	return find(ctx, r.b, CollAllocationSnapshots, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("year", year)},
		Sort: []store.SortKey{{Field: "seq"}}}, noSnapV)
}

// CountSnapshots counts a board-year's snapshots.
func (r Costs) CountSnapshots(ctx context.Context, board string, year int) (int64, error) {
	return r.b.Count(ctx, CollAllocationSnapshots, []store.Cond{store.Eq("board", board), store.Eq("year", year)})
}
