package deadline

import (
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// Names of the allmänna helgdagar (Lag 1989:253) and of the other days
// that Lag 1930:173 treats like them, as returned by IsHoliday and
// IsNonWorkingForDeadline.
const (
	nameNyarsdagen      = "nyårsdagen"
	nameTrettondedagJul = "trettondedag jul"
	nameLangfredagen    = "långfredagen"
	namePaskdagen       = "påskdagen"
	nameAnnandagPask    = "annandag påsk"
	nameForstaMaj       = "första maj"
	nameKristiHimmel    = "Kristi himmelsfärdsdag"
	namePingstdagen     = "pingstdagen"
	nameNationaldagen   = "Sveriges nationaldag"
	nameMidsommardagen  = "midsommardagen"
	nameAllaHelgonsDag  = "alla helgons dag"
	nameJuldagen        = "juldagen"
	nameAnnandagJul     = "annandag jul"

	nameMidsommarafton = "midsommarafton"
	nameJulafton       = "julafton"
	nameNyarsafton     = "nyårsafton"
	nameLordag         = "lördag"
	nameSondag         = "söndag"
)

// Holiday is one allmän helgdag (public holiday) under Lag (1989:253) om
// allmänna helgdagar: its date and its Swedish statutory name, such as
// "långfredagen" or "alla helgons dag".
type Holiday struct {
	Date platform.Date
	Name string
}

// Easter returns påskdagen (Easter Sunday) of the given year in the
// Gregorian calendar, computed with the anonymous Gregorian algorithm
// (Meeus/Jones/Butcher). It is meaningful for the years 1583 and later;
// Sweden has used the Gregorian calendar since 1753.
func Easter(year int) platform.Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return platform.Date{Year: year, Month: time.Month(month), Day: day}
}

// saturdayFrom returns the first Saturday on or after d.
func saturdayFrom(d platform.Date) platform.Date {
	return d.AddDays((int(time.Saturday) - int(d.Weekday()) + 7) % 7)
}

// midsommardagen is the Saturday between 20 and 26 June.
func midsommardagen(year int) platform.Date {
	return saturdayFrom(platform.Date{Year: year, Month: time.June, Day: 20})
}

// allaHelgonsDag is the Saturday between 31 October and 6 November.
func allaHelgonsDag(year int) platform.Date {
	return saturdayFrom(platform.Date{Year: year, Month: time.October, Day: 31})
}

// Holidays returns the named allmänna helgdagar (Lag 1989:253) of the
// year, sorted by date: nyårsdagen, trettondedag jul, långfredagen,
// påskdagen, annandag påsk, första maj, Kristi himmelsfärdsdag,
// pingstdagen, Sveriges nationaldag, midsommardagen, alla helgons dag,
// juldagen and annandag jul. There are always 13 entries.
//
// Every söndag is also an allmän helgdag under the law, but Sundays are not
// listed. Two holidays may share a date (första maj and Kristi
// himmelsfärdsdag in 2008, pingstdagen and Sveriges nationaldag in 1954);
// both are then listed, in the order above. The current law is applied to
// every year, so years before 2005 (when Sveriges nationaldag replaced
// annandag pingst) are not historically accurate.
func Holidays(year int) []Holiday {
	easter := Easter(year)
	hs := []Holiday{
		{platform.Date{Year: year, Month: time.January, Day: 1}, nameNyarsdagen},
		{platform.Date{Year: year, Month: time.January, Day: 6}, nameTrettondedagJul},
		{easter.AddDays(-2), nameLangfredagen},
		{easter, namePaskdagen},
		{easter.AddDays(1), nameAnnandagPask},
		{platform.Date{Year: year, Month: time.May, Day: 1}, nameForstaMaj},
		{easter.AddDays(39), nameKristiHimmel},
		{easter.AddDays(49), namePingstdagen},
		{platform.Date{Year: year, Month: time.June, Day: 6}, nameNationaldagen},
		{midsommardagen(year), nameMidsommardagen},
		{allaHelgonsDag(year), nameAllaHelgonsDag},
		{platform.Date{Year: year, Month: time.December, Day: 25}, nameJuldagen},
		{platform.Date{Year: year, Month: time.December, Day: 26}, nameAnnandagJul},
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
	return hs
}

// IsHoliday reports whether d is one of the named allmänna helgdagar listed
// by Holidays, and returns its Swedish name. When two holidays share the
// date, the names are joined with " och " (for example "första maj och
// Kristi himmelsfärdsdag"). An ordinary söndag is not reported here; see
// IsNonWorkingForDeadline.
func IsHoliday(d platform.Date) (string, bool) {
	var names []string
	for _, h := range Holidays(d.Year) {
		if h.Date == d {
			names = append(names, h.Name)
		}
	}
	if len(names) == 0 {
		return "", false
	}
	return strings.Join(names, " och "), true
}

// IsNonWorkingForDeadline reports whether d is a day on which, under Lag
// (1930:173) om beräkning av lagstadgad tid, a period may not end: a
// lördag, a söndag, an allmän helgdag, midsommarafton, julafton or
// nyårsafton. The reason is the Swedish name of the day; a named holiday or
// afton takes precedence over "lördag"/"söndag" (påskdagen is reported as
// "påskdagen", not "söndag").
func IsNonWorkingForDeadline(d platform.Date) (reason string, nonWorking bool) {
	if name, ok := IsHoliday(d); ok {
		return name, true
	}
	switch {
	case d == midsommardagen(d.Year).AddDays(-1):
		return nameMidsommarafton, true
	case d.Month == time.December && d.Day == 24:
		return nameJulafton, true
	case d.Month == time.December && d.Day == 31:
		return nameNyarsafton, true
	}
	switch d.Weekday() {
	case time.Saturday:
		return nameLordag, true
	case time.Sunday:
		return nameSondag, true
	}
	return "", false
}
