package sqlitestore

// Two plans for a page of a full-text search (store.OpText); docs/search.md
// explains the design and the measurements behind it.
//
// Both start from the matching FTS rowids, read once from the FTS index
// alone as a JSON array. The set plan lets the matches drive: each is
// looked up, its sort key read, and all are sorted to keep one page; it
// costs in proportion to the number of matches m. The walk plan reads the
// rows in the query's order from the order index (orderindex.go) and keeps
// those whose FTS rowid is among the matches, stopping when the page is
// full; for a word in a share m/n of the n documents it reads about
// need·n/m rows (need: limit plus offset). textRun walks when an order
// index exists and the walk's estimated cost is below the set plan's. The
// walk reads at most as many rows as the set plan's estimate pays for; a
// page it leaves short (matches bunched at the far end of the order) is
// run by the set plan. All plans return exactly the same records in the
// same order (TestTextPlansAgree, and the conformance suite's text paging).

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

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

// textPlan is the decision textRun takes, kept for tests: which plan a
// search ran ("set", "walk", or "walk-fallback" for a walk that reached
// its cap before the page was full), with the match count and document
// bound it used.
type textPlan struct {
	Plan    string
	Matches int64
	Docs    int64
}

// textHooks lets tests steer textRun; production passes nil. forcePlan
// ("set" or "walk") overrides the choice, walkCap the rows the walk may
// read; afterList runs between reading the matches and the query, and
// plan sees each choice.
type textHooks struct {
	forcePlan string
	walkCap   int64
	afterList func()
	plan      func(textPlan)
}

// textRun runs a page of a text search by the plan expected to be cheaper
// (see the file comment). done is false when the caller should run the
// query as it is, by the set plan reading the FTS index itself (the query
// has no text condition, no words or no limit, or has no text index); then
// recs is nil.
func (b *Backend) textRun(ctx context.Context, coll string, q store.Query, h *textHooks) (recs []store.Record, done bool, err error) {
	_, words, hasText := store.SplitText(q.Where)
	if !hasText || len(words) == 0 || q.Limit == 0 {
		return nil, false, nil
	}
	if h == nil {
		h = &textHooks{}
	}
	plan := textPlan{Plan: "set"}
	defer func() {
		if h.plan != nil && err == nil {
			h.plan(plan)
		}
	}()
	index := b.orderIndex(ctx, coll, q, 0)
	// The matches and the query that uses them read one snapshot (a read
	// transaction), so a document written in between cannot be returned
	// by a list that matched its older text.
	tx, err := b.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, nil
	}
	defer func() { _ = tx.Rollback() }() // read only: nothing to undo
	// The matching FTS rowids, from the FTS index alone (no column is
	// read), as a JSON array that the chosen plan reads instead of
	// evaluating the search again, and their number. A failure here (no
	// text index, no table) is left to the plain query to report.
	fts := ftsTable(coll)
	var list string
	err = tx.QueryRowContext(ctx, `SELECT count(*), json_group_array(rowid) FROM `+fts+` WHERE `+fts+` MATCH ?`,
		matchQuery(words)).Scan(&plan.Matches, &list)
	if err != nil {
		return nil, false, nil
	}
	if h.afterList != nil {
		h.afterList()
	}
	if plan.Matches == 0 {
		return nil, true, nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(fid), 0) FROM `+mapTable(coll)).Scan(&plan.Docs); err != nil {
		return nil, false, nil
	}
	m, docs := float64(plan.Matches), float64(max(plan.Docs, plan.Matches))
	need := float64(q.Limit + q.Offset)
	walk := index != "" && costWalkSet*m+costWalkStep*need*docs/m < costSetRow*m
	if h.forcePlan != "" {
		walk = index != "" && h.forcePlan == "walk"
	}
	set := func() ([]store.Record, bool, error) {
		query, args := findSQL(coll, q, textForm{List: list}, "")
		recs, err := find(ctx, tx, coll, query, args)
		return recs, true, err
	}
	if !walk {
		return set()
	}
	// The walk reads at most walkCap rows of the order index: as many as
	// the set plan's estimated cost pays for, and at least twice the rows
	// it is expected to need. A page it leaves short (it may have stopped
	// before matches further down the order) is run by the set plan. So
	// the choice and its worst case, about twice the set plan's cost,
	// depend on the data only, not on the machine's speed or load.
	walkCap := int64(max(costSetRow*m/costWalkStep, 2*need*docs/m))
	if h.forcePlan == "walk" {
		walkCap = math.MaxInt64
	}
	if h.walkCap != 0 {
		walkCap = h.walkCap
	}
	query, args := walkSQL(coll, q, list, index, walkCap)
	plan.Plan = "walk"
	if recs, err = find(ctx, tx, coll, query, args); err != nil || len(recs) == q.Limit {
		return recs, true, err
	}
	plan.Plan = "walk-fallback"
	return set()
}

// walkSQL renders the walk of a text search (see the file comment): the
// first walkCap rows, in q's order, of the order index named index that
// meet q's other conditions (and its keyset position), of which the outer
// query keeps the rows whose FTS rowid, through the id map, is in list, in
// q's order and window.
func walkSQL(coll string, q store.Query, list, index string, walkCap int64) (string, []any) {
	rest, _, _ := store.SplitText(q.Where)
	var cw sqlWhere
	cw.conds(coll, rest, textForm{})
	if q.After != nil {
		cw.after(q.Sort, *q.After)
	}
	w, args := cw.sql()
	base := table(coll)
	// The walk selects each row's id, FTS rowid and sort keys (as s0, s1,
	// …); ordered by them, the outer query takes the walk's rows in the
	// walk's order without a sort, reads the document of a matching row
	// only, and stops at the page.
	sel := "SELECT id AS wid, (SELECT m.fid FROM " + mapTable(coll) + " AS m WHERE m.id = " + base + ".id) AS fid"
	inner, outer := make([]string, 0, len(q.Sort)+1), make([]string, 0, len(q.Sort)+1)
	for i, s := range q.Sort {
		dir := ""
		if s.Desc {
			dir = " DESC"
		}
		sel += fmt.Sprintf(", %s AS s%d", fieldExpr(s.Field), i)
		inner = append(inner, fieldExpr(s.Field)+dir)
		outer = append(outer, fmt.Sprintf("w.s%d%s", i, dir))
	}
	inner, outer = append(inner, "id"), append(outer, "w.wid")
	query := "SELECT c.id, c.version, c.doc FROM (" + sel + " FROM " + base + indexedBy(index) + w +
		" ORDER BY " + strings.Join(inner, ", ") + " LIMIT ?) AS w JOIN " + base + " AS c ON c.id = w.wid" +
		" WHERE w.fid IN (SELECT value FROM json_each(?))" +
		" ORDER BY " + strings.Join(outer, ", ") + " LIMIT ? OFFSET ?"
	return query, append(args, walkCap, list, int64(q.Limit), int64(q.Offset))
}
