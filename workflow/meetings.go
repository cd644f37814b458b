package workflow

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// WithMeetings gives the engine the meeting store.
func (e *Engine) WithMeetings(st meeting.Storer) *Engine {
	e.core.meetings = st
	return e
}

// PlanMeeting creates a sammanträde: the seats come from the role
// assignments valid on the meeting date, the föredragningslista from the
// board's cases ready for decision plus the item "Anmälan av
// delegationsbeslut" listing every decision waiting to be reported.
func (e *Meetings) PlanMeeting(ctx context.Context, u identity.User, board string, startsAt time.Time, place string, justerare []string) (meeting.Meeting, error) {
	if err := e.authorize(u, board, "manage_meetings"); err != nil {
		return meeting.Meeting{}, err
	}
	date := platform.DateOf(startsAt)
	var fs fault.Fields
	switch {
	case startsAt.IsZero():
		fs.Add("/starts_at", "required")
	case !date.InRange():
		fs.Add("/starts_at", "invalid_date")
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
		Status: meeting.StatusPlanned, CreatedBy: u.Username, Paragraphs: []meeting.Paragraph{}, Seats: meeting.SeatsFor(users, board, date)}
	m.CheckJusterare(&fs, justerare)
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
	pending, err := e.asDecisions().PendingReports(ctx, u, board)
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
func (e *Meetings) Meeting(ctx context.Context, u identity.User, id string) (meeting.Meeting, error) {
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
func (e *Meetings) Meetings(ctx context.Context, u identity.User, board string) ([]meeting.Meeting, error) {
	if !e.CanRead(u, board) {
		return nil, ErrNotPermitted.WithDetail("no role on %s", board)
	}
	return e.meetings.ListMeetings(ctx, board)
}

// changeMeeting loads, checks the version, applies fn and writes, for the
// secretary's edits of a meeting that is not yet justerat.
func (e *Meetings) changeMeeting(ctx context.Context, u identity.User, id string, ifMatch int64, fn func(m *meeting.Meeting) error) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, err
	}
	if err := e.authorize(u, m.Board, "manage_meetings"); err != nil {
		return meeting.Meeting{}, err
	}
	if err := m.CheckEditable(); err != nil {
		return meeting.Meeting{}, err
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
func (e *Meetings) MoveAgendaItem(ctx context.Context, u identity.User, id string, ifMatch int64, i, dir int) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error { return m.MoveAgendaItem(i, dir) })
}

// SetAttendance records who is present and which ersättare serve for whom.
func (e *Meetings) SetAttendance(ctx context.Context, u identity.User, id string, ifMatch int64, in []meeting.Attendance) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error { return m.SetAttendance(in) })
}

// SetMeetingStatus opens or closes the meeting.
func (e *Meetings) SetMeetingStatus(ctx context.Context, u identity.User, id string, ifMatch int64, to meeting.Status) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error { return m.SetStatus(to) })
}
