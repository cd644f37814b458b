package repo

import (
	"context"
	"slices"
	"strings"

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
	return r.union(ctx, OpenWorkQueries(board, today))
}

// union runs queries whose answers are disjoint and returns all their
// meetings, newest first.
func (r Meetings) union(ctx context.Context, queries []store.Query) ([]meeting.Meeting, error) {
	var out []meeting.Meeting
	for _, q := range queries {
		ms, err := find(ctx, r.b, CollMeetings, q, setMeetingV)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	newestFirst(out)
	return out, nil
}

// OpenWorkQueries are OpenWork's queries, each served by the
// board_public_appeal_end index (unsorted, so that SQLite, which has no
// statistics, does not walk another index for the order): the board's
// meetings not announced (closed, or justerade), the announced ones whose
// appeal period ends on or after today, and the announced ones with no
// appeal end stored (not yet on every anslagstavla, or stored before
// meetings kept their notice boards: the reader works it out under the
// board's).
func OpenWorkQueries(board string, today platform.Date) []store.Query {
	return []store.Query{
		{Where: []store.Cond{store.Eq("board", board), store.Eq("public", false),
			{Field: "status", Op: store.OpIn, Value: []string{string(meeting.StatusClosed), string(meeting.StatusJusterad)}}}},
		{Where: []store.Cond{store.Eq("board", board), store.Eq("public", true),
			{Field: "appeal_end", Op: store.OpGte, Value: today.String()}}},
		{Where: []store.Cond{store.Eq("board", board), store.Eq("public", true), store.Eq("appeal_end", nil)}},
	}
}

// Appealed returns the board's announced meetings with an appeal
// recorded (laglighetsprövning), newest first.
func (r Meetings) Appealed(ctx context.Context, board string) ([]meeting.Meeting, error) {
	return find(ctx, r.b, CollMeetings, store.Query{Where: []store.Cond{store.Eq("board", board), store.Eq("public", true),
		{Field: "appeals", Op: store.OpNe, Value: nil}}, Sort: []store.SortKey{{Field: "date", Desc: true}, {Field: "id"}}}, setMeetingV)
}

// Posted returns the meetings of every board whose justering is on the
// public anslagstavla on today by law (KL 8:12: the notice stays up for
// the whole appeal period), newest first (then by id): those announced
// whose appeal period ends on or after today, and those announced with no
// appeal end stored (not yet on every member's anslagstavla: the period
// has not begun). Each query is served by the public_appeal_end index;
// how many there are is bounded by the appeal period, not by history.
func (r Meetings) Posted(ctx context.Context, today platform.Date) ([]meeting.Meeting, error) {
	return r.union(ctx, []store.Query{
		{Where: []store.Cond{store.Eq("public", true), {Field: "appeal_end", Op: store.OpGte, Value: today.String()}}},
		{Where: []store.Cond{store.Eq("public", true), store.Eq("appeal_end", nil)}},
	})
}

// TakenDown returns one window (offset, limit) of the meetings of every
// board whose notice has been taken down from the anslagstavla on today
// (announced, appeal period ended before today), newest first (then by
// id), and how many there are: the rest of the announced meetings after
// Posted, a page at a time through the public_date index.
func (r Meetings) TakenDown(ctx context.Context, today platform.Date, offset, limit int) ([]meeting.Meeting, int64, error) {
	return r.page(ctx, []store.Cond{store.Eq("public", true), {Field: "appeal_end", Op: store.OpLt, Value: today.String()}},
		offset, limit)
}

// newestFirst sorts meetings by date, newest first, then by id: the order
// of the meeting lists.
func newestFirst(ms []meeting.Meeting) {
	slices.SortFunc(ms, func(a, b meeting.Meeting) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
