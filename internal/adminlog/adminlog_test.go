package adminlog

import (
	"testing"
	"time"
)

func chainOf(n int) (string, Log) {
	id := ChainID("user", "u1")
	var l Log
	for i := range n {
		l.Append(id, Record{At: time.Date(2026, 3, 2, 9, i, 0, 0, time.UTC), Actor: "admin", Action: "role_granted",
			After: JSON(map[string]int{"i": i}), State: StateDigest(map[string]int{"i": i})})
	}
	return id, l
}

// TestVerifyFindsEveryKindOfChange: an intact chain verifies; an edited,
// removed or reordered record, a chain moved to another object, and an
// object that differs from its last record are each found.
func TestVerifyFindsEveryKindOfChange(t *testing.T) {
	id, l := chainOf(3)
	state := StateDigest(map[string]int{"i": 2})
	if f := Verify(id, l, state); f != nil {
		t.Fatalf("intact chain: %+v", f)
	}
	cases := map[string]struct {
		id    string
		log   func(Log) Log
		state string
		kind  string
		seq   int
	}{
		"edited":            {id, func(l Log) Log { l[1].After = `{"i":9}`; return l }, state, FaultEdited, 2},
		"removed":           {id, func(l Log) Log { return append(l[:1:1], l[2]) }, state, FaultRemoved, 2},
		"reordered":         {id, func(l Log) Log { l[0], l[1] = l[1], l[0]; return l }, state, FaultRemoved, 1},
		"moved":             {ChainID("user", "u2"), func(l Log) Log { return l }, state, FaultRemoved, 1},
		"state":             {id, func(l Log) Log { return l }, StateDigest(map[string]int{"i": 3}), FaultState, 3},
		"unrecorded object": {id, func(Log) Log { return nil }, state, FaultUnrecorded, 0},
	}
	for name, c := range cases {
		_, l := chainOf(3)
		f := Verify(c.id, c.log(l), c.state)
		if f == nil || f.Kind != c.kind || f.Seq != c.seq {
			t.Errorf("%s: %+v, want %s at %d", name, f, c.kind, c.seq)
		}
	}
	// Nothing administered and nothing recorded is fine; "-" skips the
	// state (an exported chain).
	if f := Verify(id, nil, ""); f != nil {
		t.Errorf("an untouched object: %+v", f)
	}
	if f := Verify(id, l, "-"); f != nil {
		t.Errorf("without the state: %+v", f)
	}
}
