package workflow

import (
	"context"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
)

// PageQuery asks for one page of a list as a client sends it (the API's
// page and per_page, the web page's sida), unparsed, so that the API and
// the web answer a malformed one alike. Empty fields take the defaults.
type PageQuery struct {
	Page    string // 1-based
	PerPage string
}

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

// errPageQuery is the fault of a malformed page query; its fields name
// each bad parameter.
var errPageQuery = fault.New(fault.Invalid, "invalid_parameter")

// parsePage reads q: page from 1, per_page from 1 to MaxMeetingsPerPage
// (DefaultMeetingsPerPage when empty). names are the parameters' names
// as the client sent them, for the fault.
func parsePage(q PageQuery, pageName, perName string) (page, per int, err error) {
	var fs fault.Fields
	num := func(name, v string, def, hi int) int {
		if v = strings.TrimSpace(v); v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > hi {
			fs.Add(name, "invalid_parameter")
			return def
		}
		return n
	}
	page = num(pageName, q.Page, 1, maxMeetingsPage)
	per = num(perName, q.PerPage, DefaultMeetingsPerPage, MaxMeetingsPerPage)
	if len(fs) > 0 {
		f := *errPageQuery
		f.Fields = fs
		return page, per, &f
	}
	return page, per, nil
}

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
func (l MeetingList) Pages() int {
	return max(1, int((l.Total+int64(l.PerPage)-1)/int64(l.PerPage)))
}

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
