package repo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/store"
)

var _ cases.NumberStore = Cases{}

// dnrCounter names the counter of a board's diarium for a year.
func dnrCounter(board string, year int) string { return fmt.Sprintf("dnr/%s/%d", board, year) }

// DrawnSeries lists every diarium series whose counter has drawn a
// number, read from the kernel's counters (board, then year order).
func (r Cases) DrawnSeries(ctx context.Context) ([]cases.Series, error) {
	cp, ok := r.b.(store.Copier)
	if !ok {
		return nil, fmt.Errorf("repo: the %s backend cannot list its counters", r.b.Name())
	}
	seqs, err := cp.Sequences(ctx)
	if err != nil {
		return nil, err
	}
	var out []cases.Series
	for name, n := range seqs {
		rest, ok := strings.CutPrefix(name, "dnr/")
		if !ok || n < 1 {
			continue
		}
		i := strings.LastIndexByte(rest, '/')
		if i <= 0 {
			continue
		}
		year, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			continue
		}
		out = append(out, cases.Series{Board: rest[:i], Year: year, Last: n})
	}
	slices.SortFunc(out, func(a, b cases.Series) int {
		if c := strings.Compare(a.Board, b.Board); c != 0 {
			return c
		}
		return a.Year - b.Year
	})
	return out, nil
}

// NumberHeld reports whether a case (an ärende or a makulering) holds the
// diarienummer, through the unique index on it.
func (r Cases) NumberHeld(ctx context.Context, board string, year int, seq int64) (bool, error) {
	n, err := r.b.Count(ctx, CollCases, []store.Cond{store.Eq("registration_number", cases.FormatNumber(board, year, seq))})
	return n > 0, err
}

// sweepMarkID is the meta document of a series' sweep mark.
func sweepMarkID(board string, year int) string { return "sweep/" + dnrCounter(board, year) }

func setMarkV(m *cases.SweepMark, v int64) { m.Version = v }

// SweepMark loads the makulering sweep's mark of a series (Version 0 when
// there is none yet).
func (r Cases) SweepMark(ctx context.Context, board string, year int) (cases.SweepMark, error) {
	var m cases.SweepMark
	err := get(ctx, r.b, store.MetaCollection, sweepMarkID(board, year), &m, setMarkV)
	if errors.Is(err, fault.ErrNotFound) {
		return cases.SweepMark{Board: board, Year: year}, nil
	}
	return m, err
}

// PutSweepMark inserts (Version 0) or updates a sweep mark; a mark
// another instance wrote first is fault.ErrVersionConflict.
func (r Cases) PutSweepMark(ctx context.Context, m cases.SweepMark) error {
	id := sweepMarkID(m.Board, m.Year)
	if m.Version == 0 {
		return conflictOnDup(insert(ctx, r.b, store.MetaCollection, id, &m, setMarkV, nil))
	}
	return update(ctx, r.b, store.MetaCollection, id, m.Version, &m, setMarkV, nil)
}
