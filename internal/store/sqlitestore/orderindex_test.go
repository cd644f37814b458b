package sqlitestore

import (
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// TestOrderIndex checks which index a page is read from: the one that
// holds every equality condition before the sort fields, and none when no
// index does, when the query has no limit or no order, or when its keys
// go in different directions.
func TestOrderIndex(t *testing.T) {
	b, err := Open(t.Context(), t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	if err := b.EnsureCollection(t.Context(), store.Collection{Name: "ord", Indexes: []store.Index{
		{Name: "k", Fields: []string{"k"}},
		{Name: "grp_k", Fields: []string{"grp", "k"}},
		{Name: "grp_kind_k", Fields: []string{"grp", "kind", "k"}},
		{Name: "grp_n", Fields: []string{"grp", "n"}},
		{Name: "grp_k_n", Fields: []string{"grp", "k", "n"}},
	}}); err != nil {
		t.Fatal(err)
	}
	desc := []store.SortKey{{Field: "k", Desc: true}}
	rng := store.Cond{Field: "n", Op: store.OpGte, Value: 3}
	cases := []struct {
		name      string
		q         store.Query
		minPrefix int
		want      string
	}{
		{"one equality", store.Query{Where: []store.Cond{store.Eq("grp", "a")}, Sort: desc, Limit: 10}, 1, "ix_ord_grp_k"},
		{"two equalities and a range", store.Query{Where: []store.Cond{store.Eq("kind", "x"), rng, store.Eq("grp", "a")}, Sort: desc, Limit: 10}, 1, "ix_ord_grp_kind_k"},
		{"the other order", store.Query{Where: []store.Cond{store.Eq("grp", "a")}, Sort: []store.SortKey{{Field: "n"}}, Limit: 10}, 1, "ix_ord_grp_n"},
		{"two sort keys", store.Query{Where: []store.Cond{store.Eq("grp", "a")}, Sort: []store.SortKey{{Field: "k"}, {Field: "n"}}, Limit: 10}, 1, "ix_ord_grp_k_n"},
		{"keys in two directions", store.Query{Where: []store.Cond{store.Eq("grp", "a")}, Sort: []store.SortKey{{Field: "k"}, {Field: "n", Desc: true}}, Limit: 10}, 1, ""},
		{"an equality no index holds", store.Query{Where: []store.Cond{store.Eq("grp", "a"), store.Eq("other", 1)}, Sort: desc, Limit: 10}, 1, ""},
		{"no equality", store.Query{Where: []store.Cond{rng}, Sort: desc, Limit: 10}, 1, ""},
		{"no equality, text walk", store.Query{Where: []store.Cond{rng}, Sort: desc, Limit: 10}, 0, "ix_ord_k"},
		{"no limit", store.Query{Where: []store.Cond{store.Eq("grp", "a")}, Sort: desc}, 1, ""},
		{"no order", store.Query{Where: []store.Cond{store.Eq("grp", "a")}, Limit: 10}, 1, ""},
		{"null equality", store.Query{Where: []store.Cond{store.Eq("grp", nil)}, Sort: desc, Limit: 10}, 1, ""},
	}
	for _, c := range cases {
		if got := b.orderIndex(t.Context(), "ord", c.q, c.minPrefix); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// The named index is what SQLite reads, and the rows are the query's.
	plan, err := b.Plan(t.Context(), "ord", store.Query{Where: []store.Cond{store.Eq("grp", "a"), store.Eq("kind", "x"), rng}, Sort: desc, Limit: 10})
	if err != nil || len(plan) == 0 || plan[0] != "SEARCH c_ord USING INDEX ix_ord_grp_kind_k (<expr>=? AND <expr>=?)" {
		t.Errorf("plan %q, %v", plan, err)
	}
	// An index added later is seen.
	if err := b.EnsureCollection(t.Context(), store.Collection{Name: "ord", Indexes: []store.Index{{Name: "other_k", Fields: []string{"other", "k"}}}}); err != nil {
		t.Fatal(err)
	}
	if got := b.orderIndex(t.Context(), "ord", store.Query{Where: []store.Cond{store.Eq("other", 1)}, Sort: desc, Limit: 5}, 1); got != "ix_ord_other_k" {
		t.Errorf("after a new index: %q", got)
	}
}
