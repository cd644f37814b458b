package adminlog

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Newest returns the time of the log's newest record (the zero time for an
// empty log). Records are appended in time order, so it is normally the
// head's, but a clock set back would make an older record newer.
func (l Log) Newest() time.Time {
	var t time.Time
	for _, r := range l {
		if r.At.After(t) {
			t = r.At
		}
	}
	return t
}

// RecentSource reads the administration's chains the most recently changed
// first, so that a page of the newest records reads the chains it shows,
// not every chain of the organisation.
type RecentSource interface {
	// Recent calls fn with every chain that has records, in descending
	// order of Newest (each record of a later chain is no newer than the
	// newest record of every earlier one), until fn returns false. Each
	// chain comes with the digest of its object's state now, as in
	// Source.
	Recent(ctx context.Context, fn func(Chain) (bool, error)) error
	// Chain returns the chain id names, and false when no object has it.
	Chain(ctx context.Context, id string) (Chain, bool, error)
}

// RecentOf makes a RecentSource of src by reading every chain of it at
// each call: for a source without an index of the chains by time (an
// exported file).
func RecentOf(src Source) RecentSource { return wholeSource{src} }

type wholeSource struct{ src Source }

func (w wholeSource) all(ctx context.Context) ([]Chain, error) {
	var out []Chain
	err := w.src.Chains(ctx, func(c Chain) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// Recent lists src's chains with records, newest first (ties by id).
func (w wholeSource) Recent(ctx context.Context, fn func(Chain) (bool, error)) error {
	cs, err := w.all(ctx)
	if err != nil {
		return err
	}
	cs = slices.DeleteFunc(cs, func(c Chain) bool { return len(c.Log) == 0 })
	slices.SortStableFunc(cs, func(a, b Chain) int {
		if c := b.Log.Newest().Compare(a.Log.Newest()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, c := range cs {
		if more, err := fn(c); err != nil || !more {
			return err
		}
	}
	return nil
}

// Chain finds the chain id among src's.
func (w wholeSource) Chain(ctx context.Context, id string) (Chain, bool, error) {
	cs, err := w.all(ctx)
	if err != nil {
		return Chain{}, false, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, true, nil
		}
	}
	return Chain{}, false, nil
}
