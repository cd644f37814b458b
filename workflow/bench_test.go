package workflow_test

// Benchmarks of the case engine on the SQLite backend (temp dir, production
// Options{}, schema migrated, demo users), compared with the raw store
// update they are built on:
//
//	go test -run '^$' -bench . -benchtime=2s -count=3 ./workflow/
//
// Each benchmark function has its own store, created on its first call and
// reused by the calls the testing package makes while it sizes b.N
// (benchEnv); TestMain removes them. Besides ns/op each benchmark reports
// cpu-µs/op, the process CPU time per op, which the load of a shared
// machine disturbs far less than the wall time.

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/repo"
)

// BenchmarkRawVersionedUpdate is the baseline: Get of a case's record and a
// version-guarded Backend.Update writing it back. The body is the stored
// record of a freshly registered case; no domain code runs.
func BenchmarkRawVersionedUpdate(b *testing.B) {
	e := benchEnv(b)
	ctx := context.Background()
	c, err := e.register(ctx, "Baslinje för versionsstyrd uppdatering")
	if err != nil {
		b.Fatal(err)
	}
	rawUpdates(b, e, c.ID)
}

// BenchmarkRawVersionedUpdateSameSize is the baseline again, on a document
// the size of those BenchmarkTransition writes: the stored record of a case
// in beslutsklar with a complete memo and 14 history events (the middle of
// BenchmarkTransition's 4 to 24), of which the document holds the 6 after
// the last archive block. It separates the cost of the engine from the
// cost of a bigger document.
func BenchmarkRawVersionedUpdateSameSize(b *testing.B) {
	e := benchEnv(b)
	c, err := e.sameSizeCase(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	rawUpdates(b, e, c.ID)
}

// sameSizeCase registers the case BenchmarkRawVersionedUpdateSameSize
// updates: in beslutsklar with a complete memo and 14 history events.
func (e *env) sameSizeCase(ctx context.Context) (cases.Case, error) {
	c, err := e.register(ctx, "Baslinje med en längre historik")
	if err == nil {
		c, err = e.toReady(ctx, c)
	}
	for i := 0; err == nil && i < transitionsPerCase/2; i++ {
		err = e.toggle(ctx, &c)
	}
	return c, err
}

// toggle fires table on c, or untable if c is tabled, as the sekreterare,
// and replaces c with the case as written.
func (e *env) toggle(ctx context.Context, c *cases.Case) error {
	event := "table"
	if c.State == cases.StateTabled {
		event = "untable"
	}
	got, err := e.engine.Cases.Fire(ctx, e.users["sekreterare"], c.ID, event, c.Version, "")
	if err != nil {
		return fmt.Errorf("%s on %s: %w", event, c.RegistrationNumber, err)
	}
	*c = got
	return nil
}

// readyCases registers enough cases in beslutsklar for n transitions,
// transitionsPerCase on each (untimed).
func (e *env) readyCases(b *testing.B, n int) []cases.Case {
	ctx := context.Background()
	pool := make([]cases.Case, (n+transitionsPerCase-1)/transitionsPerCase)
	for i := range pool {
		c, err := e.register(ctx, fmt.Sprintf("Bordläggningsärende %d", i))
		if err != nil {
			b.Fatal(err)
		}
		if pool[i], err = e.toReady(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
	return pool
}

// rawUpdates times b.N rounds of Backend.Get of a case's record and a
// version-guarded Backend.Update writing the same body back.
func rawUpdates(b *testing.B, e *env, id string) {
	ctx := context.Background()
	rec, err := e.backend.Get(ctx, repo.CollCases, id)
	if err != nil {
		b.Fatal(err)
	}
	size := len(rec.Data)
	cpu := startCPU(b)
	b.ResetTimer()
	for range b.N {
		rec, err := e.backend.Get(ctx, repo.CollCases, id)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.backend.Update(ctx, repo.CollCases, id, rec.Version, rec.Data); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
	b.ReportMetric(float64(size), "B/doc")
}

// transitionsPerCase bounds the history a benchmarked case accumulates: a
// case starts in beslutsklar with 4 events and takes this many table /
// untable transitions before the next case is used, so the documents stay
// the size of a real case's (4 to 24 events).
const transitionsPerCase = 20

// BenchmarkTransition is one engine Fire per op: table and untable
// alternating on a case in beslutsklar, by the sekreterare. It includes the
// load, the role policy, the state machine, the hash-chain append and the
// version-guarded update.
func BenchmarkTransition(b *testing.B) {
	e := benchEnv(b)
	timeTransitions(b, e, e.readyCases(b, b.N), transitionsPerCase)
}

// timeTransitions times b.N transitions (table / untable), perCase on
// each case of pool in turn, and reports the CPU time and transitions per
// second, and the size of the first case's document at the end.
func timeTransitions(b *testing.B, e *env, pool []cases.Case, perCase int) {
	ctx := context.Background()
	cpu := startCPU(b)
	b.ResetTimer()
	for i := range b.N {
		if err := e.toggle(ctx, &pool[i/perCase]); err != nil {
			b.Fatalf("transition %d: %v", i, err)
		}
	}
	cpu.report(b)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "transitions/s")
	b.StopTimer()
	if rec, err := e.backend.Get(ctx, repo.CollCases, pool[0].ID); err == nil {
		b.ReportMetric(float64(len(rec.Data)), "B/doc")
	}
}

// BenchmarkTransitionVsRaw measures the ratio with the baseline
// and the engine interleaved in batches: each batch is 20 raw versioned
// updates (Get and Update of a freshly registered case's record, as in
// BenchmarkRawVersionedUpdate), 20 of a record the size the engine writes
// (as in BenchmarkRawVersionedUpdateSameSize) and 20 transitions on one
// case (as in BenchmarkTransition), each kind timed on its own; b.N counts
// transitions. The separate benchmarks run one after the other, so a
// shared machine's load, which drifts by a third over a minute here, lands
// on one side more than the other; batched, it lands on both, while each
// kind still runs back to back with its own data in the caches. Reported:
// µs per op of each kind and the transition rate as a percentage of each
// raw rate.
func BenchmarkTransitionVsRaw(b *testing.B) {
	e := benchEnv(b)
	ctx := context.Background()
	small, err := e.register(ctx, "Baslinje för versionsstyrd uppdatering")
	if err != nil {
		b.Fatal(err)
	}
	same, err := e.sameSizeCase(ctx)
	if err != nil {
		b.Fatal(err)
	}
	pool := e.readyCases(b, b.N)
	raw := func(id string) time.Duration {
		t0 := time.Now()
		rec, err := e.backend.Get(ctx, repo.CollCases, id)
		if err == nil {
			_, err = e.backend.Update(ctx, repo.CollCases, id, rec.Version, rec.Data)
		}
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	var tSmall, tSame, tFire time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i += transitionsPerCase {
		batch := min(transitionsPerCase, b.N-i)
		for range batch {
			tSmall += raw(small.ID)
		}
		for range batch {
			tSame += raw(same.ID)
		}
		c := &pool[i/transitionsPerCase]
		t0 := time.Now()
		for k := range batch {
			if err := e.toggle(ctx, c); err != nil {
				b.Fatalf("transition %d: %v", i+k, err)
			}
		}
		tFire += time.Since(t0)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(tSmall.Seconds()*1e6/n, "raw-µs")
	b.ReportMetric(tSame.Seconds()*1e6/n, "raw-same-size-µs")
	b.ReportMetric(tFire.Seconds()*1e6/n, "transition-µs")
	b.ReportMetric(100*tSmall.Seconds()/tFire.Seconds(), "%-of-raw")
	b.ReportMetric(100*tSame.Seconds()/tFire.Seconds(), "%-of-raw-same-size")
}

// longHistory is where BenchmarkTransitionLongHistory's cases start: a
// case that has seen this many events, and takes as many again.
const longHistory = 100

// BenchmarkTransitionLongHistory is BenchmarkTransition on cases with a
// long history: each case is taken (untimed) to 100 events and then takes
// 100 table / untable transitions, so the history runs from 100 to 200
// events. Older events leave the case document in archive blocks, so the
// cost per transition should not grow with the history.
func BenchmarkTransitionLongHistory(b *testing.B) {
	e := benchEnv(b)
	ctx := context.Background()
	pool := make([]cases.Case, (b.N+longHistory-1)/longHistory)
	for i := range pool {
		c, err := e.register(ctx, fmt.Sprintf("Ärende med lång historik %d", i))
		if err != nil {
			b.Fatal(err)
		}
		if pool[i], err = e.toReady(ctx, c); err != nil {
			b.Fatal(err)
		}
		for range longHistory - 4 {
			if err := e.toggle(ctx, &pool[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	timeTransitions(b, e, pool, longHistory)
}

// BenchmarkRegisterParallel8 registers cases from 8 goroutines at once
// (SetParallelism(4) on GOMAXPROCS 2): the atomic number counter and the
// insert. ns/op is wall time divided by registrations.
func BenchmarkRegisterParallel8(b *testing.B) {
	e := benchEnv(b)
	ctx := context.Background()
	h := e.users["handlaggare"]
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.engine.Cases.Register(ctx, h, cases.Registration{Board: demo.BoardCode,
				Title: "Parallellt registrerat ärende", Counterpart: "Borgholms kommun"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "registrations/s")
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuMeter reports the process CPU time per op ("cpu-µs/op") of the timed
// loop. On a machine shared with other work the wall time per op swings
// with the load while the CPU time per op stays close to the work done,
// so the two together show how much of a slow sample was waiting.
type cpuMeter struct{ start time.Duration }

// startCPU starts a cpuMeter; call it right before b.ResetTimer.
func startCPU(b *testing.B) *cpuMeter { return &cpuMeter{start: cpuTime(b)} }

// report adds the metric; call it right after the timed loop.
func (m *cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(cpuTime(b)-m.start)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}
