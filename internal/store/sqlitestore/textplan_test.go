package sqlitestore

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// planColl is the collection of the plan tests: text on the title, indexes
// on the sort fields.
var planColl = store.Collection{
	Name: "plans",
	Indexes: []store.Index{
		{Name: "plans_k", Fields: []string{"k"}},
		{Name: "plans_grp_k", Fields: []string{"grp", "k"}},
	},
	Text: []string{"title"},
}

// planWords make the titles: word w<j> is in about one document in 2^j.
func planTitle(r *rand.Rand) string {
	var ws []string
	for j := range 10 {
		if r.IntN(1<<j) == 0 {
			ws = append(ws, fmt.Sprintf("ord%c", 'a'+j))
		}
	}
	return strings.Join(append(ws, "alla"), " ")
}

// openPlans opens a store with n generated documents in planColl. k ties
// often and is missing from some; "sist" is only in the documents with the
// highest k, so a newest-first walk meets it at once and an oldest-first
// walk only at the end.
func openPlans(t *testing.T, n int) *Backend {
	t.Helper()
	b, err := Open(t.Context(), t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	if err := b.EnsureCollection(t.Context(), planColl); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		doc := map[string]any{"title": planTitle(r), "grp": fmt.Sprintf("g%d", r.IntN(3)), "other": r.IntN(1000)}
		if r.IntN(20) != 0 {
			k := r.IntN(n / 4)
			if i >= n-n/50 {
				k = n + i
				doc["title"] = doc["title"].(string) + " sist"
			}
			doc["k"] = k
		}
		data, _ := json.Marshal(doc)
		if _, err := b.Insert(t.Context(), "plans", fmt.Sprintf("d%04d-%d", r.IntN(10000), i), data); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// findWith runs q with the plan forced and the hooks h (nil for none),
// and returns the ids and the plan textRun reported.
func findWith(t *testing.T, b *Backend, force string, q store.Query, h *textHooks) ([]string, string) {
	t.Helper()
	if h == nil {
		h = &textHooks{}
	}
	var plan string
	h.forcePlan, h.plan = force, func(p textPlan) { plan = p.Plan }
	recs, err := b.findPage(t.Context(), "plans", q, h)
	if err != nil {
		t.Fatalf("%s %+v: %v", force, q, err)
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids, plan
}

// TestTextPlansAgree: the set and the walk plan return the same records in
// the same order, for common and rare words, with filters, sort keys in
// both directions (with nulls, and NotNull), offsets and keyset pages, and
// as the query without a limit (which neither plan runs) returns them.
func TestTextPlansAgree(t *testing.T) {
	b := openPlans(t, 600)
	findWith := func(t *testing.T, b *Backend, force string, q store.Query) ([]string, string) {
		t.Helper()
		return findWith(t, b, force, q, nil)
	}
	sorts := [][]store.SortKey{
		{{Field: "k"}},
		{{Field: "k", Desc: true}},
		{{Field: "k", Desc: true, NotNull: true}},
		nil,
	}
	wheres := [][]store.Cond{
		nil,
		{store.Eq("grp", "g1")},
		{{Field: "other", Op: store.OpLt, Value: 500}},
	}
	walks := 0
	for _, words := range []string{"orda", "ordb", "ordc orda", "ordf", "ordj", "sist", "alla", "sist ordb", "saknas"} {
		for si, sort := range sorts {
			for wi, where := range wheres {
				w := append([]store.Cond{store.Text(words)}, where...)
				if len(sort) > 0 && sort[0].NotNull {
					w = append(w, store.Cond{Field: "k", Op: store.OpGte, Value: 0})
				}
				name := fmt.Sprintf("%s/sort%d/where%d", words, si, wi)
				all, _ := findWith(t, b, "", store.Query{Where: w, Sort: sort})
				for _, lim := range []struct{ limit, offset int }{{10, 0}, {25, 3}, {1, 0}} {
					q := store.Query{Where: w, Sort: sort, Limit: lim.limit, Offset: lim.offset}
					exp := all[min(lim.offset, len(all)):min(lim.offset+lim.limit, len(all))]
					for _, force := range []string{"set", "walk"} {
						got, plan := findWith(t, b, force, q)
						if !slices.Equal(got, exp) {
							t.Errorf("%s %+v (%s, ran %s):\n got %v\nwant %v", name, lim, force, plan, got, exp)
						}
						if force == "walk" && plan == "walk" {
							walks++
						}
					}
				}
				// Keyset pages of 40 through the whole result.
				for _, force := range []string{"set", "walk"} {
					var got []string
					q := store.Query{Where: w, Sort: sort, Limit: 40}
					for range 1000 {
						ids, _ := findWith(t, b, force, q)
						got = append(got, ids...)
						if len(ids) < 40 {
							break
						}
						rec, err := b.Get(t.Context(), "plans", ids[len(ids)-1])
						if err != nil {
							t.Fatal(err)
						}
						pos, err := store.PositionOf(rec, sort)
						if err != nil {
							t.Fatal(err)
						}
						q.After = &pos
					}
					if !slices.Equal(got, all) {
						t.Errorf("%s keyset pages (%s):\n got %v\nwant %v", name, force, got, all)
					}
				}
			}
		}
	}
	if walks == 0 {
		t.Error("the walk plan never ran")
	}
}

// TestTextPlanChoice: a common word walks the index, a rare word lets the
// matches drive, an order no index serves always uses the set plan, and a
// walk that reaches its cap before the page is full falls back to the set
// plan with the same result.
func TestTextPlanChoice(t *testing.T) {
	b := openPlans(t, 2000)
	desc := []store.SortKey{{Field: "k", Desc: true}}
	cases := []struct {
		name  string
		force string
		q     store.Query
		plan  string
	}{
		{"common word", "", store.Query{Where: []store.Cond{store.Text("alla")}, Sort: desc, Limit: 10}, "walk"},
		{"common word, filter", "", store.Query{Where: []store.Cond{store.Text("orda"), store.Eq("grp", "g2")}, Sort: desc, Limit: 10}, "walk"},
		{"rare word", "", store.Query{Where: []store.Cond{store.Text("ordj")}, Sort: desc, Limit: 10}, "set"},
		{"no limit", "", store.Query{Where: []store.Cond{store.Text("alla")}, Sort: desc}, ""},
		{"unindexed order", "walk", store.Query{Where: []store.Cond{store.Text("alla")},
			Sort: []store.SortKey{{Field: "other"}}, Limit: 10}, "set"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, plan := findWith(t, b, c.force, c.q, nil)
			if plan != c.plan {
				t.Errorf("plan %q, want %q", plan, c.plan)
			}
		})
	}
	t.Run("cap", func(t *testing.T) {
		q := store.Query{Where: []store.Cond{store.Text("sist")}, Sort: []store.SortKey{{Field: "k"}}, Limit: 5}
		want, _ := findWith(t, b, "set", q, nil)
		got, plan := findWith(t, b, "walk", q, &textHooks{walkCap: 3})
		if plan != "walk-fallback" || !slices.Equal(got, want) || len(want) != 5 {
			t.Errorf("plan %q, got %v, want %v", plan, got, want)
		}
	})
}

// TestTextPlanSnapshot: a document whose text changes between the reading
// of the matches and the query that uses them is returned as it was when
// it matched (one snapshot), never in a version without the words.
func TestTextPlanSnapshot(t *testing.T) {
	b := openPlans(t, 300)
	ctx := t.Context()
	for _, force := range []string{"set", "walk"} {
		t.Run(force, func(t *testing.T) {
			q := store.Query{Where: []store.Cond{store.Text("sist")}, Sort: []store.SortKey{{Field: "k", Desc: true}}, Limit: 3}
			before, err := b.Find(ctx, "plans", q)
			if err != nil || len(before) == 0 {
				t.Fatalf("%d records, %v", len(before), err)
			}
			id := before[0].ID
			h := &textHooks{forcePlan: force}
			h.afterList = func() {
				h.afterList = nil
				cur, err := b.Get(ctx, "plans", id)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := b.Update(ctx, "plans", id, cur.Version, json.RawMessage(`{"title":"annat","k":1}`)); err != nil {
					t.Fatal(err)
				}
			}
			recs, err := b.findPage(ctx, "plans", q, h)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if !strings.Contains(string(r.Data), "sist") {
					t.Errorf("%s returned without the word: %s", r.ID, r.Data)
				}
			}
			if len(recs) == 0 || recs[0].ID != id {
				t.Errorf("first record %v, want %s as it was", recIDs(recs), id)
			}
		})
	}
}

func recIDs(recs []store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}
