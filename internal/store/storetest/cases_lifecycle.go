package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

func testPersistence(t *testing.T, h Harness) {
	b := open(t, h)
	ctx := ctxT(t)
	r, err := b.Insert(ctx, "items", "p", mustJSON(t, item{Title: "kvar", Dnr: "ITN 2026/9"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(ctx, "items", "p", r.Version, mustJSON(t, item{Title: "kvar efter omstart", Dnr: "ITN 2026/9"})); err != nil {
		t.Fatal(err)
	}
	if _, err := b.NextSequence(ctx, "seq"); err != nil {
		t.Fatal(err)
	}
	b = h.Reopen(t, b)
	got, err := b.Get(ctx, "items", "p")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got.Version != 2 || decode(t, got).Title != "kvar efter omstart" {
		t.Errorf("after restart: version %d, %+v", got.Version, decode(t, got))
	}
	if n, err := b.NextSequence(ctx, "seq"); err != nil || n != 2 {
		t.Errorf("sequence after restart = %d (%v), want 2", n, err)
	}
	// The unique index survives the restart too.
	if _, err := b.Insert(ctx, "items", "q", mustJSON(t, item{Dnr: "ITN 2026/9"})); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("unique index after restart: err = %v, want ErrDuplicate", err)
	}
}

func testMigrate(t *testing.T, h Harness) {
	b := h.Open(t)
	ctx := ctxT(t)
	runs := 0
	ms := []store.Migration{
		{Version: 1, Description: "items", Collections: []store.Collection{itemsColl}},
		{Version: 2, Description: "backfill", Up: func(ctx context.Context, b store.Backend) error {
			runs++
			_, err := b.Insert(ctx, "items", "seeded", mustJSON(t, item{Title: "från migrering"}))
			if errors.Is(err, store.ErrDuplicate) {
				return nil // idempotent
			}
			return err
		}},
	}
	from, to, err := store.Migrate(ctx, b, ms)
	if err != nil || from != 0 || to != 2 {
		t.Fatalf("Migrate = %d→%d, %v; want 0→2", from, to, err)
	}
	from, to, err = store.Migrate(ctx, b, ms)
	if err != nil || from != 2 || to != 2 || runs != 1 {
		t.Fatalf("second Migrate = %d→%d (%v), runs %d; want 2→2, one run", from, to, err, runs)
	}
	if v, _ := store.SchemaVersion(ctx, b); v != 2 {
		t.Errorf("schema_version = %d, want 2", v)
	}
	if _, _, err := store.Migrate(ctx, b, ms[:1]); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("older binary on newer store: err = %v, want ErrSchemaTooNew", err)
	}
}
