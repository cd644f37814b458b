package store

import (
	"context"
	"fmt"
)

// Copier is the part of the kernel that copies a whole installation from
// one backend to another (`samstyr migrate-store`). Both backends implement
// it; the application never uses it. Enumeration pages through a
// collection with Find (no conditions, no sort: id ascending, keyset
// position on the id); Put and PutSequence write what was read, unchanged.
type Copier interface {
	Backend
	// Collections returns the names of the collections that exist, sorted.
	// The backend's own bookkeeping (the counters behind NextSequence,
	// full-text tables) is not a collection.
	Collections(ctx context.Context) ([]string, error)
	// Sequences returns every NextSequence counter and its current value.
	Sequences(ctx context.Context) (map[string]int64, error)
	// Put stores rec exactly: its id, its version and its body, inserting
	// it or replacing the document with that id whatever its version (the
	// only write that does not compare versions). It reports whether the
	// store changed: false when an identical document was there already,
	// so repeating a copy is a no-op. A unique-index violation gives
	// ErrDuplicate and changes nothing.
	Put(ctx context.Context, coll string, rec Record) (bool, error)
	// PutSequence raises the named counter to n, creating it if missing;
	// a counter at n or above is left alone (a counter never goes back, so
	// numbers already handed out are never handed out again). It reports
	// whether the counter changed.
	PutSequence(ctx context.Context, name string, n int64) (bool, error)
}

// CheckPut validates the arguments of Copier.Put: a valid collection name,
// a version of at least 1 and a non-empty id.
func CheckPut(coll string, rec Record) error {
	if !ValidName(coll) {
		return fmt.Errorf("%w: collection %q", ErrInvalidQuery, coll)
	}
	if rec.ID == "" || rec.Version < 1 {
		return fmt.Errorf("%w: put %s: id %q version %d", ErrInvalidQuery, coll, rec.ID, rec.Version)
	}
	return nil
}
