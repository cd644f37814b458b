package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// testInPaging pages through queries with an IN condition on the leading
// field of an index (board IN …, as for a reader limited to some boards),
// sorted on the next field with a limit, by keyset and by offset: every
// page is the slice of the full result computed from the documents. SQLite
// runs such a page as a merge of one ordered query per value; the records
// and their order must be the same as one query's.
func testInPaging(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	if err := b.EnsureCollection(ctx, textPagesColl); err != nil {
		t.Fatal(err)
	}
	docs := insertTextPages(t, b)
	for _, boards := range [][]string{{"A", "C"}, {"D", "B", "D", "A"}, {"C", "X"}, {"A", "B", "C", "D"}} {
		for _, sk := range []store.SortKey{
			{Field: "n"}, {Field: "n", Desc: true}, {Field: "n", Desc: true, NotNull: true},
		} {
			t.Run(fmt.Sprintf("%v/desc=%v/notnull=%v", boards, sk.Desc, sk.NotNull), func(t *testing.T) {
				where := []store.Cond{{Field: "board", Op: store.OpIn, Value: boards}}
				if sk.NotNull {
					where = append(where, store.Cond{Field: "n", Op: store.OpGte, Value: int64(0)})
				}
				exp := textPagesWant(docs, sk, func(d textPage) bool {
					return slices.Contains(boards, d.Board) && (!sk.NotNull || d.N != nil)
				})
				q := store.Query{Where: where, Sort: []store.SortKey{sk}}
				if got := pageThrough(t, b, "tpages", q, 11, nil); !slices.Equal(got, exp) {
					t.Errorf("keyset pages:\n got %v\nwant %v", got, exp)
				}
				for _, off := range []int{0, 3, 150, 500} {
					q := q
					q.Limit, q.Offset = 9, off
					recs, err := b.Find(ctx, "tpages", q)
					if err != nil {
						t.Fatal(err)
					}
					w := exp[min(off, len(exp)):min(off+9, len(exp))]
					if got := recIDs(recs); !slices.Equal(got, w) {
						t.Errorf("offset %d limit 9: got %v, want %v", off, got, w)
					}
				}
			})
		}
	}
}
