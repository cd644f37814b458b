package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Migration is one numbered, described step of the schema: collections (and
// their indexes) to ensure, then an optional data migration. Up must be
// idempotent: two instances starting at once may both run it.
type Migration struct {
	Version     int
	Description string
	Collections []Collection
	Up          func(ctx context.Context, b Backend) error
}

// MetaCollection holds the schema_version record and other store metadata.
const MetaCollection = "meta"

const schemaVersionID = "schema_version"

type schemaVersion struct {
	Version int `json:"version"`
}

// ErrSchemaTooNew means the store was migrated by a newer Samstyr than this
// one; running would risk corrupting data the binary does not understand.
var ErrSchemaTooNew = errors.New("store: schema is newer than this binary")

// SchemaVersion returns the version recorded in the store (0 for a new store).
func SchemaVersion(ctx context.Context, b Backend) (int, error) {
	if err := b.EnsureCollection(ctx, Collection{Name: MetaCollection}); err != nil {
		return 0, err
	}
	rec, err := b.Get(ctx, MetaCollection, schemaVersionID)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var sv schemaVersion
	if err := rec.Decode(&sv); err != nil {
		return 0, err
	}
	return sv.Version, nil
}

// Migrate applies the migrations newer than the store's schema_version, in
// order, recording the version after each step. It returns the versions
// before and after. Migrations must be sorted by Version and gapless from 1.
func Migrate(ctx context.Context, b Backend, ms []Migration) (from, to int, err error) {
	for i, m := range ms {
		if m.Version != i+1 {
			return 0, 0, fmt.Errorf("store: migration %d has version %d", i+1, m.Version)
		}
	}
	from, err = SchemaVersion(ctx, b)
	if err != nil {
		return 0, 0, err
	}
	if from > len(ms) {
		return from, from, fmt.Errorf("%w: store at %d, binary knows %d", ErrSchemaTooNew, from, len(ms))
	}
	for _, m := range ms[from:] {
		for _, c := range m.Collections {
			if err := c.Validate(); err != nil {
				return from, m.Version - 1, err
			}
			if err := b.EnsureCollection(ctx, c); err != nil {
				return from, m.Version - 1, fmt.Errorf("migration %d (%s): %w", m.Version, m.Description, err)
			}
		}
		if m.Up != nil {
			if err := m.Up(ctx, b); err != nil {
				return from, m.Version - 1, fmt.Errorf("migration %d (%s): %w", m.Version, m.Description, err)
			}
		}
		if err := recordVersion(ctx, b, m.Version); err != nil {
			return from, m.Version - 1, err
		}
	}
	return from, len(ms), nil
}

// recordVersion raises schema_version to v unless another instance already
// recorded v or more.
func recordVersion(ctx context.Context, b Backend, v int) error {
	body, _ := json.Marshal(schemaVersion{Version: v})
	for range 10 {
		rec, err := b.Get(ctx, MetaCollection, schemaVersionID)
		if errors.Is(err, ErrNotFound) {
			_, err = b.Insert(ctx, MetaCollection, schemaVersionID, body)
			if errors.Is(err, ErrDuplicate) {
				continue
			}
			return err
		}
		if err != nil {
			return err
		}
		var cur schemaVersion
		if err := rec.Decode(&cur); err != nil {
			return err
		}
		if cur.Version >= v {
			return nil
		}
		_, err = b.Update(ctx, MetaCollection, schemaVersionID, rec.Version, body)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return err
	}
	return fmt.Errorf("store: schema_version kept changing under us")
}
