package sqlitestore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// gcColl is the tests' collection, with a unique key.
var gcColl = store.Collection{Name: "gc", Indexes: []store.Index{{Name: "key", Fields: []string{"key"}, Unique: true}}}

func openGC(t *testing.T) (*sqlitestore.Backend, string) {
	t.Helper()
	dir := t.TempDir()
	b := openDir(t, dir)
	if err := b.EnsureCollection(t.Context(), gcColl); err != nil {
		t.Fatal(err)
	}
	return b, dir
}

// side opens a connection of the test's own to the store's file.
func side(t *testing.T, dir string) *sql.Conn {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlitestore.FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// queueBatch makes the writes run as one batch: with the database's write
// lock held by another connection, it starts first (whose write the
// committer takes and waits on), then, once that is taken, the writes of
// rest, runs during (if any) when all of them are queued, and then frees
// the lock. first's write runs alone; rest's form the next batch.
func queueBatch(t *testing.T, b *sqlitestore.Backend, dir string, first func(), rest []func(), during func()) {
	t.Helper()
	lock := side(t, dir)
	if _, err := lock.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(first)
	time.Sleep(100 * time.Millisecond) // the committer takes first's write
	if w := b.WriteStats().Waiting; w != 0 {
		t.Fatalf("the first write is not taken: %d waiting", w)
	}
	for _, f := range rest {
		wg.Go(f)
	}
	waitFor(t, func() bool { return b.WriteStats().Waiting == len(rest) }, "the writes to queue")
	if during != nil {
		during()
	}
	if _, err := lock.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func body(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type counterDoc struct {
	N int `json:"n"`
}

// TestGroupCommitLosesNoUpdate: 24 goroutines each make 25 versioned
// read-modify-write increments on one of 4 shared documents (retrying on
// conflict), and race to insert the same 10 ids besides ids of their own.
// Every acknowledged update is in the final count and version (a lost
// update, two writes acknowledged on one version, makes the count short),
// each contested id is inserted exactly once with its winner's body, and
// the writes took fewer commits than there were writes.
func TestGroupCommitLosesNoUpdate(t *testing.T) {
	b, _ := openGC(t)
	ctx := t.Context()
	const docs, workers, each, contested = 4, 24, 25, 10
	for d := range docs {
		if _, err := b.Insert(ctx, "gc", fmt.Sprint("c", d), body(t, counterDoc{})); err != nil {
			t.Fatal(err)
		}
	}
	before := b.WriteStats()
	var (
		acked     [docs]atomic.Int64
		conflicts atomic.Int64
		winners   sync.Map // contested id → worker
		wg        sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			id := fmt.Sprint("c", w%docs)
			for k := 0; k < each; {
				rec, err := b.Get(ctx, "gc", id)
				if err != nil {
					t.Error(err)
					return
				}
				var d counterDoc
				if err := rec.Decode(&d); err != nil {
					t.Error(err)
					return
				}
				d.N++
				_, err = b.Update(ctx, "gc", id, rec.Version, body(t, d))
				switch {
				case errors.Is(err, store.ErrConflict):
					conflicts.Add(1)
					continue
				case err != nil:
					t.Error(err)
					return
				}
				acked[w%docs].Add(1)
				k++
				if k%5 == 0 { // an insert contested by every worker, one of its own
					c := fmt.Sprint("x", k/5, "-", w%2)
					_, err := b.Insert(ctx, "gc", c, body(t, map[string]int{"w": w}))
					switch {
					case err == nil:
						if prev, dup := winners.LoadOrStore(c, w); dup {
							t.Errorf("%s inserted by workers %v and %d", c, prev, w)
						}
					case !errors.Is(err, store.ErrDuplicate):
						t.Error(err)
					}
					if _, err := b.Insert(ctx, "gc", fmt.Sprint("own", w, "-", k), body(t, map[string]int{"w": w})); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	for d := range docs {
		rec, err := b.Get(ctx, "gc", fmt.Sprint("c", d))
		if err != nil {
			t.Fatal(err)
		}
		var got counterDoc
		if err := rec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		if n := acked[d].Load(); int64(got.N) != n || rec.Version != n+1 {
			t.Errorf("c%d: n %d, version %d after %d acknowledged updates (lost update)", d, got.N, rec.Version, n)
		}
	}
	n := 0
	winners.Range(func(k, v any) bool {
		n++
		rec, err := b.Get(ctx, "gc", k.(string))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]int
		if err := rec.Decode(&got); err != nil || got["w"] != v.(int) {
			t.Errorf("%s holds %s, inserted by worker %d", k, rec.Data, v)
		}
		return true
	})
	if n != contested {
		t.Errorf("%d contested ids inserted, want %d", n, contested)
	}
	after := b.WriteStats()
	writes, commits := after.Writes-before.Writes, after.Commits-before.Commits
	t.Logf("%d writes in %d commits, %d conflicts, %d fallbacks", writes, commits, conflicts.Load(), after.Fallbacks-before.Fallbacks)
	if want := int64(workers * each * 7 / 5); writes < want {
		t.Errorf("%d writes counted, at least %d made", writes, want)
	}
	if commits >= writes {
		t.Errorf("%d writes in %d commits: none grouped", writes, commits)
	}
	if after.Fallbacks != before.Fallbacks {
		t.Errorf("%d batches fell back", after.Fallbacks-before.Fallbacks)
	}
}

// TestGroupCommitDuplicateFailsOnlyItsWrite: in one batch, an insert of a
// taken id and the second of two inserts of one unique key fail with
// ErrDuplicate; every other write of the batch lands.
func TestGroupCommitDuplicateFailsOnlyItsWrite(t *testing.T) {
	b, dir := openGC(t)
	ctx := t.Context()
	if _, err := b.Insert(ctx, "gc", "taken", body(t, map[string]string{"key": "t"})); err != nil {
		t.Fatal(err)
	}
	up, err := b.Insert(ctx, "gc", "up", body(t, map[string]string{"key": "u"}))
	if err != nil {
		t.Fatal(err)
	}
	before := b.WriteStats()
	var (
		mu   sync.Mutex
		errs = map[string]error{}
	)
	insert := func(id, key string) func() {
		return func() {
			_, err := b.Insert(ctx, "gc", id, body(t, map[string]string{"key": key}))
			mu.Lock()
			errs[id] = err
			mu.Unlock()
		}
	}
	rest := []func(){insert("a", "a"), insert("taken", "z"), insert("b", "same"), insert("c", "same"), insert("d", "d"),
		func() {
			_, err := b.Update(ctx, "gc", "up", up.Version, body(t, map[string]string{"key": "u2"}))
			mu.Lock()
			errs["up"] = err
			mu.Unlock()
		}}
	queueBatch(t, b, dir, insert("first", "f"), rest, nil)
	after := b.WriteStats()
	if w, c := after.Writes-before.Writes, after.Commits-before.Commits; w != 7 || c != 2 || after.Fallbacks != before.Fallbacks {
		t.Fatalf("%d writes in %d commits, %d fallbacks; want 7 in 2 (one alone, one batch), none", w, c, after.Fallbacks-before.Fallbacks)
	}
	if !errors.Is(errs["taken"], store.ErrDuplicate) {
		t.Errorf("insert of a taken id: %v, want ErrDuplicate", errs["taken"])
	}
	if dupB, dupC := errors.Is(errs["b"], store.ErrDuplicate), errors.Is(errs["c"], store.ErrDuplicate); dupB == dupC {
		t.Errorf("two inserts of one unique key: %v and %v, want exactly one ErrDuplicate", errs["b"], errs["c"])
	}
	for _, id := range []string{"first", "a", "d", "up"} {
		if errs[id] != nil {
			t.Errorf("%s: %v", id, errs[id])
		}
	}
	if rec, err := b.Get(ctx, "gc", "taken"); err != nil || !strings.Contains(string(rec.Data), `"t"`) || rec.Version != 1 {
		t.Errorf("taken: %s v%d %v, want its first body", rec.Data, rec.Version, err)
	}
	if rec, err := b.Get(ctx, "gc", "up"); err != nil || rec.Version != 2 || !strings.Contains(string(rec.Data), "u2") {
		t.Errorf("up: %s v%d %v, want the update once", rec.Data, rec.Version, err)
	}
	for _, id := range []string{"first", "a", "d"} {
		if _, err := b.Get(ctx, "gc", id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}

// TestGroupCommitFallbackAnswersEachWrite: a trigger of the test's own
// rolls back the whole transaction (RAISE(ROLLBACK)) for a document
// marked boom; in a batch that undoes every write before it. The batch
// falls back to one write at a time: the boom insert fails with the
// trigger's error, and every other write lands exactly once (an update
// applied twice would stand at version 3 or fail as a conflict).
func TestGroupCommitFallbackAnswersEachWrite(t *testing.T) {
	for _, raise := range []string{"ROLLBACK", "ABORT", "FAIL"} {
		t.Run(raise, func(t *testing.T) {
			b, dir := openGC(t)
			ctx := t.Context()
			if _, err := side(t, dir).ExecContext(ctx, `CREATE TRIGGER boom BEFORE INSERT ON c_gc
				WHEN json_extract(NEW.doc, '$.boom') = 1 BEGIN SELECT RAISE(`+raise+`, 'boom refused'); END`); err != nil {
				t.Fatal(err)
			}
			var ups []store.Record
			for i := range 3 {
				rec, err := b.Insert(ctx, "gc", fmt.Sprint("u", i), body(t, map[string]int{"n": 0}))
				if err != nil {
					t.Fatal(err)
				}
				ups = append(ups, rec)
			}
			before := b.WriteStats()
			var (
				mu   sync.Mutex
				errs = map[string]error{}
			)
			set := func(id string, err error) { mu.Lock(); errs[id] = err; mu.Unlock() }
			insert := func(id string, boom int) func() {
				return func() {
					_, err := b.Insert(ctx, "gc", id, body(t, map[string]int{"boom": boom}))
					set(id, err)
				}
			}
			update := func(i int) func() {
				return func() {
					_, err := b.Update(ctx, "gc", ups[i].ID, ups[i].Version, body(t, map[string]int{"n": 1}))
					set(ups[i].ID, err)
				}
			}
			var seq int64
			rest := []func(){update(0), insert("a", 0), update(1), insert("bad", 1), insert("b", 0), update(2),
				func() {
					v, err := b.NextSequence(ctx, "s")
					seq = v
					set("seq", err)
				}}
			queueBatch(t, b, dir, insert("first", 0), rest, nil)
			after := b.WriteStats()
			if f := after.Fallbacks - before.Fallbacks; f != 1 {
				t.Fatalf("%d fallbacks, want 1", f)
			}
			if err := errs["bad"]; err == nil || !strings.Contains(err.Error(), "boom refused") {
				t.Errorf("boom insert: %v, want the trigger's error", err)
			}
			if _, err := b.Get(ctx, "gc", "bad"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("boom insert stored: %v", err)
			}
			for id, err := range errs {
				if id != "bad" && err != nil {
					t.Errorf("%s: %v", id, err)
				}
			}
			for _, id := range []string{"first", "a", "b"} {
				if rec, err := b.Get(ctx, "gc", id); err != nil || rec.Version != 1 {
					t.Errorf("%s: v%d %v", id, rec.Version, err)
				}
			}
			for _, u := range ups {
				if rec, err := b.Get(ctx, "gc", u.ID); err != nil || rec.Version != 2 || string(rec.Data) != `{"n":1}` {
					t.Errorf("%s: %s v%d %v, want the update applied once", u.ID, rec.Data, rec.Version, err)
				}
			}
			if seq != 1 {
				t.Errorf("sequence drew %d, want 1 (drawn once)", seq)
			}
			if v, err := b.NextSequence(ctx, "s"); err != nil || v != 2 {
				t.Errorf("next sequence %d %v, want 2", v, err)
			}
		})
	}
}

// TestGroupCommitCancelledWriteIsNotRun: a write whose context ends while
// it waits in the queue returns the context's error at once and is never
// written; one cancelled before it is submitted is not queued at all.
func TestGroupCommitCancelledWriteIsNotRun(t *testing.T) {
	b, dir := openGC(t)
	ctx := t.Context()
	pre, cancelPre := context.WithCancel(ctx)
	cancelPre()
	if _, err := b.Insert(pre, "gc", "pre", body(t, map[string]int{})); !errors.Is(err, context.Canceled) {
		t.Fatalf("insert with a cancelled context: %v", err)
	}
	queued, cancel := context.WithCancel(ctx)
	var (
		qerr     error
		returned atomic.Int32
	)
	queueBatch(t, b, dir, func() {
		_, err := b.Insert(ctx, "gc", "first", body(t, map[string]int{}))
		if err != nil {
			t.Error(err)
		}
	}, []func(){func() {
		_, qerr = b.Insert(queued, "gc", "queued", body(t, map[string]int{}))
		returned.Add(1)
	}, func() {
		if seq, err := b.NextSequence(queued, "q"); !errors.Is(err, context.Canceled) {
			t.Errorf("queued sequence: %d, %v", seq, err)
		}
		returned.Add(1)
	}}, func() {
		// Cancelled while both wait: their callers return while the lock is still held.
		cancel()
		waitFor(t, func() bool { return returned.Load() == 2 }, "the cancelled writes' callers to return")
	})
	if !errors.Is(qerr, context.Canceled) {
		t.Errorf("queued insert: %v, want context.Canceled", qerr)
	}
	for _, id := range []string{"pre", "queued"} {
		if _, err := b.Get(ctx, "gc", id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s written: %v", id, err)
		}
	}
	if v, err := b.NextSequence(ctx, "q"); err != nil || v != 1 {
		t.Errorf("sequence q drew %d %v, want 1: the cancelled draw was made", v, err)
	}
	if _, err := b.Get(ctx, "gc", "first"); err != nil {
		t.Error(err)
	}
}

// TestGroupCommitCloseAnswersWritesInFlight: Close while 32 goroutines
// insert answers every write and returns, leaving no goroutine behind;
// after reopening, every acknowledged insert is there and every refused
// one is not.
func TestGroupCommitCloseAnswersWritesInFlight(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dir := t.TempDir()
	ctx := t.Context()
	b, err := sqlitestore.Open(ctx, dir, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.EnsureCollection(ctx, gcColl); err != nil {
		t.Fatal(err)
	}
	const workers = 32
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		acked = map[string]bool{}
		tried []string
		start = make(chan struct{})
	)
	for w := range workers {
		wg.Go(func() {
			<-start
			for k := 0; ; k++ {
				id := fmt.Sprint("w", w, "-", k)
				_, err := b.Insert(ctx, "gc", id, body(t, map[string]int{"w": w}))
				mu.Lock()
				tried = append(tried, id)
				acked[id] = err == nil
				mu.Unlock()
				if err != nil {
					if !strings.Contains(err.Error(), "closed") {
						t.Errorf("%s: %v", id, err)
					}
					return
				}
			}
		})
	}
	close(start)
	waitFor(t, func() bool { return b.WriteStats().Writes > 200 }, "writes")
	closed := make(chan error)
	go func() { closed <- b.Close(context.Background()) }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not return")
	}
	wg.Wait() // every writer has its answer
	b2, err := sqlitestore.Open(ctx, dir, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, id := range tried {
		_, err := b2.Get(ctx, "gc", id)
		if acked[id] {
			n++
		}
		if acked[id] != (err == nil) {
			t.Errorf("%s: acknowledged %v, stored: %v", id, acked[id], err)
		}
	}
	t.Logf("%d inserts acknowledged, %d refused after Close", n, len(tried)-n)
	if err := b2.Close(ctx); err != nil {
		t.Fatal(err)
	}
}
