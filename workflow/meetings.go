package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/platform"
)

// WithMeetings gives the engine the meeting store.
func (e *Engine) WithMeetings(st meeting.Storer) *Engine {
	e.meetings = st
	return e
}

var seatRoles = []identity.Role{identity.RoleOrdforande, identity.RoleViceOrdforande, identity.RoleLedamot, identity.RoleErsattare}

// PlanMeeting creates a sammanträde: the seats come from the role
// assignments valid on the meeting date, the föredragningslista from the
// board's cases ready for decision plus the item "Anmälan av
// delegationsbeslut" listing every decision waiting to be reported.
func (e *Engine) PlanMeeting(ctx context.Context, u identity.User, board string, startsAt time.Time, place string, justerare []string) (meeting.Meeting, error) {
	if !e.may(u, board, "manage_meetings") {
		return meeting.Meeting{}, ErrNotPermitted.WithDetail("plan meetings on %s", board)
	}
	date := platform.DateOf(startsAt)
	var fs fault.Fields
	if startsAt.IsZero() {
		fs.Add("/starts_at", "required")
	}
	if strings.TrimSpace(place) == "" {
		fs.Add("/place", "required")
	}
	fieldtext.Line(&fs, "/place", place)
	users, err := e.users.Users(ctx)
	if err != nil {
		return meeting.Meeting{}, err
	}
	m := meeting.Meeting{ID: platform.NewID(), Board: board, Year: date.Year, StartsAt: startsAt.UTC(), Date: date, Place: strings.TrimSpace(place),
		Status: meeting.StatusPlanned, CreatedBy: u.Username, Paragraphs: []meeting.Paragraph{}}
	for _, us := range users {
		for _, r := range seatRoles {
			if us.HasRole(board, r, date) {
				m.Seats = append(m.Seats, meeting.Seat{Username: us.Username, Name: us.Name, Role: string(r), Present: true})
				break
			}
		}
	}
	for i, j := range justerare {
		if !slices.ContainsFunc(m.Seats, func(s meeting.Seat) bool { return s.Username == j }) {
			fs.Add(fmt.Sprintf("/justerare/%d", i), "not_a_member")
		}
	}
	m.Justerare = justerare
	if err := fs.Err(fault.Unprocessable); err != nil {
		return meeting.Meeting{}, err
	}
	ready, _, err := e.store.List(ctx, cases.Filter{Boards: []string{board}, State: cases.StateReady, PerPage: 200})
	if err != nil {
		return meeting.Meeting{}, err
	}
	// Cases tabled at an earlier meeting come back on the next agenda.
	tabled, _, err := e.store.List(ctx, cases.Filter{Boards: []string{board}, State: cases.StateTabled, PerPage: 200})
	if err != nil {
		return meeting.Meeting{}, err
	}
	for _, c := range append(tabled, ready...) {
		m.Agenda = append(m.Agenda, meeting.AgendaItem{Kind: "case", CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, Title: c.Title})
	}
	pending, err := e.PendingReports(ctx, u, board)
	if err != nil {
		return meeting.Meeting{}, err
	}
	item := meeting.AgendaItem{Kind: "delegation_report", Title: "Anmälan av delegationsbeslut", Decisions: []string{}}
	for _, p := range pending {
		item.Decisions = append(item.Decisions, p.Decision.ID)
	}
	m.Agenda = append(m.Agenda, item)
	return e.meetings.InsertMeeting(ctx, m)
}

// Meeting loads a meeting the user may see.
func (e *Engine) Meeting(ctx context.Context, u identity.User, id string) (meeting.Meeting, error) {
	m, err := e.meetings.GetMeeting(ctx, id)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return m, meeting.ErrMeetingNotFound.WithDetail("%s", id)
		}
		return m, err
	}
	if !e.CanRead(u, m.Board) {
		return meeting.Meeting{}, meeting.ErrMeetingNotFound.WithDetail("%s", id)
	}
	return m, nil
}

// Meetings lists a board's meetings.
func (e *Engine) Meetings(ctx context.Context, u identity.User, board string) ([]meeting.Meeting, error) {
	if !e.CanRead(u, board) {
		return nil, ErrNotPermitted.WithDetail("no role on %s", board)
	}
	return e.meetings.ListMeetings(ctx, board)
}

// changeMeeting loads, checks the version, applies fn and writes, for the
// secretary's edits of a meeting that is not yet justerat.
func (e *Engine) changeMeeting(ctx context.Context, u identity.User, id string, ifMatch int64, fn func(m *meeting.Meeting) error) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, err
	}
	if !e.may(u, m.Board, "manage_meetings") {
		return meeting.Meeting{}, ErrNotPermitted.WithDetail("run meetings on %s", m.Board)
	}
	if m.Status == meeting.StatusJusterad {
		return meeting.Meeting{}, meeting.ErrImmutable
	}
	if ifMatch != m.Version {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	if err := fn(&m); err != nil {
		return meeting.Meeting{}, err
	}
	saved, err := e.meetings.UpdateMeeting(ctx, m)
	if errors.Is(err, fault.ErrVersionConflict) {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	return saved, err
}

// MoveAgendaItem moves item i of the agenda one step up (-1) or down (+1).
func (e *Engine) MoveAgendaItem(ctx context.Context, u identity.User, id string, ifMatch int64, i, dir int) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error {
		j := i + dir
		if i < 0 || i >= len(m.Agenda) || j < 0 || j >= len(m.Agenda) || (dir != 1 && dir != -1) {
			return (&fault.Fields{{Field: "/index", Code: "invalid_value"}}).Err(fault.Unprocessable)
		}
		m.Agenda[i], m.Agenda[j] = m.Agenda[j], m.Agenda[i]
		return nil
	})
}

// AttendanceInput is one seat's attendance.
type AttendanceInput struct {
	Username  string
	Present   bool
	ServesFor string
}

// SetAttendance records who is present and which ersättare serve for whom.
func (e *Engine) SetAttendance(ctx context.Context, u identity.User, id string, ifMatch int64, in []AttendanceInput) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error {
		var fs fault.Fields
		for k, a := range in {
			i := slices.IndexFunc(m.Seats, func(s meeting.Seat) bool { return s.Username == a.Username })
			if i < 0 {
				fs.Add(fmt.Sprintf("/attendance/%d/username", k), "not_a_member")
				continue
			}
			if a.ServesFor != "" {
				j := slices.IndexFunc(m.Seats, func(s meeting.Seat) bool { return s.Username == a.ServesFor })
				if m.Seats[i].Role != "ersattare" || j < 0 || !m.Seats[j].Member() {
					fs.Add(fmt.Sprintf("/attendance/%d/serves_for", k), "invalid_substitution")
					continue
				}
			}
			m.Seats[i].Present, m.Seats[i].ServesFor = a.Present, a.ServesFor
		}
		return fs.Err(fault.Unprocessable)
	})
}

// SetMeetingStatus opens or closes the meeting.
func (e *Engine) SetMeetingStatus(ctx context.Context, u identity.User, id string, ifMatch int64, to meeting.Status) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error {
		switch {
		case to == meeting.StatusOpen && m.Status == meeting.StatusPlanned, to == meeting.StatusClosed && m.Status == meeting.StatusOpen:
			m.Status = to
			return nil
		}
		return meeting.ErrWrongStatus.WithDetail("%s → %s", m.Status, to)
	})
}
