package csvcell

import (
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

// TestErrorsSortDedupeAndCap: errors come out by row and then by the
// column's place in the header, a cell's repeated code is listed once, and
// only the first max are listed, with a too_many_errors entry after them.
func TestErrorsSortDedupeAndCap(t *testing.T) {
	e := NewErrors([]string{"kod", "belopp"})
	if e.Err(10) != nil {
		t.Fatal("no errors, but a fault")
	}
	e.Add(3, "belopp", "required", "")
	e.Add(2, "belopp", "invalid_value", "x")
	e.Add(2, "kod", "required", "")
	e.Add(2, "kod", "required", "again")
	e.Add(1, "", "invalid_csv", "")
	if e.Len() != 4 || !e.Has(2, "kod") || e.Has(3, "kod") {
		t.Fatalf("Len %d, Has(2,kod) %t, Has(3,kod) %t", e.Len(), e.Has(2, "kod"), e.Has(3, "kod"))
	}
	f := fault.From(e.Err(3))
	want := []string{Field(1, ""), Field(2, "kod"), Field(2, "belopp"), ""}
	if f.Kind != fault.Unprocessable || len(f.Fields) != len(want) {
		t.Fatalf("fault %v with %d fields", f.Kind, len(f.Fields))
	}
	for i, w := range want {
		if f.Fields[i].Field != w {
			t.Errorf("field %d = %q, want %q", i, f.Fields[i].Field, w)
		}
	}
	if f.Fields[3].Code != "too_many_errors" {
		t.Errorf("last entry %q, want too_many_errors", f.Fields[3].Code)
	}
}
