package repo

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/store"
)

// Meetings stores sammanträden.
type Meetings struct{ b store.Backend }

var _ meeting.Storer = Meetings{}

// NewMeetings returns the meeting storage on b.
func NewMeetings(b store.Backend) Meetings { return Meetings{b} }

func setMeetingV(m *meeting.Meeting, v int64) { m.Version = v }

// InsertMeeting stores a new meeting (with its derived fields, meetingDoc)
// after its entries in the meetings-by-ärende index.
func (r Meetings) InsertMeeting(ctx context.Context, m meeting.Meeting) (meeting.Meeting, error) {
	if err := fileCases(ctx, r.b, m, true); err != nil {
		return m, err
	}
	d := meetingDocOf(m)
	err := insert(ctx, r.b, CollMeetings, m.ID, &d, setMeetingDocV, nil)
	return d.Meeting, err
}

// GetMeeting loads a meeting.
func (r Meetings) GetMeeting(ctx context.Context, id string) (meeting.Meeting, error) {
	var m meeting.Meeting
	return m, get(ctx, r.b, CollMeetings, id, &m, setMeetingV)
}

// UpdateMeeting writes m if its version is current: first the entries
// of the meetings-by-ärende index it lacks, then the meeting with its
// derived fields (meetingDoc) in one single-document write.
func (r Meetings) UpdateMeeting(ctx context.Context, m meeting.Meeting) (meeting.Meeting, error) {
	if err := fileCases(ctx, r.b, m, false); err != nil {
		return m, err
	}
	d := meetingDocOf(m)
	err := update(ctx, r.b, CollMeetings, m.ID, m.Version, &d, setMeetingDocV, nil)
	return d.Meeting, err
}

// MeetingPage returns one window (offset, limit) of a board's meetings,
// newest first (then by id), and how many meetings the board has: a page
// of the board's list through the board_date index, however long the
// board's history.
func (r Meetings) MeetingPage(ctx context.Context, board string, offset, limit int) ([]meeting.Meeting, int64, error) {
	return r.page(ctx, []store.Cond{store.Eq("board", board)}, offset, limit)
}

// PublicPage returns one window (offset, limit) of the meetings of every
// board announced on the public anslagstavla, newest first (then by id),
// and how many there are, through the public_date index.
func (r Meetings) PublicPage(ctx context.Context, offset, limit int) ([]meeting.Meeting, int64, error) {
	return r.page(ctx, []store.Cond{store.Eq("public", true)}, offset, limit)
}

// page is one window of the meetings matching where, newest first, and
// their number.
func (r Meetings) page(ctx context.Context, where []store.Cond, offset, limit int) ([]meeting.Meeting, int64, error) {
	total, err := r.b.Count(ctx, CollMeetings, where)
	if err != nil {
		return nil, 0, err
	}
	ms, err := find(ctx, r.b, CollMeetings, store.Query{Where: where, Sort: []store.SortKey{{Field: "date", Desc: true}},
		Offset: offset, Limit: limit}, setMeetingV)
	return ms, total, err
}

// NextParagraph draws the next § number of a board's year from an atomic
// counter.
func (r Meetings) NextParagraph(ctx context.Context, board string, year int) (int64, error) {
	return r.b.NextSequence(ctx, fmt.Sprintf("paragraf/%s/%d", board, year))
}
