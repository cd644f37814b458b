package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Group commit. With synchronous=FULL every commit waits for the disk
// (an fsync, 1–3 ms on a small server's disk), so writes that each commit
// alone are bounded by commits per second, not by CPU. The single-statement
// writes (Insert, Update, Delete, Increment, NextSequence, PutSequence) are
// therefore handed to one committer goroutine. It takes the first waiting
// write and whatever else is queued by then (no timer, at most batchMax):
// one write runs in autocommit as before; several run in one IMMEDIATE
// transaction, one commit and one fsync for all, and each is answered only
// after that commit, so an acknowledged write is on disk.
//
// Inside a batch, SQLite undoes a failed statement alone (the default ON
// CONFLICT ABORT) and the transaction goes on: a duplicate key, a version
// miss (no row), or a missing table is that write's own answer. Any other
// error may have ended or spoiled the transaction (a trigger's
// RAISE(ROLLBACK), I/O, a full disk): the batch is rolled back and its
// writes run again one by one in autocommit, so each gets its own answer
// and none is half-applied or applied twice.
//
// The batch holds the writer pool's one connection only while it runs;
// the other writers (EnsureCollection, Put, pragmas) take it between
// batches.

// batchMax bounds a batch: the commit of a full batch waits for the disk
// once, and the writes queued meanwhile form the next.
const batchMax = 64

// errClosed answers a write submitted after Close.
var errClosed = errors.New("sqlitestore: store closed")

// Op states: a queued op is claimed by the committer (running) or
// withdrawn by its caller whose context ended first (dropped), once.
const (
	opQueued int32 = iota
	opRunning
	opDropped
)

// writeOp is one single-statement write and, once done is closed, its
// answer.
type writeOp struct {
	ctx   context.Context
	query string
	args  []any
	scan  []any // non-nil: the statement returns one row (RETURNING) scanned here

	rows int64 // rows changed (statements without scan)
	err  error

	state atomic.Int32
	done  chan struct{}
}

// WriteStats counts the committer's work since Open: Writes statements
// run (each write once, its answer a success or its own error), Commits
// transactions they ran in (one per write run alone, one per batch), and
// Fallbacks batches rolled back after an error and run again one by one.
// Writes/Commits is the writes per fsync. Waiting is the writes queued
// now, not yet taken into a batch.
type WriteStats struct {
	Writes, Commits, Fallbacks int64
	Waiting                    int
}

// committer is the Backend's write queue and its counts.
type committer struct {
	mu     sync.Mutex
	queue  []*writeOp
	closed bool
	wake   chan struct{} // capacity 1: the queue has ops or was closed
	done   chan struct{} // closed when the committer goroutine has returned

	writes, commits, fallbacks atomic.Int64
}

// WriteStats returns the committer's counts (see WriteStats).
func (b *Backend) WriteStats() WriteStats {
	c := &b.commit
	c.mu.Lock()
	waiting := len(c.queue)
	c.mu.Unlock()
	return WriteStats{Writes: c.writes.Load(), Commits: c.commits.Load(), Fallbacks: c.fallbacks.Load(), Waiting: waiting}
}

// startCommitter starts the committer goroutine; stopCommitter ends it.
func (b *Backend) startCommitter() {
	b.commit.wake = make(chan struct{}, 1)
	b.commit.done = make(chan struct{})
	go b.runCommitter()
}

// stopCommitter refuses new writes, lets the committer answer every
// queued one, and waits for it to return.
func (b *Backend) stopCommitter() {
	c := &b.commit
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.signal()
	<-c.done
}

func (c *committer) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// write submits one statement and waits for its answer: the rows it
// changed, or with scan the one row it returned (sql.ErrNoRows if none).
// A caller whose ctx ends while the write is still queued gets ctx.Err()
// and the write never runs; once the committer has taken it, the caller
// waits for the true answer (the batch is bounded), so a write that
// landed is never reported as failed.
func (b *Backend) write(ctx context.Context, query string, scan []any, args ...any) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	op := &writeOp{ctx: ctx, query: query, args: args, scan: scan, done: make(chan struct{})}
	c := &b.commit
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, errClosed
	}
	c.queue = append(c.queue, op)
	c.mu.Unlock()
	c.signal()
	select {
	case <-op.done:
	case <-ctx.Done():
		if op.state.CompareAndSwap(opQueued, opDropped) {
			return 0, ctx.Err()
		}
		<-op.done
	}
	return op.rows, op.err
}

