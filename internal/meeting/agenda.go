package meeting

import (
	"fmt"
	"slices"
	"time"

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
// without a seat at the meeting, or who does not serve at it (a justerare
// is chosen among the ledamöter present and the ersättare serving).
func (m Meeting) CheckJusterare(fs *fault.Fields, justerare []string) {
	for i, j := range justerare {
		switch k := slices.IndexFunc(m.Seats, func(s Seat) bool { return s.Username == j }); {
		case k < 0:
			fs.Add(fmt.Sprintf("/justerare/%d", i), "not_a_member")
		case !m.Seats[k].Serving():
			fs.Add(fmt.Sprintf("/justerare/%d", i), "justerare_not_serving")
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
// (+1): before the meeting, or at it when the chair takes the items in
// another order.
func (m *Meeting) MoveAgendaItem(i, dir int) error {
	if m.Status != StatusPlanned && m.Status != StatusOpen {
		return ErrWrongStatus.WithDetail("the agenda of a %s meeting does not change", m.Status)
	}
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
	m.CallInSubstitutes()
	return fs.Err(fault.Unprocessable)
}

// SetStatus opens a planned meeting (not before the day of the meeting,
// ErrBeforeMeeting) or closes an open one.
func (m *Meeting) SetStatus(to Status, today platform.Date) error {
	switch {
	case to == StatusOpen && m.Status == StatusPlanned:
		if err := m.CheckHeld(today); err != nil {
			return err
		}
		m.Status = to
		return nil
	case to == StatusClosed && m.Status == StatusOpen:
		m.Status = to
		return nil
	}
	return ErrWrongStatus.WithDetail("%s → %s", m.Status, to)
}

// Faults of agenda changes.
var (
	ErrAlreadyOnAgenda = fault.New(fault.Conflict, "already_on_agenda")
	ErrItemRecorded    = fault.New(fault.Conflict, "item_recorded")
)

// AddAgendaItem puts item last on the föredragningslista (a standard
// opening item among the opening items, in their order), as by at now:
// freely while the meeting is planned; at the open meeting only as an
// extra ärende, taken up by the board's decision, which the item and its
// paragraph then carry into the protocol. An ärende (or the anmälan of
// delegationsbeslut) already on the list is refused with 409
// already_on_agenda; a closed or justerat meeting with ErrWrongStatus. A
// standard item (KindFormal) is added before the meeting opens only.
func (m *Meeting) AddAgendaItem(item AgendaItem, by string, now time.Time) error {
	switch m.Status {
	case StatusPlanned:
		item.Extra = false
	case StatusOpen:
		if item.Kind != "case" {
			return ErrWrongStatus.WithDetail("only an ärende is taken up as extra ärende")
		}
		item.Extra = true
	default:
		return ErrWrongStatus.WithDetail("the agenda of a %s meeting does not change", m.Status)
	}
	switch item.Kind {
	case "case", "delegation_report":
		item.Formal = ""
	case KindFormal:
		std, ok := FormalItem(item.Formal)
		if !ok {
			return (&fault.Fields{{Field: "/formal", Code: "invalid_value"}}).Err(fault.Unprocessable)
		}
		item = std
	default:
		return (&fault.Fields{{Field: "/kind", Code: "invalid_value"}}).Err(fault.Unprocessable)
	}
	if slices.ContainsFunc(m.Agenda, func(a AgendaItem) bool {
		return a.Kind == item.Kind && a.CaseID == item.CaseID && a.Formal == item.Formal
	}) {
		return ErrAlreadyOnAgenda.WithDetail("%s %s%s", item.Kind, item.RegistrationNumber, item.Formal)
	}
	at := now.UTC()
	item.AddedBy, item.AddedAt, item.Decisions = by, &at, nil
	m.Agenda = slices.Insert(slices.Clone(m.Agenda), m.formalSlot(item), item)
	return nil
}

// RemoveAgendaItem takes item i off the föredragningslista of a planned
// meeting; an item already recorded is not removed.
func (m *Meeting) RemoveAgendaItem(i int) error {
	if m.Status != StatusPlanned {
		return ErrWrongStatus.WithDetail("items are removed before the meeting opens")
	}
	if i < 0 || i >= len(m.Agenda) {
		return (&fault.Fields{{Field: "/index", Code: "invalid_value"}}).Err(fault.Unprocessable)
	}
	if p, ok := m.Recorded(m.Agenda[i]); ok {
		return ErrItemRecorded.WithDetail("§ %d", p.No)
	}
	m.Agenda = slices.Delete(slices.Clone(m.Agenda), i, i+1)
	return nil
}
