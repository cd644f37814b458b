package sqlitestore

// A page of a query with a condition "field IN (v1, …, vk)" (a reader
// limited to some boards) is, as SQLite plans it, all the rows of the k
// values sorted to keep one page: no index gives the rows of several values
// in the query's order. An index on (field, sort key) does give each
// value's rows in order. So such a query with a limit runs as k arms, "field
// = vi" each, every one ordered and cut to the page by that index, merged
// by a compound SELECT whose ORDER BY SQLite evaluates as a merge of the
// ordered arms: it reads k pages instead of every row of the k values. The
// rows are the same, since each row's field has one value and the values
// are distinct; the order and the window are the query's.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/store"
)

// mergeMaxArms bounds the values of an IN condition run as a merge; a
// longer list stays one query.
const mergeMaxArms = 32

// mergeable returns the index in q.Where of the IN condition to run as a
// merge, and its distinct values (as condSQL binds them), or -1 if q is no
// candidate: it needs a limit, no text condition (a text search has its own
// plans, textplan.go) and an IN condition with 2 to mergeMaxArms values.
func mergeable(q store.Query) (int, []any) {
	if q.Limit == 0 {
		return -1, nil
	}
	in := -1
	for i, c := range q.Where {
		switch {
		case c.Op == store.OpText:
			return -1, nil
		case c.Op == store.OpIn && in < 0:
			in = i
		}
	}
	if in < 0 {
		return -1, nil
	}
	vs, err := store.InValues(q.Where[in].Value)
	if err != nil {
		return -1, nil
	}
	seen := make(map[any]bool, len(vs))
	var vals []any
	for _, v := range vs {
		if k := sqlValue(v); !seen[k] {
			seen[k] = true
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 || len(vals) > mergeMaxArms {
		return -1, nil
	}
	return in, vals
}

// mergeSQL renders q, whose condition in is "field IN vals", as a compound
// SELECT of one arm per value (see the file comment). Each arm returns id,
// version, doc and the sort keys as s0, s1, …, which the compound's ORDER BY
// names; it reads from the order index of its equality conditions
// (orderindex.go).
func (b *Backend) mergeSQL(ctx context.Context, coll string, q store.Query, in int, vals []any) (string, []any) {
	sel := "SELECT id, version, doc"
	order := make([]string, 0, len(q.Sort)+1)
	for i, s := range q.Sort {
		sel += fmt.Sprintf(", %s AS s%d", fieldExpr(s.Field), i)
		o := fmt.Sprintf("s%d", i)
		if s.Desc {
			o += " DESC"
		}
		order = append(order, o)
	}
	order = append(order, "id")
	var (
		sb   strings.Builder
		args []any
	)
	for i, v := range vals {
		arm := q
		arm.Where = slices.Clone(q.Where)
		arm.Where[in] = store.Cond{Field: q.Where[in].Field, Op: store.OpEq, Value: v}
		arm.Limit, arm.Offset = q.Limit+q.Offset, 0
		var cw sqlWhere
		cw.conds(coll, arm.Where, textForm{})
		if arm.After != nil {
			cw.after(arm.Sort, *arm.After)
		}
		w, a := cw.sql()
		if i > 0 {
			sb.WriteString(" UNION ALL ")
		}
		sb.WriteString("SELECT * FROM (" + sel + " FROM " + table(coll) + indexedBy(b.orderIndex(ctx, coll, arm, 1)) + w + " ORDER BY " +
			strings.Join(order, ", ") + " LIMIT ?)")
		args = append(append(args, a...), int64(arm.Limit))
	}
	sb.WriteString(" ORDER BY " + strings.Join(order, ", ") + " LIMIT ? OFFSET ?")
	args = append(args, int64(q.Limit), int64(q.Offset))
	return sb.String(), args
}
