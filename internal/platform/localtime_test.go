package platform

import (
	"testing"
	"time"
)

// TestLocalTime: an instant is written in Stockholm's wall-clock time,
// in winter (+01:00) and in summer (+02:00), whatever zone it comes in.
func TestLocalTime(t *testing.T) {
	for _, tc := range []struct {
		in        time.Time
		want, api string
	}{
		{time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC), "2026-03-02 09:30", "2026-03-02T09:30:00+01:00"},
		{time.Date(2026, 7, 1, 22, 5, 0, 0, time.UTC), "2026-07-02 00:05", "2026-07-02T00:05:00+02:00"},
	} {
		if got := LocalTime(tc.in); got != tc.want {
			t.Errorf("LocalTime(%v) = %q, want %q", tc.in, got, tc.want)
		}
		if got := APITime(tc.in); got != tc.api {
			t.Errorf("APITime(%v) = %q, want %q", tc.in, got, tc.api)
		}
	}
	if LocalTime(time.Time{}) != "" {
		t.Error("the zero time is not empty")
	}
}
