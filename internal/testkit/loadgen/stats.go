package loadgen

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"time"
)

// Stats collects the latency of every request per operation. It keeps
// every sample (8 bytes each), so percentiles are exact; a run of a
// million requests needs 8 MB. Safe for concurrent use.
type Stats struct {
	mu  sync.Mutex
	ops map[string]*opSamples
}

type opSamples struct {
	ok        []time.Duration
	errors    int
	conflicts int
}

// NewStats returns empty statistics.
func NewStats() *Stats { return &Stats{ops: map[string]*opSamples{}} }

// Record adds one request of op that took d and got status (0 for a
// transport error). Transport errors and 5xx answers are counted as
// errors, not as latency samples; 409 answers are samples and counted as
// conflicts too.
func (s *Stats) Record(op string, d time.Duration, status int) {
	if s == nil {
		return
	}
	s.mu.Lock()
	o := s.ops[op]
	if o == nil {
		o = &opSamples{}
		s.ops[op] = o
	}
	switch {
	case status == 0 || status >= 500:
		o.errors++
	default:
		o.ok = append(o.ok, d)
		if status == 409 {
			o.conflicts++
		}
	}
	s.mu.Unlock()
}

// OpSummary is the outcome of one operation over a run.
type OpSummary struct {
	Op            string
	Count         int // answered requests (any status below 500)
	Errors        int // transport errors and 5xx answers
	Conflicts     int // 409 answers (included in Count)
	PerSecond     float64
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// Summary returns one line per operation, sorted by name, plus the total
// over all operations, for a run that lasted elapsed.
func (s *Stats) Summary(elapsed time.Duration) (ops []OpSummary, total OpSummary) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []time.Duration
	names := make([]string, 0, len(s.ops))
	for n := range s.ops {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		o := s.ops[n]
		sum := summarize(n, slices.Clone(o.ok), o.errors, elapsed)
		sum.Conflicts = o.conflicts
		ops = append(ops, sum)
		all = append(all, o.ok...)
		total.Errors += o.errors
		total.Conflicts += o.conflicts
	}
	conflicts := total.Conflicts
	total = summarize("total", all, total.Errors, elapsed)
	total.Conflicts = conflicts
	return ops, total
}

func summarize(op string, samples []time.Duration, errs int, elapsed time.Duration) OpSummary {
	slices.Sort(samples)
	out := OpSummary{Op: op, Count: len(samples), Errors: errs}
	if elapsed > 0 {
		out.PerSecond = float64(len(samples)) / elapsed.Seconds()
	}
	if len(samples) == 0 {
		return out
	}
	q := func(p float64) time.Duration {
		i := int(p*float64(len(samples))+0.5) - 1
		return samples[max(0, min(i, len(samples)-1))]
	}
	out.P50, out.P95, out.P99, out.Max = q(0.50), q(0.95), q(0.99), samples[len(samples)-1]
	return out
}

// Print writes the summary as a fixed-width table.
func (s *Stats) Print(w io.Writer, elapsed time.Duration) {
	ops, total := s.Summary(elapsed)
	fmt.Fprintf(w, "%-14s %8s %6s %6s %8s %9s %9s %9s %9s\n", "operation", "count", "409s", "errors", "per s", "p50", "p95", "p99", "max")
	for _, o := range append(ops, total) {
		fmt.Fprintf(w, "%-14s %8d %6d %6d %8.1f %9s %9s %9s %9s\n", o.Op, o.Count, o.Conflicts, o.Errors, o.PerSecond,
			round(o.P50), round(o.P95), round(o.P99), round(o.Max))
	}
}

func round(d time.Duration) string {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	default:
		return d.Round(time.Microsecond).String()
	}
}
