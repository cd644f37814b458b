package sqlitestore_test

// Benchmarks of the raw store rates of the SQLite backend: no HTTP, no
// domain logic, just store.Backend calls on a temp dir with the production
// Options{} (WAL, synchronous=NORMAL, one writer connection, four readers).
//
//	go test -run '^$' -bench . -benchtime=2s -count=3 ./internal/store/sqlitestore/
//
// Every benchmark works on a "cases" collection shaped like the ärende
// collection: a ~400-byte JSON body and indexes on (board, state),
// (handlaggare) and a unique index on (dnr). The read and update benchmarks
// share one store pre-filled with benchFill documents; it is filled once per
// test binary (sync.Once) through Backend.Insert from a few goroutines and
// removed by TestMain. Plain `go test` never builds it: TestMain only cleans
// up what a benchmark created.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

const (
	// benchColl is the collection every benchmark uses.
	benchColl = "cases"
	// benchFill is the number of documents in the shared pre-filled store.
	benchFill = 100_000
	// benchBoards × benchStates combinations spread benchFill documents so
	// that one (board, state) pair matches benchFill/1000 = 100 of them.
	benchBoards = 50
	benchStates = 20
	// benchHandlers is the number of distinct handläggare.
	benchHandlers = 400
)

// benchCollection is the collection declaration: the indexes a case list
// needs.
var benchCollection = store.Collection{
	Name: benchColl,
	Indexes: []store.Index{
		{Name: "board_state", Fields: []string{"board", "state"}},
		{Name: "handlaggare", Fields: []string{"handlaggare"}},
		{Name: "dnr", Fields: []string{"dnr"}, Unique: true},
	},
}

var benchStateNames = [benchStates]string{
	"inkommen", "registrerad", "fordelad", "utredning", "komplettering",
	"remiss", "kommunicering", "beredning", "beslutsforslag", "granskning",
	"beslut", "expedierad", "overklagad", "omprovning", "vilande",
	"atertagen", "avvisad", "avskriven", "verkstalld", "arkiverad",
}

// benchDoc is a case-like document body.
type benchDoc struct {
	Dnr         string `json:"dnr"`
	Board       string `json:"board"`
	State       string `json:"state"`
	Handlaggare string `json:"handlaggare"`
	Amount      int64  `json:"amount"`
	Title       string `json:"title"`
	Applicant   struct {
		Name string `json:"name"`
		Org  string `json:"org"`
		City string `json:"city"`
	} `json:"applicant"`
	Received string   `json:"received"`
	Channel  string   `json:"channel"`
	Priority int      `json:"priority"`
	Tags     []string `json:"tags"`
	Rev      int      `json:"rev"`
}

// caseID is the id of the i-th document.
func caseID(i int) string { return fmt.Sprintf("c%09d", i) }

// benchBoard and benchState place document i: consecutive documents cycle
// through all 1000 (board, state) pairs.
func benchBoard(i int) string { return fmt.Sprintf("board-%02d", i%benchBoards) }
func benchState(i int) string { return benchStateNames[(i/benchBoards)%benchStates] }

// caseDoc builds the i-th document, about 400 bytes of JSON.
func caseDoc(i int) json.RawMessage {
	d := benchDoc{
		Dnr:         fmt.Sprintf("SAM 2025/%07d", i),
		Board:       benchBoard(i),
		State:       benchState(i),
		Handlaggare: fmt.Sprintf("u%04d", i%benchHandlers),
		Amount:      int64((i*7919)%1_000_000) * 10,
		Title:       fmt.Sprintf("Ansökan om projektbidrag för lokal föreningsverksamhet, ärende %d", i),
		Received:    "2025-03-14T09:26:53+01:00",
		Channel:     "e-tjänst",
		Priority:    i % 3,
		Tags:        []string{"bidrag", "förening", "kultur"},
	}
	d.Applicant.Name = "Föreningen Norrsken i Västerbotten"
	d.Applicant.Org = fmt.Sprintf("80%08d", i)
	d.Applicant.City = "Umeå"
	data, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return data
}

