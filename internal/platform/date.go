// Civil dates: calendar dates without a time of day, as Swedish law
// counts them (a decision date, a role's last day), always meant in
// Europe/Stockholm.

package platform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Stockholm even on machines without zoneinfo
)

// Stockholm is the time zone every civil date in Samstyr refers to.
var Stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Date is a calendar date (YYYY-MM-DD). The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the Stockholm calendar date of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Stockholm).Date()
	return Date{y, m, d}
}

// The years a date may fall in. Nothing Samstyr records (a decision, a
// role, a meeting, a secrecy mark) lies outside them, and a date that
// does is a typing error (0026, 20260) or a probe, which would otherwise
// travel into sorting, deadline arithmetic and other systems.
const (
	MinYear = 1900
	MaxYear = 2200
)

// ErrDateOutOfRange is the error of a well-formed date outside MinYear–MaxYear.
var ErrDateOutOfRange = errors.New("civil: date outside 1900-01-01–2200-12-31")

// ParseDate reads a date in ISO 8601 form (2026-03-01) and rejects impossible
// dates such as 2026-02-30, and dates before 1900 or after 2200
// (ErrDateOutOfRange). Every date that enters Samstyr as text passes here:
// JSON bodies (UnmarshalJSON), query parameters, form fields and imports.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("civil: %q is not a date (YYYY-MM-DD)", s)
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("%w: %q", ErrDateOutOfRange, s)
	}
	// time.Parse has checked the day against the month; the calendar
	// date it read is the date meant in Stockholm too.
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// MustParseDate is ParseDate for constants in code and tests; it takes any year
// (the range is a rule for dates that enter, and a test of the Easter
// computus needs 1818).
func MustParseDate(s string) Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(fmt.Errorf("civil: %q is not a date (YYYY-MM-DD)", s))
	}
	return Date{t.Year(), t.Month(), t.Day()}
}

// InRange reports whether d lies in the years MinYear–MaxYear, as every
// date Parse returns does: for dates taken from a time.Time that entered
// as text (a meeting's start).
func (d Date) InRange() bool { return d.Year >= MinYear && d.Year <= MaxYear }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD ("" for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	b := [10]byte{byte('0' + d.Year/1000), byte('0' + d.Year/100%10), byte('0' + d.Year/10%10), byte('0' + d.Year%10), '-',
		byte('0' + d.Month/10), byte('0' + d.Month%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	}
	return cmp(d.Day, e.Day)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays returns the date n calendar days after d.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, Stockholm))
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, Stockholm).Weekday()
}

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	// String writes only digits and '-', which need no escaping.
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && !bytes.ContainsAny(b[1:n-1], `"\\`) {
		s = string(b[1 : n-1]) // a string without escapes, as every date is written
	} else if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("civil: date must be a string: %w", err)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}
