package deadline

import (
	"testing"

	"github.com/samstyr/samstyr/internal/platform"
)

func TestWorkingDays(t *testing.T) {
	d := platform.MustParseDate
	for _, tc := range []struct{ day, next string }{
		{"2026-03-12", "2026-03-13"}, // torsdag → fredag
		{"2026-03-13", "2026-03-16"}, // fredag → måndag
		{"2026-04-02", "2026-04-07"}, // skärtorsdag → tisdag efter annandag påsk
		{"2026-06-18", "2026-06-22"}, // torsdag → måndag (midsommarafton 19/6)
		{"2026-12-23", "2026-12-28"}, // julafton, juldagen, annandag jul, helg
	} {
		if got := NextWorkingDay(d(tc.day)); got != d(tc.next) {
			t.Errorf("NextWorkingDay(%s) = %s, want %s", tc.day, got, tc.next)
		}
	}
	if IsWorkingDay(d("2026-06-19")) || IsWorkingDay(d("2026-03-14")) || !IsWorkingDay(d("2026-03-16")) {
		t.Error("IsWorkingDay wrong")
	}
	if n := WorkingDaysBetween(d("2026-03-12"), d("2026-03-16")); n != 2 {
		t.Errorf("torsdag to måndag: %d working days, want 2", n)
	}
	if n := WorkingDaysBetween(d("2026-03-16"), d("2026-03-16")); n != 0 {
		t.Errorf("same day: %d", n)
	}
	if n := WorkingDaysBetween(d("2026-03-16"), d("2026-03-10")); n != 0 {
		t.Errorf("backwards: %d", n)
	}
}
