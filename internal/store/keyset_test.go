package store

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestPositionOf(t *testing.T) {
	rec := Record{ID: "r1", Data: []byte(`{"n":7,"f":1.5,"big":1e3,"s":"Å","b":true,"z":null,"o":{"p":{"q":-3}},"arr":[1],"obj":{}}`)}
	sort := []SortKey{{Field: "n"}, {Field: "f"}, {Field: "big"}, {Field: "s", Desc: true}, {Field: "b"},
		{Field: "z"}, {Field: "missing"}, {Field: "o.p.q"}, {Field: "s.x"}}
	p, err := PositionOf(rec, sort)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{int64(7), 1.5, 1000.0, "Å", true, nil, nil, int64(-3), nil}
	if p.ID != "r1" || !reflect.DeepEqual(p.Values, want) {
		t.Errorf("PositionOf = %#v, want values %#v", p, want)
	}
	q := Query{Sort: sort, After: &p}
	if err := q.Validate(); err != nil {
		t.Errorf("query after PositionOf's position: %v", err)
	}
	if p2, err := rec.Position(q); err != nil || !reflect.DeepEqual(p2, p) {
		t.Errorf("Record.Position = %#v, %v", p2, err)
	}
	for _, f := range []string{"arr", "obj"} {
		if _, err := PositionOf(rec, []SortKey{{Field: f}}); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("PositionOf non-scalar %s: err = %v, want ErrInvalidQuery", f, err)
		}
	}
	if _, err := PositionOf(Record{ID: "x", Data: []byte(`[`)}, sort); err == nil {
		t.Error("PositionOf of an invalid body succeeded")
	}
}

func TestQueryValidateAfter(t *testing.T) {
	sort := []SortKey{{Field: "a"}, {Field: "b", Desc: true}}
	ok := []Position{
		{Values: []any{"x", int64(1)}, ID: "i"},
		{Values: []any{nil, 2.5}, ID: ""},
		{Values: []any{true, 3}, ID: "i"},
	}
	for _, p := range ok {
		if err := (Query{Sort: sort, After: &p, Limit: 10}).Validate(); err != nil {
			t.Errorf("%v: %v", p, err)
		}
	}
	bad := []Query{
		{Sort: sort, After: &Position{Values: []any{"x", 1}}, Offset: 1},
		{Sort: sort, After: &Position{Values: []any{"x"}}},
		{After: &Position{Values: []any{"x"}}},
		{Sort: sort, After: &Position{Values: []any{"x", []int{1}}}},
		{Sort: sort, After: &Position{Values: []any{"x", map[string]any{"$gt": 1}}}},
		{Sort: sort, After: &Position{Values: []any{"x", float32(1)}}},
	}
	for i, q := range bad {
		if err := q.Validate(); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("query %d: err = %v, want ErrInvalidQuery", i, err)
		}
	}
}

// render writes an expansion as text, for comparison.
func render(lead []Cond, branches []KeysetBranch) string {
	cond := func(c Cond) string {
		if c.Value == nil {
			return fmt.Sprintf("%s %s null", c.Field, c.Op)
		}
		return fmt.Sprintf("%s %s %v", c.Field, c.Op, c.Value)
	}
	s := ""
	for _, c := range lead {
		s += cond(c) + " AND "
	}
	s += "("
	for i, br := range branches {
		if i > 0 {
			s += " OR "
		}
		var terms []string
		for _, c := range br.Where {
			terms = append(terms, cond(c))
		}
		if br.IDAfter {
			terms = append(terms, "id gt")
		}
		s += "[" + fmt.Sprint(terms) + "]"
	}
	return s + ")"
}

func TestExpandAfter(t *testing.T) {
	cases := []struct {
		sort []SortKey
		vals []any
		want string
	}{
		{nil, nil, "([[id gt]])"},
		{[]SortKey{{Field: "a"}}, []any{int64(1)},
			"a gte 1 AND ([[a gt 1]] OR [[a eq 1 id gt]])"},
		{[]SortKey{{Field: "a", Desc: true}}, []any{int64(1)},
			"([[a lt 1]] OR [[a eq null]] OR [[a eq 1 id gt]])"},
		{[]SortKey{{Field: "a"}}, []any{nil},
			"([[a ne null]] OR [[a eq null id gt]])"},
		{[]SortKey{{Field: "a", Desc: true}}, []any{nil},
			"a eq null AND ([[a eq null id gt]])"},
		{[]SortKey{{Field: "a"}, {Field: "b", Desc: true}}, []any{"x", 2.5},
			"a gte x AND ([[a gt x]] OR [[a eq x b lt 2.5]] OR [[a eq x b eq null]] OR [[a eq x b eq 2.5 id gt]])"},
		{[]SortKey{{Field: "a"}, {Field: "a", Desc: true}}, []any{"x", "y"},
			"a gte x AND ([[a gt x]] OR [[a eq x id gt]])"},
	}
	for _, c := range cases {
		lead, branches := ExpandAfter(c.sort, Position{Values: c.vals, ID: "i"})
		if got := render(lead, branches); got != c.want {
			t.Errorf("ExpandAfter(%v, %v):\n got %s\nwant %s", c.sort, c.vals, got, c.want)
		}
	}
}

// TestExpandAfterNotNull: a descending NotNull key is bounded by lead
// "k <= v" and takes no null branch; without NotNull it has no bound and
// keeps the nulls.
func TestExpandAfterNotNull(t *testing.T) {
	p := Position{Values: []any{int64(5)}, ID: "x"}
	lead, branches := ExpandAfter([]SortKey{{Field: "k", Desc: true, NotNull: true}}, p)
	wantLead := []Cond{{Field: "k", Op: OpLte, Value: int64(5)}}
	wantBranches := []KeysetBranch{
		{Where: []Cond{{Field: "k", Op: OpLt, Value: int64(5)}}},
		{Where: []Cond{{Field: "k", Op: OpEq, Value: int64(5)}}, IDAfter: true},
	}
	if !reflect.DeepEqual(lead, wantLead) || !reflect.DeepEqual(branches, wantBranches) {
		t.Errorf("NotNull: lead %v, branches %v", lead, branches)
	}
	lead, branches = ExpandAfter([]SortKey{{Field: "k", Desc: true}}, p)
	if lead != nil || len(branches) != 3 || branches[1].Where[0] != (Cond{Field: "k", Op: OpEq, Value: nil}) {
		t.Errorf("nullable: lead %v, branches %v", lead, branches)
	}
}
