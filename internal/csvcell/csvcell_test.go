package csvcell

import "testing"

func TestGuardRoundTrip(t *testing.T) {
	for _, c := range []struct{ in, guarded string }{
		{"", ""},
		{"Budget 2025", "Budget 2025"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+46 480", "'+46 480"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"'=1", "''=1"},
		{"'plain", "'plain"},
	} {
		if got := Guard(c.in); got != c.guarded {
			t.Errorf("Guard(%q) = %q, want %q", c.in, got, c.guarded)
		}
		if got := Unguard(Guard(c.in)); got != c.in {
			t.Errorf("Unguard(Guard(%q)) = %q", c.in, got)
		}
	}
}

func TestField(t *testing.T) {
	if got := Field(3, "Belopp"); got != "row 3, column Belopp" {
		t.Errorf("Field = %q", got)
	}
	if got := Field(4, ""); got != "row 4" {
		t.Errorf("Field = %q", got)
	}
}
