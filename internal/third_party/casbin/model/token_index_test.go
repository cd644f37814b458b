package model

import (
	"reflect"
	"testing"
)

// Samstyr: the token index is built with the tokens and follows copies
// and replaced Tokens slices.
func TestTokenIndex(t *testing.T) {
	m := NewModel()
	m.AddDef("r", "r", "sub, dom, obj")
	m.AddDef("p", "p", "role, limit")
	want := map[string]int{"r_sub": 0, "r_dom": 1, "r_obj": 2}
	if got := m["r"]["r"].TokenIndex(); !reflect.DeepEqual(got, want) {
		t.Fatalf("r: %v, want %v", got, want)
	}
	c := m.Copy()
	if got := c["p"]["p"].TokenIndex(); !reflect.DeepEqual(got, map[string]int{"p_role": 0, "p_limit": 1}) {
		t.Fatalf("copied p: %v", got)
	}
	c["p"]["p"].Tokens = []string{"p_limit", "p_role"} // replaced by hand
	if got := c["p"]["p"].TokenIndex(); !reflect.DeepEqual(got, map[string]int{"p_limit": 0, "p_role": 1}) {
		t.Fatalf("after replacing Tokens: %v", got)
	}
	if got := m["p"]["p"].TokenIndex(); !reflect.DeepEqual(got, map[string]int{"p_role": 0, "p_limit": 1}) {
		t.Fatalf("the original changed with its copy: %v", got)
	}
}
