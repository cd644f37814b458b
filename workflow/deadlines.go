package workflow

import (
	"context"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// PersonDeadline is a time limit someone must meet, with what it concerns
// and why it is theirs.
type PersonDeadline struct {
	deadline.Item
	Board string `json:"board"`
	// MeetingID is set for a meeting's limits (justering, anslag, the
	// protocol's appeal period); CaseID and DecisionID for a decision's
	// anmälan.
	MeetingID  string `json:"meeting_id,omitempty"`
	CaseID     string `json:"case_id,omitempty"`
	DecisionID string `json:"decision_id,omitempty"`
	// Title names the meeting or the ärende in Swedish.
	Title string `json:"title"`
	// Role is why the limit is the person's: "justerare" (the chair or an
	// appointed justerare who has not signed), "sekreterare" (who runs the
	// board's meetings and anmälningar).
	Role string `json:"role"`
}

// MeetingDeadlines are the meeting's time limits on today: justering
// within 14 days, anslag on each member's anslagstavla by the second day
// after justering, the end of the appeal period and laga kraft.
func (e *Meetings) MeetingDeadlines(m meeting.Meeting) []deadline.Item {
	return m.Deadlines(e.today())
}

// PersonDeadlines lists the time limits u must still meet, on every board
// u holds a role on today and is not revisor of, soonest first (those
// without a known day last): the justering of a closed meeting u is to
// sign; for who runs the board's meetings (manage_meetings) also the
// justering, the anslag on every member's anslagstavla and the appeal
// period of its protocols; for who reports decisions (report_decisions)
// the anmälan of every decision pending. Met limits are left out, and so
// are the appeal periods of protocols that have laga kraft.
func (e *Meetings) PersonDeadlines(ctx context.Context, u identity.User) ([]PersonDeadline, error) {
	today := e.today()
	var boards []string
	for _, a := range u.RolesOn(today) {
		if a.Board == identity.AllBoards {
			bs, err := e.boards.ListBoards(ctx)
			if err != nil {
				return nil, err
			}
			for _, b := range bs {
				boards = append(boards, b.Code)
			}
		} else {
			boards = append(boards, a.Board)
		}
	}
	slices.Sort(boards)
	boards = slices.Compact(boards)
	out := []PersonDeadline{}
	for _, board := range boards {
		if e.readOnly(u, board) {
			continue
		}
		runs := e.may(u, board, "manage_meetings")
		// Only meetings with work open have a deadline not yet met: those
		// not (fully) announced, in their appeal period, or appealed; the
		// board's others are not read.
		ms, err := e.meetings.OpenWork(ctx, board, today)
		if err != nil {
			return nil, err
		}
		appealed, err := e.meetings.Appealed(ctx, board)
		if err != nil {
			return nil, err
		}
		if ms, err = e.allWithNoticeBoards(ctx, mergeMeetings(ms, appealed)); err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Status == meeting.StatusPlanned || m.Status == meeting.StatusOpen {
				continue
			}
			signs := m.SignerRole(u.Username) != "" && !m.SignedBy(u.Username) && m.Status == meeting.StatusClosed
			title := "Sammanträde " + m.Board + " " + m.Date.String()
			for _, it := range m.Deadlines(today) {
				if !it.Done.IsZero() || it.Status == deadline.DueOnTime {
					continue
				}
				role := ""
				switch {
				case it.Kind == deadline.KindJustering && signs:
					role = "justerare"
				case runs:
					role = "sekreterare"
				}
				if role == "" || (it.Kind != deadline.KindJustering && m.Status != meeting.StatusJusterad) {
					continue // anslag and the appeal period start at justering
				}
				out = append(out, PersonDeadline{Item: it, Board: board, MeetingID: m.ID, Title: title, Role: role})
			}
		}
		if !e.may(u, board, "report_decisions") {
			continue
		}
		pending, err := e.pendingReports(ctx, board)
		if err != nil {
			return nil, err
		}
		for _, p := range pending {
			rms, err := e.reportMeetings(ctx, board, p.Decision)
			if err != nil {
				return nil, err
			}
			it := reportDeadline(p.Decision, rms, today)
			if p.Unsigned {
				it.Note = "ej signerat"
			}
			out = append(out, PersonDeadline{Item: it, Board: board, CaseID: p.Case.ID, DecisionID: p.Decision.ID,
				Title: p.Case.RegistrationNumber + " " + p.Case.Title, Role: "sekreterare"})
		}
	}
	slices.SortStableFunc(out, func(a, b PersonDeadline) int { return compareDue(a.Due, b.Due) })
	return out, nil
}

// mergeMeetings adds to ms those of more it lacks (by id), newest first.
func mergeMeetings(ms, more []meeting.Meeting) []meeting.Meeting {
	out := slices.Clone(ms)
	for _, m := range more {
		if !slices.ContainsFunc(out, func(x meeting.Meeting) bool { return x.ID == m.ID }) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b meeting.Meeting) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// compareDue orders days, the zero day (not known yet) last.
func compareDue(a, b platform.Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
