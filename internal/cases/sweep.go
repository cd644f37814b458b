package cases

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// SweepReason is the reason a number the sweep makulerar is given.
const SweepReason = "diarienumret drogs men inget ärende sparades (registreringen avbröts); makulerat av systemet"

// sweepBatch bounds how many numbers of one series a sweep looks at, so a
// counter moved far ahead by hand cannot keep one run going for ever; the
// next run goes on where it stopped.
const sweepBatch = 10000

// SweepMark is the makulering sweep's progress in one series, kept in the
// store so that every instance, and the next start, carries on from it.
type SweepMark struct {
	Board string `json:"board"`
	Year  int    `json:"year"`
	// ExplainedThrough: every number up to it is held by an ärende or a
	// makulering.
	ExplainedThrough int64 `json:"explained_through"`
	// Observed is the last number the counter had drawn at ObservedAt:
	// every number up to it was drawn by then.
	Observed   int64     `json:"observed"`
	ObservedAt time.Time `json:"observed_at"`
	// Version is the stored version; 0 before the first write.
	Version int64 `json:"-"`
}

// NumberStore is what the makulering sweep needs from storage.
type NumberStore interface {
	// DrawnSeries lists every series whose counter has drawn a number.
	DrawnSeries(ctx context.Context) ([]Series, error)
	// NumberHeld reports whether an ärende or a makulering holds the
	// number.
	NumberHeld(ctx context.Context, board string, year int, seq int64) (bool, error)
	// Insert stores a new case; a number already held is ErrNumberTaken.
	Insert(ctx context.Context, c Case) (Case, error)
	// SweepMark returns the series' mark, Version 0 if there is none.
	SweepMark(ctx context.Context, board string, year int) (SweepMark, error)
	// PutSweepMark inserts the mark (Version 0) or updates it at its
	// Version; a lost race is fault.ErrVersionConflict.
	PutSweepMark(ctx context.Context, m SweepMark) error
}

// Sweeper keeps every diarium's series explained: a number drawn from the
// counter but never stored (the process died between the two writes, or
// storing failed and so did keeping the number) is recorded as a
// makulering, with its reason and time, once it is older than the grace
// period.
//
// A registration draws its number and stores its case at once, so a
// number drawn more than the grace period ago and still held by nothing
// will not be stored. The sweep knows a number's age from its own
// observations: at each run it records the counter's value and the time
// (SweepMark), and a later run at least grace after that observation
// makulerar the numbers up to the value that nothing holds. Should a
// registration nevertheless try to store its number after the sweep took
// it (it stalled for longer than the grace period), the store's unique
// diarienummer refuses one of the two writes: a number is never held by
// both a case and a makulering, and the registration draws a new number
// (workflow.Register). Every step is idempotent, so any number of
// instances may sweep at once.
type Sweeper struct {
	st         NumberStore
	clock      platform.Clock
	grace      time.Duration
	fsmVersion int
}

// NewSweeper returns a sweeper over st. fsmVersion is the lifecycle
// definition version new cases start on.
func NewSweeper(st NumberStore, clk platform.Clock, grace time.Duration, fsmVersion int) *Sweeper {
	return &Sweeper{st: st, clock: clk, grace: grace, fsmVersion: fsmVersion}
}

// Grace is the age a drawn number must reach before the sweep makulerar it.
func (s *Sweeper) Grace() time.Duration { return s.grace }

// Sweep looks at every series once and returns the diarienummer it
// makulerade. Run it at start and periodically (at least every grace).
func (s *Sweeper) Sweep(ctx context.Context) ([]string, error) {
	series, err := s.st.DrawnSeries(ctx)
	if err != nil {
		return nil, fmt.Errorf("cases: sweep: reading the counters: %w", err)
	}
	// Every number up to each series' Last was drawn before this instant.
	observedAt := s.clock.Now().UTC()
	var out []string
	for _, se := range series {
		done, err := s.sweepSeries(ctx, se, observedAt)
		out = append(out, done...)
		if err != nil {
			return out, fmt.Errorf("cases: sweep of %s %d: %w", se.Board, se.Year, err)
		}
	}
	return out, nil
}

func (s *Sweeper) sweepSeries(ctx context.Context, se Series, observedAt time.Time) ([]string, error) {
	m, err := s.st.SweepMark(ctx, se.Board, se.Year)
	if err != nil {
		return nil, err
	}
	if m.Version == 0 {
		// The first look at this series: remember what was drawn by now.
		m = SweepMark{Board: se.Board, Year: se.Year, Observed: se.Last, ObservedAt: observedAt}
		return nil, ignoreLostRace(s.st.PutSweepMark(ctx, m))
	}
	if s.clock.Now().Sub(m.ObservedAt) < s.grace {
		return nil, nil // a registration may still be storing a number up to m.Observed
	}
	var out []string
	end := min(m.Observed, m.ExplainedThrough+sweepBatch)
	for n := m.ExplainedThrough + 1; n <= end; n++ {
		held, err := s.st.NumberHeld(ctx, se.Board, se.Year, n)
		if err != nil {
			return out, err
		}
		if held {
			continue
		}
		c := Makulering(platform.NewID(), se.Board, se.Year, n, SweepReason, SystemActor, "", s.clock.Now(), s.fsmVersion)
		switch _, err := s.st.Insert(ctx, c); {
		case err == nil:
			out = append(out, c.RegistrationNumber)
		case errors.Is(err, ErrNumberTaken):
			// Another instance's sweep (or a registration after all) holds it.
		default:
			return out, err
		}
	}
	m.ExplainedThrough = max(m.ExplainedThrough, end)
	if end == m.Observed {
		m.Observed, m.ObservedAt = max(se.Last, m.Observed), observedAt
	}
	return out, ignoreLostRace(s.st.PutSweepMark(ctx, m))
}

// ignoreLostRace treats a mark another instance wrote first as done: it
// did the same work.
func ignoreLostRace(err error) error {
	if errors.Is(err, fault.ErrVersionConflict) {
		return nil
	}
	return err
}
