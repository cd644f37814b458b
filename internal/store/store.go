// Package store defines Samstyr's document storage kernel: the small set of
// single-document operations that both backends (SQLite, the embedded
// default, and MongoDB, the scale-out engine) implement identically.
//
// Every aggregate (an ärende with its history, a user with its role
// assignments, …) is one document in one collection. A document is changed
// only by a single-document compare-and-set on its version; there are no
// multi-document transactions, so both backends behave alike. Domain packages
// never import this package's backends: they own narrow Storer interfaces,
// implemented once on top of Backend (see internal/repo).
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
)

// Sentinel errors returned by every Backend. Callers test them with errors.Is.
var (
	// ErrNotFound means no document has the given id.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means the document exists but its version is not the
	// expected one: somebody else changed it first (optimistic concurrency).
	ErrConflict = errors.New("store: version conflict")
	// ErrDuplicate means an insert or update would break a unique index
	// (including the primary id).
	ErrDuplicate = errors.New("store: duplicate key")
	// ErrInvalidQuery means a query names a field or operator the kernel
	// does not accept. It is a programming error, never a client's.
	ErrInvalidQuery = errors.New("store: invalid query")
)

// Record is one stored document: its id, its version (1 after insert,
// incremented by every update) and its JSON body.
type Record struct {
	ID      string
	Version int64
	Data    json.RawMessage
}

// Backend is the storage kernel. Implementations: internal/store/sqlitestore
// and internal/store/mongostore. Both must pass internal/store/storetest.
type Backend interface {
	// Name identifies the backend ("sqlite", "mongo") for logs and metrics.
	Name() string
	// EnsureCollection creates the collection and its indexes if missing.
	// It is idempotent and safe to run from several processes at once.
	EnsureCollection(ctx context.Context, c Collection) error
	// Insert stores a new document with version 1. A taken id or a unique
	// index violation gives ErrDuplicate.
	Insert(ctx context.Context, coll, id string, data json.RawMessage) (Record, error)
	// Get returns the document or ErrNotFound.
	Get(ctx context.Context, coll, id string) (Record, error)
	// Update replaces the body of the document if and only if its current
	// version is version, and increments the version, in one atomic
	// single-document write. A different version gives ErrConflict, a
	// missing document ErrNotFound.
	Update(ctx context.Context, coll, id string, version int64, data json.RawMessage) (Record, error)
	// Increment adds delta to the integer top-level body field of the document and
	// increments its version, in one atomic single-document write, and
	// returns the document as stored afterwards. A missing document is
	// created from init (a JSON object) with field set to delta and version
	// 1. Concurrent increments never lose one and never conflict: it is the
	// counter for writes that must not be refused under contention (login
	// attempt counts). A field that holds something other than an integer
	// gives an error.
	Increment(ctx context.Context, coll, id, field string, delta int64, init json.RawMessage) (Record, error)
	// Delete removes the document if its current version is version.
	Delete(ctx context.Context, coll, id string, version int64) error
	// Find returns the documents matching q, in q's order.
	Find(ctx context.Context, coll string, q Query) ([]Record, error)
	// Count returns how many documents match where.
	Count(ctx context.Context, coll string, where []Cond) (int64, error)
	// NextSequence atomically increments the named counter and returns its
	// new value (1 for a new counter). Used for gapless numbering.
	NextSequence(ctx context.Context, name string) (int64, error)
	// Ping checks that the store answers (readiness).
	Ping(ctx context.Context) error
	// Close releases the backend's connections.
	Close(ctx context.Context) error
}

// Collection declares a collection and the indexes its queries need.
//
// Text lists the body fields (dotted paths) of the collection's one
// full-text index, searched by OpText conditions. Fields should hold
// strings (or arrays of strings). Declaring Text on an existing collection,
// or changing its fields, builds the index over the documents already
// stored; leaving Text empty keeps whatever text index exists.
type Collection struct {
	Name    string
	Indexes []Index
	Text    []string
}

// Index declares an index over one or more body fields.
type Index struct {
	Name   string
	Fields []string
	Unique bool
}

var (
	namePattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	fieldPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// ValidName reports whether s may name a collection or index: lower-case
// ASCII letters, digits and underscores, starting with a letter.
func ValidName(s string) bool { return namePattern.MatchString(s) }

// ValidField reports whether s is a dotted path of identifiers, the only
// field syntax the kernel accepts (it is spliced into SQL and Mongo paths).
func ValidField(s string) bool { return fieldPattern.MatchString(s) }

// Validate checks the collection's name, index names and fields.
func (c Collection) Validate() error {
	if !ValidName(c.Name) {
		return fmt.Errorf("%w: collection name %q", ErrInvalidQuery, c.Name)
	}
	for _, ix := range c.Indexes {
		if !ValidName(ix.Name) || len(ix.Fields) == 0 {
			return fmt.Errorf("%w: index %q on %s", ErrInvalidQuery, ix.Name, c.Name)
		}
		for _, f := range ix.Fields {
			if !ValidField(f) {
				return fmt.Errorf("%w: index field %q on %s", ErrInvalidQuery, f, c.Name)
			}
		}
	}
	seen := make(map[string]bool, len(c.Text))
	for _, f := range c.Text {
		if !ValidField(f) || seen[f] {
			return fmt.Errorf("%w: text field %q on %s", ErrInvalidQuery, f, c.Name)
		}
		seen[f] = true
	}
	return nil
}
