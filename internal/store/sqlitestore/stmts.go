package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Prepared statements, kept per pool and SQL text. SQLite compiles every
// statement into a program before running it; for the store's point reads
// and versioned updates that costs about as much as running them (an
// UPDATE of a collection with a dozen expression indexes is a long
// program), and in `samstyr bench` preparing was about a tenth of the
// server's CPU. database/sql prepares a cached statement once on each
// connection that runs it. SQLite re-prepares a statement itself when the
// schema changes (an index added by a migration).

// stmtsMax bounds the cache: the store's texts are a few per collection
// plus one per shape of query, far fewer; past it, statements are prepared
// for each call as before.
const stmtsMax = 1024

type stmtKey struct {
	db    *sql.DB
	query string
}

// stmts is the cache; its zero value is empty.
type stmts struct {
	mu     sync.Mutex
	m      map[stmtKey]*sql.Stmt
	closed bool
}

// get returns the prepared statement for query on db, preparing it on
// first use. A statement that does not prepare (a collection without a
// table) is not kept: the error goes back to the caller, which runs the
// query unprepared to get its usual answer.
func (s *stmts) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{db, query}
	s.mu.Lock()
	st, ok := s.m[k]
	full, closed := len(s.m) >= stmtsMax, s.closed
	s.mu.Unlock()
	switch {
	case ok:
		return st, nil
	case full || closed:
		return nil, errNotCached
	}
	st, err := db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.m[k]; ok || s.closed {
		st.Close()
		if !ok {
			return nil, errNotCached
		}
		return prev, nil // prepared meanwhile by another call
	}
	if s.m == nil {
		s.m = map[stmtKey]*sql.Stmt{}
	}
	s.m[k] = st
	return st, nil
}

// errNotCached says a statement is not cached (the cache is full or
// closed); the caller runs its query unprepared.
var errNotCached = errors.New("sqlitestore: statement not cached")

// close closes every cached statement.
func (s *stmts) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.m {
		st.Close()
	}
	s.m, s.closed = nil, true
}

// queryRow runs a statement with at most one row on db.
func (b *Backend) queryRow(ctx context.Context, db *sql.DB, query string, args ...any) *sql.Row {
	st, err := b.stmts.get(ctx, db, query)
	if err != nil {
		return db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// query runs a statement with rows on db.
func (b *Backend) query(ctx context.Context, db *sql.DB, query string, args ...any) (*sql.Rows, error) {
	st, err := b.stmts.get(ctx, db, query)
	if err != nil {
		return db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}
