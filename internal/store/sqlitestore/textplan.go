package sqlitestore

// Two plans for a page of a full-text search (store.OpText).
//
// The set plan lets the matching documents drive the query: the FTS index
// yields every match, each is looked up by id, its sort key read from its
// JSON body, and all are sorted to keep one page. Its cost grows with the
// number of matches m, whatever the page size: at 1,000,000 documents
// about 140 ms for 10,000 matches, over a second for 100,000.
//
// The walk plan reads the rows in the query's order from the index the
// query would use without the text condition, as for any other query, and
// keeps a row if the id map turns its id into an FTS rowid that is in the
// set of matches; it stops when the page is full. The set comes from the
// FTS index alone (rowids, no content), which is cheap per match; the walk
// costs a row read and a map lookup per row. For a word in a share m/n of
// the documents it reads about need·n/m rows, need being the limit plus
// the offset: few for a common word, the whole index for a rare one.
//
// textRun takes the walk when the query has a limit, when the planner
// serves the query's order from an index (no sort of all the rows; checked
// once per query shape with EXPLAIN QUERY PLAN), and when its estimated cost
// (from m and n, the id map's largest key) is below the set plan's. It
// first reads the matching FTS rowids, up to textListMax of them; if that
// is all, m is their number and the chosen plan takes them as a list
// instead of evaluating the search again (which for words that are
// prefixes of common words costs as much as the rest of a small search);
// else m is counted. The estimate assumes that the matches are spread
// evenly over the order; a word that occurs only among the last rows of the
// order makes the walk read most of the index. So the walk has a time
// budget of what the set plan is estimated to take, and on running out of
// it the search falls back to the set plan: the worst case is about twice
// the set plan's time. All plans return exactly the same records in the
// same order (TestTextPlansAgree, and the conformance suite's text paging).

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/store"
)

// Costs of the plans in µs, measured at 1,000,000 documents: per match of
// the set plan (find the document, read its sort key, sort), per match of
// the walk's set of rowids, and per row the walk reads.
const (
	costSetRow   = 14.0
	costWalkSet  = 0.15
	costWalkStep = 3.0
)

// Walk budget: the set plan's estimated time per match, and the least
// budget, so that a small estimate does not cut a walk short at once.
const (
	budgetPerMatch = 15 * time.Microsecond
	budgetMin      = 20 * time.Millisecond
)

// textListMax is the most matches whose FTS rowids are read into a list
// that the chosen plan then uses instead of reading the FTS index again
// (about the number where the walk starts to pay at 1,000,000 documents).
const textListMax = 2048

// walkPlans caches, per SQL text of a walk, whether the planner serves its
// order from an index.
const walkPlansMax = 256

// textPlan is the decision textRun takes, kept for tests: which plan a
// search ran ("set", "walk", or "walk-fallback" for a walk that ran out of
// its budget), with the match count and document bound it used.
type textPlan struct {
	Plan    string
	Matches int64
	Docs    int64
}

