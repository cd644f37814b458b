package repo

import (
	"context"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store"
)

// The windows on meetings below read what a page shows of a board's
// meetings (through the board_date and public_date indexes), not the
// board's whole list: the work still open on a desk, the meetings of the
// coming days, the next meeting after a decision.

// MeetingsFrom returns up to limit of the board's meetings held on or
// after from, earliest first (then by id).
func (r Meetings) MeetingsFrom(ctx context.Context, board string, from platform.Date, limit int) ([]meeting.Meeting, error) {
	return find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("board", board),
		{Field: "date", Op: store.OpGte, Value: from.String()}},
		Sort: []store.SortKey{{Field: "date"}, {Field: "id"}}, Limit: limit}, setMeetingV)
}

// Unpublished returns the meetings of every board not (yet) on the public
// anslagstavla held from from through to, earliest first: every planned,
// open or closed meeting, and those justerade and not yet announced.
func (r Meetings) Unpublished(ctx context.Context, from, to platform.Date) ([]meeting.Meeting, error) {
	return find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("public", false),
		{Field: "date", Op: store.OpGte, Value: from.String()}, {Field: "date", Op: store.OpLte, Value: to.String()}},
		Sort: []store.SortKey{{Field: "date"}, {Field: "id"}}}, setMeetingV)
}

// OpenWork returns the board's held meetings whose work is not done on
// today, newest first: those closed, those justerade and not on the
// anslagstavla, and the announced ones whose appeal period has not ended
// (or that lack an appeal end: not yet on every anslagstavla). Planned
// and open meetings are not among them.
func (r Meetings) OpenWork(ctx context.Context, board string, today platform.Date) ([]meeting.Meeting, error) {
	hidden, err := find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("public", false),
		{Field: "status", Op: store.OpIn, Value: []string{string(meeting.StatusClosed), string(meeting.StatusJusterad)}}},
		Sort: []store.SortKey{{Field: "date", Desc: true}, {Field: "id"}}}, setMeetingV)
	if err != nil {
		return nil, err
	}
	appealing, err := find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("public", true),
		{Field: "appeal_end", Op: store.OpGte, Value: today.String()}},
		Sort: []store.SortKey{{Field: "date", Desc: true}, {Field: "id"}}}, setMeetingV)
	if err != nil {
		return nil, err
	}
	// Announced on some anslagstavla but with no appeal end stored: not
	// yet on every one, or stored before meetings kept their notice boards
	// (the reader works the appeal end out under the board's).
	unsettled, err := find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("public", true),
		store.Eq("appeal_end", nil)}, Sort: []store.SortKey{{Field: "date", Desc: true}, {Field: "id"}}}, setMeetingV)
	if err != nil {
		return nil, err
	}
	return mergeNewest(mergeNewest(hidden, appealing), unsettled), nil
}

// Appealed returns the board's announced meetings with an appeal
// recorded (laglighetsprövning), newest first.
func (r Meetings) Appealed(ctx context.Context, board string) ([]meeting.Meeting, error) {
	return find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("public", true),
		{Field: "appeals", Op: store.OpNe, Value: nil}}, Sort: []store.SortKey{{Field: "date", Desc: true}, {Field: "id"}}}, setMeetingV)
}

// mergeNewest merges two lists of meetings sorted newest first (then by
// id) into one.
func mergeNewest(a, b []meeting.Meeting) []meeting.Meeting {
	out := make([]meeting.Meeting, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if c := b[0].Date.Compare(a[0].Date); c > 0 || (c == 0 && b[0].ID < a[0].ID) {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}
