package deadline

import (
	"testing"

	"github.com/samstyr/samstyr/internal/platform"
)

// FuzzAppealEnd: for any postings, the appeal end is a working day, at
// least 21 days after the latest posting and at most a week later.
func FuzzAppealEnd(f *testing.F) {
	f.Add(2025, 5, 22, 2025, 5, 23)
	f.Add(2025, 5, 30, 2025, 5, 30)
	f.Add(2025, 12, 10, 2024, 1, 1)
	f.Fuzz(func(t *testing.T, y1, m1, d1, y2, m2, d2 int) {
		a, err1 := platform.ParseDate(dateString(y1, m1, d1))
		b, err2 := platform.ParseDate(dateString(y2, m2, d2))
		if err1 != nil || err2 != nil || a.Year < 1600 || b.Year < 1600 {
			return
		}
		end, err := AppealEnd([]platform.Date{a, b})
		if err != nil {
			t.Fatal(err)
		}
		latest := a
		if b.After(a) {
			latest = b
		}
		if _, non := IsNonWorkingForDeadline(end); non {
			t.Errorf("appeal end %s is not a working day", end)
		}
		if end.Before(latest.AddDays(21)) || end.After(latest.AddDays(28)) {
			t.Errorf("appeal end %s for latest posting %s", end, latest)
		}
	})
}

func dateString(y, m, d int) string {
	if y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99 {
		return ""
	}
	return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
}

func pad(n, w int) string {
	s := ""
	for i := 0; i < w; i++ {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
