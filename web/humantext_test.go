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
