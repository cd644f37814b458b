package meeting

import (
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/fault"
)

// JavSubstitute records that at one § a member who is jävig left the
// room and an ersättare stepped in (tjänstgör) in the member's place for
// that § only (KL 6:28–32, 6:12).
type JavSubstitute struct {
	Member     string `json:"member"`     // who left for jäv
	Substitute string `json:"substitute"` // the ersättare serving in their place
}

// CheckJavSubstitutes checks the ersättare who step in at a § for
// members who leave it for jäv: the member must be among jav and serve
// at the meeting (a present ledamot or a serving ersättare), and the
// substitute must be a present ersättare who does not serve already, is
// not jävig and steps in for one member only. Refusals are field errors
// under /jav_substitutes/<k>/member and /jav_substitutes/<k>/substitute.
func (m Meeting) CheckJavSubstitutes(jav []string, subs []JavSubstitute) error {
	var fs fault.Fields
	seat := func(u string) (Seat, bool) {
		i := slices.IndexFunc(m.Seats, func(s Seat) bool { return s.Username == u })
		if i < 0 {
			return Seat{}, false
		}
		return m.Seats[i], true
	}
	for k, j := range subs {
		switch s, ok := seat(j.Member); {
		case !slices.Contains(jav, j.Member):
			fs.Add(fmt.Sprintf("/jav_substitutes/%d/member", k), "not_jav")
		case !ok || !s.Serving():
			fs.Add(fmt.Sprintf("/jav_substitutes/%d/member", k), "jav_member_not_serving")
		case slices.ContainsFunc(subs[:k], func(o JavSubstitute) bool { return o.Member == j.Member }):
			fs.Add(fmt.Sprintf("/jav_substitutes/%d/member", k), "jav_member_twice")
		}
		s, ok := seat(j.Substitute)
		if !ok || s.Member() || !s.Present || s.ServesFor != "" || slices.Contains(jav, j.Substitute) ||
			slices.ContainsFunc(subs[:k], func(o JavSubstitute) bool { return o.Substitute == j.Substitute }) {
			fs.Add(fmt.Sprintf("/jav_substitutes/%d/substitute", k), "substitute_not_available")
		}
	}
	return fs.Err(fault.Unprocessable)
}

// FreeSubstitutes are the ersättare who may step in at a § for a member
// who leaves it for jäv: present and not serving already.
func (m Meeting) FreeSubstitutes() []Seat {
	var out []Seat
	for _, s := range m.Seats {
		if !s.Member() && s.Present && s.ServesFor == "" {
			out = append(out, s)
		}
	}
	return out
}

// JavText is what the protocol says of jäv at paragraph p, one sentence
// per member who left: "Anna Andersson (S) deltar inte i handläggningen
// på grund av jäv; Bo Berg (S) tjänstgör." name gives a person's name
// (nil: the seat's name, else the username); the seat's party follows it.
func (m Meeting) JavText(p Paragraph, name func(username string) string) []string {
	who := func(u string) string {
		n := m.seatName(u, false)
		if name != nil {
			n = name(u)
		}
		if i := slices.IndexFunc(m.Seats, func(s Seat) bool { return s.Username == u }); i >= 0 && m.Seats[i].Party != "" {
			n += " (" + m.Seats[i].Party + ")"
		}
		return n
	}
	var out []string
	for _, u := range p.Jav {
		line := who(u) + " deltar inte i handläggningen på grund av jäv"
		if i := slices.IndexFunc(p.JavSubstitutes, func(j JavSubstitute) bool { return j.Member == u }); i >= 0 {
			line += "; " + who(p.JavSubstitutes[i].Substitute) + " tjänstgör"
		}
		out = append(out, line+".")
	}
	return out
}
