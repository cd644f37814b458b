package workflow

import (
	"bytes"
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/paging"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

// PublicNotice is what the public anslagstavla shows of a protocol:
// which member municipalities have announced its justering and which
// have not, and the appeal end once the last one has.
type PublicNotice struct {
	Board       string           `json:"board"`
	BoardName   string           `json:"board_name"` // the nämnd's full name
	MeetingID   string           `json:"meeting_id"` // for the justerat protokoll (PublicProtocolPDF)
	MeetingDate platform.Date    `json:"meeting_date"`
	JusteredOn  platform.Date    `json:"justered_on"`
	Notices     []meeting.Notice `json:"notices"`
	// NotYetPosted are the member municipalities whose anslagstavla does
	// not carry the announcement yet: until it is empty there is no
	// appeal end.
	NotYetPosted []meeting.NoticeBoard `json:"not_yet_posted"`
	AppealEnd    platform.Date         `json:"appeal_end"`
	LegalStatus  string                `json:"legal_status"`
	Paragraphs   []meeting.Paragraph   `json:"paragraphs"`
}

// NoticeQuery asks for the public anslagstavla as a client sends it,
// unparsed (see PageQuery). Posted is empty (every announced protocol, a
// page at a time), "true" (the notices posted today by law: the appeal
// period has not ended or not begun; all of them, not paged) or "false"
// (the notices taken down: the appeal period has ended; a page at a
// time).
type NoticeQuery struct {
	Posted string
	PageQuery
}

// NoticePage is what the public anslagstavla lists: the notices asked
// for, newest first, how many there are and the page (Page and PerPage
// are zero for the posted notices, which are not paged).
type NoticePage struct {
	Notices []PublicNotice
	Total   int64
	Page    int
	PerPage int
}

// Pages is how many pages the list has (at least 1).
func (p NoticePage) Pages() int { return paging.Count(p.Total, p.PerPage) }

// PublicNoticeList lists the protocols on the public anslagstavla, newest
// first, as the public may read them (publicNotice): every announced one
// a page at a time, or those posted today by law (KL 8:12: a notice stays
// up for the whole appeal period, KL 13:5: which runs only once every
// member's anslagstavla carries it) all at once, or those taken down a
// page at a time. A malformed query is 400 invalid_parameter naming the
// parameter.
func (e *Meetings) PublicNoticeList(ctx context.Context, q NoticeQuery) (NoticePage, error) {
	today := e.today()
	var (
		ms  []meeting.Meeting
		out NoticePage
		err error
	)
	posted := strings.TrimSpace(q.Posted)
	switch posted {
	case "true":
		var fs fault.Fields
		for _, p := range [][2]string{{"page", q.Page}, {"per_page", q.PerPage}} {
			if strings.TrimSpace(p[1]) != "" {
				fs.Add(p[0], "invalid_parameter") // the posted notices are one list, not pages
			}
		}
		if len(fs) > 0 {
			f := *errPageQuery
			f.Fields = fs
			return NoticePage{}, &f
		}
		if ms, err = e.meetings.Posted(ctx, today); err != nil {
			return NoticePage{}, err
		}
		out.Total = int64(len(ms))
	case "", "false":
		if out.Page, out.PerPage, err = parsePage(q.PageQuery, "page", "per_page"); err != nil {
			return NoticePage{}, err
		}
		offset := (out.Page - 1) * out.PerPage
		if posted == "false" {
			ms, out.Total, err = e.meetings.TakenDown(ctx, today, offset, out.PerPage)
		} else {
			ms, out.Total, err = e.meetings.PublicPage(ctx, offset, out.PerPage)
		}
		if err != nil {
			return NoticePage{}, err
		}
	default:
		f := *errPageQuery
		f.Fields = fault.Fields{{Field: "posted", Code: "invalid_parameter"}}
		return NoticePage{}, &f
	}
	out.Notices = []PublicNotice{}
	names := map[string]string{}
	for _, m := range ms {
		pm, ok, err := e.publicNotice(ctx, m)
		if err != nil {
			return NoticePage{}, err
		}
		if !ok {
			continue
		}
		if _, ok := names[pm.Board]; !ok {
			names[pm.Board] = pm.Board
			if b, err := e.boards.GetBoard(ctx, pm.Board); err == nil && b.Name != "" {
				names[pm.Board] = b.Name
			}
		}
		pending := pm.PendingNoticeBoards()
		if pending == nil {
			pending = []meeting.NoticeBoard{}
		}
		out.Notices = append(out.Notices, PublicNotice{Board: pm.Board, BoardName: names[pm.Board], MeetingID: pm.ID,
			MeetingDate: pm.Date, JusteredOn: pm.JusteredOn, Notices: pm.Notices, NotYetPosted: pending,
			AppealEnd: pm.AppealEnd, LegalStatus: pm.LegalStatus(today), Paragraphs: pm.Paragraphs})
	}
	return out, nil
}

// publicNotice is an announced meeting as the public may read it
// (public.Protocol: no secret paragraphs, titles of sekretessmarkerade
// ärenden masked, no personnummer) with its notice boards and without
// seats, votes or reservations; false for a meeting not announced on the
// anslagstavla or whose protocol is not public.
func (e *Meetings) publicNotice(ctx context.Context, m meeting.Meeting) (meeting.Meeting, bool, error) {
	if !m.Public {
		return meeting.Meeting{}, false, nil
	}
	pm, ok := public.Protocol(m, e.caseHead(ctx))
	if !ok {
		return meeting.Meeting{}, false, nil
	}
	pm, err := e.withNoticeBoards(ctx, pm)
	if err != nil {
		return meeting.Meeting{}, false, err
	}
	return pm.PublicPart(), true, nil
}

// PublicProtocolPDF is the justerat protokoll of a meeting announced on
// the public anslagstavla, as anyone may read it: the public part only
// (secret paragraphs without their content), however long ago it was
// announced. A meeting not announced is not found.
func (e *Meetings) PublicProtocolPDF(ctx context.Context, meetingID string) ([]byte, error) {
	notFound := fault.New(fault.NotFound, "not_found")
	m, err := e.meetings.GetMeeting(ctx, meetingID)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return nil, notFound
		}
		return nil, err
	}
	pm, ok, err := e.publicNotice(ctx, m)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound
	}
	in, err := e.publicProtocolInput(ctx, pm)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := memopdf.RenderProtocol(&buf, in); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