// openBench opens a store in a fresh temp dir with the cases collection.
func openBench(b *testing.B, dir string) *sqlitestore.Backend {
	b.Helper()
	be, err := sqlitestore.Open(context.Background(), dir, sqlitestore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := be.EnsureCollection(context.Background(), benchCollection); err != nil {
		be.Close(context.Background())
		b.Fatal(err)
	}
	return be
}

// fillBench inserts documents [0, n) through Backend.Insert from workers
// goroutines. The single writer connection serialises the inserts, so this
// runs at about the BenchmarkParallelInsert rate: 100,000 documents take
// roughly 10 s on 2 cores.
func fillBench(ctx context.Context, be store.Backend, n, workers int) error {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		errs = make(chan error, workers)
	)
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if _, err := be.Insert(ctx, benchColl, caseID(i), caseDoc(i)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// The shared pre-filled store, built on first use.
var (
	sharedOnce sync.Once
	sharedDir  string
	sharedBE   *sqlitestore.Backend
	sharedErr  error
	sharedFill time.Duration
)

// filledStore returns the shared store holding benchFill documents. The
// time spent filling it is not part of any benchmark.
func filledStore(b *testing.B) *sqlitestore.Backend {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "samstyr-bench-")
		if sharedErr != nil {
			return
		}
		ctx := context.Background()
		sharedBE, sharedErr = sqlitestore.Open(ctx, sharedDir, sqlitestore.Options{})
		if sharedErr != nil {
			return
		}
		if sharedErr = sharedBE.EnsureCollection(ctx, benchCollection); sharedErr != nil {
			return
		}
		start := time.Now()
		sharedErr = fillBench(ctx, sharedBE, benchFill, 4)
		sharedFill = time.Since(start)
		if sharedErr == nil {
			fmt.Fprintf(os.Stderr, "bench: filled %d documents in %v (%.0f inserts/s)\n",
				benchFill, sharedFill.Round(time.Millisecond), float64(benchFill)/sharedFill.Seconds())
		}
	})
	if sharedErr != nil {
		b.Fatal(sharedErr)
	}
	return sharedBE
}

// TestMain removes the shared benchmark store if a benchmark built it. It
// does no work of its own, so plain `go test` pays nothing.
func TestMain(m *testing.M) {
	code := m.Run()
	if sharedBE != nil {
		sharedBE.Close(context.Background())
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// reportRate adds an ops/s metric next to ns/op.
func reportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "ops/s")
	}
}

// BenchmarkInsert measures one Insert (one autocommit transaction updating
// the table and three indexes) per op into a collection that grows from
// empty.
func BenchmarkInsert(b *testing.B) {
	be := openBench(b, b.TempDir())
	defer be.Close(context.Background())
	ctx := context.Background()
	i := 0
	for b.Loop() {
		// Every document has its own id and dnr (the unique index accepts
		// it); building the body costs a few µs of the op.
		if _, err := be.Insert(ctx, benchColl, caseID(i), caseDoc(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportRate(b)
}

// BenchmarkGetByID measures Get of a random id among benchFill documents.
func BenchmarkGetByID(b *testing.B) {
	be := filledStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		if _, err := be.Get(ctx, benchColl, caseID(r.IntN(benchFill))); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkVersionedUpdate measures a read-modify-write of a random
// existing document: Get, change the body, Update with the read version.
// Only amount and rev change (board, state, handlaggare and dnr stay), so
// the shared store keeps its shape for the query benchmark.
func BenchmarkVersionedUpdate(b *testing.B) {
	be := filledStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	var d benchDoc
	for b.Loop() {
		id := caseID(r.IntN(benchFill))
		rec, err := be.Get(ctx, benchColl, id)
		if err != nil {
			b.Fatal(err)
		}
		if err := rec.Decode(&d); err != nil {
			b.Fatal(err)
		}
		d.Rev++
		d.Amount += 10
		data, err := json.Marshal(d)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := be.Update(ctx, benchColl, id, rec.Version, data); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkIndexedQuery100k measures a case-list query on the benchFill
// collection: board = X AND state = Y (100 matches through the (board,
// state) index), sorted by amount descending, first 20.
func BenchmarkIndexedQuery100k(b *testing.B) {
	be := filledStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	hits := 0
	for b.Loop() {
		i := r.IntN(benchBoards * benchStates)
		q := store.Query{
			Where: []store.Cond{store.Eq("board", benchBoard(i)), store.Eq("state", benchState(i))},
			Sort:  []store.SortKey{{Field: "amount", Desc: true}},
			Limit: 20,
		}
		recs, err := be.Find(ctx, benchColl, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(recs) != 20 {
			b.Fatalf("query returned %d documents, want 20", len(recs))
		}
		hits += len(recs)
	}
	reportRate(b)
	b.ReportMetric(float64(hits)/float64(b.N), "docs/op")
}

// BenchmarkParallelInsert measures inserts from 4×GOMAXPROCS goroutines at
// once, as concurrent requests would issue them; they queue on the single
// writer connection.
func BenchmarkParallelInsert(b *testing.B) {
	be := openBench(b, b.TempDir())
	defer be.Close(context.Background())
	ctx := context.Background()
	var next atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1) - 1)
			if _, err := be.Insert(ctx, benchColl, caseID(i), caseDoc(i)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	reportRate(b)
}