// runCommitter is the committer goroutine.
func (b *Backend) runCommitter() {
	c := &b.commit
	defer close(c.done)
	for {
		c.mu.Lock()
		if len(c.queue) == 0 {
			closed := c.closed
			c.mu.Unlock()
			if closed {
				return
			}
			<-c.wake
			continue
		}
		n := min(len(c.queue), batchMax)
		batch := make([]*writeOp, 0, n)
		for _, op := range c.queue[:n] {
			// An op whose caller has gone is not run; its caller has its answer.
			if !op.state.CompareAndSwap(opQueued, opRunning) {
				continue
			}
			if err := op.ctx.Err(); err != nil { // ended before its batch: not run
				op.err = err
				close(op.done)
				continue
			}
			batch = append(batch, op)
		}
		clear(c.queue[:n])
		c.queue = c.queue[n:]
		c.mu.Unlock()
		b.runBatch(batch)
	}
}

// runBatch runs the claimed ops and answers each of them.
func (b *Backend) runBatch(batch []*writeOp) {
	defer func() {
		for _, op := range batch {
			close(op.done)
		}
	}()
	switch len(batch) {
	case 0:
		return
	case 1:
		b.runAlone(batch[0])
		return
	}
	if err := b.runTx(batch); err != nil {
		// Nothing of the batch is committed: each op alone, for its own answer.
		b.commit.fallbacks.Add(1)
		for _, op := range batch {
			if err := op.ctx.Err(); err != nil {
				op.rows, op.err = 0, err // not written; its caller has stopped waiting for a write
				continue
			}
			b.runAlone(op)
		}
	}
}

// runAlone runs op in autocommit on the writer pool.
func (b *Backend) runAlone(op *writeOp) {
	ctx := context.WithoutCancel(op.ctx)
	st, err := b.stmts.get(ctx, b.writer, op.query)
	if err != nil {
		st = nil
	}
	op.rows, op.err = op.run(ctx, st, b.writer, nil)
	b.commit.writes.Add(1)
	b.commit.commits.Add(1)
}

// runTx runs the ops in one IMMEDIATE transaction and commits it. An
// error it returns means nothing of the batch is committed and no op has
// its answer yet.
func (b *Backend) runTx(batch []*writeOp) error {
	ctx := context.Background()
	// Prepare (and cache) the statements while the pool's connection is
	// free; inside the transaction it is taken, and the cached statement
	// is reused on it.
	sts := make([]*sql.Stmt, len(batch))
	for i, op := range batch {
		if st, err := b.stmts.get(ctx, b.writer, op.query); err == nil {
			sts[i] = st
		}
	}
	tx, err := b.writer.BeginTx(ctx, nil) // _txlock=immediate: BEGIN IMMEDIATE
	if err != nil {
		return err
	}
	for i, op := range batch {
		var st *sql.Stmt
		if sts[i] != nil {
			st = tx.StmtContext(ctx, sts[i])
		}
		op.rows, op.err = op.run(context.WithoutCancel(op.ctx), st, nil, tx)
		if !ownAnswer(op.err) {
			_ = tx.Rollback()
			return op.err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	b.commit.writes.Add(int64(len(batch)))
	b.commit.commits.Add(1)
	return nil
}

// ownAnswer reports whether err, met inside a batch, is the op's own
// answer that left the transaction as it was: none, no row (a version
// miss, an increment of a non-integer), a missing table (the statement
// did not prepare), or a unique key taken (ABORT undoes the statement).
func ownAnswer(err error) bool {
	if err == nil || errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
	}
	return false
}

// run executes op once: with st (a prepared statement, bound to tx when
// in a batch) or else its query text on tx or db.
func (op *writeOp) run(ctx context.Context, st *sql.Stmt, db *sql.DB, tx *sql.Tx) (int64, error) {
	if op.scan != nil {
		var row *sql.Row
		switch {
		case st != nil:
			row = st.QueryRowContext(ctx, op.args...)
		case tx != nil:
			row = tx.QueryRowContext(ctx, op.query, op.args...)
		default:
			row = db.QueryRowContext(ctx, op.query, op.args...)
		}
		return 0, row.Scan(op.scan...)
	}
	var (
		res sql.Result
		err error
	)
	switch {
	case st != nil:
		res, err = st.ExecContext(ctx, op.args...)
	case tx != nil:
		res, err = tx.ExecContext(ctx, op.query, op.args...)
	default:
		res, err = db.ExecContext(ctx, op.query, op.args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
