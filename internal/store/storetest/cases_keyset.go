package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// pagesColl is the collection of the keyset cases, indexed on the sort
// fields like a real case list.
var pagesColl = store.Collection{
	Name: "pages",
	Indexes: []store.Index{
		{Name: "pages_grp_rank", Fields: []string{"grp", "rank"}},
		{Name: "pages_rank", Fields: []string{"rank"}},
	},
}

// page is the keyset test document. Rank and Grp repeat a lot, so the
// sort keys tie and the id tie-break decides; a few documents lack them.
type page struct {
	Grp  *string `json:"grp,omitempty"`
	Rank *int64  `json:"rank,omitempty"`
	Open bool    `json:"open"`
	Sub  struct {
		Prio int64 `json:"prio"`
	} `json:"sub"`
}

func newPage(i int) page {
	var p page
	if i%13 != 5 { // a few documents have no grp: they sort first
		g := string(rune('a' + i%4))
		p.Grp = &g
	}
	if i%11 != 3 { // and a few no rank
		r := int64(i % 5)
		p.Rank = &r
	}
	p.Open = i%3 != 0
	p.Sub.Prio = int64(i % 7)
	return p
}

// insertPages inserts the documents numbered ids in a random order, so that
// insertion order says nothing about id order.
func insertPages(t *testing.T, b store.Backend, ids []int) {
	t.Helper()
	ctx := ctxT(t)
	r := rand.New(rand.NewPCG(uint64(len(ids)), 7))
	order := slices.Clone(ids)
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, i := range order {
		if _, err := b.Insert(ctx, "pages", fmt.Sprintf("p%03d", i), mustJSON(t, newPage(i))); err != nil {
			t.Fatal(err)
		}
	}
}

