package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// testConcurrentWriters races 32 writers on one record. Each reads the
// record, increments N and writes it back guarded by the version it read,
// retrying on conflict. Exactly one writer may win each version, and no
// increment may be lost.
func testConcurrentWriters(t *testing.T, h Harness) {
	const writers = 32
	b := open(t, h)
	ctx := ctxT(t)
	if _, err := b.Insert(ctx, "items", "hot", mustJSON(t, item{N: 0})); err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		winners = map[int64]int{} // version written over -> number of winners
		wg      sync.WaitGroup
		errs    = make(chan error, writers)
	)
	start := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			<-start
			for attempt := 0; attempt < 10*writers; attempt++ {
				rec, err := b.Get(ctx, "items", "hot")
				if err != nil {
					errs <- err
					return
				}
				var it item
				if err := rec.Decode(&it); err != nil {
					errs <- err
					return
				}
				it.N++
				it.Title = fmt.Sprintf("writer %d", w)
				_, err = b.Update(ctx, "items", "hot", rec.Version, mustJSON(t, it))
				if errors.Is(err, store.ErrConflict) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				winners[rec.Version]++
				mu.Unlock()
				return
			}
			errs <- fmt.Errorf("writer %d never won", w)
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for v, n := range winners {
		if n != 1 {
			t.Errorf("version %d had %d winners, want exactly 1", v, n)
		}
	}
	got, err := b.Get(ctx, "items", "hot")
	if err != nil {
		t.Fatal(err)
	}
	if n := decode(t, got).N; n != writers || got.Version != writers+1 {
		t.Errorf("after %d writers: n = %d, version = %d; want n = %d, version = %d (lost update)",
			writers, n, got.Version, writers, writers+1)
	}
}

// testSequence draws 50 numbers concurrently from one counter: they must
// be exactly 1..50.
func testSequence(t *testing.T, h Harness) {
	const n = 50
	b := open(t, h)
	ctx := ctxT(t)
	var (
		mu   sync.Mutex
		seen = map[int64]bool{}
		wg   sync.WaitGroup
	)
	for range n {
		wg.Go(func() {
			v, err := b.NextSequence(ctx, "dnr/ITN/2026")
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			seen[v] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	for i := int64(1); i <= n; i++ {
		if !seen[i] {
			t.Errorf("number %d missing; got %d distinct numbers", i, len(seen))
		}
	}
	if len(seen) != n {
		t.Errorf("got %d distinct numbers, want %d", len(seen), n)
	}
	other, err := b.NextSequence(ctx, "dnr/ITN/2027")
	if err != nil || other != 1 {
		t.Errorf("a second counter starts at %d (%v), want 1", other, err)
	}
}
