package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

func seedItems(t *testing.T, b store.Backend) {
	t.Helper()
	ctx := ctxT(t)
	for i := range 25 {
		it := item{Board: "ITN", Amount: int64((i * 7) % 25), N: i, Open: i%2 == 0,
			Title: fmt.Sprintf("Ärende %02d", i)}
		if i >= 20 {
			it.Board = "KS"
		}
		it.Folded = store.Fold(it.Title)
		it.Nested.Nämnd = it.Board
		if _, err := b.Insert(ctx, "items", fmt.Sprintf("i%02d", i), mustJSON(t, it)); err != nil {
			t.Fatal(err)
		}
	}
}

func ns(t *testing.T, recs []store.Record) []int {
	t.Helper()
	out := make([]int, len(recs))
	for i, r := range recs {
		out[i] = decode(t, r).N
	}
	return out
}

func eqInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func testFind(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	seedItems(t, b)
	where := []store.Cond{store.Eq("board", "ITN")}
	n, err := b.Count(ctx, "items", where)
	if err != nil || n != 20 {
		t.Fatalf("Count board=ITN = %d (%v), want 20", n, err)
	}
	// Amount = (i*7)%25 is a permutation of 0..24 over i in 0..24, so the
	// order by amount descending is fully determined.
	var all []int
	for page := 0; page < 4; page++ {
		recs, err := b.Find(ctx, "items", store.Query{Where: where,
			Sort: []store.SortKey{{Field: "amount", Desc: true}}, Limit: 6, Offset: page * 6})
		if err != nil {
			t.Fatalf("Find page %d: %v", page, err)
		}
		if page < 3 && len(recs) != 6 || page == 3 && len(recs) != 2 {
			t.Fatalf("page %d has %d records", page, len(recs))
		}
		for i, r := range recs {
			it := decode(t, r)
			if it.Board != "ITN" {
				t.Errorf("filter leaked board %q", it.Board)
			}
			if i > 0 && decode(t, recs[i-1]).Amount < it.Amount {
				t.Errorf("page %d not sorted by amount desc", page)
			}
			all = append(all, it.N)
		}
	}
	if len(all) != 20 {
		t.Fatalf("pages returned %d records, want 20", len(all))
	}
	seen := map[int]bool{}
	for _, v := range all {
		if seen[v] {
			t.Errorf("record %d on two pages", v)
		}
		seen[v] = true
	}
	// Ties on the sort key are broken by id ascending.
	recs, err := b.Find(ctx, "items", store.Query{Sort: []store.SortKey{{Field: "board"}}, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := ns(t, recs); !eqInts(got, []int{0, 1, 2}) {
		t.Errorf("ties not broken by id: got %v", got)
	}
	// Nested field with an index.
	n, err = b.Count(ctx, "items", []store.Cond{store.Eq("nested.namnd", "KS")})
	if err != nil || n != 5 {
		t.Errorf("Count nested.namnd=KS = %d (%v), want 5", n, err)
	}
}

func testOperators(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	seedItems(t, b)
	cases := []struct {
		name  string
		where []store.Cond
		want  []int
	}{
		{"range", []store.Cond{{Field: "n", Op: store.OpGte, Value: 3}, {Field: "n", Op: store.OpLt, Value: int64(6)}}, []int{3, 4, 5}},
		{"gt lte", []store.Cond{{Field: "n", Op: store.OpGt, Value: 22}, {Field: "n", Op: store.OpLte, Value: 24}}, []int{23, 24}},
		{"in strings", []store.Cond{{Field: "title", Op: store.OpIn, Value: []string{"Ärende 01", "Ärende 07", "nope"}}}, []int{1, 7}},
		{"in ints", []store.Cond{{Field: "n", Op: store.OpIn, Value: []int64{2, 4}}}, []int{2, 4}},
		{"bool", []store.Cond{store.Eq("open", false), {Field: "n", Op: store.OpLt, Value: 6}}, []int{1, 3, 5}},
		{"ne", []store.Cond{{Field: "board", Op: store.OpNe, Value: "ITN"}}, []int{20, 21, 22, 23, 24}},
		{"contains folded", []store.Cond{{Field: "folded", Op: store.OpContains, Value: store.Fold("ÄRENDE 1")}}, []int{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}},
		{"contains is literal", []store.Cond{{Field: "title", Op: store.OpContains, Value: "Ärende .*"}}, []int{}},
		{"eq nil matches missing", []store.Cond{store.Eq("dnr", nil), {Field: "n", Op: store.OpLt, Value: 2}}, []int{0, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, err := b.Find(ctx, "items", store.Query{Where: c.where, Sort: []store.SortKey{{Field: "n"}}})
			if err != nil {
				t.Fatal(err)
			}
			if got := ns(t, recs); !eqInts(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func testInvalidQuery(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	bad := []store.Query{
		{Where: []store.Cond{store.Eq("x'); DROP TABLE items; --", 1)}},
		{Where: []store.Cond{store.Eq("$where", "1")}},
		{Where: []store.Cond{{Field: "n", Op: "regex", Value: ".*"}}},
		{Where: []store.Cond{store.Eq("board", map[string]any{"$gt": ""})}},
		{Sort: []store.SortKey{{Field: "a b"}}},
		{Limit: -1},
	}
	for i, q := range bad {
		if _, err := b.Find(ctx, "items", q); !errors.Is(err, store.ErrInvalidQuery) {
			t.Errorf("query %d: err = %v, want ErrInvalidQuery", i, err)
		}
	}
	if _, err := b.Find(ctx, "items", store.Query{}); err != nil {
		t.Errorf("collection gone after bad queries: %v", err)
	}
}
