package repo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/store"
)

// eventBlock is one archive block of a case's history: cases.ArchiveBlock
// consecutive events, keyed by the case id and the first event's seq.
type eventBlock struct {
	CaseID string        `json:"case_id"`
	First  int           `json:"first"`
	Events []cases.Event `json:"events"`
}

func blockID(caseID string, first int) string { return fmt.Sprintf("%s/%09d", caseID, first) }

// archive stores history blocks insert-if-absent. A block that is already
// stored must hold the same events (a retry after a crash or a lost race
// stores the very same ones); a different one is an error, and the case is
// not written, so no event leaves the document for a block that lies.
func (r Cases) archive(ctx context.Context, caseID string, blocks [][]cases.Event) error {
	for _, evs := range blocks {
		b := eventBlock{CaseID: caseID, First: evs[0].Seq, Events: evs}
		body, err := store.Encode(b)
		if err != nil {
			return err
		}
		id := blockID(caseID, b.First)
		_, err = r.b.Insert(ctx, CollCaseEvents, id, body)
		if !errors.Is(err, store.ErrDuplicate) {
			if err != nil {
				return mapErr(err, nil)
			}
			continue
		}
		rec, err := r.b.Get(ctx, CollCaseEvents, id)
		if errors.Is(err, store.ErrNotFound) {
			// The insert met the block of a concurrent writer that a
			// majority read cannot see yet (MongoDB): that writer is
			// ahead, so this write lost the race.
			return fault.ErrVersionConflict.WithDetail("archive block %s is being written", id)
		}
		if err != nil {
			return mapErr(err, nil)
		}
		var old eventBlock
		if err := rec.Decode(&old); err != nil {
			return err
		}
		if !slices.EqualFunc(old.Events, evs, sameEvent) || old.CaseID != caseID || old.First != b.First {
			return fmt.Errorf("repo: archive block %s differs from events %d–%d of the case", id, b.First, b.First+len(evs)-1)
		}
	}
	return nil
}

func sameEvent(a, b cases.Event) bool {
	return a.Seq == b.Seq && a.Hash == b.Hash && a.PrevHash == b.PrevHash && a.At.Equal(b.At) && a.Actor == b.Actor &&
		a.Action == b.Action && a.From == b.From && a.To == b.To && a.Ref == b.Ref && a.Note == b.Note && a.DataDigest == b.DataDigest
}

// Complete returns c with its whole history: the archived events up to
// c.ArchivedThrough read from the case's blocks, then the document's.
func (r Cases) Complete(ctx context.Context, c cases.Case) (cases.Case, error) {
	if c.Whole() {
		return c, nil
	}
	archived, err := r.archived(ctx, []string{c.ID})
	if err != nil {
		return c, err
	}
	return c.Merge(archived[c.ID]), nil
}

// completeAll completes every case of cs that is not whole, with one query.
func (r Cases) completeAll(ctx context.Context, cs []cases.Case) ([]cases.Case, error) {
	var ids []string
	for _, c := range cs {
		if !c.Whole() {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return cs, nil
	}
	archived, err := r.archived(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, c := range cs {
		if !c.Whole() {
			cs[i] = c.Merge(archived[c.ID])
		}
	}
	return cs, nil
}

// archived returns the archived events of the given cases, by case id, in
// ascending block order.
func (r Cases) archived(ctx context.Context, ids []string) (map[string][]cases.Event, error) {
	cond := store.Eq("case_id", ids[0])
	if len(ids) > 1 {
		cond = store.Cond{Field: "case_id", Op: store.OpIn, Value: ids}
	}
	recs, err := r.b.Find(ctx, CollCaseEvents, store.Query{Where: []store.Cond{cond},
		Sort: []store.SortKey{{Field: "case_id"}, {Field: "first"}}})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]cases.Event, len(ids))
	for _, rec := range recs {
		var b eventBlock
		if err := rec.Decode(&b); err != nil {
			return nil, err
		}
		out[b.CaseID] = append(out[b.CaseID], b.Events...)
	}
	return out, nil
}
