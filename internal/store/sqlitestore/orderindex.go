package sqlitestore

import (
	"context"
	"regexp"
	"slices"

	"github.com/samstyr/samstyr/internal/store"
)

// The index a page is read from.
//
// A page of a query (a limit and an order) is cheapest read from an index
// that yields the rows in the query's order: the walk stops when the page
// is full. The collections declare such indexes, (board, point_code,
// decided_ns) and the like: the equality conditions of a typical query,
// then its sort key. SQLite's planner, which has no statistics here (no
// ANALYZE is run), often prefers another index that narrows the rows by a
// range (decided_ns between two instants, amount between two sums) and then
// sorts them all; at 1,000,000 decisions that read and sorted thousands of
// rows for a page of 50 (a fifth of a second and more) where the order
// index reads about the page. And with statistics the choice depends on
// the values bound, so it flips from one search to the next.
//
// So the store names the index itself (INDEXED BY) when one declared index
// serves the order after an equality prefix that holds every equality
// condition of the query, at least one: the walk then reads only rows that
// pass all equality conditions, in order, and stops after the page. Other
// conditions (ranges, text) filter the rows it reads, so a page costs at
// most the rows of its equality group. A query without such an index is
// left to SQLite. A text search may also walk an index without an equality
// prefix (textplan.go decides whether it pays).

// indexSpec is a declared index of a collection: its name and fields.
type indexSpec struct {
	name   string
	fields []string
}

// indexField finds the fields in the SQL of an index EnsureCollection made.
var indexField = regexp.MustCompile(`json_extract\(doc, '\$\.([^']+)'\)`)

// indexes returns coll's declared indexes, read from the schema once and
// cached until EnsureCollection changes them.
func (b *Backend) indexes(ctx context.Context, coll string) ([]indexSpec, error) {
	b.mu.Lock()
	specs, ok := b.indexCache[coll]
	b.mu.Unlock()
	if ok {
		return specs, nil
	}
	rows, err := b.reader.QueryContext(ctx,
		`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, "c_"+coll)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			return nil, err
		}
		s := indexSpec{name: name}
		for _, m := range indexField.FindAllStringSubmatch(sql, -1) {
			s.fields = append(s.fields, m[1])
		}
		if len(s.fields) > 0 {
			specs = append(specs, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	if b.indexCache == nil {
		b.indexCache = map[string][]indexSpec{}
	}
	b.indexCache[coll] = specs
	b.mu.Unlock()
	return specs, nil
}

// orderIndex returns the name of the index to read a page of q from, or ""
// to leave the choice to SQLite (see the comment above): the index whose
// fields are q's sort fields after a prefix of equality fields that holds
// every equality condition of q. minPrefix is the least such prefix (1 for
// a query, 0 for the walk of a text search). The sort keys must share one
// direction.
func (b *Backend) orderIndex(ctx context.Context, coll string, q store.Query, minPrefix int) string {
	if q.Limit == 0 || len(q.Sort) == 0 {
		return ""
	}
	sortFields := make([]string, len(q.Sort))
	for i, s := range q.Sort {
		if s.Desc != q.Sort[0].Desc {
			return ""
		}
		sortFields[i] = s.Field
	}
	eq := map[string]bool{}
	for _, c := range q.Where {
		if c.Op == store.OpEq && c.Value != nil {
			eq[c.Field] = true
		}
	}
	if len(eq) < minPrefix {
		return ""
	}
	specs, err := b.indexes(ctx, coll)
	if err != nil {
		return "" // SQLite plans; the query reports any real error
	}
	for _, s := range specs {
		k := len(s.fields) - len(sortFields)
		if k != len(eq) || !slices.Equal(s.fields[k:], sortFields) {
			continue
		}
		if !slices.ContainsFunc(s.fields[:k], func(f string) bool { return !eq[f] }) {
			return s.name
		}
	}
	return ""
}
