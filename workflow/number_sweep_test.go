package workflow_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/policies"
	"github.com/samstyr/samstyr/workflow"
)

const sweepGrace = 5 * time.Minute

// held lists the diarienummer of ITN 2026 that cases hold, with the
// actor of each one's first event.
func held(t *testing.T, e *env) map[string]string {
	t.Helper()
	recs, err := e.backend.Find(t.Context(), repo.CollCases, store.Query{Where: []store.Cond{store.Eq("board", demo.BoardCode)}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range recs {
		var c cases.Case
		if err := r.Decode(&c); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[c.RegistrationNumber]; dup {
			t.Errorf("%s is held twice", c.RegistrationNumber)
		}
		out[c.RegistrationNumber] = c.History[0].Actor
	}
	return out
}

// drawUnused draws n numbers of ITN 2026 and stores nothing, as a process
// killed between drawing and storing would.
func drawUnused(t *testing.T, e *env, n int) []string {
	t.Helper()
	var out []string
	for range n {
		seq, err := e.cases.NextNumber(t.Context(), demo.BoardCode, 2026)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cases.FormatNumber(demo.BoardCode, 2026, seq))
	}
	return out
}

// TestSweepMakulerarOnlyOldUnusedNumbers: numbers drawn and never stored
// are makulerade by the sweep once an observation of them is older than
// the grace period, never before, with the reason and the time; numbers
// held by cases are left alone; a second sweep changes nothing.
func TestSweepMakulerarOnlyOldUnusedNumbers(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		sw := cases.NewSweeper(e.cases, e.clock, sweepGrace, workflow.CurrentVersion)
		e.mustRegister(t, "Före luckan")
		lost := drawUnused(t, e, 2)
		e.mustRegister(t, "Efter luckan")
		late := drawUnused(t, e, 1) // the newest number: no later registration shows the gap
		for i, advance := range []time.Duration{0, sweepGrace - time.Second} {
			e.clock.Advance(advance)
			if done, err := sw.Sweep(t.Context()); err != nil || len(done) != 0 {
				t.Fatalf("sweep %d, before the grace period: %v %v", i+1, done, err)
			}
		}
		e.clock.Advance(2 * time.Second)
		done, err := sw.Sweep(t.Context())
		if want := append(slices.Clone(lost), late...); err != nil || !slices.Equal(done, want) {
			t.Fatalf("sweep after the grace period = %v, %v; want %v", done, err, want)
		}
		h := held(t, e)
		for _, n := range done {
			if h[n] != cases.SystemActor {
				t.Errorf("%s: held by %q, want a makulering by %s", n, h[n], cases.SystemActor)
			}
		}
		c, err := e.cases.GetByNumber(t.Context(), lost[0])
		if err != nil {
			t.Fatal(err)
		}
		if c.State != cases.StateVoided || c.VoidReason != cases.SweepReason || c.History[0].Note != cases.SweepReason ||
			!c.RegisteredAt.Equal(e.clock.Now().UTC()) || c.Verify() != nil {
			t.Errorf("makulering of %s: %+v (verify %v)", lost[0], c, c.Verify())
		}
		if len(h) != 5 {
			t.Errorf("%d numbers held, want 5: %v", len(h), h)
		}
		e.clock.Advance(sweepGrace + time.Second)
		if done, err := sw.Sweep(t.Context()); err != nil || len(done) != 0 {
			t.Errorf("a second sweep: %v %v", done, err)
		}
	})
}

// TestConcurrentSweepsMakuleraEachNumberOnce runs eight sweepers (eight
// instances) at once over twenty unused numbers: every number is
// makulerat exactly once and no sweeper fails.
func TestConcurrentSweepsMakuleraEachNumberOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		lost := drawUnused(t, e, 20)
		e.mustRegister(t, "Efter luckan")
		sweep := func() ([]string, error) {
			var (
				wg   sync.WaitGroup
				mu   sync.Mutex
				all  []string
				errs []error
			)
			for range 8 {
				wg.Go(func() {
					done, err := cases.NewSweeper(e.cases, e.clock, sweepGrace, workflow.CurrentVersion).Sweep(t.Context())
					mu.Lock()
					defer mu.Unlock()
					all = append(all, done...)
					if err != nil {
						errs = append(errs, err)
					}
				})
			}
			wg.Wait()
			if len(errs) > 0 {
				return all, fmt.Errorf("%d sweeps failed, first: %w", len(errs), errs[0])
			}
			return all, nil
		}
		if done, err := sweep(); err != nil || len(done) != 0 {
			t.Fatalf("first sweeps: %v %v", done, err)
		}
		e.clock.Advance(sweepGrace)
		done, err := sweep()
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(done)
		want := slices.Clone(lost)
		slices.Sort(want)
		if !slices.Equal(done, want) {
			t.Errorf("makulerade %v, want each of %v once", done, want)
		}
		if h := held(t, e); len(h) != 21 {
			t.Errorf("%d numbers held, want 21", len(h))
		}
	})
}

// stallingStore is the case store of a registration that stalls between
// drawing its number and storing its case for longer than the grace
// period, while the sweep runs.
type stallingStore struct {
	repo.Cases
	stall func(ctx context.Context)
	once  sync.Once
}

func (s *stallingStore) Insert(ctx context.Context, c cases.Case) (cases.Case, error) {
	s.once.Do(func() { s.stall(ctx) })
	return s.Cases.Insert(ctx, c)
}

// TestRegistrationThatLostItsNumberToTheSweepDrawsAnother: the sweep
// makulerar the number of a registration stalled beyond the grace period;
// the registration then stores its case under the next number, so the
// number is held once (by the makulering) and the series has no gap.
func TestRegistrationThatLostItsNumberToTheSweepDrawsAnother(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		e.mustRegister(t, "Först")
		sw := cases.NewSweeper(e.cases, e.clock, sweepGrace, workflow.CurrentVersion)
		st := &stallingStore{Cases: e.cases, stall: func(ctx context.Context) {
			for _, d := range []time.Duration{0, sweepGrace} {
				e.clock.Advance(d)
				if _, err := sw.Sweep(ctx); err != nil {
					t.Errorf("sweep: %v", err)
				}
			}
		}}
		policy, err := policies.LoadWorkflow()
		if err != nil {
			t.Fatal(err)
		}
		eng := workflow.NewEngine(st, repo.NewBoards(e.backend), policy, e.clock, maxUpload)
		c, err := eng.Cases.Register(t.Context(), e.user(t, "handlaggare"), cases.Registration{Board: demo.BoardCode, Title: "Fördröjd registrering"})
		if err != nil {
			t.Fatal(err)
		}
		if c.RegistrationNumber != "ITN 2026/3" {
			t.Errorf("the stalled registration got %s, want ITN 2026/3", c.RegistrationNumber)
		}
		h := held(t, e)
		if h["ITN 2026/2"] != cases.SystemActor || h["ITN 2026/3"] != "handlaggare" || len(h) != 3 {
			t.Errorf("held: %v", h)
		}
	})
}
