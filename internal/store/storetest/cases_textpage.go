package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// textPagesColl is the collection of the text paging case: a text index
// beside indexes on the sort field, so that a backend may serve a text
// search's order from an index (SQLite's walk plan) or from the matches.
var textPagesColl = store.Collection{
	Name: "tpages",
	Indexes: []store.Index{
		{Name: "tpages_n", Fields: []string{"n"}},
		{Name: "tpages_board_n", Fields: []string{"board", "n"}},
	},
	Text: []string{"title"},
}

// textPage is the text paging document. N repeats (ties broken by id) and
// is missing from a few documents.
type textPage struct {
	Title string `json:"title"`
	Board string `json:"board"`
	N     *int64 `json:"n,omitempty"`
}

// textPageWords are the words of document i's title: "vanlig" in nearly
// all, "avtal" in half, "bygglov" in a tenth, "fiskekvot" in a few, and
// "sent" only in the last few percent of the documents by number, so that
// a search for it finds nothing among the first rows of most orders. No
// word is a prefix of another.
func textPageWords(i int) []string {
	var ws []string
	if i%50 != 0 {
		ws = append(ws, "vanlig")
	}
	if i%2 == 0 {
		ws = append(ws, "avtal")
	}
	if i%10 == 3 {
		ws = append(ws, "bygglov")
	}
	if i%97 == 1 {
		ws = append(ws, "fiskekvot")
	}
	if i >= 390 {
		ws = append(ws, "sent")
	}
	return append(ws, "nummer"+fmt.Sprint(i))
}

func newTextPage(i int) textPage {
	p := textPage{Title: strings.Join(textPageWords(i), " "), Board: string(rune('A' + i%4))}
	if i%23 != 4 {
		n := int64(i % 37)
		if i >= 390 {
			n = int64(i) // the "sent" documents come last ascending
		}
		p.N = &n
	}
	return p
}

// testTextPaging pages through text searches with a sort and a limit, by
// keyset and by offset, for common, rare and absent words, with and without
// a filter: every page is the slice of the single full result, which is
// computed here from the documents. A backend that chooses between plans by
// how common a word is (SQLite) must give the same records either way.
func testTextPaging(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	if err := b.EnsureCollection(ctx, textPagesColl); err != nil {
		t.Fatal(err)
	}
	docs := insertTextPages(t, b)
	// want is the full result of words with board (if not "") in the
	// order of sort (one key on n), computed from docs.
	want := func(words, board string, sort store.SortKey, notNull bool) []string {
		return textPagesWant(docs, sort, func(d textPage) bool {
			if board != "" && d.Board != board || notNull && d.N == nil {
				return false
			}
			for _, w := range strings.Fields(words) {
				if !slices.Contains(strings.Fields(d.Title), w) {
					return false
				}
			}
			return true
		})
	}
	for _, words := range []string{"vanlig", "avtal", "AVTAL bygglov", "bygglov", "fiskekvot", "sent", "vanlig sent", "saknas"} {
		for _, board := range []string{"", "C"} {
			for _, sk := range []store.SortKey{
				{Field: "n"}, {Field: "n", Desc: true}, {Field: "n", Desc: true, NotNull: true},
			} {
				name := fmt.Sprintf("%s/board=%s/desc=%v/notnull=%v", words, board, sk.Desc, sk.NotNull)
				t.Run(name, func(t *testing.T) {
					where := []store.Cond{store.Text(words)}
					if board != "" {
						where = append(where, store.Eq("board", board))
					}
					if sk.NotNull {
						// NotNull is a promise: the query returns no nulls.
						where = append(where, store.Cond{Field: "n", Op: store.OpGte, Value: int64(0)})
					}
					exp := want(words, board, sk, sk.NotNull)
					q := store.Query{Where: where, Sort: []store.SortKey{sk}}
					all, err := b.Find(ctx, "tpages", q)
					if err != nil {
						t.Fatal(err)
					}
					if got := recIDs(all); !slices.Equal(got, exp) {
						t.Fatalf("whole result:\n got %v\nwant %v", got, exp)
					}
					if got := pageThrough(t, b, "tpages", q, 9, nil); !slices.Equal(got, exp) {
						t.Errorf("keyset pages:\n got %v\nwant %v", got, exp)
					}
					for _, off := range []int{0, 5, 40} {
						q := q
						q.Limit, q.Offset = 7, off
						recs, err := b.Find(ctx, "tpages", q)
						if err != nil {
							t.Fatal(err)
						}
						w := exp[min(off, len(exp)):min(off+7, len(exp))]
						if got := recIDs(recs); !slices.Equal(got, w) {
							t.Errorf("offset %d limit 7: got %v, want %v", off, got, w)
						}
					}
				})
			}
		}
	}
}

// insertTextPages inserts 400 textPage documents in a shuffled order and
// returns them by id.
func insertTextPages(t *testing.T, b store.Backend) map[string]textPage {
	t.Helper()
	const count = 400
	docs := make(map[string]textPage, count)
	for _, i := range shuffled(count) {
		id := fmt.Sprintf("t%03d", i)
		docs[id] = newTextPage(i)
		if _, err := b.Insert(ctxT(t), "tpages", id, mustJSON(t, docs[id])); err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

// textPagesWant returns the ids of the documents keep accepts, in the order
// of sort (a key on n; nulls first ascending), then id.
func textPagesWant(docs map[string]textPage, sort store.SortKey, keep func(textPage) bool) []string {
	var ids []string
	for id, d := range docs {
		if keep(d) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(x, y string) int {
		nx, ny := docs[x].N, docs[y].N
		var c int
		switch {
		case nx == nil && ny == nil:
		case nx == nil:
			c = -1
		case ny == nil:
			c = 1
		default:
			c = cmp.Compare(*nx, *ny)
		}
		if sort.Desc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(x, y))
	})
	return ids
}

// shuffled returns 0 … n-1 in a fixed pseudo-random order.
func shuffled(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = (i*7919 + 13) % n
	}
	return out
}
