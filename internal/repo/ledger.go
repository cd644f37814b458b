package repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/store"
)

// Ledger stores checkpoints and their leaves, append-only, and lists the
// cases for ledger builds and checks.
type Ledger struct{ b store.Backend }

var (
	_ ledger.Store      = Ledger{}
	_ ledger.Source     = Ledger{}
	_ ledger.HeadSource = Ledger{}

	_ audit.CheckpointRange = Ledger{}
)

// NewLedger returns the ledger storage on b.
func NewLedger(b store.Backend) Ledger { return Ledger{b} }

// storedCheckpoint is a checkpoint as stored; its "seq" field is indexed.
type storedCheckpoint struct {
	ledger.Checkpoint
}

type leafChunk struct {
	Checkpoint string        `json:"checkpoint"` // the checkpoint's hash: orphans of a crashed build are never read
	Seq        int           `json:"seq"`
	Chunk      int           `json:"chunk"`
	Leaves     []ledger.Leaf `json:"leaves"`
}

// LastCheckpoint returns the newest checkpoint.
func (r Ledger) LastCheckpoint(ctx context.Context) (ledger.Checkpoint, bool, error) {
	recs, err := r.b.Find(ctx, CollCheckpoints, store.Query{Sort: []store.SortKey{{Field: "seq", Desc: true}}, Limit: 1})
	if err != nil || len(recs) == 0 {
		return ledger.Checkpoint{}, false, err
	}
	var c storedCheckpoint
	if err := recs[0].Decode(&c); err != nil {
		return ledger.Checkpoint{}, false, err
	}
	return c.Checkpoint, true, nil
}

// InsertCheckpoint writes the leaf chunks (keyed by the checkpoint's hash)
// and then the checkpoint; a second checkpoint with the same seq fails.
func (r Ledger) InsertCheckpoint(ctx context.Context, c ledger.Checkpoint, leaves [][]ledger.Leaf) error {
	h := c.Hash()
	for i, chunk := range leaves {
		ch := leafChunk{Checkpoint: h, Seq: c.Seq, Chunk: i, Leaves: chunk}
		err := insert(ctx, r.b, CollCheckpointLeaves, fmt.Sprintf("%s/%d", h, i), &ch, func(*leafChunk, int64) {}, nil)
		if err != nil && !errors.Is(err, store.ErrDuplicate) {
			return err
		}
	}
	sc := storedCheckpoint{Checkpoint: c}
	err := insert(ctx, r.b, CollCheckpoints, fmt.Sprintf("%09d", c.Seq), &sc, func(*storedCheckpoint, int64) {}, nil)
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("%w: %d", ledger.ErrSeqTaken, c.Seq)
	}
	return err
}

// Checkpoints calls fn for every checkpoint, oldest first.
func (r Ledger) Checkpoints(ctx context.Context, fn func(ledger.Checkpoint) error) error {
	return r.CheckpointsFrom(ctx, 0, fn)
}

// CheckpointsFrom calls fn for every checkpoint numbered from or later,
// oldest first (the seq index serves the range).
func (r Ledger) CheckpointsFrom(ctx context.Context, from int, fn func(ledger.Checkpoint) error) error {
	var w []store.Cond
	if from > 1 {
		w = []store.Cond{{Field: "seq", Op: store.OpGte, Value: from}}
	}
	recs, err := r.b.Find(ctx, CollCheckpoints, store.Query{Where: w, Sort: []store.SortKey{{Field: "seq"}}})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		var c storedCheckpoint
		if err := rec.Decode(&c); err != nil {
			return err
		}
		if err := fn(c.Checkpoint); err != nil {
			return err
		}
	}
	return nil
}

// Leaves calls fn with each leaf chunk of checkpoint seq, in order.
func (r Ledger) Leaves(ctx context.Context, seq int, fn func([]ledger.Leaf) error) error {
	rec, err := r.b.Get(ctx, CollCheckpoints, fmt.Sprintf("%09d", seq))
	if err != nil {
		return mapErr(err, nil)
	}
	var c storedCheckpoint
	if err := rec.Decode(&c); err != nil {
		return err
	}
	recs, err := r.b.Find(ctx, CollCheckpointLeaves, store.Query{Where: []store.Cond{store.Eq("checkpoint", c.Hash())},
		Sort: []store.SortKey{{Field: "chunk"}}})
	if err != nil {
		return err
	}
	for _, rec := range recs {
		var ch leafChunk
		if err := rec.Decode(&ch); err != nil {
			return err
		}
		if err := fn(ch.Leaves); err != nil {
			return err
		}
	}
	return nil
}

// casePageSize is how many case documents the ledger reads at a time.
const casePageSize = 500

// eachCasePage calls fn with every case document in id order, a page at a
// time (keyset on the indexed id field).
func eachCasePage(ctx context.Context, b store.Backend, fn func([]store.Record) error) error {
	after := ""
	for {
		var w []store.Cond
		if after != "" {
			w = []store.Cond{{Field: "id", Op: store.OpGt, Value: after}}
		}
		recs, err := b.Find(ctx, CollCases, store.Query{Where: w, Sort: []store.SortKey{{Field: "id"}}, Limit: casePageSize})
		if err != nil || len(recs) == 0 {
			return err
		}
		if err := fn(recs); err != nil {
			return err
		}
		if len(recs) < casePageSize {
			return nil
		}
		after = recs[len(recs)-1].ID
	}
}

// Cases calls fn for every case in id order, a page at a time, each with
// its whole history (archived blocks merged in).
func (r Ledger) Cases(ctx context.Context, fn func(c cases.Case) error) error {
	return eachCasePage(ctx, r.b, func(recs []store.Record) error {
		cs, err := decodeAll(recs, setCaseV)
		if err == nil {
			cs, err = Cases{r.b}.completeAll(ctx, cs)
		}
		if err != nil {
			return err
		}
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// caseHead is the part of a case document a checkpoint needs.
type caseHead struct {
	ID      string `json:"id"`
	History []struct {
		Seq  int    `json:"seq"`
		Hash string `json:"hash"`
	} `json:"history"`
}

// Heads calls fn with every case's chain head in id order, read from the
// case documents alone: the newest event is always in the document, so
// archived blocks are never read (ledger.HeadSource).
func (r Ledger) Heads(ctx context.Context, fn func(ledger.Leaf) error) error {
	return eachCasePage(ctx, r.b, func(recs []store.Record) error {
		for _, rec := range recs {
			var h caseHead
			if err := rec.Decode(&h); err != nil {
				return err
			}
			l := ledger.Leaf{CaseID: h.ID}
			if n := len(h.History); n > 0 {
				l.Seq, l.Hash = h.History[n-1].Seq, h.History[n-1].Hash
			}
			if err := fn(l); err != nil {
				return err
			}
		}
		return nil
	})
}
