package meeting

import (
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// seatRoles are the roles that give a seat at the board's meetings, in the
// order a user holding several takes the first.
var seatRoles = []identity.Role{identity.RoleOrdforande, identity.RoleViceOrdforande, identity.RoleLedamot, identity.RoleErsattare}

// SeatsFor returns the seats of a meeting of board on date: every user
// holding a seat role there on that date, with that role, present until
// the secretary says otherwise. The board's revisor takes no part in its
// meetings.
func SeatsFor(users []identity.User, board string, date platform.Date) []Seat {
	var seats []Seat
	for _, us := range users {
		if us.ReadOnlyOn(board, date) {
			continue
		}
		for _, r := range seatRoles {
			if us.HasRole(board, r, date) {
				seats = append(seats, Seat{Username: us.Username, Name: us.Name, Role: string(r), Present: true})
				break
			}
		}
	}
	return seats
}

// CheckJusterare adds a field error to fs for every appointed justerare
// without a seat at the meeting.
func (m Meeting) CheckJusterare(fs *fault.Fields, justerare []string) {
	for i, j := range justerare {
		if !slices.ContainsFunc(m.Seats, func(s Seat) bool { return s.Username == j }) {
			fs.Add(fmt.Sprintf("/justerare/%d", i), "not_a_member")
		}
	}
}

// CheckEditable refuses any edit of a justerat protocol (ErrImmutable).
func (m Meeting) CheckEditable() error {
	if m.Status == StatusJusterad {
		return ErrImmutable
	}
	return nil
}

// MoveAgendaItem moves item i of the agenda one step up (dir -1) or down
// (+1).
func (m *Meeting) MoveAgendaItem(i, dir int) error {
	j := i + dir
	if i < 0 || i >= len(m.Agenda) || j < 0 || j >= len(m.Agenda) || (dir != 1 && dir != -1) {
		return (&fault.Fields{{Field: "/index", Code: "invalid_value"}}).Err(fault.Unprocessable)
	}
	m.Agenda[i], m.Agenda[j] = m.Agenda[j], m.Agenda[i]
	return nil
}

// Attendance is one seat's attendance: present or not, and the ledamot
// an ersättare serves for (tjänstgör), if any.
type Attendance struct {
	Username  string
	Present   bool
	ServesFor string
}

// SetAttendance records who is present and which ersättare serve for
// whom. Only an ersättare serves, and only for a ledamot of the meeting.
func (m *Meeting) SetAttendance(in []Attendance) error {
	var fs fault.Fields
	for k, a := range in {
		i := slices.IndexFunc(m.Seats, func(s Seat) bool { return s.Username == a.Username })
		if i < 0 {
			fs.Add(fmt.Sprintf("/attendance/%d/username", k), "not_a_member")
			continue
		}
		if a.ServesFor != "" {
			j := slices.IndexFunc(m.Seats, func(s Seat) bool { return s.Username == a.ServesFor })
			if m.Seats[i].Role != "ersattare" || j < 0 || !m.Seats[j].Member() {
				fs.Add(fmt.Sprintf("/attendance/%d/serves_for", k), "invalid_substitution")
				continue
			}
		}
		m.Seats[i].Present, m.Seats[i].ServesFor = a.Present, a.ServesFor
	}
	return fs.Err(fault.Unprocessable)
}

// SetStatus opens a planned meeting or closes an open one.
func (m *Meeting) SetStatus(to Status) error {
	switch {
	case to == StatusOpen && m.Status == StatusPlanned, to == StatusClosed && m.Status == StatusOpen:
		m.Status = to
		return nil
	}
	return ErrWrongStatus.WithDetail("%s → %s", m.Status, to)
}
