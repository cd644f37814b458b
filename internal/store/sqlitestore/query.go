package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/samstyr/samstyr/internal/store"
)

// where renders validated conditions on coll's table as SQL with bound
// arguments: " WHERE …", or "" for no conditions.
func where(coll string, conds []store.Cond) (string, []any, error) {
	if err := store.ValidateConds(conds); err != nil {
		return "", nil, err
	}
	var w sqlWhere
	w.conds(coll, conds, textForm{})
	s, args := w.sql()
	return s, args, nil
}

// sqlWhere collects ANDed SQL terms and their arguments.
type sqlWhere struct {
	parts []string
	args  []any
}

// sql returns " WHERE " and the terms, or "" if there are none.
func (w *sqlWhere) sql() (string, []any) {
	if len(w.parts) == 0 {
		return "", w.args
	}
	return " WHERE " + strings.Join(w.parts, " AND "), w.args
}

// textForm is the SQL form of a query's text condition in the set plan
// (see textplan.go): the matching ids drive the query. A non-empty List (a
// JSON array of the matching FTS rowids, found beforehand) replaces the
// FTS MATCH, so the FTS index is not read twice. (The walk plan has its own
// SQL, walkSQL.)
type textForm struct {
	List string
}

// conds adds conditions, which must have been validated; all OpText
// conditions together become one full-text term, in form tf.
func (w *sqlWhere) conds(coll string, conds []store.Cond, tf textForm) {
	rest, words, hasText := store.SplitText(conds)
	for _, c := range rest {
		p, args := condSQL(c)
		w.parts = append(w.parts, p)
		w.args = append(w.args, args...)
	}
	if !hasText {
		return
	}
	if len(words) == 0 {
		w.parts = append(w.parts, "0")
		return
	}
	// The FTS table (see text.go) holds each document's id beside the
	// indexed text; the MATCH string is built from quoted words only.
	fts, ids, base := ftsTable(coll), mapTable(coll), table(coll)
	fids := "SELECT rowid FROM " + fts + " WHERE " + fts + " MATCH ?"
	arg := matchQuery(words)
	if tf.List != "" {
		fids, arg = "SELECT value FROM json_each(?)", tf.List
	}
	switch {
	case tf.List != "":
		w.parts = append(w.parts, base+".id IN (SELECT m.id FROM "+ids+" AS m WHERE m.fid IN ("+fids+"))")
	default:
		w.parts = append(w.parts, base+".id IN (SELECT id FROM "+fts+" WHERE "+fts+" MATCH ?)")
	}
	w.args = append(w.args, arg)
}

// after adds the keyset condition "strictly after p" for the sort keys.
func (w *sqlWhere) after(sort []store.SortKey, p store.Position) {
	lead, branches := store.ExpandAfter(sort, p)
	for _, c := range lead {
		s, args := condSQL(c)
		w.parts = append(w.parts, s)
		w.args = append(w.args, args...)
	}
	alts := make([]string, 0, len(branches))
	for _, br := range branches {
		terms := make([]string, 0, len(br.Where)+1)
		for _, c := range br.Where {
			s, args := condSQL(c)
			terms = append(terms, s)
			w.args = append(w.args, args...)
		}
		if br.IDAfter {
			terms = append(terms, "id > ?")
			w.args = append(w.args, p.ID)
		}
		alts = append(alts, "("+strings.Join(terms, " AND ")+")")
	}
	w.parts = append(w.parts, "("+strings.Join(alts, " OR ")+")")
}

// condSQL renders one condition on a body field (any operator but OpText).
// The field expression is fieldExpr's, the text the indexes are built on.
func condSQL(c store.Cond) (string, []any) {
	e := fieldExpr(c.Field)
	switch c.Op {
	case store.OpEq:
		if c.Value == nil {
			return e + " IS NULL", nil
		}
		return e + " = ?", []any{sqlValue(c.Value)}
	case store.OpNe:
		return e + " IS NOT ?", []any{sqlValue(c.Value)}
	case store.OpGt:
		return e + " > ?", []any{sqlValue(c.Value)}
	case store.OpGte:
		return e + " >= ?", []any{sqlValue(c.Value)}
	case store.OpLt:
		return e + " < ?", []any{sqlValue(c.Value)}
	case store.OpLte:
		return e + " <= ?", []any{sqlValue(c.Value)}
	case store.OpContains:
		return "instr(" + e + ", ?) > 0", []any{sqlValue(c.Value)}
	case store.OpIn:
		vs, _ := store.InValues(c.Value)
		if len(vs) == 0 {
			return "0", nil
		}
		args := make([]any, len(vs))
		for i, v := range vs {
			args[i] = sqlValue(v)
		}
		return e + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", ") + ")", args
	}
	// Unreachable for validated conditions.
	return "0", nil
}

// sqlValue converts a condition value to what json_extract yields for the
// same JSON value (true and false are 1 and 0).
func sqlValue(v any) any {
	switch x := v.(type) {
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case int:
		return int64(x)
	case int32:
		return int64(x)
	}
	return v
}

