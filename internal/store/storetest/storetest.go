// Package storetest is the storage conformance suite: one set of tests that
// every store.Backend must pass (SQLite always, the Mongo backend against the
// embedded FerretDB harness always and against a real MongoDB when
// SAMSTYR_TEST_MONGODB_URI is set). Backend packages call Run from their own
// tests.
package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
)

// Harness gives the suite fresh backends. Open returns a backend on a new,
// empty database (dropped when the test ends). Reopen closes b and opens the
// same database again, as a restarted process would. Limits states what
// the backend under test cannot do, with the reason; the suite skips those
// cases for that backend only.
type Harness struct {
	Open   func(t *testing.T) store.Backend
	Reopen func(t *testing.T, b store.Backend) store.Backend
	Limits Limits
}

// Limits lists conformance cases a backend skips, each with its reason
// (empty means the case runs).
type Limits struct {
	// UniqueOnUpdate: FerretDB reports a unique violation caused by an
	// update as an InternalError, which the backend still maps, so this is
	// normally empty.
	UniqueOnUpdate string
}

// Run runs every conformance case against the harness.
func Run(t *testing.T, h Harness) {
	t.Run("InsertGet", func(t *testing.T) { testInsertGet(t, h) })
	t.Run("DuplicateID", func(t *testing.T) { testDuplicateID(t, h) })
	t.Run("UniqueIndex", func(t *testing.T) { testUniqueIndex(t, h) })
	t.Run("VersionedUpdate", func(t *testing.T) { testVersionedUpdate(t, h) })
	t.Run("ConcurrentWriters", func(t *testing.T) { testConcurrentWriters(t, h) })
	t.Run("ConcurrentUnique", func(t *testing.T) { testConcurrentUnique(t, h) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, h) })
	t.Run("FindFilterSortPage", func(t *testing.T) { testFind(t, h) })
	t.Run("Operators", func(t *testing.T) { testOperators(t, h) })
	t.Run("InvalidQuery", func(t *testing.T) { testInvalidQuery(t, h) })
	t.Run("Sequence", func(t *testing.T) { testSequence(t, h) })
	t.Run("Increment", func(t *testing.T) { testIncrement(t, h) })
	t.Run("Persistence", func(t *testing.T) { testPersistence(t, h) })
	t.Run("Migrate", func(t *testing.T) { testMigrate(t, h) })
	t.Run("Keyset", func(t *testing.T) { testKeyset(t, h) })
	t.Run("KeysetInsertBetween", func(t *testing.T) { testKeysetInsertBetween(t, h) })
	t.Run("TextSearch", func(t *testing.T) { testTextSearch(t, h) })
	t.Run("TextMigration", func(t *testing.T) { testTextMigration(t, h) })
	t.Run("Copier", func(t *testing.T) { testCopier(t, h) })
	t.Run("TextPaging", func(t *testing.T) { testTextPaging(t, h) })
	t.Run("InPaging", func(t *testing.T) { testInPaging(t, h) })
}

// RunContention runs the cases about concurrent writers and the guarantees
// they rely on: versioned updates, unique indexes (inserts and updates,
// sequential and raced), counters, and the copier's guarded writes. It is
// the part of the suite worth repeating on a backend whose other answers
// another harness already checks (the Mongo backend on FerretDB with
// PostgreSQL and a full connection pool, after FerretDB on SQLite ran
// everything with one connection).
func RunContention(t *testing.T, h Harness) {
	t.Run("DuplicateID", func(t *testing.T) { testDuplicateID(t, h) })
	t.Run("UniqueIndex", func(t *testing.T) { testUniqueIndex(t, h) })
	t.Run("VersionedUpdate", func(t *testing.T) { testVersionedUpdate(t, h) })
	t.Run("ConcurrentWriters", func(t *testing.T) { testConcurrentWriters(t, h) })
	t.Run("ConcurrentUnique", func(t *testing.T) { testConcurrentUnique(t, h) })
	t.Run("Sequence", func(t *testing.T) { testSequence(t, h) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, h) })
	t.Run("Persistence", func(t *testing.T) { testPersistence(t, h) })
	t.Run("Copier", func(t *testing.T) { testCopier(t, h) })
}

// item is the test document used throughout the suite.
type item struct {
	Board  string   `json:"board"`
	Title  string   `json:"title"`
	Folded string   `json:"folded,omitempty"`
	Amount int64    `json:"amount"`
	N      int      `json:"n"`
	Open   bool     `json:"open"`
	Dnr    string   `json:"dnr,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	Nested struct {
		Nämnd string `json:"namnd"`
	} `json:"nested"`
}

var itemsColl = store.Collection{
	Name: "items",
	Indexes: []store.Index{
		{Name: "items_board_amount", Fields: []string{"board", "amount"}},
		{Name: "items_dnr", Fields: []string{"dnr"}, Unique: true},
		{Name: "items_nested", Fields: []string{"nested.namnd"}},
	},
}

func ctxT(t *testing.T) context.Context { return t.Context() }

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t *testing.T, h Harness) store.Backend {
	t.Helper()
	b := h.Open(t)
	if err := b.EnsureCollection(ctxT(t), itemsColl); err != nil {
		t.Fatalf("EnsureCollection: %v", err)
	}
	// Idempotent: a second call (another instance starting) must succeed.
	if err := b.EnsureCollection(ctxT(t), itemsColl); err != nil {
		t.Fatalf("EnsureCollection again: %v", err)
	}
	return b
}

func decode(t *testing.T, r store.Record) item {
	t.Helper()
	var it item
	if err := r.Decode(&it); err != nil {
		t.Fatal(err)
	}
	return it
}