func recIDs(recs []store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

// pageThrough reads q on coll page by page (Limit per page, After the last record
// of the previous page) and returns the ids in order. between, if set, runs
// after each full page with the position the next page starts after.
func pageThrough(t *testing.T, b store.Backend, coll string, q store.Query, limit int, between func(page int, pos store.Position)) []string {
	t.Helper()
	ctx := ctxT(t)
	var ids []string
	q.Limit = limit
	for n := 0; ; n++ {
		if n > 200 {
			t.Fatal("paging does not end")
		}
		recs, err := b.Find(ctx, coll, q)
		if err != nil {
			t.Fatalf("page %d: %v", n, err)
		}
		if len(recs) > limit {
			t.Fatalf("page %d has %d records, limit %d", n, len(recs), limit)
		}
		ids = append(ids, recIDs(recs)...)
		if len(recs) < limit {
			return ids
		}
		pos, err := store.PositionOf(recs[len(recs)-1], q.Sort)
		if err != nil {
			t.Fatalf("PositionOf: %v", err)
		}
		q.After = &pos
		if between != nil {
			between(n, pos)
		}
	}
}

// testKeyset pages through 60 documents with tied and missing sort values,
// for one and two sort keys in every direction: the pages together are the
// single full query, in its order, every document once.
func testKeyset(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	if err := b.EnsureCollection(ctx, pagesColl); err != nil {
		t.Fatal(err)
	}
	all := make([]int, 60)
	for i := range all {
		all[i] = i
	}
	insertPages(t, b, all)
	open := []store.Cond{store.Eq("open", true)}
	cases := []struct {
		name  string
		where []store.Cond
		sort  []store.SortKey
	}{
		{"id only", nil, nil},
		{"rank asc", nil, []store.SortKey{{Field: "rank"}}},
		{"rank desc", nil, []store.SortKey{{Field: "rank", Desc: true}}},
		{"grp asc rank asc", nil, []store.SortKey{{Field: "grp"}, {Field: "rank"}}},
		{"grp asc rank desc", nil, []store.SortKey{{Field: "grp"}, {Field: "rank", Desc: true}}},
		{"grp desc rank asc", nil, []store.SortKey{{Field: "grp", Desc: true}, {Field: "rank"}}},
		{"grp desc rank desc filtered", open, []store.SortKey{{Field: "grp", Desc: true}, {Field: "rank", Desc: true}}},
		{"nested desc rank asc", nil, []store.SortKey{{Field: "sub.prio", Desc: true}, {Field: "rank"}}},
		{"not-null desc", nil, []store.SortKey{{Field: "sub.prio", Desc: true, NotNull: true}}},
		{"not-null desc rank desc filtered", open, []store.SortKey{{Field: "sub.prio", Desc: true, NotNull: true}, {Field: "rank", Desc: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := store.Query{Where: c.where, Sort: c.sort}
			full, err := b.Find(ctx, "pages", q)
			if err != nil {
				t.Fatal(err)
			}
			want := recIDs(full)
			if c.where == nil && len(want) != 60 {
				t.Fatalf("full query returned %d documents, want 60", len(want))
			}
			got := pageThrough(t, b, "pages", q, 7, nil)
			if !slices.Equal(got, want) {
				t.Errorf("pages differ from the full query:\n got %v\nwant %v", got, want)
			}
		})
	}

	t.Run("invalid", func(t *testing.T) {
		sort := []store.SortKey{{Field: "rank"}}
		bad := []store.Query{
			{Sort: sort, Offset: 7, After: &store.Position{Values: []any{int64(1)}, ID: "p001"}},
			{Sort: sort, After: &store.Position{Values: nil, ID: "p001"}},
			{Sort: sort, After: &store.Position{Values: []any{int64(1), "x"}, ID: "p001"}},
			{Sort: sort, After: &store.Position{Values: []any{map[string]any{"$gt": 1}}, ID: "p001"}},
			{Sort: sort, After: &store.Position{Values: []any{[]int64{1}}, ID: "p001"}},
		}
		for i, q := range bad {
			if _, err := b.Find(ctx, "pages", q); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("query %d: err = %v, want ErrInvalidQuery", i, err)
			}
		}
		if _, err := store.PositionOf(store.Record{ID: "x", Data: []byte(`{"rank":[1]}`)}, sort); !errors.Is(err, store.ErrInvalidQuery) {
			t.Errorf("PositionOf an array field: err = %v, want ErrInvalidQuery", err)
		}
	})
}

// testKeysetInsertBetween inserts documents while a client pages: those
// that sort after its position show up on a later page, those before do
// not, and nothing appears twice or goes missing.
func testKeysetInsertBetween(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	if err := b.EnsureCollection(ctx, pagesColl); err != nil {
		t.Fatal(err)
	}
	var first []int
	for i := range 60 {
		if i%11 != 3 { // every document has a rank here
			first = append(first, i)
		}
	}
	insertPages(t, b, first)
	sort := []store.SortKey{{Field: "rank", Desc: true}, {Field: "grp"}}
	var (
		before, after []string
		next          = 100
	)
	got := pageThrough(t, b, "pages", store.Query{Sort: sort}, 7, func(n int, pos store.Position) {
		if n > 3 {
			return
		}
		// Between the first pages, insert documents all over the order:
		// rank 4 sorts first (before the reader), rank 0 last.
		for _, rank := range []int64{4, 2, 0} {
			for _, grp := range []string{"a", "d"} {
				id := fmt.Sprintf("p%03d", next)
				next++
				p := page{Grp: &grp, Rank: &rank, Open: true}
				rec, err := b.Insert(ctx, "pages", id, mustJSON(t, p))
				if err != nil {
					t.Fatal(err)
				}
				pp, err := store.PositionOf(rec, sort)
				if err != nil {
					t.Fatal(err)
				}
				if keysetLess(pos, pp, sort) {
					after = append(after, id)
				} else {
					before = append(before, id)
				}
			}
		}
	})
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
		if seen[id] == 2 {
			t.Errorf("%s returned twice", id)
		}
	}
	for _, i := range first {
		if id := fmt.Sprintf("p%03d", i); seen[id] != 1 {
			t.Errorf("original document %s returned %d times, want once", id, seen[id])
		}
	}
	for _, id := range after {
		if seen[id] != 1 {
			t.Errorf("%s was inserted after the position but returned %d times, want once", id, seen[id])
		}
	}
	for _, id := range before {
		if seen[id] != 0 {
			t.Errorf("%s was inserted before the position but returned", id)
		}
	}
	if len(after) == 0 || len(before) == 0 {
		t.Fatalf("test inserted %d documents after and %d before the position; want some of each", len(after), len(before))
	}
	// The pages are in the query's order: what a full query returns now,
	// less the documents inserted behind the reader.
	full, err := b.Find(ctx, "pages", store.Query{Sort: sort})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(recIDs(full), func(id string) bool { return slices.Contains(before, id) })
	if !slices.Equal(got, want) {
		t.Errorf("pages out of order:\n got %v\nwant %v", got, want)
	}
}

// keysetLess reports whether a comes before b in the order sort, then id,
// for the non-nil int64 and string values of this suite's documents.
func keysetLess(a, b store.Position, sort []store.SortKey) bool {
	for i, k := range sort {
		c := compareScalar(a.Values[i], b.Values[i])
		if k.Desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
	}
	return a.ID < b.ID
}

func compareScalar(a, b any) int {
	switch x := a.(type) {
	case int64:
		y := b.(int64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case string:
		y := b.(string)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	panic(fmt.Sprintf("compareScalar: %T", a))
}
