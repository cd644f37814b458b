package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Position is a place in a query's order, for keyset pagination
// (Query.After): the sort-key values of the last record seen, one per
// SortKey of the query, and that record's id, the final tie-break.
//
// Values are strings, integers (int, int32, int64), float64, booleans or
// nil. nil stands for a missing or null field, which both backends order
// before every value (first ascending, last descending). Build a Position
// with PositionOf rather than by hand, so the values have the types the
// backends stored.
//
// Paging is exact when each sort field holds one JSON type (or is missing
// or null) across the collection: strings, numbers and booleans order
// differently relative to each other on the two backends.
type Position struct {
	Values []any
	ID     string
}

// validate checks the position against the query's sort keys.
func (p *Position) validate(sort []SortKey) error {
	if len(p.Values) != len(sort) {
		return fmt.Errorf("%w: keyset position has %d values for %d sort keys", ErrInvalidQuery, len(p.Values), len(sort))
	}
	for i, v := range p.Values {
		if !positionValue(v) {
			return fmt.Errorf("%w: keyset value %d (%s) is %T, not a scalar", ErrInvalidQuery, i, sort[i].Field, v)
		}
	}
	return nil
}

// positionValue reports whether v may be a Position value.
func positionValue(v any) bool {
	switch x := v.(type) {
	case nil, string, int, int32, int64, bool:
		return true
	case float64:
		return !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return false
}

// PositionOf returns the position of rec in the order sort (then id): the
// value of each sort field read from rec's JSON body (dotted paths, as in
// conditions), and rec's id. Pass the last record of a page to get the
// Query.After of the next page. A missing or null field gives nil; a field
// holding an object or array gives ErrInvalidQuery, since such fields cannot
// be paged by key. JSON integers become int64, other numbers float64.
func PositionOf(rec Record, sort []SortKey) (Position, error) {
	p := Position{Values: make([]any, len(sort)), ID: rec.ID}
	if len(sort) == 0 {
		return p, nil
	}
	dec := json.NewDecoder(bytes.NewReader(rec.Data))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		return Position{}, fmt.Errorf("store: position of %s: %w", rec.ID, err)
	}
	for i, k := range sort {
		if !ValidField(k.Field) {
			return Position{}, fmt.Errorf("%w: sort field %q", ErrInvalidQuery, k.Field)
		}
		v, err := scalarAt(body, k.Field)
		if err != nil {
			return Position{}, fmt.Errorf("store: position of %s: %w", rec.ID, err)
		}
		p.Values[i] = v
	}
	return p, nil
}

// Position is PositionOf(r, q.Sort): where r stands in q's order.
func (r Record) Position(q Query) (Position, error) { return PositionOf(r, q.Sort) }

// scalarAt reads the scalar at a dotted path of a decoded body.
func scalarAt(body map[string]any, path string) (any, error) {
	var cur any = body
	for part := range strings.SplitSeq(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, nil // a path through a non-object is missing
		}
		cur = obj[part]
	}
	switch v := cur.(type) {
	case nil, string, bool:
		return v, nil
	case json.Number:
		s := string(v)
		if !strings.ContainsAny(s, ".eE") {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n, nil
			}
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: sort field %s: number %s", ErrInvalidQuery, path, s)
		}
		return f, nil
	}
	return nil, fmt.Errorf("%w: sort field %s holds %T, not a scalar", ErrInvalidQuery, path, cur)
}

// KeysetBranch is one alternative of an expanded keyset condition (see
// ExpandAfter): a document is in the branch when every condition of Where
// holds and, if IDAfter is set, its id is greater than the position's id.
type KeysetBranch struct {
	Where   []Cond
	IDAfter bool
}

// ExpandAfter rewrites "strictly after p in the order sort, then id
// ascending" into plain comparisons that both backends evaluate, and that
// indexes on the sort fields can serve:
//
//	(k1 > v1) OR (k1 = v1 AND k2 > v2) OR (k1 = v1 AND k2 = v2 AND id > p.ID)
//
// with < for descending keys. The result is lead AND (branch OR branch …):
// lead holds conditions every later document satisfies (redundant with the
// branches, but a bound on the first sort key that a planner can use for an
// index range); branches is never empty.
//
// Missing and null fields (nil values) order before every value: "after
// nil" ascending is "not null", descending nothing; "after v" descending
// also takes the nulls, unless the key is NotNull, when it is bounded by
// lead "k <= v" instead. A sort field repeated in sort counts once, as in
// the backends' ORDER BY. p must have been validated against sort
// (Query.Validate); the conditions' values are p's values, so they may be
// float64, which Cond otherwise does not accept.
func ExpandAfter(sort []SortKey, p Position) (lead []Cond, branches []KeysetBranch) {
	var (
		eq   []Cond // equality on the keys before the current one
		seen = make(map[string]bool, len(sort))
	)
	for i, k := range sort {
		if seen[k.Field] {
			continue
		}
		seen[k.Field] = true
		v := p.Values[i]
		branch := func(c Cond) {
			w := append(append(make([]Cond, 0, len(eq)+1), eq...), c)
			branches = append(branches, KeysetBranch{Where: w})
		}
		switch {
		case v == nil && !k.Desc:
			branch(Cond{Field: k.Field, Op: OpNe, Value: nil})
		case v == nil && k.Desc:
			// Nulls come last descending: nothing sorts after a null key.
		case !k.Desc:
			branch(Cond{Field: k.Field, Op: OpGt, Value: v})
		default:
			branch(Cond{Field: k.Field, Op: OpLt, Value: v})
			if !k.NotNull {
				branch(Cond{Field: k.Field, Op: OpEq, Value: nil})
			}
		}
		if len(eq) == 0 {
			switch {
			case v != nil && !k.Desc:
				lead = []Cond{{Field: k.Field, Op: OpGte, Value: v}}
			case v != nil && k.NotNull:
				lead = []Cond{{Field: k.Field, Op: OpLte, Value: v}}
			case v == nil && k.Desc:
				lead = []Cond{{Field: k.Field, Op: OpEq, Value: nil}}
			}
		}
		eq = append(eq, Cond{Field: k.Field, Op: OpEq, Value: v})
	}
	branches = append(branches, KeysetBranch{Where: eq, IDAfter: true})
	return lead, branches
}
