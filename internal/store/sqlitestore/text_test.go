package sqlitestore_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// TestTextShadowNames: the FTS5 shadow tables of collection x (t_x_data,
// …) share the name space of the FTS table of a collection x_data. Whichever
// of the two declares Text second fails, and the first keeps working.
func TestTextShadowNames(t *testing.T) {
	for _, order := range [][2]string{{"x", "x_data"}, {"y_content", "y"}} {
		b := openDir(t, t.TempDir())
		ctx := t.Context()
		first, second := order[0], order[1]
		if err := b.EnsureCollection(ctx, store.Collection{Name: first, Text: []string{"title"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Insert(ctx, first, "a", json.RawMessage(`{"title":"Överenskommelse"}`)); err != nil {
			t.Fatal(err)
		}
		if err := b.EnsureCollection(ctx, store.Collection{Name: second, Text: []string{"title"}}); err == nil {
			t.Errorf("text index on %s after %s: no error", second, first)
		}
		recs, err := b.Find(ctx, first, store.Query{Where: []store.Cond{store.Text("överenskommelse")}})
		if err != nil || len(recs) != 1 {
			t.Errorf("search on %s after the refused %s: %d records, %v", first, second, len(recs), err)
		}
		// The refused collection itself exists, without text search.
		if _, err := b.Insert(ctx, second, "b", json.RawMessage(`{"title":"x"}`)); err != nil {
			t.Errorf("insert into %s: %v", second, err)
		}
	}
}

// TestTextFieldShapes: a text field holding an array of strings is searched
// by its elements' words, a number by its digits.
func TestTextFieldShapes(t *testing.T) {
	b := openDir(t, t.TempDir())
	ctx := t.Context()
	if err := b.EnsureCollection(ctx, store.Collection{Name: "d", Text: []string{"title", "tags"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Insert(ctx, "d", "a", json.RawMessage(`{"title":"Avtal","tags":["hyra","Borgholm"]}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Insert(ctx, "d", "b", json.RawMessage(`{"title":12345}`)); err != nil {
		t.Fatal(err)
	}
	find := func(words string) []string {
		t.Helper()
		recs, err := b.Find(ctx, "d", store.Query{Where: []store.Cond{store.Text(words)}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range recs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	if got := find("BORGHOLM avtal"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("array field: got %v, want [a]", got)
	}
	if got := find("12345"); !slices.Equal(got, []string{"b"}) {
		t.Errorf("number field: got %v, want [b]", got)
	}
	if got := find("överens"); len(got) != 0 {
		t.Errorf("got %v, want none", got)
	}
}
