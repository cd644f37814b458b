package deadline

import (
	"errors"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

func dates(ss ...string) []platform.Date {
	out := make([]platform.Date, len(ss))
	for i, s := range ss {
		out[i] = platform.MustParseDate(s)
	}
	return out
}

// DOMAIN.md section E, example 1: Borgholm and Mörbylånga post on
// different days; the latest counts.
func TestWorkedExample1JointBoard(t *testing.T) {
	end, err := AppealEnd(dates("2025-05-22", "2025-05-23"))
	if err != nil {
		t.Fatal(err)
	}
	if end != platform.MustParseDate("2025-06-13") || end.Weekday() != time.Friday {
		t.Errorf("appeal end = %s (%s), want Fri 2025-06-13", end, end.Weekday())
	}
	lk := LagaKraft(end)
	if lk != platform.MustParseDate("2025-06-14") || lk.Weekday() != time.Saturday {
		t.Errorf("laga kraft = %s (%s), want Sat 2025-06-14", lk, lk.Weekday())
	}
}

// DOMAIN.md section E, example 4: midsommar shift.
func TestWorkedExample4Midsommar(t *testing.T) {
	posted := platform.MustParseDate("2025-05-30")
	day21 := posted.AddDays(21)
	if day21 != platform.MustParseDate("2025-06-20") {
		t.Fatalf("day 21 = %s", day21)
	}
	if r, ok := IsNonWorkingForDeadline(day21); !ok || r != "midsommarafton" {
		t.Errorf("2025-06-20: %q, %v", r, ok)
	}
	if r, ok := IsHoliday(platform.MustParseDate("2025-06-21")); !ok || r != "midsommardagen" {
		t.Errorf("2025-06-21: %q, %v", r, ok)
	}
	end, err := AppealEnd([]platform.Date{posted})
	if err != nil {
		t.Fatal(err)
	}
	if end != platform.MustParseDate("2025-06-23") || end.Weekday() != time.Monday {
		t.Errorf("appeal end = %s (%s), want Mon 2025-06-23", end, end.Weekday())
	}
}

// DOMAIN.md section E, example 5: FL appeal over New Year.
func TestWorkedExample5FLNewYear(t *testing.T) {
	notified := platform.MustParseDate("2025-12-10")
	if r, ok := IsNonWorkingForDeadline(notified.AddDays(21)); !ok || r != "nyårsafton" {
		t.Errorf("2025-12-31: %q, %v", r, ok)
	}
	if r, ok := IsHoliday(platform.MustParseDate("2026-01-01")); !ok || r != "nyårsdagen" {
		t.Errorf("2026-01-01: %q, %v", r, ok)
	}
	end := FLAppealEnd(notified)
	if end != platform.MustParseDate("2026-01-02") || end.Weekday() != time.Friday {
		t.Errorf("FL appeal end = %s (%s), want Fri 2026-01-02", end, end.Weekday())
	}
}

// Expected appeal ends derived by hand from the literal holiday table in
// holidays_test.go: posting + 21 days (same weekday three weeks later),
// then forward past lördag, söndag, helgdag, midsommarafton, julafton and
// nyårsafton.
var appealCases = []struct {
	postings []string
	want     string
	why      string
}{
	// Ordinary weekdays.
	{[]string{"2025-05-23"}, "2025-06-13", "Fri, ordinary"},
	{[]string{"2024-02-05"}, "2024-02-26", "Mon, ordinary"},
	{[]string{"2028-02-15"}, "2028-03-07", "Tue, across leap day 2028-02-29"},
	{[]string{"2025-03-27"}, "2025-04-17", "skärtorsdagen is a working day"},
	{[]string{"2025-10-10"}, "2025-10-31", "alla helgons afton is a working day"},
	{[]string{"2028-06-01"}, "2028-06-22", "Thu before midsommarafton is a working day"},
	// Saturday and Sunday.
	{[]string{"2024-02-10"}, "2024-03-04", "Sat 03-02 → Mon"},
	{[]string{"2025-08-17"}, "2025-09-08", "Sun 09-07 → Mon"},
	{[]string{"2029-04-29"}, "2029-05-21", "pingstdagen (Sun) → Mon; annandag pingst is not a helgdag"},
	// Easter.
	{[]string{"2025-03-28"}, "2025-04-22", "långfredagen → påskafton, påskdagen, annandag påsk → Tue"},
	{[]string{"2027-03-05"}, "2027-03-30", "långfredagen 03-26 → Tue"},
	{[]string{"2026-03-16"}, "2026-04-07", "annandag påsk → Tue"},
	{[]string{"2028-03-25"}, "2028-04-18", "påskafton (Sat) → Tue"},
	// Första maj, Kristi himmelsfärdsdag, nationaldagen.
	{[]string{"2025-04-10"}, "2025-05-02", "första maj (Thu) → Fri"},
	{[]string{"2024-04-10"}, "2024-05-02", "första maj (Wed) → Thu"},
	{[]string{"2026-04-10"}, "2026-05-04", "första maj (Fri) → Mon"},
	{[]string{"2024-04-18"}, "2024-05-10", "Kristi himmelsfärdsdag → Fri"},
	{[]string{"2026-04-23"}, "2026-05-15", "Kristi himmelsfärdsdag → Fri"},
	{[]string{"2030-05-09"}, "2030-05-31", "Kristi himmelsfärdsdag → Fri"},
	{[]string{"2025-05-16"}, "2025-06-09", "nationaldagen (Fri), Sat, pingstdagen → Mon"},
	{[]string{"2024-05-16"}, "2024-06-07", "nationaldagen (Thu) → Fri"},
	{[]string{"2029-05-16"}, "2029-06-07", "nationaldagen (Wed) → Thu"},
	// Midsommar.
	{[]string{"2025-05-30"}, "2025-06-23", "midsommarafton → Mon"},
	{[]string{"2026-05-29"}, "2026-06-22", "midsommarafton → Mon"},
	{[]string{"2030-05-31"}, "2030-06-24", "midsommarafton → Mon"},
	// Alla helgons dag.
	{[]string{"2025-10-11"}, "2025-11-03", "alla helgons dag → Mon"},
	{[]string{"2026-10-10"}, "2026-11-02", "alla helgons dag 10-31 → Mon"},
	// Jul and nyår.
	{[]string{"2025-12-03"}, "2025-12-29", "julafton, juldagen, annandag jul, Sat, Sun → Mon"},
	{[]string{"2024-12-04"}, "2024-12-27", "juldagen, annandag jul → Fri"},
	{[]string{"2026-12-03"}, "2026-12-28", "julafton (Thu), juldagen, annandag jul (Sat), Sun → Mon"},
	{[]string{"2029-12-03"}, "2029-12-27", "julafton (Mon), juldagen, annandag jul → Thu"},
	{[]string{"2027-12-03"}, "2027-12-27", "julafton (Fri), juldagen, annandag jul (Sun) → Mon"},
	{[]string{"2025-12-10"}, "2026-01-02", "nyårsafton, nyårsdagen → Fri"},
	{[]string{"2024-12-10"}, "2025-01-02", "nyårsafton, nyårsdagen → Thu"},
	{[]string{"2030-12-10"}, "2031-01-02", "nyårsafton, nyårsdagen → Thu"},
	{[]string{"2028-12-09"}, "2029-01-02", "Sat, nyårsafton (Sun), nyårsdagen → Tue"},
	// Trettondedag jul.
	{[]string{"2025-12-16"}, "2026-01-07", "trettondedag jul (Tue) → Wed"},
	{[]string{"2027-12-16"}, "2028-01-07", "trettondedag jul (Thu) → Fri"},
	{[]string{"2029-12-16"}, "2030-01-07", "trettondedag jul (Sun) → Mon"},
	// Gemensam nämnd: the latest posting counts, in any order.
	{[]string{"2025-05-22", "2025-05-23"}, "2025-06-13", "joint board, Borgholm and Mörbylånga"},
	{[]string{"2025-05-23", "2025-05-22"}, "2025-06-13", "joint board, reversed order"},
	{[]string{"2027-03-04", "2027-03-05"}, "2027-03-30", "joint board, latest lands on långfredagen"},
	{[]string{"2024-04-18", "2024-04-17"}, "2024-05-10", "joint board, earlier would be Wed 05-08"},
	{[]string{"2026-05-27", "2026-05-28", "2026-05-26"}, "2026-06-18", "three members, ordinary Thu"},
	{[]string{"2025-05-23", "2025-05-23"}, "2025-06-13", "same day in both"},
}

func TestAppealEndTable(t *testing.T) {
	if len(appealCases) < 30 {
		t.Fatalf("only %d cases", len(appealCases))
	}
	for _, tc := range appealCases {
		got, err := AppealEnd(dates(tc.postings...))
		if err != nil {
			t.Errorf("%v: %v", tc.postings, err)
			continue
		}
		if got.String() != tc.want {
			t.Errorf("AppealEnd(%v) = %s (%s), want %s (%s)", tc.postings, got, got.Weekday(), tc.want, tc.why)
		}
		if _, non := IsNonWorkingForDeadline(got); non {
			t.Errorf("AppealEnd(%v) = %s is not a working day", tc.postings, got)
		}
		// A single posting is also a förvaltningsbesvär notification date:
		// the same rule applies.
		if len(tc.postings) == 1 {
			if fl := FLAppealEnd(platform.MustParseDate(tc.postings[0])); fl.String() != tc.want {
				t.Errorf("FLAppealEnd(%s) = %s, want %s", tc.postings[0], fl, tc.want)
			}
		}
	}
}

func TestAppealEndErrors(t *testing.T) {
	if _, err := AppealEnd(nil); !errors.Is(err, ErrNoPostings) {
		t.Errorf("nil: %v", err)
	}
	if _, err := AppealEnd([]platform.Date{}); !errors.Is(err, ErrNoPostings) {
		t.Errorf("empty: %v", err)
	}
	if _, err := AppealEnd([]platform.Date{platform.MustParseDate("2025-05-22"), {}}); !errors.Is(err, ErrZeroPosting) {
		t.Errorf("zero date: %v", err)
	}
}

func TestAdjustForwardProperties(t *testing.T) {
	start, end := platform.MustParseDate("2020-01-01"), platform.MustParseDate("2035-12-31")
	for d := start; !d.After(end); d = d.AddDays(1) {
		a := AdjustForward(d)
		if reason, non := IsNonWorkingForDeadline(a); non {
			t.Fatalf("AdjustForward(%s) = %s, a %s", d, a, reason)
		}
		if AdjustForward(a) != a {
			t.Fatalf("AdjustForward not idempotent at %s", d)
		}
		if a.Before(d) {
			t.Fatalf("AdjustForward(%s) = %s goes backwards", d, a)
		}
		// Minimal: every day skipped is a non-working day.
		for x := d; x.Before(a); x = x.AddDays(1) {
			if _, non := IsNonWorkingForDeadline(x); !non {
				t.Fatalf("AdjustForward(%s) = %s skips working day %s", d, a, x)
			}
		}
		if a.Weekday() == time.Saturday || a.Weekday() == time.Sunday {
			t.Fatalf("AdjustForward(%s) = %s on a weekend", d, a)
		}
		if _, h := IsHoliday(a); h {
			t.Fatalf("AdjustForward(%s) = %s on a holiday", d, a)
		}
		if a.Month == time.December && (a.Day == 24 || a.Day == 31) {
			t.Fatalf("AdjustForward(%s) = %s on julafton/nyårsafton", d, a)
		}
		if a.AddDays(1) == midsommardagen(a.Year) {
			t.Fatalf("AdjustForward(%s) = %s on midsommarafton", d, a)
		}
	}
}

func TestLagaKraft(t *testing.T) {
	for _, tc := range [][2]string{
		{"2025-06-13", "2025-06-14"},
		{"2025-12-31", "2026-01-01"},
		{"2028-02-28", "2028-02-29"},
	} {
		if got := LagaKraft(platform.MustParseDate(tc[0])); got.String() != tc[1] {
			t.Errorf("LagaKraft(%s) = %s, want %s", tc[0], got, tc[1])
		}
	}
}

func TestAnslagDueAndPostedLate(t *testing.T) {
	j := platform.MustParseDate("2025-05-22") // Thu
	if got := AnslagDue(j); got.String() != "2025-05-24" {
		t.Errorf("AnslagDue = %s", got)
	}
	// Not adjusted under Lag 1930:173, even when +2 lands on julafton or
	// midsommardagen.
	if got := AnslagDue(platform.MustParseDate("2025-12-22")); got.String() != "2025-12-24" {
		t.Errorf("AnslagDue over jul = %s, want the unadjusted 2025-12-24", got)
	}
	if got := AnslagDue(platform.MustParseDate("2025-06-19")); got.String() != "2025-06-21" {
		t.Errorf("AnslagDue on midsommardagen = %s, want the unadjusted 2025-06-21", got)
	}
	for _, tc := range []struct {
		posted string
		late   bool
	}{
		{"2025-05-21", false}, // before justering: not late (other checks may object)
		{"2025-05-22", false},
		{"2025-05-23", false},
		{"2025-05-24", false},
		{"2025-05-25", true},
		{"2025-06-01", true},
	} {
		if got := PostedLate(j, platform.MustParseDate(tc.posted)); got != tc.late {
			t.Errorf("PostedLate(%s, %s) = %v, want %v", j, tc.posted, got, tc.late)
		}
	}
}

func TestJusteringDue(t *testing.T) {
	for _, tc := range [][2]string{
		{"2025-05-15", "2025-05-29"}, // Kristi himmelsfärdsdag: not adjusted
		{"2025-12-17", "2025-12-31"}, // nyårsafton: not adjusted
		{"2028-02-20", "2028-03-05"},
	} {
		if got := JusteringDue(platform.MustParseDate(tc[0])); got.String() != tc[1] {
			t.Errorf("JusteringDue(%s) = %s, want %s", tc[0], got, tc[1])
		}
	}
}
