package store

import "fmt"

// Op is a comparison operator in a query condition.
type Op string

// The operators every backend supports. Values are strings, integers
// (int, int64) or booleans; OpIn takes a slice of those.
const (
	OpEq  Op = "eq"  // equal; a nil value matches a missing or null field
	OpNe  Op = "ne"  // not equal; matches a missing field too
	OpIn  Op = "in"  // equal to one of the values ([]string or []int64)
	OpGt  Op = "gt"  // greater than
	OpGte Op = "gte" // greater than or equal
	OpLt  Op = "lt"  // less than
	OpLte Op = "lte" // less than or equal
	// OpContains is a case-sensitive substring match on a string field.
	// Callers that want case-insensitive search store a folded copy of the
	// text (see Fold) and search that.
	OpContains Op = "contains"
	// OpText is a full-text search over the collection's text-indexed
	// fields (Collection.Text); Value is a string of words (see
	// TextWords). A document matches when every word occurs in one of
	// those fields, case-insensitively and Unicode-aware ("ÖVERENSKOMMELSE"
	// finds "överenskommelse"). Whole words always match; a backend may
	// also match a word inside a longer one (SQLite and the FerretDB
	// harness match prefixes: "överens" finds "överenskommelse"; see the
	// backends for the details). Any character that is not a letter,
	// digit or mark separates words, so search syntax in the value ("a*",
	// OR, quotes, $, .*) is literal text, never an operator. A value with
	// no words matches no document. Several OpText conditions in one query
	// are one search for all their words.
	//
	// Field may be empty or name a field, but it is not used: the search
	// always covers all the Text fields, since MongoDB's $text cannot
	// search one field of a text index. A collection without Text gives
	// ErrInvalidQuery.
	OpText Op = "text"
)

// Cond is one condition on a body field; a query's conditions are ANDed.
type Cond struct {
	Field string
	Op    Op
	Value any
}

// Eq is shorthand for an equality condition.
func Eq(field string, v any) Cond { return Cond{Field: field, Op: OpEq, Value: v} }

// Text is shorthand for a full-text condition (OpText) on words.
func Text(words string) Cond { return Cond{Op: OpText, Value: words} }

// SortKey orders results by a body field. Ties are broken by id ascending,
// so paging is stable on both backends.
type SortKey struct {
	Field string
	Desc  bool
	// NotNull promises that every document the query can return has a
	// non-null value in Field. Keyset pages on a descending key are then
	// bounded by the position's value (Field <= v), a range an index
	// serves; without it, later documents include the nulls, and the
	// backend has to look at every document before the position.
	NotNull bool
}

// Query selects documents: conditions, order, and a page window.
// Limit 0 means no limit.
//
// After turns the window into keyset pagination: only documents strictly
// after that position in the query's order (Sort, then id ascending) are
// returned, so a caller pages with Limit and the position of the last
// record it got (PositionOf) instead of Offset. Unlike Offset, a page then
// costs the same however deep it is, and documents inserted or deleted
// before the position do not shift later pages: no document is skipped or
// returned twice. After requires Offset 0.
type Query struct {
	Where  []Cond
	Sort   []SortKey
	Limit  int
	Offset int
	After  *Position
}

// Validate checks the query's fields, operators and value types.
func (q Query) Validate() error {
	if q.Limit < 0 || q.Offset < 0 {
		return fmt.Errorf("%w: negative limit or offset", ErrInvalidQuery)
	}
	for _, s := range q.Sort {
		if !ValidField(s.Field) {
			return fmt.Errorf("%w: sort field %q", ErrInvalidQuery, s.Field)
		}
	}
	if q.After != nil {
		if q.Offset != 0 {
			return fmt.Errorf("%w: offset %d with a keyset position", ErrInvalidQuery, q.Offset)
		}
		if err := q.After.validate(q.Sort); err != nil {
			return err
		}
	}
	return ValidateConds(q.Where)
}

// ValidateConds checks conditions' fields, operators and value types.
func ValidateConds(where []Cond) error {
	for _, c := range where {
		if c.Op == OpText {
			if c.Field != "" && !ValidField(c.Field) {
				return fmt.Errorf("%w: field %q", ErrInvalidQuery, c.Field)
			}
			if _, ok := c.Value.(string); !ok {
				return fmt.Errorf("%w: text needs a string, got %T", ErrInvalidQuery, c.Value)
			}
			continue
		}
		if !ValidField(c.Field) {
			return fmt.Errorf("%w: field %q", ErrInvalidQuery, c.Field)
		}
		switch c.Op {
		case OpEq, OpNe:
			if c.Value != nil && !scalar(c.Value) {
				return fmt.Errorf("%w: %s value %T", ErrInvalidQuery, c.Field, c.Value)
			}
		case OpGt, OpGte, OpLt, OpLte:
			if !scalar(c.Value) {
				return fmt.Errorf("%w: %s value %T", ErrInvalidQuery, c.Field, c.Value)
			}
		case OpContains:
			if _, ok := c.Value.(string); !ok {
				return fmt.Errorf("%w: contains needs a string on %s", ErrInvalidQuery, c.Field)
			}
		case OpIn:
			if _, err := InValues(c.Value); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: operator %q", ErrInvalidQuery, c.Op)
		}
	}
	return nil
}

// InValues flattens an OpIn value into a slice of scalars.
func InValues(v any) ([]any, error) {
	switch vs := v.(type) {
	case []string:
		out := make([]any, len(vs))
		for i, s := range vs {
			out[i] = s
		}
		return out, nil
	case []int64:
		out := make([]any, len(vs))
		for i, s := range vs {
			out[i] = s
		}
		return out, nil
	case []any:
		for _, x := range vs {
			if !scalar(x) {
				return nil, fmt.Errorf("%w: in value %T", ErrInvalidQuery, x)
			}
		}
		return vs, nil
	}
	return nil, fmt.Errorf("%w: in needs a slice, got %T", ErrInvalidQuery, v)
}

func scalar(v any) bool {
	switch v.(type) {
	case string, int, int64, int32, bool:
		return true
	}
	return false
}
