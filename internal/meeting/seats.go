package meeting

import (
	"slices"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// SeatsFromLineup returns the seats of a meeting of board on date from the
// seats (mandat) in force that day: every ledamot — as ordförande or vice
// ordförande when the holder has that role on the board that day — then
// every ersättare in call-in order (party, then order). Everyone is
// present until the secretary says otherwise; the kallelse goes to them
// all.
func SeatsFromLineup(l seat.Lineup, users []identity.User, board string, date platform.Date) []Seat {
	byName := map[string]identity.User{}
	for _, u := range users {
		byName[u.Username] = u
	}
	out := make([]Seat, 0, len(l.Ledamoter)+len(l.Ersattare))
	for _, s := range l.Ledamoter {
		u := byName[s.Holder]
		role := string(identity.RoleLedamot)
		for _, r := range []identity.Role{identity.RoleOrdforande, identity.RoleViceOrdforande} {
			if u.HasRole(board, r, date) {
				role = string(r)
				break
			}
		}
		out = append(out, Seat{Username: s.Holder, Name: nameOr(u, s.Holder), Role: role, Party: s.Party, Present: true})
	}
	for _, s := range l.Ersattare {
		u := byName[s.Holder]
		out = append(out, Seat{Username: s.Holder, Name: nameOr(u, s.Holder), Role: string(identity.RoleErsattare), Party: s.Party,
			CallIn: s.Order, Present: true})
	}
	return out
}

func nameOr(u identity.User, username string) string {
	if u.Name != "" {
		return u.Name
	}
	return username
}

// CallInSubstitutes lets present ersättare serve (tjänstgöra) for absent
// ledamöter in call-in order (KL 5:17 and 6:12, the order the council
// set): for each absent ledamot without one, the first present ersättare
// of the same party not serving yet, else the first of any party. An
// ersättare already serving (chosen by the secretary) keeps that; an
// ersättare serving for a ledamot who is present again stops serving.
func (m *Meeting) CallInSubstitutes() {
	for i := range m.Seats {
		s := &m.Seats[i]
		if s.ServesFor == "" {
			continue
		}
		if j := slices.IndexFunc(m.Seats, func(o Seat) bool { return o.Username == s.ServesFor }); !s.Present || j < 0 || m.Seats[j].Present {
			s.ServesFor = ""
		}
	}
	for i, l := range m.Seats {
		if !l.Member() || l.Present || slices.ContainsFunc(m.Seats, func(o Seat) bool { return o.ServesFor == l.Username }) {
			continue
		}
		free := func(o Seat) bool { return !o.Member() && o.Present && o.ServesFor == "" }
		k := slices.IndexFunc(m.Seats, func(o Seat) bool { return free(o) && o.Party != "" && o.Party == l.Party })
		if k < 0 {
			k = slices.IndexFunc(m.Seats, free)
		}
		if k >= 0 {
			m.Seats[k].ServesFor = m.Seats[i].Username
		}
	}
}

// Serving reports whether the seat takes part in decisions: a present
// ledamot, or a present ersättare serving for an absent one.
func (s Seat) Serving() bool { return s.Present && (s.Member() || s.ServesFor != "") }

// Required is how many must serve for the board to decide: more than
// half of its ledamöter (KL 6:28).
func (m Meeting) Required() int {
	n := 0
	for _, s := range m.Seats {
		if s.Member() {
			n++
		}
	}
	return n/2 + 1
}

// AbsentJusterare are the appointed justerare who do not serve at the
// meeting as attendance stands: a justerare is chosen among the members
// present, so the secretary chooses another (SetJusterare).
func (m Meeting) AbsentJusterare() []string {
	var out []string
	for _, j := range m.Justerare {
		if k := slices.IndexFunc(m.Seats, func(s Seat) bool { return s.Username == j }); k >= 0 && !m.Seats[k].Serving() {
			out = append(out, j)
		}
	}
	return out
}

// QuorumState is whether the board can decide now: how many ledamöter it
// has, how many must serve (more than half, KL 6:28) and how many do.
type QuorumState struct {
	Members  int  `json:"members"`
	Required int  `json:"required"`
	Serving  int  `json:"serving"`
	OK       bool `json:"ok"`
}

// QuorumNow is the meeting's QuorumState with its attendance as recorded.
func (m Meeting) QuorumNow() QuorumState {
	serving, members, ok := m.Quorum(nil)
	return QuorumState{Members: members, Required: m.Required(), Serving: serving, OK: ok}
}
