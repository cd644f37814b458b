package deadline

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// knownHolidays is written out by hand, independently of the Easter
// algorithm: Easter Sundays, midsommardagen and alla helgons dag as
// published, långfredagen (−2), annandag påsk (+1), Kristi himmelsfärdsdag
// (+39) and pingstdagen (+49) counted on the calendar.
var knownHolidays = map[int][]struct{ date, name string }{
	2024: {
		{"2024-01-01", "nyårsdagen"},
		{"2024-01-06", "trettondedag jul"},
		{"2024-03-29", "långfredagen"},
		{"2024-03-31", "påskdagen"},
		{"2024-04-01", "annandag påsk"},
		{"2024-05-01", "första maj"},
		{"2024-05-09", "Kristi himmelsfärdsdag"},
		{"2024-05-19", "pingstdagen"},
		{"2024-06-06", "Sveriges nationaldag"},
		{"2024-06-22", "midsommardagen"},
		{"2024-11-02", "alla helgons dag"},
		{"2024-12-25", "juldagen"},
		{"2024-12-26", "annandag jul"},
	},
	2025: {
		{"2025-01-01", "nyårsdagen"},
		{"2025-01-06", "trettondedag jul"},
		{"2025-04-18", "långfredagen"},
		{"2025-04-20", "påskdagen"},
		{"2025-04-21", "annandag påsk"},
		{"2025-05-01", "första maj"},
		{"2025-05-29", "Kristi himmelsfärdsdag"},
		{"2025-06-06", "Sveriges nationaldag"},
		{"2025-06-08", "pingstdagen"},
		{"2025-06-21", "midsommardagen"},
		{"2025-11-01", "alla helgons dag"},
		{"2025-12-25", "juldagen"},
		{"2025-12-26", "annandag jul"},
	},
	2026: {
		{"2026-01-01", "nyårsdagen"},
		{"2026-01-06", "trettondedag jul"},
		{"2026-04-03", "långfredagen"},
		{"2026-04-05", "påskdagen"},
		{"2026-04-06", "annandag påsk"},
		{"2026-05-01", "första maj"},
		{"2026-05-14", "Kristi himmelsfärdsdag"},
		{"2026-05-24", "pingstdagen"},
		{"2026-06-06", "Sveriges nationaldag"},
		{"2026-06-20", "midsommardagen"},
		{"2026-10-31", "alla helgons dag"},
		{"2026-12-25", "juldagen"},
		{"2026-12-26", "annandag jul"},
	},
	2027: {
		{"2027-01-01", "nyårsdagen"},
		{"2027-01-06", "trettondedag jul"},
		{"2027-03-26", "långfredagen"},
		{"2027-03-28", "påskdagen"},
		{"2027-03-29", "annandag påsk"},
		{"2027-05-01", "första maj"},
		{"2027-05-06", "Kristi himmelsfärdsdag"},
		{"2027-05-16", "pingstdagen"},
		{"2027-06-06", "Sveriges nationaldag"},
		{"2027-06-26", "midsommardagen"},
		{"2027-11-06", "alla helgons dag"},
		{"2027-12-25", "juldagen"},
		{"2027-12-26", "annandag jul"},
	},
	2028: {
		{"2028-01-01", "nyårsdagen"},
		{"2028-01-06", "trettondedag jul"},
		{"2028-04-14", "långfredagen"},
		{"2028-04-16", "påskdagen"},
		{"2028-04-17", "annandag påsk"},
		{"2028-05-01", "första maj"},
		{"2028-05-25", "Kristi himmelsfärdsdag"},
		{"2028-06-04", "pingstdagen"},
		{"2028-06-06", "Sveriges nationaldag"},
		{"2028-06-24", "midsommardagen"},
		{"2028-11-04", "alla helgons dag"},
		{"2028-12-25", "juldagen"},
		{"2028-12-26", "annandag jul"},
	},
	2029: {
		{"2029-01-01", "nyårsdagen"},
		{"2029-01-06", "trettondedag jul"},
		{"2029-03-30", "långfredagen"},
		{"2029-04-01", "påskdagen"},
		{"2029-04-02", "annandag påsk"},
		{"2029-05-01", "första maj"},
		{"2029-05-10", "Kristi himmelsfärdsdag"},
		{"2029-05-20", "pingstdagen"},
		{"2029-06-06", "Sveriges nationaldag"},
		{"2029-06-23", "midsommardagen"},
		{"2029-11-03", "alla helgons dag"},
		{"2029-12-25", "juldagen"},
		{"2029-12-26", "annandag jul"},
	},
	2030: {
		{"2030-01-01", "nyårsdagen"},
		{"2030-01-06", "trettondedag jul"},
		{"2030-04-19", "långfredagen"},
		{"2030-04-21", "påskdagen"},
		{"2030-04-22", "annandag påsk"},
		{"2030-05-01", "första maj"},
		{"2030-05-30", "Kristi himmelsfärdsdag"},
		{"2030-06-06", "Sveriges nationaldag"},
		{"2030-06-09", "pingstdagen"},
		{"2030-06-22", "midsommardagen"},
		{"2030-11-02", "alla helgons dag"},
		{"2030-12-25", "juldagen"},
		{"2030-12-26", "annandag jul"},
	},
}

