package repo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/internal/store"
)

// ListPublic returns one window (offset, limit) of a board's public
// ärenden (public.Case: registered, not makulerade, without
// sekretessmarkering) in the order of the open decision API (registration
// date, diarienummer, id), registered within [from, to] where those are
// set, and how many there are: one count and one read of the window, both
// from the board_public_registered_on_number index (the derived field
// public, Case.Public). The cases are documents as stored
// (History holds the tail only).
func (r Cases) ListPublic(ctx context.Context, board string, from, to time.Time, offset, limit int) ([]cases.Case, int64, error) {
	where := []store.Cond{store.Eq("board", board), store.Eq("public", true)}
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

// ListPublicModified returns a board's public ärenden last changed within
// [from, to] where those are set, from the board_public_updated index: as
// many reads as there are such ärenden, however many the board has. The
// cases are documents as stored.
func (r Cases) ListPublicModified(ctx context.Context, board string, from, to time.Time) ([]cases.Case, error) {
	where := []store.Cond{store.Eq("board", board), store.Eq("public", true)}
	if !from.IsZero() {
		where = append(where, store.Cond{Field: "updated_ns", Op: store.OpGte, Value: from.UnixNano()})
	}
	if !to.IsZero() {
		where = append(where, store.Cond{Field: "updated_ns", Op: store.OpLte, Value: to.UnixNano()})
	}
	return find(ctx, r.b, CollCases, store.Query{Where: where, Sort: []store.SortKey{{Field: "updated_ns"}}}, setCaseV)
}

// fillOParlIndexes gives the documents stored before migration 17 the
// derived fields the open decision API reads by: public and updated_ns on
// every case (fillCasePublic), and on every meeting its derived fields and
// its entries in the meetings-by-ärende index (fillMeetingIndex).
func fillOParlIndexes(ctx context.Context, b store.Backend) error {
	if err := fillCasePublic(ctx, b); err != nil {
		return err
	}
	return fillMeetingIndex(ctx, b)
}

// fillCasePublic gives every case stored without them its public
// (public.Case) and updated_ns fields, which Cases writes at every change
// since. Each case is rewritten as it is, with only those added, by a
// version-guarded update; a case changed meanwhile got them from that
// change. It runs in batches until no case lacks them.
func fillCasePublic(ctx context.Context, b store.Backend) error {
	return fillCases(ctx, b, "public", func(c cases.Case, doc map[string]any) {
		doc["public"], doc["updated_ns"] = public.Case(c), c.UpdatedAt.UnixNano()
	})
}

// rawDoc decodes a record's body as it is, numbers as written (an int64
// beyond 2^53, such as registered_ns, would lose digits as a float64).
func rawDoc(rec store.Record) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(rec.Data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("repo: decode %s: %w", rec.ID, err)
	}
	return doc, nil
}