// textRun runs a page of a text search by the plan expected to be cheaper
// (see the file comment). done is false when the caller should run the
// query as it is, by the set plan reading the FTS index itself (or the
// query has no text condition, no words or no limit); then recs is nil.
func (b *Backend) textRun(ctx context.Context, coll string, q store.Query) (recs []store.Record, done bool, err error) {
	_, words, hasText := store.SplitText(q.Where)
	if !hasText || len(words) == 0 || q.Limit == 0 {
		return nil, false, nil
	}
	plan := textPlan{Plan: "set"}
	defer func() {
		if b.planHook != nil && err == nil {
			b.planHook(plan)
		}
	}()
	// Is the walk possible at all? A failure here or below (no text
	// index, no table) is left to the plain query to report.
	walkQuery, walkArgs := findSQL(coll, q, textForm{Walk: true})
	ordered, err := b.walkOrdered(ctx, walkQuery, walkArgs)
	if err != nil {
		return nil, false, nil
	}
	// The list, the counts and the query that uses them read one snapshot
	// (a read transaction), so a document written in between cannot be
	// returned by a list that matched its older text.
	tx, err := b.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, nil
	}
	defer func() { _ = tx.Rollback() }() // read only: nothing to undo
	// The matching rowids, from the FTS index only (no column is read):
	// all of them if there are at most listMax, else a count.
	fts := ftsTable(coll)
	listMax := textListMax
	if b.listMax != 0 {
		listMax = max(b.listMax, 0)
	}
	list, n, err := matchList(ctx, tx, fts, matchQuery(words), listMax)
	if err != nil {
		return nil, false, nil
	}
	if b.afterList != nil {
		b.afterList()
	}
	plan.Matches = n
	if n < 0 {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM `+fts+` WHERE `+fts+` MATCH ?`, matchQuery(words)).
			Scan(&plan.Matches)
		if err != nil {
			return nil, false, nil
		}
	}
	if plan.Matches == 0 {
		return nil, true, nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(fid), 0) FROM `+mapTable(coll)).
		Scan(&plan.Docs); err != nil {
		return nil, false, nil
	}
	m, docs := float64(plan.Matches), float64(max(plan.Docs, plan.Matches))
	need := float64(q.Limit + q.Offset)
	walk := ordered && costWalkSet*m+costWalkStep*need*docs/m < costSetRow*m
	if b.forcePlan != "" {
		walk = ordered && b.forcePlan == "walk"
	}
	if !walk {
		if list == "" {
			return nil, false, nil
		}
		query, args := findSQL(coll, q, textForm{List: list})
		recs, err := find(ctx, tx, coll, query, args)
		return recs, true, err
	}
	if list != "" {
		walkQuery, walkArgs = findSQL(coll, q, textForm{Walk: true, List: list})
	}
	budget := max(time.Duration(m)*budgetPerMatch, budgetMin)
	if b.forcePlan == "walk" {
		budget = time.Hour
	}
	if b.walkBudget != 0 {
		budget = b.walkBudget
	}
	wctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	recs, err = find(wctx, tx, coll, walkQuery, walkArgs)
	if err != nil && ctx.Err() == nil && wctx.Err() != nil {
		// The set plan runs as one statement of its own, outside the
		// transaction whose statement was interrupted.
		plan.Plan = "walk-fallback"
		return nil, false, nil
	}
	plan.Plan = "walk"
	return recs, true, err
}

// matchList returns the FTS rowids matching match as a JSON array and
// their number if there are at most limit; else "" and -1.
func matchList(ctx context.Context, db querier, fts, match string, limit int) (string, int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT rowid FROM `+fts+` WHERE `+fts+` MATCH ? LIMIT ?`, match, limit+1)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	var (
		sb strings.Builder
		n  int64
	)
	sb.WriteByte('[')
	for rows.Next() {
		var fid int64
		if err := rows.Scan(&fid); err != nil {
			return "", 0, err
		}
		if n == int64(limit) {
			return "", -1, rows.Close()
		}
		if n > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.FormatInt(fid, 10))
		n++
	}
	if err := rows.Err(); err != nil {
		return "", 0, err
	}
	sb.WriteByte(']')
	return sb.String(), n, nil
}

// walkOrdered reports whether the planner gives the walk query's rows in
// its order from an index, rather than sorting all of them: EXPLAIN QUERY
// PLAN shows no "USE TEMP B-TREE FOR ORDER BY" (a temporary tree for the
// right part of the order, the id that breaks ties of an indexed key, sorts
// only rows with equal keys and is fine). The answer depends on the SQL
// text and the schema only, so it is cached per text.
func (b *Backend) walkOrdered(ctx context.Context, query string, args []any) (bool, error) {
	b.mu.Lock()
	ordered, ok := b.walkPlans[query]
	b.mu.Unlock()
	if ok {
		return ordered, nil
	}
	rows, err := b.reader.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	ordered = true
	for rows.Next() {
		var (
			id, parent, notused int
			detail              string
		)
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return false, err
		}
		if strings.HasPrefix(detail, "USE TEMP B-TREE FOR ORDER BY") {
			ordered = false
		}
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	b.mu.Lock()
	if b.walkPlans == nil || len(b.walkPlans) >= walkPlansMax {
		b.walkPlans = map[string]bool{}
	}
	b.walkPlans[query] = ordered
	b.mu.Unlock()
	return ordered, nil
}
