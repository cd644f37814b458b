package storetest

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// counter is the document the Increment cases count in.
type counter struct {
	Key     string `json:"key"`
	Expires int64  `json:"expires"`
	N       int64  `json:"n"`
}

// testIncrement checks Increment: a missing document is created from init
// with the field set to delta (version 1); later calls add to it and bump
// the version; negative deltas subtract; 40 goroutines adding at once on a
// fresh id lose no increment and get no error (the first-time upserts
// race); a field that is not an integer, a dotted field and a body that is
// not an object are refused.
func testIncrement(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	init := mustJSON(t, counter{Key: "pair:anna", Expires: 1700000000})
	rec, err := b.Increment(ctx, "counters", "c1", "n", 1, init)
	if err != nil {
		t.Fatal(err)
	}
	var c counter
	if err := json.Unmarshal(rec.Data, &c); err != nil {
		t.Fatal(err)
	}
	if rec.Version != 1 || c != (counter{Key: "pair:anna", Expires: 1700000000, N: 1}) {
		t.Fatalf("first increment: version %d, %+v", rec.Version, c)
	}
	if rec, err = b.Increment(ctx, "counters", "c1", "n", 4, init); err != nil {
		t.Fatal(err)
	}
	if rec, err = b.Increment(ctx, "counters", "c1", "n", -2, mustJSON(t, counter{Key: "other"})); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(rec.Data, &c)
	if rec.Version != 3 || c.N != 3 || c.Key != "pair:anna" {
		t.Errorf("after +4 and -2: version %d, %+v; want version 3, n 3 and init kept", rec.Version, c)
	}
	got, err := b.Get(ctx, "counters", "c1")
	if err != nil || got.Version != 3 {
		t.Fatalf("Get after increments: %v, version %d", err, got.Version)
	}

	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			if _, err := b.Increment(ctx, "counters", "hot", "n", 1, init); err != nil {
				errs <- err
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent increment: %v", err)
	}
	got, err = b.Get(ctx, "counters", "hot")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(got.Data, &c)
	if c.N != n || got.Version != n {
		t.Errorf("after %d concurrent increments: n = %d, version %d (lost increment)", n, c.N, got.Version)
	}

	if _, err := b.Insert(ctx, "counters", "text", mustJSON(t, map[string]any{"n": "many"})); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Increment(ctx, "counters", "text", "n", 1, init); err == nil {
		t.Error("incrementing a string field succeeded")
	}
	if _, err := b.Increment(ctx, "counters", "c2", "a.n", 1, init); !errors.Is(err, store.ErrInvalidQuery) {
		t.Errorf("dotted field: err = %v, want ErrInvalidQuery", err)
	}
	if _, err := b.Increment(ctx, "counters", "c2", "n", 1, json.RawMessage(`[1]`)); !errors.Is(err, store.ErrInvalidQuery) {
		t.Errorf("array init: err = %v, want ErrInvalidQuery", err)
	}
	if _, err := b.Get(ctx, "counters", "c2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused increment stored a document: %v", err)
	}
}
