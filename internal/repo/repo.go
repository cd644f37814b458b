// Package repo implements the domain packages' Storer interfaces once, on
// any store.Backend, so SQLite and MongoDB share every line of domain
// storage logic. It also owns the schema: the collections, their indexes
// and the numbered migrations.
package repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/store"
)

// mapErr turns kernel errors into domain faults. dup is the fault for a
// unique-key violation in this context.
func mapErr(err error, dup *fault.Error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("%w: %v", fault.ErrNotFound, err)
	case errors.Is(err, store.ErrConflict):
		return fmt.Errorf("%w: %v", fault.ErrVersionConflict, err)
	case errors.Is(err, store.ErrDuplicate) && dup != nil:
		return fmt.Errorf("%w: %v", dup, err)
	}
	return err
}

func get[T any](ctx context.Context, b store.Backend, coll, id string, out *T, setV func(*T, int64)) error {
	rec, err := b.Get(ctx, coll, id)
	if err != nil {
		return mapErr(err, nil)
	}
	if err := rec.Decode(out); err != nil {
		return err
	}
	setV(out, rec.Version)
	return nil
}

func insert[T any](ctx context.Context, b store.Backend, coll, id string, v *T, setV func(*T, int64), dup *fault.Error) error {
	body, err := encodeDoc(v)
	if err != nil {
		return err
	}
	rec, err := b.Insert(ctx, coll, id, body)
	if err != nil {
		return mapErr(err, dup)
	}
	setV(v, rec.Version)
	return nil
}

func update[T any](ctx context.Context, b store.Backend, coll, id string, version int64, v *T, setV func(*T, int64), dup *fault.Error) error {
	body, err := encodeDoc(v)
	if err != nil {
		return err
	}
	rec, err := b.Update(ctx, coll, id, version, body)
	if err != nil {
		return mapErr(err, dup)
	}
	setV(v, rec.Version)
	return nil
}

func find[T any](ctx context.Context, b store.Backend, coll string, q store.Query, setV func(*T, int64)) ([]T, error) {
	recs, err := b.Find(ctx, coll, q)
	if err != nil {
		return nil, err
	}
	return decodeAll(recs, setV)
}

// decodeAll decodes records and records each one's version.
func decodeAll[T any](recs []store.Record, setV func(*T, int64)) ([]T, error) {
	out := make([]T, len(recs))
	for i, r := range recs {
		if err := r.Decode(&out[i]); err != nil {
			return nil, err
		}
		setV(&out[i], r.Version)
	}
	return out, nil
}
