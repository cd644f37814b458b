// Package sqlitestore is the embedded default store.Backend: SQLite through
// modernc.org/sqlite (pure Go, no cgo), in WAL mode, one file under the data
// directory. Each collection is a table (id, version, doc) whose JSON body is
// indexed with json_extract expression indexes; an update is one
// "UPDATE … WHERE id = ? AND version = ?" statement.
//
// Writes go through a single connection (SQLite has one writer at a time, so
// queueing in Go beats spinning on SQLITE_BUSY), the single-statement ones
// through one committer goroutine that commits the writes waiting together
// in one transaction (group commit, commit.go); reads use a small pool of
// read-only connections that WAL lets run beside the writer. Several
// processes may share the file: SQLite's own locking and busy_timeout
// serialise them.
//
// Keyset pagination (store.Query.After) expands into OR-ed comparisons on the
// same json_extract expressions the indexes use (store.ExpandAfter); full-text
// search (store.OpText) is an FTS5 table kept in step by triggers (text.go),
// and a page of a search runs by one of two plans (textplan.go). A page is
// read from the index that serves its order after its equality conditions,
// named in the SQL (orderindex.go), and a limited query with an IN
// condition runs as a merge of such ordered arms (merge.go).
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"github.com/samstyr/samstyr/internal/store"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// FileName is the database file inside the data directory.
const FileName = "samstyr.db"

// Backend is the SQLite implementation of store.Backend.
type Backend struct {
	path   string
	writer *sql.DB
	reader *sql.DB

	stmts  stmts     // prepared statements (stmts.go)
	commit committer // the single-statement writes' queue (commit.go)

	mu         sync.Mutex
	ensured    map[string]bool
	indexCache map[string][]indexSpec // see indexes (orderindex.go)
}

var _ store.Backend = (*Backend)(nil)

// Options tunes the backend. The zero value is the production default.
type Options struct {
	// Readers is the size of the read-only connection pool (default 4).
	Readers int
	// Synchronous is SQLite's synchronous pragma: "FULL" (default: every
	// commit is on disk before it returns, so an acknowledged write — a
	// drawn diarienummer — survives a power loss) or "NORMAL" (WAL keeps
	// the database consistent on power loss, but the last commits before
	// it may be lost; faster, for an operator who accepts that).
	Synchronous string
}

