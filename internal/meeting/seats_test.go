package meeting

import (
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// TestSeatsFromLineupAndCallIn: the chair's ledamot seat is the
// ordförande's; ersättare follow in call-in order; absent ledamöter get
// the first free present ersättare of their party, else of any party in
// order; an ersättare whose ledamot comes back stops serving; the quorum
// is more than half the ledamöter.
func TestSeatsFromLineupAndCallIn(t *testing.T) {
	d := platform.MustParseDate("2026-03-02")
	from := platform.MustParseDate("2023-01-01")
	l := seat.Roster{Seats: []seat.Seat{
		{Holder: "a", Kind: seat.KindLedamot, Party: "S", ValidFrom: from},
		{Holder: "b", Kind: seat.KindLedamot, Party: "M", ValidFrom: from},
		{Holder: "c", Kind: seat.KindLedamot, Party: "C", ValidFrom: from},
		{Holder: "d", Kind: seat.KindLedamot, Party: "S", ValidFrom: from, ValidTo: platform.MustParseDate("2026-03-01")}, // ended
		{Holder: "m2", Kind: seat.KindErsattare, Party: "M", Order: 2, ValidFrom: from},
		{Holder: "s1", Kind: seat.KindErsattare, Party: "S", Order: 1, ValidFrom: from},
		{Holder: "m1", Kind: seat.KindErsattare, Party: "M", Order: 1, ValidFrom: from},
	}}.OnDate(d)
	users := []identity.User{{Username: "a", Name: "Anna", Roles: []identity.RoleAssignment{{Board: "KFN", Role: identity.RoleOrdforande, ValidFrom: from}}}}
	m := Meeting{Seats: SeatsFromLineup(l, users, "KFN", d)}
	var got []string
	for _, s := range m.Seats {
		got = append(got, s.Username+":"+s.Role)
	}
	if want := "[a:ordforande b:ledamot c:ledamot m1:ersattare m2:ersattare s1:ersattare]"; fmt.Sprint(got) != want {
		t.Fatalf("seats %v, want %s", got, want)
	}
	if m.Required() != 2 {
		t.Errorf("required %d of 3, want 2", m.Required())
	}
	// a (S) and c (C) are away; s1 is too.
	if err := m.SetAttendance([]Attendance{{Username: "a"}, {Username: "c"}, {Username: "s1"}}); err != nil {
		t.Fatal(err)
	}
	serves := map[string]string{}
	for _, s := range m.Seats {
		if s.ServesFor != "" {
			serves[s.Username] = s.ServesFor
		}
	}
	if len(serves) != 2 || serves["m1"] != "a" || serves["m2"] != "c" {
		t.Errorf("serving: %v, want m1 for a (no S ersättare present) and m2 for c", serves)
	}
	if q := m.QuorumNow(); q.Serving != 3 || !q.OK {
		t.Errorf("quorum %+v", q)
	}
	// a comes back: m1 stops serving; s1 arrives, but c has m2 already.
	if err := m.SetAttendance([]Attendance{{Username: "a", Present: true}, {Username: "s1", Present: true}}); err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Seats {
		if (s.Username == "m1" && s.ServesFor != "") || (s.Username == "m2" && s.ServesFor != "c") || (s.Username == "s1" && s.ServesFor != "") {
			t.Errorf("after a returns: %s serves for %q", s.Username, s.ServesFor)
		}
	}
	m.Justerare = []string{"c", "b"}
	if got := m.AbsentJusterare(); len(got) != 1 || got[0] != "c" {
		t.Errorf("absent justerare %v, want [c]", got)
	}
}
