package workflow

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/board"
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
// delegationsbeslut" (which reports, when its § is recorded, every decision
// pending then), and the anslagstavlor the justering must be announced on
// from the board's member municipalities.
func (e *Meetings) PlanMeeting(ctx context.Context, u identity.User, board string, startsAt time.Time, place string, justerare []string) (meeting.Meeting, error) {
	return e.PlanMeetingWith(ctx, u, board, PlanInput{StartsAt: startsAt, Place: place, Justerare: justerare})
}

// PlanInput is what the secretary gives when planning a sammanträde.
type PlanInput struct {
	StartsAt  time.Time
	Place     string
	Justerare []string
	// JusteringOn is the day set for the justering (tid för justering),
	// zero for none yet.
	JusteringOn platform.Date
	// StandardItems puts the standard items on the föredragningslista:
	// Mötets öppnande, Val av justerare och tid för justering and
	// Godkännande av dagordningen before the ärenden, Anmälningar and
	// Information after the anmälan of delegationsbeslut. They draw no §
	// (meeting.KindFormal), and they are there only when asked for, so an
	// agenda planned without them keeps the item indexes and § numbers it
	// always had.
	StandardItems bool
}

// PlanMeetingWith is PlanMeeting with the whole PlanInput.
func (e *Meetings) PlanMeetingWith(ctx context.Context, u identity.User, board string, in PlanInput) (meeting.Meeting, error) {
	startsAt, place, justerare := in.StartsAt, in.Place, in.Justerare
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
	seats, err := e.meetingSeats(ctx, board, date)
	if err != nil {
		return meeting.Meeting{}, err
	}
	m := meeting.Meeting{ID: platform.NewID(), Board: board, Year: date.Year, StartsAt: startsAt.UTC(), Date: date, Place: strings.TrimSpace(place),
		Status: meeting.StatusPlanned, CreatedBy: u.Username, Paragraphs: []meeting.Paragraph{}, Seats: seats}
	m.CheckJusterare(&fs, justerare)
	m.Justerare = justerare
	if err := fs.Err(fault.Unprocessable); err != nil {
		return meeting.Meeting{}, err
	}
	if err := m.SetJusteringPlan(in.JusteringOn); err != nil {
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
	m.Agenda = append(m.Agenda, meeting.AgendaItem{Kind: "delegation_report", Title: ReportItemTitle})
	if in.StandardItems {
		m.Agenda = meeting.WithStandardItems(m.Agenda)
	}
	b, err := e.boards.GetBoard(ctx, board)
	if err != nil {
		return meeting.Meeting{}, err
	}
	m.NoticeBoards = noticeBoards(b)
	return e.meetings.InsertMeeting(ctx, m)
}

// ReportItemTitle is the title of the agenda item that reports the
// delegated and urgent decisions.
const ReportItemTitle = "Anmälan av delegationsbeslut"

// noticeBoards are the anslagstavlor a board's protocols are announced on:
// every member municipality of a gemensam nämnd (KL 13:5), or the board's
// own municipality.
func noticeBoards(b board.Board) []meeting.NoticeBoard {
	var out []meeting.NoticeBoard
	for _, mb := range b.Members {
		out = append(out, meeting.NoticeBoard{Member: mb.Code, MemberName: mb.Name})
	}
	if len(out) == 0 {
		out = append(out, meeting.NoticeBoard{Member: b.Code, MemberName: b.Organisation})
	}
	return out
}

// withNoticeBoards gives a meeting planned before notice boards were kept
// its board's, and works out its appeal period under them.
func (e *core) withNoticeBoards(ctx context.Context, m meeting.Meeting) (meeting.Meeting, error) {
	if len(m.NoticeBoards) > 0 {
		return m, nil
	}
	b, err := e.boards.GetBoard(ctx, m.Board)
	if err != nil {
		return m, err
	}
	m.SetNoticeBoards(noticeBoards(b))
	return m, nil
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
	return e.withNoticeBoards(ctx, m)
}

// allWithNoticeBoards is withNoticeBoards of each meeting, reading each
// board once however many of its meetings there are.
func (e *core) allWithNoticeBoards(ctx context.Context, ms []meeting.Meeting) ([]meeting.Meeting, error) {
	boards := map[string][]meeting.NoticeBoard{}
	for i := range ms {
		if len(ms[i].NoticeBoards) > 0 {
			continue
		}
		nb, ok := boards[ms[i].Board]
		if !ok {
			b, err := e.boards.GetBoard(ctx, ms[i].Board)
			if err != nil {
				return nil, err
			}
			nb = noticeBoards(b)
			boards[ms[i].Board] = nb
		}
		ms[i].SetNoticeBoards(nb)
	}
	return ms, nil
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

// SetMeetingStatus opens the meeting (not before its day) or closes it,
// noting the time (the protocol's "Mötets öppnande").
func (e *Meetings) SetMeetingStatus(ctx context.Context, u identity.User, id string, ifMatch int64, to meeting.Status) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error { return m.SetStatusAt(to, e.clock.Now()) })
}

// AddAgendaItem puts the board's ärende caseID (or, with caseID "", the
// anmälan of delegationsbeslut) last on the föredragningslista: before
// the meeting opens as an ordinary item, at the open meeting as an extra
// ärende taken up by the board's decision, which the protocol records. The
// ärende must be the board's and ready for decision (beslutsklar) or
// bordlagt.
func (e *Meetings) AddAgendaItem(ctx context.Context, u identity.User, id string, ifMatch int64, caseID string) (meeting.Meeting, error) {
	item := meeting.AgendaItem{Kind: "delegation_report", Title: ReportItemTitle}
	if caseID != "" {
		m, err := e.Meeting(ctx, u, id)
		if err != nil {
			return m, err
		}
		c, err := e.store.GetHead(ctx, caseID)
		if err != nil || c.Board != m.Board || !e.CanRead(u, c.Board) {
			return meeting.Meeting{}, (&fault.Fields{{Field: "/case_id", Code: "case_not_found"}}).Err(fault.Unprocessable)
		}
		if c.State != cases.StateReady && c.State != cases.StateTabled {
			return meeting.Meeting{}, (&fault.Fields{{Field: "/case_id", Code: "case_not_ready"}}).Err(fault.Unprocessable)
		}
		item = meeting.AgendaItem{Kind: "case", CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, Title: c.Title}
	}
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error {
		return m.AddAgendaItem(item, u.Username, e.clock.Now())
	})
}

// RemoveAgendaItem takes item i off the föredragningslista before the
// meeting opens.
func (e *Meetings) RemoveAgendaItem(ctx context.Context, u identity.User, id string, ifMatch int64, i int) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error { return m.RemoveAgendaItem(i) })
}

// AddStandardItem puts the standard item key (meeting.FormalOpening, …)
// on the föredragningslista of a planned meeting: an opening item among
// the opening items, Anmälningar and Information last. It draws no §.
func (e *Meetings) AddStandardItem(ctx context.Context, u identity.User, id string, ifMatch int64, key string) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error {
		if m.Status != meeting.StatusPlanned {
			return meeting.ErrWrongStatus.WithDetail("standard items are added before the meeting opens")
		}
		return m.AddAgendaItem(meeting.AgendaItem{Kind: meeting.KindFormal, Formal: key}, u.Username, e.clock.Now())
	})
}
