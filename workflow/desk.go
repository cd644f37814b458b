package workflow

import (
	"context"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// DeskHorizon is how far ahead the desk lists deadlines, in days.
const DeskHorizon = 14

// Deadline is a date by which something on the desk must be done.
type Deadline struct {
	Date platform.Date `json:"date"`
	// What is the deadline in Swedish, e.g. "Justering av protokollet
	// från ITN 2026-03-02".
	What string `json:"what"`
	// Kind is "justering", "anslag" or "overklagande_slut" (the appeal
	// period ends), MeetingID the meeting it belongs to.
	Kind      string `json:"kind"`
	MeetingID string `json:"meeting_id"`
}

// Desk is a person's "Att göra": the work waiting for them, from the
// same use cases the pages of each job use.
type Desk struct {
	// Cases are the open cases where u is handläggare.
	Cases []cases.Case
	// ToDecide are the beslutsklara cases submitted to u as
	// beslutsfattare, not yet decided; ToAgenda those submitted to u as
	// sekreterare, to put on a meeting's agenda. Oldest first.
	ToDecide, ToAgenda []Submitted
	// ToSign are the decisions u took and has not signed.
	ToSign []InboxItem
	// ToJustera are the closed meetings whose protocol u signs (as chair
	// or appointed justerare) and has not yet.
	ToJustera []meeting.Meeting
	// ToPost are the justerade protocols still to be announced on a
	// member's anslagstavla, on boards where u runs the meetings.
	ToPost []meeting.Meeting
	// Pending are the signed decisions to report (anmälan), on boards
	// where u reports decisions.
	Pending []PendingReport
	// Deadlines fall within DeskHorizon days from today, earliest first.
	Deadlines []Deadline
	// Kallelser are the meetings within DeskHorizon days that u was sent
	// the kallelse of (as a seat holder), earliest first, with the
	// handlingar u may read.
	Kallelser []CalledTo
}

// openStates are the states in which a case still needs its handläggare.
var openStates = []cases.State{cases.StateRegistered, cases.StatePreparing, cases.StateReady, cases.StateDecided}

// Desk gathers u's "Att göra" on every board u has a role on today.
func (e *Cases) Desk(ctx context.Context, u identity.User) (Desk, error) {
	var d Desk
	today := e.today()
	mine, _, err := e.List(ctx, u, cases.Filter{OfficerID: u.ID, Page: 1, PerPage: 100})
	if err != nil {
		return Desk{}, err
	}
	for _, c := range mine {
		if slices.Contains(openStates, c.State) {
			d.Cases = append(d.Cases, c)
		}
	}
	subs, err := e.submittedTo(ctx, u)
	if err != nil {
		return Desk{}, err
	}
	for _, x := range subs {
		if x.Submission.Role == string(identity.RoleSekreterare) {
			d.ToAgenda = append(d.ToAgenda, x)
		} else {
			d.ToDecide = append(d.ToDecide, x)
		}
	}
	dec, mt := &Decisions{e.core}, &Meetings{e.core}
	if d.ToSign, err = dec.SigningInbox(ctx, u); err != nil {
		return Desk{}, err
	}
	boards, err := e.deskBoards(ctx, u, today)
	if err != nil {
		return Desk{}, err
	}
	until := today.AddDays(DeskHorizon)
	soon := func(date platform.Date, what, kind, id string) {
		if !date.IsZero() && !date.Before(today) && !date.After(until) {
			d.Deadlines = append(d.Deadlines, Deadline{Date: date, What: what, Kind: kind, MeetingID: id})
		}
	}
	for _, b := range boards {
		runs := e.may(u, b, "manage_meetings")
		if e.may(u, b, "report_decisions") {
			ps, err := dec.PendingReports(ctx, u, b)
			if err != nil {
				return Desk{}, err
			}
			d.Pending = append(d.Pending, ps...)
		}
		ms, err := mt.openWork(ctx, u, b, today)
		if err != nil {
			return Desk{}, err
		}
		for _, m := range ms {
			signer := m.SignerRole(u.Username) != ""
			name := b + " " + m.Date.String()
			switch {
			case m.Status == meeting.StatusClosed:
				if signer && !m.SignedBy(u.Username) {
					d.ToJustera = append(d.ToJustera, m)
				}
				if signer || runs {
					soon(m.Date.AddDays(14), "Justering av protokollet från "+name, "justering", m.ID)
				}
			case m.Status == meeting.StatusJusterad && len(m.Notices) == 0:
				if runs {
					d.ToPost = append(d.ToPost, m)
					soon(m.JusteredOn.AddDays(2), "Anslag av det justerade protokollet från "+name, "anslag", m.ID)
				}
			case m.Status == meeting.StatusJusterad:
				if runs {
					soon(m.AppealEnd, "Överklagandetiden för protokollet från "+name+" går ut", "overklagande_slut", m.ID)
				}
			}
		}
	}
	slices.SortStableFunc(d.Deadlines, func(a, b Deadline) int { return a.Date.Compare(b.Date) })
	if d.Kallelser, err = e.calledTo(ctx, u, today, until); err != nil {
		return Desk{}, err
	}
	return d, nil
}

// openWork are the board's meetings that may put work on a desk today
// (meeting.Storer's OpenWork, with their notice boards): the board's
// other meetings (planned, open, or justerade, announced and past their
// appeal period) put nothing there, so the desk does not read them.
func (e *Meetings) openWork(ctx context.Context, u identity.User, board string, today platform.Date) ([]meeting.Meeting, error) {
	if !e.CanRead(u, board) {
		return nil, ErrNotPermitted.WithDetail("no role on %s", board)
	}
	ms, err := e.meetings.OpenWork(ctx, board, today)
	if err != nil {
		return nil, err
	}
	return e.allWithNoticeBoards(ctx, ms)
}

// deskBoards are the boards u has a role on today ("*": every board).
func (e *Cases) deskBoards(ctx context.Context, u identity.User, today platform.Date) ([]string, error) {
	var out []string
	for _, a := range u.RolesOn(today) {
		if a.Board == "*" {
			bs, err := e.boards.ListBoards(ctx)
			if err != nil {
				return nil, err
			}
			for _, b := range bs {
				out = append(out, b.Code)
			}
			continue
		}
		out = append(out, a.Board)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
