package repo

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/store"
)

// ListPublic returns one window (offset, limit) of a board's public
// ärenden (public.Case: registered, not makulerade, without
// sekretessmarkering) in the order of the open decision API (registration
// date, diarienummer, id), registered within [from, to] where those are
// set, and how many there are: one count and one read of the window, from
// the board_registered_on_number index. The cases are documents as stored
// (History holds the tail only).
func (r Cases) ListPublic(ctx context.Context, board string, from, to time.Time, offset, limit int) ([]cases.Case, int64, error) {
	where := []store.Cond{store.Eq("board", board), store.Eq("secrecy", nil),
		{Field: "state", Op: store.OpNe, Value: string(cases.StateVoided)},
		{Field: "registration_number", Op: store.OpGt, Value: ""}}
	if !from.IsZero() {
		where = append(where, store.Cond{Field: "registered_ns", Op: store.OpGte, Value: from.UnixNano()})
	}
	if !to.IsZero() {
		where = append(where, store.Cond{Field: "registered_ns", Op: store.OpLte, Value: to.UnixNano()})
	}
	total, err := r.b.Count(ctx, CollCases, where)
	if err != nil {
		return nil, 0, err
	}
	cs, err := find(ctx, r.b, CollCases, store.Query{Where: where,
		Sort:   []store.SortKey{{Field: "registered_on"}, {Field: "registration_number"}},
		Offset: offset, Limit: limit}, setCaseV)
	return cs, total, err
}
