package storetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// copier returns b as a store.Copier, failing the test if it is not one.
func copier(t *testing.T, b store.Backend) store.Copier {
	t.Helper()
	c, ok := b.(store.Copier)
	if !ok {
		t.Fatalf("%s backend does not implement store.Copier", b.Name())
	}
	return c
}

// scanAll pages through coll by id, two records at a time, the way
// migrate-store enumerates a collection.
func scanAll(t *testing.T, b store.Backend, coll string) []store.Record {
	t.Helper()
	var out []store.Record
	q := store.Query{Limit: 2}
	for {
		page, err := b.Find(ctxT(t), coll, q)
		if err != nil {
			t.Fatalf("scan %s: %v", coll, err)
		}
		out = append(out, page...)
		if len(page) < q.Limit {
			return out
		}
		q.After = &store.Position{ID: page[len(page)-1].ID}
	}
}

// testCopier copies one backend's collections and counters into another
// with Put and PutSequence and checks that ids, versions, bodies, unique
// indexes and full-text search survive, and that a repeated copy changes
// nothing.
func testCopier(t *testing.T, h Harness) {
	ctx := ctxT(t)
	src := copier(t, open(t, h))
	if err := src.EnsureCollection(ctx, textColl); err != nil {
		t.Fatal(err)
	}
	if err := src.EnsureCollection(ctx, store.Collection{Name: "empty_coll"}); err != nil {
		t.Fatal(err)
	}
	for i, dnr := range []string{"ITN 2026/1", "ITN 2026/2", "ITN 2026/3", "", ""} {
		id := string(rune('a'+i)) + "-id"
		if _, err := src.Insert(ctx, "items", id, mustJSON(t, item{Board: "ITN", Title: "Ärende " + id, Dnr: dnr, Amount: 1764000000123456789, N: i})); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := src.Update(ctx, "items", "b-id", 1, mustJSON(t, item{Board: "ITN", Title: "Ändrat", Dnr: "ITN 2026/2", N: 9})); err != nil {
		t.Fatal(err)
	}
	insertTextDocs(t, src, "docs")
	for range 3 {
		if _, err := src.NextSequence(ctx, "dnr/ITN/2026"); err != nil {
			t.Fatal(err)
		}
	}
	colls, err := src.Collections(ctx)
	if err != nil {
		t.Fatalf("Collections: %v", err)
	}
	for _, want := range []string{"docs", "empty_coll", "items"} {
		if !slices.Contains(colls, want) {
			t.Errorf("Collections = %v, missing %s", colls, want)
		}
	}
	if slices.Contains(colls, "sequences") || !slices.IsSorted(colls) {
		t.Errorf("Collections = %v: not sorted, or lists the counters", colls)
	}
	seqs, err := src.Sequences(ctx)
	if err != nil || seqs["dnr/ITN/2026"] != 3 || len(seqs) != 1 {
		t.Fatalf("Sequences = %v, %v; want dnr/ITN/2026: 3", seqs, err)
	}

	dst := copier(t, open(t, h))
	if err := dst.EnsureCollection(ctx, textColl); err != nil {
		t.Fatal(err)
	}
	copyAll := func() (changed int) {
		for _, coll := range []string{"items", "docs"} {
			for _, rec := range scanAll(t, src, coll) {
				ok, err := dst.Put(ctx, coll, rec)
				if err != nil {
					t.Fatalf("Put %s/%s: %v", coll, rec.ID, err)
				}
				if ok {
					changed++
				}
			}
		}
		for name, n := range seqs {
			ok, err := dst.PutSequence(ctx, name, n)
			if err != nil {
				t.Fatalf("PutSequence: %v", err)
			}
			if ok {
				changed++
			}
		}
		return changed
	}
	if n := copyAll(); n != 5+len(textDocs)+1 {
		t.Errorf("first copy changed %d records, want %d", n, 5+len(textDocs)+1)
	}
	if n := copyAll(); n != 0 {
		t.Errorf("second copy changed %d records, want 0 (a repeated copy is a no-op)", n)
	}
	for _, coll := range []string{"items", "docs"} {
		a, b := scanAll(t, src, coll), scanAll(t, dst, coll)
		if len(a) != len(b) {
			t.Fatalf("%s: %d records copied, want %d", coll, len(b), len(a))
		}
		for i := range a {
			if a[i].ID != b[i].ID || a[i].Version != b[i].Version || !sameJSON(t, a[i].Data, b[i].Data) {
				t.Errorf("%s: copied %s v%d %s, want %s v%d %s", coll, b[i].ID, b[i].Version, b[i].Data, a[i].ID, a[i].Version, a[i].Data)
			}
		}
	}
	got, err := dst.Get(ctx, "items", "b-id")
	if err != nil || got.Version != 2 || decode(t, got).Title != "Ändrat" {
		t.Errorf("b-id after copy: %+v %v, want version 2 titled Ändrat", got, err)
	}
	// The copy is a normal store afterwards: versioned updates, unique
	// indexes, full-text search and the counters carry on.
	if _, err := dst.Update(ctx, "items", "b-id", 1, mustJSON(t, item{Title: "stale"})); !errors.Is(err, store.ErrConflict) {
		t.Errorf("update with the pre-copy version: %v, want ErrConflict", err)
	}
	if rec, err := dst.Update(ctx, "items", "b-id", 2, mustJSON(t, item{Title: "Vidare", Dnr: "ITN 2026/2"})); err != nil || rec.Version != 3 {
		t.Errorf("update after copy: %+v %v, want version 3", rec, err)
	}
	if _, err := dst.Insert(ctx, "items", "z-id", mustJSON(t, item{Dnr: "ITN 2026/1"})); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("unique index after copy: %v, want ErrDuplicate", err)
	}
	if ids := findText(t, dst, "docs", store.Query{Where: []store.Cond{store.Text("överenskommelse")}}); !slices.Equal(ids, []string{"t1", "t2", "t6"}) {
		t.Errorf("text search after copy: %v, want [t1 t2 t6]", ids)
	}
	if n, err := dst.NextSequence(ctx, "dnr/ITN/2026"); err != nil || n != 4 {
		t.Errorf("counter after copy: %d %v, want 4", n, err)
	}

	// Put replaces whatever version is stored, keeps the one given, and
	// keeps the text index in step.
	if ok, err := dst.Put(ctx, "docs", store.Record{ID: "t1", Version: 7, Data: mustJSON(t, textDoc{Title: "Bygglov", Board: "ITN"})}); err != nil || !ok {
		t.Fatalf("Put over t1: %v %v", ok, err)
	}
	if rec, _ := dst.Get(ctx, "docs", "t1"); rec.Version != 7 {
		t.Errorf("t1 version after Put = %d, want 7", rec.Version)
	}
	if ids := findText(t, dst, "docs", store.Query{Where: []store.Cond{store.Text("överenskommelse")}}); !slices.Equal(ids, []string{"t2", "t6"}) {
		t.Errorf("text search after replacing t1: %v, want [t2 t6]", ids)
	}
	// A unique violation changes nothing; bad arguments are refused.
	if _, err := dst.Put(ctx, "items", store.Record{ID: "c-id", Version: 5, Data: mustJSON(t, item{Dnr: "ITN 2026/1"})}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("Put breaking a unique index: %v, want ErrDuplicate", err)
	}
	if rec, _ := dst.Get(ctx, "items", "c-id"); rec.Version != 1 {
		t.Errorf("c-id changed by a refused Put: version %d", rec.Version)
	}
	for _, bad := range []store.Record{{ID: "x", Version: 0, Data: mustJSON(t, item{})}, {ID: "", Version: 1, Data: mustJSON(t, item{})},
		{ID: "x", Version: 1, Data: []byte(`[1]`)}} {
		if _, err := dst.Put(ctx, "items", bad); !errors.Is(err, store.ErrInvalidQuery) {
			t.Errorf("Put %+v: %v, want ErrInvalidQuery", bad, err)
		}
	}
	// Put creates a collection nobody ensured, as Insert does.
	if ok, err := dst.Put(ctx, "fresh_coll", store.Record{ID: "f", Version: 3, Data: mustJSON(t, item{Title: "ny"})}); err != nil || !ok {
		t.Fatalf("Put into a new collection: %v %v", ok, err)
	}
	if colls, _ := dst.Collections(ctx); !slices.Contains(colls, "fresh_coll") {
		t.Errorf("Collections after Put into a new collection: %v", colls)
	}
	// Counters only go up.
	if ok, err := dst.PutSequence(ctx, "dnr/ITN/2026", 2); err != nil || ok {
		t.Errorf("PutSequence lowering a counter: %v %v, want no change", ok, err)
	}
	if ok, err := dst.PutSequence(ctx, "dnr/ITN/2026", 10); err != nil || !ok {
		t.Errorf("PutSequence raising a counter: %v %v", ok, err)
	}
	if s, _ := dst.Sequences(ctx); s["dnr/ITN/2026"] != 10 {
		t.Errorf("counter after raising = %d, want 10", s["dnr/ITN/2026"])
	}
}

// sameJSON compares two JSON bodies by value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	norm := func(data []byte) string {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // int64 values beyond 2^53 compare exactly
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return string(mustJSON(t, v))
	}
	return norm(a) == norm(b)
}
