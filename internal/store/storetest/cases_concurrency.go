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

// testConcurrentUnique races writers on one unique value: 32 inserts of
// distinct ids with the same dnr, 32 inserts of the same id, and 16
// updates of 16 documents to the same free dnr. Each race has exactly one
// winner; every loser gets store.ErrDuplicate and changes nothing.
func testConcurrentUnique(t *testing.T, h Harness) {
	const n = 32
	b := open(t, h)
	ctx := ctxT(t)
	race := func(what string, k int, write func(i int) error) {
		t.Helper()
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			wins []int
		)
		start := make(chan struct{})
		for i := range k {
			wg.Go(func() {
				<-start
				err := write(i)
				switch {
				case err == nil:
					mu.Lock()
					wins = append(wins, i)
					mu.Unlock()
				case !errors.Is(err, store.ErrDuplicate):
					t.Errorf("%s %d: err = %v, want nil or ErrDuplicate", what, i, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if len(wins) != 1 {
			t.Fatalf("%s: %d winners %v, want exactly 1", what, len(wins), wins)
		}
	}

	race("insert with the same dnr", n, func(i int) error {
		_, err := b.Insert(ctx, "items", fmt.Sprintf("dnr-%d", i), mustJSON(t, item{Dnr: "ITN 2026/1", N: i}))
		return err
	})
	if got, err := b.Count(ctx, "items", []store.Cond{store.Eq("dnr", "ITN 2026/1")}); err != nil || got != 1 {
		t.Errorf("documents with the raced dnr: %d (%v), want 1", got, err)
	}

	race("insert with the same id", n, func(i int) error {
		_, err := b.Insert(ctx, "items", "same-id", mustJSON(t, item{N: i}))
		return err
	})

	const m = 16
	for i := range m {
		if _, err := b.Insert(ctx, "items", fmt.Sprintf("upd-%d", i), mustJSON(t, item{N: i})); err != nil {
			t.Fatal(err)
		}
	}
	race("update to the same dnr", m, func(i int) error {
		_, err := b.Update(ctx, "items", fmt.Sprintf("upd-%d", i), 1, mustJSON(t, item{Dnr: "ITN 2026/2", N: i}))
		return err
	})
	withDnr := 0
	for i := range m {
		rec, err := b.Get(ctx, "items", fmt.Sprintf("upd-%d", i))
		if err != nil {
			t.Fatal(err)
		}
		switch it := decode(t, rec); {
		case it.Dnr == "ITN 2026/2" && rec.Version == 2:
			withDnr++
		case it.Dnr != "" || rec.Version != 1:
			t.Errorf("losing update of upd-%d left dnr %q, version %d", i, it.Dnr, rec.Version)
		}
	}
	if withDnr != 1 {
		t.Errorf("%d documents carry the raced dnr, want 1", withDnr)
	}
}