// Open opens (creating if needed) the store in dir.
func Open(ctx context.Context, dir string, opt Options) (*Backend, error) {
	if opt.Readers <= 0 {
		opt.Readers = 4
	}
	switch opt.Synchronous {
	case "":
		opt.Synchronous = "FULL"
	case "NORMAL", "FULL":
	default:
		return nil, fmt.Errorf("sqlitestore: synchronous must be NORMAL or FULL, not %q", opt.Synchronous)
	}
	path := filepath.Join(dir, FileName)
	if err := private(dir, path); err != nil {
		return nil, err
	}
	pragmas := url.Values{}
	pragmas.Add("_pragma", "busy_timeout(10000)")
	pragmas.Add("_pragma", "journal_mode(WAL)")
	pragmas.Add("_pragma", "synchronous("+opt.Synchronous+")")
	pragmas.Add("_pragma", "foreign_keys(1)")
	pragmas.Set("_txlock", "immediate")
	writer, err := sql.Open("sqlite", "file:"+path+"?"+pragmas.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	ro := url.Values{}
	ro.Add("_pragma", "busy_timeout(10000)")
	ro.Add("_pragma", "query_only(1)")
	reader, err := sql.Open("sqlite", "file:"+path+"?"+ro.Encode())
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlitestore: open reader: %w", err)
	}
	reader.SetMaxOpenConns(opt.Readers)
	reader.SetMaxIdleConns(opt.Readers)
	b := &Backend{path: path, writer: writer, reader: reader, ensured: map[string]bool{}}
	b.startCommitter()
	if _, err := writer.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT`); err != nil {
		b.Close(ctx)
		return nil, fmt.Errorf("sqlitestore: create sequences: %w", err)
	}
	return b, nil
}

// private makes the data directory 0700 and the database file with its
// WAL and shared-memory files 0600, creating the directory and the empty
// database file if missing: the record is nobody else's to read, and
// SQLite creates the -wal and -shm files with the database file's mode.
// An installation made with looser modes is tightened on every start;
// tightening only removes group and other bits, so a directory or file
// the operator made read-only stays read-only.
func private(dir, path string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sqlitestore: data dir: %w", err)
	}
	if err := tighten(dir); err != nil {
		return fmt.Errorf("sqlitestore: data dir: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := tighten(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sqlitestore: %w", err)
		}
	}
	return nil
}

// tighten removes the group and other permission bits of path.
func tighten(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		return os.Chmod(path, m&^0o077)
	}
	return nil
}

// Synchronous reads SQLite's synchronous pragma on the writer connection,
// which every write goes through: "OFF", "NORMAL", "FULL" or "EXTRA".
func (b *Backend) Synchronous(ctx context.Context) (string, error) {
	var n int
	if err := b.writer.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&n); err != nil {
		return "", fmt.Errorf("sqlitestore: synchronous: %w", err)
	}
	if names := []string{"OFF", "NORMAL", "FULL", "EXTRA"}; n >= 0 && n < len(names) {
		return names[n], nil
	}
	return fmt.Sprint(n), nil
}

// Name returns "sqlite".
func (b *Backend) Name() string { return "sqlite" }

// Path returns the database file's path.
func (b *Backend) Path() string { return b.path }

// Ping checks that both pools answer.
func (b *Backend) Ping(ctx context.Context) error {
	if err := b.writer.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return b.reader.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close answers the writes already queued, stops the committer, and
// closes both pools, checkpointing the WAL. Writes after Close fail.
func (b *Backend) Close(ctx context.Context) error {
	b.stopCommitter()
	b.stmts.close()
	_, _ = b.writer.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	return errors.Join(b.reader.Close(), b.writer.Close())
}

func table(coll string) string { return `"c_` + coll + `"` }

// EnsureCollection creates the collection's table and indexes if missing,
// and its full-text index if it declares Text (see text.go).
func (b *Backend) EnsureCollection(ctx context.Context, c store.Collection) error {
	if err := c.Validate(); err != nil {
		return err
	}
	stmts := []string{fmt.Sprintf(
		`CREATE TABLE IF NOT EXISTS %s (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) STRICT`,
		table(c.Name))}
	for _, ix := range c.Indexes {
		cols := ""
		for i, f := range ix.Fields {
			if i > 0 {
				cols += ", "
			}
			cols += fieldExpr(f)
		}
		unique := ""
		if ix.Unique {
			unique = "UNIQUE "
		}
		stmts = append(stmts, fmt.Sprintf(`CREATE %sINDEX IF NOT EXISTS "ix_%s_%s" ON %s (%s)`,
			unique, c.Name, ix.Name, table(c.Name), cols))
	}
	for _, s := range stmts {
		if _, err := b.writer.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("sqlitestore: ensure %s: %w", c.Name, mapErr(err))
		}
	}
	if len(c.Text) > 0 {
		if err := b.ensureText(ctx, c.Name, c.Text); err != nil {
			return fmt.Errorf("sqlitestore: ensure %s: %w", c.Name, err)
		}
	}
	b.mu.Lock()
	b.ensured[c.Name] = true
	delete(b.indexCache, c.Name) // a new index may serve an order
	b.mu.Unlock()
	return nil
}

// fieldExpr is the SQL expression for a validated body field. Indexes and
// queries use the very same text, so the planner matches them.
func fieldExpr(f string) string { return `json_extract(doc, '$.` + f + `')` }

// Dir returns the data directory the backend was opened on.
func (b *Backend) Dir() string { return filepath.Dir(b.path) }

// QuickCheck runs SQLite's quick_check over the database file and returns
// what it finds wrong: nothing when the file is sound. A page no query
// reads (an index of an empty collection) is damaged unseen otherwise.
func (b *Backend) QuickCheck(ctx context.Context) ([]string, error) {
	rows, err := b.reader.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: quick_check: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("sqlitestore: quick_check: %w", err)
		}
		if s != "ok" {
			found = append(found, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: quick_check: %w", err)
	}
	return found, nil
}