func TestHolidaysMatchLiteralTable(t *testing.T) {
	for year := 2024; year <= 2030; year++ {
		want := knownHolidays[year]
		got := Holidays(year)
		if len(got) != len(want) {
			t.Fatalf("Holidays(%d): %d entries, want %d: %v", year, len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].Date.String() != w.date || got[i].Name != w.name {
				t.Errorf("Holidays(%d)[%d] = %s %q, want %s %q", year, i, got[i].Date, got[i].Name, w.date, w.name)
			}
		}
	}
}

func TestIsHolidayAgreesWithLiteralTable(t *testing.T) {
	holiday := map[platform.Date]string{}
	for _, hs := range knownHolidays {
		for _, h := range hs {
			holiday[platform.MustParseDate(h.date)] = h.name
		}
	}
	for d := platform.MustParseDate("2024-01-01"); d.Year <= 2030; d = d.AddDays(1) {
		name, ok := IsHoliday(d)
		wantName, wantOK := holiday[d]
		if ok != wantOK || name != wantName {
			t.Errorf("IsHoliday(%s) = %q, %v; want %q, %v", d, name, ok, wantName, wantOK)
		}
	}
}

func TestEaster(t *testing.T) {
	for _, tc := range []string{
		"1818-03-22", // earliest possible date
		"1943-04-25", // latest possible date
		"1954-04-18",
		"1961-04-02",
		"2000-04-23",
		"2008-03-23",
		"2011-04-24",
		"2019-04-21",
		"2024-03-31",
		"2025-04-20",
		"2038-04-25",
		"2285-03-22",
	} {
		want := platform.MustParseDate(tc)
		if got := Easter(want.Year); got != want {
			t.Errorf("Easter(%d) = %s, want %s", want.Year, got, want)
		}
	}
}