// Find returns the matching documents in the query's order.
func (b *Backend) Find(ctx context.Context, coll string, q store.Query) ([]store.Record, error) {
	if !store.ValidName(coll) {
		return nil, fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return b.findPage(ctx, coll, q, nil)
}

// findPage is Find with the text plans' test hooks (nil in production).
func (b *Backend) findPage(ctx context.Context, coll string, q store.Query, h *textHooks) ([]store.Record, error) {
	if recs, done, err := b.textRun(ctx, coll, q, h); done || err != nil {
		return recs, err
	}
	query, args := b.findSQL(ctx, coll, q)
	return find(ctx, b.readerStmts(), coll, query, args)
}

// findSQL renders q as Find runs it without a text plan: one SELECT read
// from the order index (orderindex.go), or a merge of ordered arms
// (merge.go).
func (b *Backend) findSQL(ctx context.Context, coll string, q store.Query) (string, []any) {
	if in, vals := mergeable(q); in >= 0 {
		return b.mergeSQL(ctx, coll, q, in, vals)
	}
	return findSQL(coll, q, textForm{}, b.orderIndex(ctx, coll, q, 1))
}

// Plan returns SQLite's EXPLAIN QUERY PLAN of the statement Find runs for
// q, one detail line per step (e.g. "SEARCH c_decisions USING INDEX …",
// "USE TEMP B-TREE FOR ORDER BY"), so tests can check that a query is
// served by an index. A text search shows the plan of its set form (the
// walk form reads the same order index).
func (b *Backend) Plan(ctx context.Context, coll string, q store.Query) ([]string, error) {
	if !store.ValidName(coll) {
		return nil, fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	query, args := b.findSQL(ctx, coll, q)
	rows, err := b.reader.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}

// findSQL renders a validated query as one SELECT of id, version and doc;
// tf is the form of a text condition (see textForm), index the index to
// read the rows from ("": SQLite's choice).
func findSQL(coll string, q store.Query, tf textForm, index string) (string, []any) {
	var cw sqlWhere
	cw.conds(coll, q.Where, tf)
	if q.After != nil {
		cw.after(q.Sort, *q.After)
	}
	w, args := cw.sql()
	var sb strings.Builder
	sb.WriteString("SELECT id, version, doc FROM " + table(coll) + indexedBy(index) + w + " ORDER BY ")
	for _, s := range q.Sort {
		sb.WriteString(fieldExpr(s.Field))
		if s.Desc {
			sb.WriteString(" DESC")
		}
		sb.WriteString(", ")
	}
	sb.WriteString("id")
	if q.Limit > 0 || q.Offset > 0 {
		limit := int64(q.Limit)
		if limit == 0 {
			limit = -1
		}
		sb.WriteString(" LIMIT ? OFFSET ?")
		args = append(args, limit, int64(q.Offset))
	}
	return sb.String(), args
}

// indexedBy is the INDEXED BY clause naming index, or "" for none.
func indexedBy(index string) string {
	if index == "" {
		return ""
	}
	return ` INDEXED BY "` + index + `"`
}

// querier is a pool or a transaction to read with.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readerStmts is the reader pool with the statement cache (stmts.go).
func (b *Backend) readerStmts() querier { return cachedReader{b} }

type cachedReader struct{ b *Backend }

func (r cachedReader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.b.query(ctx, r.b.reader, query, args...)
}

// find runs a SELECT of id, version and doc on coll's table.
func find(ctx context.Context, db querier, coll, query string, args []any) ([]store.Record, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if isNoText(err, coll) {
		return nil, fmt.Errorf("%w: text search on %s, which has no text index", store.ErrInvalidQuery, coll)
	}
	if isNoTable(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: find %s: %w", coll, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: find %s: %w", coll, err)
	}
	var out []store.Record
	for rows.Next() {
		var (
			r   store.Record
			doc string
		)
		dest := []any{&r.ID, &r.Version, &doc}
		for len(dest) < len(cols) {
			dest = append(dest, new(any)) // the sort keys of a merge (merge.go)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("sqlitestore: find %s: %w", coll, err)
		}
		r.Data = json.RawMessage(doc)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: find %s: %w", coll, err)
	}
	return out, nil
}

// Count returns the number of matching documents.
func (b *Backend) Count(ctx context.Context, coll string, conds []store.Cond) (int64, error) {
	if !store.ValidName(coll) {
		return 0, fmt.Errorf("%w: collection %q", store.ErrInvalidQuery, coll)
	}
	w, args, err := where(coll, conds)
	if err != nil {
		return 0, err
	}
	var n int64
	err = b.queryRow(ctx, b.reader, "SELECT count(*) FROM "+table(coll)+w, args...).Scan(&n)
	if isNoText(err, coll) {
		return 0, fmt.Errorf("%w: text search on %s, which has no text index", store.ErrInvalidQuery, coll)
	}
	if isNoTable(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: count %s: %w", coll, err)
	}
	return n, nil
}
