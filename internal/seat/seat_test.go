package seat

import (
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

func d(s string) platform.Date { return platform.MustParseDate(s) }

// TestPeriodsAndDefaults: mandate periods are the four years from 1
// January after an election; a seat without a last day lasts the period.
func TestPeriodsAndDefaults(t *testing.T) {
	for date, want := range map[string]string{"2023-01-01": "2023-2026", "2026-12-31": "2023-2026",
		"2027-01-01": "2027-2030", "2022-12-31": "2019-2022", "2019-01-01": "2019-2022"} {
		if got := PeriodOf(d(date)); got != want {
			t.Errorf("PeriodOf(%s) = %s, want %s", date, got, want)
		}
	}
	s := Seat{Holder: "a", Kind: KindLedamot, ValidFrom: d("2024-05-01")}
	s.Normalize()
	if s.Period != "2023-2026" || s.ValidTo != d("2026-12-31") {
		t.Errorf("normalized: %+v", s)
	}
}

// TestSeatRules: a seat's own fields, and the rules between seats: one
// seat per person at a time, one ersättare per call-in order and party
// at a time; a seat that ended may be followed by another.
func TestSeatRules(t *testing.T) {
	check := func(s Seat) []string {
		s.Normalize()
		var fs fault.Fields
		s.Check(&fs, "")
		var out []string
		for _, f := range fs {
			out = append(out, f.Field+" "+f.Code)
		}
		return out
	}
	for name, c := range map[string]struct {
		s    Seat
		want string
	}{
		"no holder":       {Seat{Kind: KindLedamot, ValidFrom: d("2024-01-01")}, "/holder required"},
		"bad kind":        {Seat{Holder: "a", Kind: "suppleant", ValidFrom: d("2024-01-01")}, "/kind invalid_seat_kind"},
		"ersättare order": {Seat{Holder: "a", Kind: KindErsattare, ValidFrom: d("2024-01-01")}, "/order invalid_order"},
		"ledamot order":   {Seat{Holder: "a", Kind: KindLedamot, Order: 2, ValidFrom: d("2024-01-01")}, "/order order_only_for_ersattare"},
		"to before from":  {Seat{Holder: "a", Kind: KindLedamot, ValidFrom: d("2024-03-01"), ValidTo: d("2024-02-01")}, "/valid_to valid_to_before_valid_from"},
		"past the period": {Seat{Holder: "a", Kind: KindLedamot, ValidFrom: d("2024-03-01"), ValidTo: d("2027-02-01")}, "/valid_to outside_period"},
		"wrong period":    {Seat{Holder: "a", Kind: KindLedamot, Period: "2023-2027", ValidFrom: d("2024-03-01")}, "/period invalid_period"},
	} {
		if got := check(c.s); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: %v, want %s", name, got, c.want)
		}
	}
	r := Roster{Board: "KFN", Seats: []Seat{
		{ID: "s1", Holder: "anna", Kind: KindLedamot, Period: "2023-2026", ValidFrom: d("2023-01-01"), ValidTo: d("2024-06-30")},
		{ID: "s2", Holder: "bo", Kind: KindErsattare, Order: 1, Party: "S", Period: "2023-2026", ValidFrom: d("2023-01-01"), ValidTo: d("2026-12-31")},
	}}
	for name, c := range map[string]struct {
		s    Seat
		code string
	}{
		"anna again while seated": {Seat{ID: "x", Holder: "anna", Kind: KindErsattare, Order: 2, Party: "S", ValidFrom: d("2024-06-30"), ValidTo: d("2026-12-31")}, "seat_overlaps"},
		"anna after her seat":     {Seat{ID: "x", Holder: "anna", Kind: KindErsattare, Order: 2, Party: "S", ValidFrom: d("2024-07-01"), ValidTo: d("2026-12-31")}, ""},
		"order 1 of S taken":      {Seat{ID: "x", Holder: "cia", Kind: KindErsattare, Order: 1, Party: "S", ValidFrom: d("2025-01-01"), ValidTo: d("2026-12-31")}, "seat_order_taken"},
		"order 1 of M is free":    {Seat{ID: "x", Holder: "cia", Kind: KindErsattare, Order: 1, Party: "M", ValidFrom: d("2025-01-01"), ValidTo: d("2026-12-31")}, ""},
	} {
		err := r.Conflict(c.s)
		if got := ""; err != nil {
			got = fault.From(err).Code
			if got != c.code {
				t.Errorf("%s: %s, want %q", name, got, c.code)
			}
		} else if c.code != "" {
			t.Errorf("%s: allowed, want %s", name, c.code)
		}
	}
	l := r.OnDate(d("2024-06-30"))
	if len(l.Ledamoter) != 1 || len(l.Ersattare) != 1 || l.Quorum() != 1 {
		t.Errorf("lineup on 2024-06-30: %+v", l)
	}
	if l := r.OnDate(d("2024-07-01")); len(l.Ledamoter) != 0 {
		t.Errorf("anna still seated on 2024-07-01: %+v", l)
	}
	nine := Roster{}
	for i := range 9 {
		nine.Seats = append(nine.Seats, Seat{ID: string(rune('a' + i)), Holder: string(rune('a' + i)), Kind: KindLedamot, ValidFrom: d("2023-01-01")})
	}
	if q := nine.OnDate(d("2025-01-01")).Quorum(); q != 5 {
		t.Errorf("quorum of 9 ledamöter: %d, want 5 (more than half)", q)
	}
}
