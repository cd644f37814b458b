package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

func testInsertGet(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	in := item{Board: "ITN", Title: "Avtal med MBAB – åäö §", Amount: 123456789012, N: 7, Open: true, Tags: []string{"a", "b"}}
	in.Nested.Nämnd = "Ölands IT-nämnd"
	rec, err := b.Insert(ctx, "items", "id-1", mustJSON(t, in))
	if err != nil {
		t.Fatalf("Insert: %v", err)
	}
	if rec.ID != "id-1" || rec.Version != 1 {
		t.Fatalf("Insert returned %+v, want id-1 version 1", rec)
	}
	got, err := b.Get(ctx, "items", "id-1")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.Version != 1 {
		t.Errorf("version = %d, want 1", got.Version)
	}
	out := decode(t, got)
	if out.Title != in.Title || out.Amount != in.Amount || out.N != 7 || !out.Open ||
		out.Nested.Nämnd != in.Nested.Nämnd || strings.Join(out.Tags, ",") != "a,b" {
		t.Errorf("round trip changed the document: got %+v want %+v", out, in)
	}
	if _, err := b.Get(ctx, "items", "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get missing: err = %v, want ErrNotFound", err)
	}
}

func testDuplicateID(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	if _, err := b.Insert(ctx, "items", "x", mustJSON(t, item{Title: "first"})); err != nil {
		t.Fatal(err)
	}
	_, err := b.Insert(ctx, "items", "x", mustJSON(t, item{Title: "second"}))
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second insert with same id: err = %v, want ErrDuplicate", err)
	}
	got, _ := b.Get(ctx, "items", "x")
	if decode(t, got).Title != "first" {
		t.Error("duplicate insert overwrote the first document")
	}
}

func testUniqueIndex(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	if _, err := b.Insert(ctx, "items", "a", mustJSON(t, item{Dnr: "ITN 2026/1"})); err != nil {
		t.Fatal(err)
	}
	rb, err := b.Insert(ctx, "items", "b", mustJSON(t, item{Dnr: "ITN 2026/2"}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Insert(ctx, "items", "c", mustJSON(t, item{Dnr: "ITN 2026/1"}))
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("insert with taken dnr: err = %v, want ErrDuplicate", err)
	}
	if _, err := b.Get(ctx, "items", "c"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rejected insert left a document: %v", err)
	}
	if h.Limits.UniqueOnUpdate != "" {
		t.Skip(h.Limits.UniqueOnUpdate)
	}
	_, err = b.Update(ctx, "items", "b", rb.Version, mustJSON(t, item{Dnr: "ITN 2026/1"}))
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("update to taken dnr: err = %v, want ErrDuplicate", err)
	}
	got, _ := b.Get(ctx, "items", "b")
	if got.Version != 1 || decode(t, got).Dnr != "ITN 2026/2" {
		t.Errorf("rejected update changed the document: %+v", got)
	}
}

func testVersionedUpdate(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	r1, err := b.Insert(ctx, "items", "v", mustJSON(t, item{N: 1}))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := b.Update(ctx, "items", "v", r1.Version, mustJSON(t, item{N: 2}))
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if r2.Version != 2 {
		t.Errorf("version after update = %d, want 2", r2.Version)
	}
	_, err = b.Update(ctx, "items", "v", r1.Version, mustJSON(t, item{N: 99}))
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale update: err = %v, want ErrConflict", err)
	}
	got, _ := b.Get(ctx, "items", "v")
	if got.Version != 2 || decode(t, got).N != 2 {
		t.Errorf("stale update changed the document: version %d n %d", got.Version, decode(t, got).N)
	}
	_, err = b.Update(ctx, "items", "nope", 1, mustJSON(t, item{}))
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of missing doc: err = %v, want ErrNotFound", err)
	}
}

func testDelete(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	r, err := b.Insert(ctx, "items", "d", mustJSON(t, item{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, "items", "d", r.Version+1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("delete with stale version: err = %v, want ErrConflict", err)
	}
	if err := b.Delete(ctx, "items", "d", r.Version); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := b.Get(ctx, "items", "d"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: err = %v, want ErrNotFound", err)
	}
	if err := b.Delete(ctx, "items", "d", 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete of missing doc: err = %v, want ErrNotFound", err)
	}
}
