package web

import "testing"

// TestCount: one thing in the singular, others in the plural.
func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    any
		want string
	}{{1, "1 ärende"}, {0, "0 ärenden"}, {2, "2 ärenden"}, {int64(1), "1 ärende"}, {21, "21 ärenden"}} {
		if got := count(tc.n, "ärende", "ärenden"); got != tc.want {
			t.Errorf("count(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestNoteText: an import's note names the row, not the import's id.
func TestNoteText(t *testing.T) {
	if got := noteText("import 01a25086-33f8-762d-8d61-30865af03c4c rad 17"); got != "Inläsning från fil, rad 17" {
		t.Errorf("import note = %q", got)
	}
	if got := noteText("Ny ledamot efter valet"); got != "Ny ledamot efter valet" {
		t.Errorf("a person's note = %q", got)
	}
}