func TestHolidaysStructure(t *testing.T) {
	for year := 1753; year <= 2400; year++ {
		hs := Holidays(year)
		if len(hs) != 13 {
			t.Fatalf("Holidays(%d) has %d entries", year, len(hs))
		}
		for i, h := range hs {
			if h.Date.Year != year {
				t.Errorf("Holidays(%d)[%d] = %s is in another year", year, i, h.Date)
			}
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Errorf("Holidays(%d) not sorted at %d", year, i)
			}
			switch h.Name {
			case "påskdagen", "pingstdagen":
				if h.Date.Weekday() != time.Sunday {
					t.Errorf("%d: %s on %s is not a Sunday", year, h.Name, h.Date)
				}
			case "långfredagen":
				if h.Date.Weekday() != time.Friday {
					t.Errorf("%d: %s on %s is not a Friday", year, h.Name, h.Date)
				}
			case "annandag påsk":
				if h.Date.Weekday() != time.Monday {
					t.Errorf("%d: %s on %s is not a Monday", year, h.Name, h.Date)
				}
			case "Kristi himmelsfärdsdag":
				if h.Date.Weekday() != time.Thursday {
					t.Errorf("%d: %s on %s is not a Thursday", year, h.Name, h.Date)
				}
			case "midsommardagen":
				lo, hi := platform.Date{Year: year, Month: time.June, Day: 20}, platform.Date{Year: year, Month: time.June, Day: 26}
				if h.Date.Weekday() != time.Saturday || h.Date.Before(lo) || h.Date.After(hi) {
					t.Errorf("%d: midsommardagen %s", year, h.Date)
				}
			case "alla helgons dag":
				lo, hi := platform.Date{Year: year, Month: time.October, Day: 31}, platform.Date{Year: year, Month: time.November, Day: 6}
				if h.Date.Weekday() != time.Saturday || h.Date.Before(lo) || h.Date.After(hi) {
					t.Errorf("%d: alla helgons dag %s", year, h.Date)
				}
			}
		}
		e := Easter(year)
		lo, hi := platform.Date{Year: year, Month: time.March, Day: 22}, platform.Date{Year: year, Month: time.April, Day: 25}
		if e.Before(lo) || e.After(hi) {
			t.Errorf("Easter(%d) = %s is outside 22 March – 25 April", year, e)
		}
	}
}

func TestCoincidingHolidays(t *testing.T) {
	// Easter 2008 was 23 March, so Kristi himmelsfärdsdag fell on 1 May.
	if name, ok := IsHoliday(platform.MustParseDate("2008-05-01")); !ok || name != "första maj och Kristi himmelsfärdsdag" {
		t.Errorf("2008-05-01: %q, %v", name, ok)
	}
	// Easter 1954 was 18 April, so pingstdagen fell on 6 June.
	if name, ok := IsHoliday(platform.MustParseDate("1954-06-06")); !ok || name != "pingstdagen och Sveriges nationaldag" {
		t.Errorf("1954-06-06: %q, %v", name, ok)
	}
}

func TestIsNonWorkingForDeadline(t *testing.T) {
	for _, tc := range []struct {
		date, reason string
		non          bool
	}{
		{"2025-06-20", "midsommarafton", true},
		{"2025-06-21", "midsommardagen", true},
		{"2025-06-22", "söndag", true},
		{"2025-06-23", "", false},
		{"2025-06-19", "", false},
		{"2025-12-24", "julafton", true},
		{"2025-12-31", "nyårsafton", true},
		{"2025-12-30", "", false},
		{"2026-01-01", "nyårsdagen", true},
		{"2026-01-02", "", false},
		{"2025-04-17", "", false}, // skärtorsdagen is a working day
		{"2025-04-19", "lördag", true},
		{"2025-04-20", "påskdagen", true},
		{"2025-06-09", "", false}, // annandag pingst is no longer a helgdag
		{"2025-10-31", "", false}, // alla helgons afton is a working day
		{"2027-12-24", "julafton", true},
		{"2028-12-31", "nyårsafton", true}, // a Sunday: the afton takes precedence
		{"2026-06-19", "midsommarafton", true},
		{"2027-06-25", "midsommarafton", true},
		{"2027-06-18", "", false},
		{"2025-06-06", "Sveriges nationaldag", true},
	} {
		reason, non := IsNonWorkingForDeadline(platform.MustParseDate(tc.date))
		if reason != tc.reason || non != tc.non {
			t.Errorf("IsNonWorkingForDeadline(%s) = %q, %v; want %q, %v", tc.date, reason, non, tc.reason, tc.non)
		}
	}
}
