package adminlog

import (
	"context"
	"fmt"
	"testing"
	"time"
)

type chainList []Chain

func (l chainList) Chains(_ context.Context, fn func(Chain) error) error {
	for _, c := range l {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// TestRecentOfReadsNewestFirst: a source without an index gives its
// chains with records, the one with the newest record first (ties by id),
// stops when told, and finds a chain by id.
func TestRecentOfReadsNewestFirst(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 3, 2, 9, min, 0, 0, time.UTC) }
	chain := func(id string, mins ...int) Chain {
		c := Chain{ID: id, State: "-"}
		for _, m := range mins {
			c.Log.Append(id, Record{At: at(m), Actor: "admin", Action: "x"})
		}
		return c
	}
	// b's newest record is older than its head (a clock set back).
	src := RecentOf(chainList{chain("a", 1, 5), chain("b", 9, 3), chain("c"), chain("d", 5), chain("e", 7)})
	var ids []string
	if err := src.Recent(t.Context(), func(c Chain) (bool, error) { ids = append(ids, c.ID); return len(ids) < 3, nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[b e a]" {
		t.Errorf("newest first, three: %v", ids)
	}
	ids = nil
	if err := src.Recent(t.Context(), func(c Chain) (bool, error) { ids = append(ids, c.ID); return true, nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[b e a d]" {
		t.Errorf("every chain with records: %v", ids)
	}
	if c, ok, err := src.Chain(t.Context(), "c"); !ok || err != nil || c.ID != "c" {
		t.Errorf("Chain(c): %v %v", ok, err)
	}
	if _, ok, _ := src.Chain(t.Context(), "x"); ok {
		t.Error("Chain(x) found one")
	}
}
