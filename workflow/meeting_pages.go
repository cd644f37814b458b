package workflow

import (
	"context"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/paging"
)

// Limits of a page of meetings.
const (
	// DefaultMeetingsPerPage is the page size when none is asked for.
	DefaultMeetingsPerPage = 50
	// MaxMeetingsPerPage is the largest page size a client may ask for.
	MaxMeetingsPerPage = 100
	// maxMeetingsPage bounds the page number, so that its offset cannot
	// overflow (no list is that long).
	maxMeetingsPage = 100000
)

// MeetingList is one page of a board's meetings, newest first.
type MeetingList struct {
	Meetings []meeting.Meeting
	// Total is how many meetings the board has; Page and PerPage are the
	// page shown (1-based) and its size.
	Total   int64
	Page    int
	PerPage int
}

// Pages is how many pages the list has (at least 1).
func (l MeetingList) Pages() int { return paging.Count(l.Total, l.PerPage) }

// Meetings lists one page of a board's meetings, newest first: the page q
// asks for (page and per_page; a malformed one is 400 invalid_parameter
// naming it). Every meeting the board has held is on some page; a page
// reads that page, not the board's history.
func (e *Meetings) Meetings(ctx context.Context, u identity.User, board string, q PageQuery) (MeetingList, error) {
	page, per, err := parsePage(q, "page", "per_page")
	if err != nil {
		return MeetingList{}, err
	}
	if !e.CanRead(u, board) {
		return MeetingList{}, ErrNotPermitted.WithDetail("no role on %s", board)
	}
	ms, total, err := e.meetings.MeetingPage(ctx, board, (page-1)*per, per)
	if err != nil {
		return MeetingList{}, err
	}
	if ms, err = e.allWithNoticeBoards(ctx, ms); err != nil {
		return MeetingList{}, err
	}
	if ms == nil {
		ms = []meeting.Meeting{}
	}
	return MeetingList{Meetings: ms, Total: total, Page: page, PerPage: per}, nil
}
