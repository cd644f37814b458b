package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/ledger"
)

// recheckRun is the longest run of missing numbers whose numbers are
// looked up again one by one before they are reported (a registration
// storing its number while the verification ran); longer runs are not
// in-flight registrations.
const recheckRun = 16

type seriesKey struct {
	board string
	year  int
}

// numberCheck finds the gaps of every diarium series during one
// verification: the counters are read before the cases, every case's
// diarienummer is noted as the cases go by, and at the end every number
// up to each counter must be held.
type numberCheck struct {
	reader NumberReader
	last   map[seriesKey]int64
	held   map[seriesKey][]int64
	ahead  map[seriesKey]heldBy // the highest number held beyond the counter
}

// heldBy is a number and the case holding it.
type heldBy struct {
	seq    int64
	caseID string
}

func newNumberCheck(ctx context.Context, r NumberReader) (*numberCheck, error) {
	series, err := r.DrawnSeries(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: reading the diarium counters: %w", err)
	}
	nc := &numberCheck{reader: r, last: map[seriesKey]int64{}, held: map[seriesKey][]int64{}, ahead: map[seriesKey]heldBy{}}
	for _, s := range series {
		nc.last[seriesKey{s.Board, s.Year}] = s.Last
	}
	return nc, nil
}

// see notes the diarienummer c holds.
func (nc *numberCheck) see(c cases.Case) {
	board, year, seq, err := cases.ParseNumber(c.RegistrationNumber)
	if err != nil {
		return
	}
	k := seriesKey{board, year}
	nc.held[k] = append(nc.held[k], seq)
	if seq > nc.last[k] && seq > nc.ahead[k].seq {
		nc.ahead[k] = heldBy{seq: seq, caseID: c.ID}
	}
}

// finish reports every run of numbers up to a counter that nothing
// holds, after looking short runs up again, and every series with
// numbers beyond its counter.
func (nc *numberCheck) finish(ctx context.Context, rep *ledger.Report) error {
	keys := make([]seriesKey, 0, len(nc.last)+len(nc.ahead))
	for k := range nc.last {
		keys = append(keys, k)
	}
	for k := range nc.ahead {
		if _, ok := nc.last[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b seriesKey) int {
		if c := strings.Compare(a.board, b.board); c != 0 {
			return c
		}
		return a.year - b.year
	})
	for _, k := range keys {
		last := nc.last[k]
		held := nc.held[k]
		slices.Sort(held)
		held = slices.Compact(held)
		next := int64(1) // the first number not yet known to be held
		gap := func(from, to int64) error {
			if to-from+1 <= recheckRun {
				for n := from; n <= to; n++ {
					ok, err := nc.reader.NumberHeld(ctx, k.board, k.year, n)
					if err != nil {
						return err
					}
					if ok {
						nc.report(rep, k, from, n-1)
						from = n + 1
					}
				}
			}
			nc.report(rep, k, from, to)
			return nil
		}
		for _, n := range held {
			if n > last {
				break
			}
			if n > next {
				if err := gap(next, n-1); err != nil {
					return err
				}
			}
			next = n + 1
		}
		if next <= last {
			if err := gap(next, last); err != nil {
				return err
			}
		}
		if a, ok := nc.ahead[k]; ok {
			top := cases.FormatNumber(k.board, k.year, a.seq)
			rep.Add(ledger.Problem{Kind: ledger.KindNumberAhead, Number: top, CaseID: a.caseID,
				Detail: fmt.Sprintf("cases hold numbers up to %s but the counter of %s %d stands at %d: the counter was rolled back, and the next registrations will collide",
					top, k.board, k.year, last)})
		}
	}
	return nil
}

// report adds the run from–to (nothing when empty).
func (nc *numberCheck) report(rep *ledger.Report, k seriesKey, from, to int64) {
	if from > to {
		return
	}
	first := cases.FormatNumber(k.board, k.year, from)
	detail := fmt.Sprintf("%s was drawn from the counter but no ärende holds it and it was never makulerat", first)
	if to > from {
		detail = fmt.Sprintf("%s to %s (%d numbers) were drawn from the counter but no ärende holds them and they were never makulerade",
			first, cases.FormatNumber(k.board, k.year, to), to-from+1)
	}
	rep.Add(ledger.Problem{Kind: ledger.KindUnexplainedNumber, Number: first, Detail: detail})
}
