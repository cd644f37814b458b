package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/samstyr/samstyr/internal/store"
)

// checkBody accepts only a JSON object as a document body.
func checkBody(data json.RawMessage) error {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			if json.Valid(data) {
				return nil
			}
		}
		break
	}
	return fmt.Errorf("%w: document body must be a JSON object", store.ErrInvalidQuery)
}

// bodyText passes a body to SQLite as text without copying it: the driver
// copies the bytes into SQLite during the call and keeps no reference, and
// the caller does not change data while it runs. (A string conversion
// would copy every document written once more.)
func bodyText(data json.RawMessage) string {
	return unsafe.String(unsafe.SliceData(data), len(data))
}

// Insert stores a new document with version 1.
func (b *Backend) Insert(ctx context.Context, coll, id string, data json.RawMessage) (store.Record, error) {
	if !store.ValidName(coll) {
		return store.Record{}, fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	if err := checkBody(data); err != nil {
		return store.Record{}, err
	}
	q := `INSERT INTO ` + table(coll) + ` (id, version, doc) VALUES (?, 1, ?)`
	_, err := b.write(ctx, q, nil, id, bodyText(data))
	if isNoTable(err) {
		// Like MongoDB, an insert creates a collection nobody ensured.
		if err = b.EnsureCollection(ctx, store.Collection{Name: coll}); err == nil {
			_, err = b.write(ctx, q, nil, id, bodyText(data))
		}
	}
	if err != nil {
		return store.Record{}, fmt.Errorf("sqlitestore: insert %s/%s: %w", coll, id, mapErr(err))
	}
	return store.Record{ID: id, Version: 1, Data: data}, nil
}

// Get returns one document by id.
func (b *Backend) Get(ctx context.Context, coll, id string) (store.Record, error) {
	if !store.ValidName(coll) {
		return store.Record{}, fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	var (
		rec store.Record
		doc string
	)
	err := b.queryRow(ctx, b.reader, `SELECT id, version, doc FROM `+table(coll)+` WHERE id = ?`, id).
		Scan(&rec.ID, &rec.Version, &doc)
	if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
		return store.Record{}, fmt.Errorf("sqlitestore: get %s/%s: %w", coll, id, store.ErrNotFound)
	}
	if err != nil {
		return store.Record{}, fmt.Errorf("sqlitestore: get %s/%s: %w", coll, id, err)
	}
	rec.Data = json.RawMessage(doc)
	return rec, nil
}

// Update replaces the body if the stored version is version.
func (b *Backend) Update(ctx context.Context, coll, id string, version int64, data json.RawMessage) (store.Record, error) {
	if !store.ValidName(coll) {
		return store.Record{}, fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	if err := checkBody(data); err != nil {
		return store.Record{}, err
	}
	n, err := b.write(ctx,
		`UPDATE `+table(coll)+` SET doc = ?, version = version + 1 WHERE id = ? AND version = ?`, nil,
		bodyText(data), id, version)
	if err != nil && !isNoTable(err) {
		return store.Record{}, fmt.Errorf("sqlitestore: update %s/%s: %w", coll, id, mapErr(err))
	}
	if err == nil && n == 1 {
		return store.Record{ID: id, Version: version + 1, Data: data}, nil
	}
	return store.Record{}, b.missOrConflict(ctx, "update", coll, id)
}

// Increment adds delta to an integer body field with one upsert: an
// INSERT of init (field set to delta) that, on a taken id, updates the
// stored document instead. SQLite's single writer makes it atomic.
// Like every single-statement write it goes through the committer
// (commit.go).
func (b *Backend) Increment(ctx context.Context, coll, id, field string, delta int64, init json.RawMessage) (store.Record, error) {
	if !store.ValidName(coll) || !store.ValidField(field) || strings.Contains(field, ".") {
		return store.Record{}, fmt.Errorf("%w: increment %s.%s (a top-level field)", store.ErrInvalidQuery, coll, field)
	}
	if err := checkBody(init); err != nil {
		return store.Record{}, err
	}
	path := "$." + field
	// The update applies only to a field that holds an integer (or is
	// missing); anything else matches no row and is reported below.
	q := `INSERT INTO ` + table(coll) + ` (id, version, doc) VALUES (?1, 1, json_set(?2, ?3, ?4))
		ON CONFLICT (id) DO UPDATE SET version = version + 1, doc = json_set(doc, ?3, coalesce(json_extract(doc, ?3), 0) + ?4)
		WHERE coalesce(json_type(doc, ?3), 'integer') = 'integer'
		RETURNING version, doc`
	var (
		rec = store.Record{ID: id}
		doc string
	)
	scan := []any{&rec.Version, &doc}
	_, err := b.write(ctx, q, scan, id, bodyText(init), path, delta)
	if isNoTable(err) {
		if err = b.EnsureCollection(ctx, store.Collection{Name: coll}); err == nil {
			_, err = b.write(ctx, q, scan, id, bodyText(init), path, delta)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return store.Record{}, fmt.Errorf("sqlitestore: increment %s/%s: field %s is not an integer", coll, id, field)
	}
	if err != nil {
		return store.Record{}, fmt.Errorf("sqlitestore: increment %s/%s: %w", coll, id, mapErr(err))
	}
	rec.Data = json.RawMessage(doc)
	return rec, nil
}

// Delete removes the document if the stored version is version.
func (b *Backend) Delete(ctx context.Context, coll, id string, version int64) error {
	if !store.ValidName(coll) {
		return fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	n, err := b.write(ctx, `DELETE FROM `+table(coll)+` WHERE id = ? AND version = ?`, nil, id, version)
	if err != nil && !isNoTable(err) {
		return fmt.Errorf("sqlitestore: delete %s/%s: %w", coll, id, mapErr(err))
	}
	if err == nil && n == 1 {
		return nil
	}
	return b.missOrConflict(ctx, "delete", coll, id)
}

// missOrConflict tells a missing document from a stale version after a
// guarded write matched no row.
func (b *Backend) missOrConflict(ctx context.Context, op, coll, id string) error {
	_, err := b.Get(ctx, coll, id)
	if err == nil {
		return fmt.Errorf("sqlitestore: %s %s/%s: %w", op, coll, id, store.ErrConflict)
	}
	return err
}

// NextSequence increments and returns the named counter in one statement.
func (b *Backend) NextSequence(ctx context.Context, name string) (int64, error) {
	var v int64
	_, err := b.write(ctx,
		`INSERT INTO sequences (name, value) VALUES (?, 1)
		 ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`, []any{&v}, name)
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: sequence %s: %w", name, err)
	}
	return v, nil
}
