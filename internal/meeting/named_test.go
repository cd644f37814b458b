package meeting

import (
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// TestCheckNamedReservationsOnlyByWhoTookPart: a § may name for jäv only
// who holds a seat at the meeting, and a vote or a reservation only from
// who took part in the decision (KL 4 kap. 27 §): a serving ledamot or
// ersättare, or the ersättare stepping in for a jävig ledamot; not an
// ersättare who only listened, a ledamot away or one who left for jäv,
// nor a stranger; each votes and reserves once.
func TestCheckNamedReservationsOnlyByWhoTookPart(t *testing.T) {
	d := platform.MustParseDate("2026-03-02")
	from := platform.MustParseDate("2023-01-01")
	l := seat.Roster{Seats: []seat.Seat{
		{Holder: "a", Kind: seat.KindLedamot, Party: "S", ValidFrom: from},
		{Holder: "b", Kind: seat.KindLedamot, Party: "M", ValidFrom: from},
		{Holder: "c", Kind: seat.KindLedamot, Party: "C", ValidFrom: from},
		{Holder: "e", Kind: seat.KindLedamot, Party: "V", ValidFrom: from},
		{Holder: "s1", Kind: seat.KindErsattare, Party: "S", Order: 1, ValidFrom: from},
		{Holder: "m1", Kind: seat.KindErsattare, Party: "M", Order: 2, ValidFrom: from},
		{Holder: "v1", Kind: seat.KindErsattare, Party: "V", Order: 3, ValidFrom: from},
	}}.OnDate(d)
	m := Meeting{Seats: SeatsFromLineup(l, nil, "KFN", d)}
	// c is away and s1 serves for c; m1 and v1 are present, not serving.
	if err := m.SetAttendance([]Attendance{{Username: "a", Present: true}, {Username: "b", Present: true}, {Username: "c"},
		{Username: "e", Present: true}, {Username: "s1", Present: true, ServesFor: "c"}, {Username: "m1", Present: true}, {Username: "v1", Present: true}}); err != nil {
		t.Fatal(err)
	}
	jav, subs := []string{"b", "e"}, []JavSubstitute{{Member: "b", Substitute: "m1"}}
	for _, tc := range []struct {
		who  string
		code string // "" when the reservation stands
	}{
		{"a", ""},                          // a serving ledamot
		{"s1", ""},                         // an ersättare serving for an absent ledamot
		{"m1", ""},                         // the ersättare stepping in for b, jävig
		{"b", "not_serving_at_paragraph"},  // left for jäv
		{"e", "not_serving_at_paragraph"},  // left for jäv, nobody in their place
		{"c", "not_serving_at_paragraph"},  // away
		{"v1", "not_serving_at_paragraph"}, // present, did not serve
		{"stranger", "not_a_member"},       // no seat at the meeting
	} {
		err := m.CheckNamed(jav, []string{tc.who}, nil, subs)
		got := ""
		if err != nil {
			f := fault.From(err)
			if len(f.Fields) != 1 || f.Fields[0].Field != "/reservations/0" {
				t.Fatalf("%s: %v", tc.who, err)
			}
			got = f.Fields[0].Code
		}
		if got != tc.code {
			t.Errorf("a reservation by %s: %q, want %q", tc.who, got, tc.code)
		}
	}
	// The same rule for a vote: only who serves at the § votes, once.
	for _, tc := range []struct {
		who  string
		code string
	}{
		{"a", ""}, {"s1", ""}, {"m1", ""},
		{"b", "vote_not_serving"}, {"c", "vote_not_serving"}, {"v1", "vote_not_serving"},
	} {
		err := m.CheckNamed(jav, nil, []Vote{{Username: tc.who, Vote: "ja"}}, subs)
		got := ""
		if err != nil {
			f := fault.From(err)
			if len(f.Fields) != 1 || f.Fields[0].Field != "/votes/0/username" {
				t.Fatalf("%s: %v", tc.who, err)
			}
			got = f.Fields[0].Code
		}
		if got != tc.code {
			t.Errorf("a vote by %s: %q, want %q", tc.who, got, tc.code)
		}
	}
	err := m.CheckNamed(jav, []string{"a", "a"}, []Vote{{Username: "a", Vote: "ja"}, {Username: "a", Vote: "nej"}}, subs)
	if f := fault.From(err); err == nil || len(f.Fields) != 2 || f.Fields[0].Code != "duplicate_vote" || f.Fields[0].Field != "/votes/1/username" ||
		f.Fields[1].Code != "duplicate_reservation" || f.Fields[1].Field != "/reservations/1" {
		t.Errorf("a vote and a reservation twice: %v", err)
	}
	err = m.CheckNamed([]string{"a", "stranger"}, nil, nil, nil)
	if f := fault.From(err); err == nil || len(f.Fields) != 1 || f.Fields[0].Field != "/jav/1" || f.Fields[0].Code != "not_a_member" {
		t.Errorf("jäv by who holds no seat: %v", err)
	}
}
