package sqlitestore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/samstyr/samstyr/internal/store"
)

// where renders validated conditions as SQL with bound arguments.
func where(conds []store.Cond) (string, []any, error) {
	if err := store.ValidateConds(conds); err != nil {
		return "", nil, err
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	var (
		parts []string
		args  []any
	)
	for _, c := range conds {
		e := fieldExpr(c.Field)
		switch c.Op {
		case store.OpEq:
			if c.Value == nil {
				parts = append(parts, e+" IS NULL")
				continue
			}
			parts = append(parts, e+" = ?")
		case store.OpNe:
			parts = append(parts, e+" IS NOT ?")
		case store.OpGt:
			parts = append(parts, e+" > ?")
		case store.OpGte:
			parts = append(parts, e+" >= ?")
		case store.OpLt:
			parts = append(parts, e+" < ?")
		case store.OpLte:
			parts = append(parts, e+" <= ?")
		case store.OpContains:
			parts = append(parts, "instr("+e+", ?) > 0")
		case store.OpIn:
			vs, _ := store.InValues(c.Value)
			if len(vs) == 0 {
				parts = append(parts, "0")
				continue
			}
			parts = append(parts, e+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", ")+")")
			for _, v := range vs {
				args = append(args, sqlValue(v))
			}
			continue
		}
		args = append(args, sqlValue(c.Value))
	}
	return " WHERE " + strings.Join(parts, " AND "), args, nil
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
	w, args, err := where(q.Where)
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	sb.WriteString("SELECT id, version, doc FROM " + table(coll) + w + " ORDER BY ")
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
	rows, err := b.reader.QueryContext(ctx, sb.String(), args...)
	if isNoTable(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: find %s: %w", coll, err)
	}
	defer rows.Close()
	var out []store.Record
	for rows.Next() {
		var (
			r   store.Record
			doc string
		)
		if err := rows.Scan(&r.ID, &r.Version, &doc); err != nil {
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
	w, args, err := where(conds)
	if err != nil {
		return 0, err
	}
	var n int64
	err = b.reader.QueryRowContext(ctx, "SELECT count(*) FROM "+table(coll)+w, args...).Scan(&n)
	if isNoTable(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: count %s: %w", coll, err)
	}
	return n, nil
}
