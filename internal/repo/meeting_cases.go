package repo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/store"
)

// CollMeetingCases is the meetings-by-ärende index: one entry per meeting
// and ärende that has a paragraph in it or went out with one of its
// kallelser, so the meetings that dealt with an ärende, or sent its
// handlingar, are found without reading the board's meetings.
const CollMeetingCases = "meeting_cases"

// meetingCase is an entry of the meetings-by-ärende index. Its id is
// meeting id + "/" + case id, so writing it twice is a duplicate, not a
// second entry.
type meetingCase struct {
	CaseID    string `json:"case_id"`
	MeetingID string `json:"meeting_id"`
}

// meetingDoc is a meeting as stored: the meeting and the fields derived
// from it for queries, written in the same single-document write.
type meetingDoc struct {
	meeting.Meeting
	// StartsS is StartsAt in Unix seconds: the order of a board's public
	// meeting list (OParl), and its created filter.
	StartsS int64 `json:"starts_s"`
}

func meetingDocOf(m meeting.Meeting) meetingDoc {
	return meetingDoc{Meeting: m, StartsS: m.StartsAt.Unix()}
}

func setMeetingDocV(d *meetingDoc, v int64) { d.Version = v }

// handledCases returns the ärenden m has a paragraph on, sorted.
func handledCases(m meeting.Meeting) []string {
	var ids []string
	for _, p := range m.Paragraphs {
		if p.CaseID != "" && !slices.Contains(ids, p.CaseID) {
			ids = append(ids, p.CaseID)
		}
	}
	slices.Sort(ids)
	return ids
}

// calledCases returns the ärenden an item of one of m's kallelser
// carried, sorted.
func calledCases(m meeting.Meeting) []string {
	var ids []string
	for _, k := range m.Kallelser {
		for _, it := range k.Items {
			if it.CaseID != "" && !slices.Contains(ids, it.CaseID) {
				ids = append(ids, it.CaseID)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// indexedCases are the ärenden the meetings-by-ärende index files m
// under: those it has a paragraph on and those its kallelser carried.
func indexedCases(m meeting.Meeting) []string {
	ids := append(handledCases(m), calledCases(m)...)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// fileCases writes the index entries m needs and lacks, before m itself
// is written: the index then never misses a meeting as stored. An entry
// left by a meeting write that failed afterwards names a meeting without
// that paragraph; readers check the meeting (MeetingsHandling), so such an
// entry costs one read and changes no answer. fresh skips reading the
// entries there are (a new meeting has none).
func fileCases(ctx context.Context, b store.Backend, m meeting.Meeting, fresh bool) error {
	want := indexedCases(m)
	if len(want) == 0 {
		return nil
	}
	have := map[string]bool{}
	if !fresh {
		recs, err := b.Find(ctx, CollMeetingCases, store.Query{Where: []store.Cond{store.Eq("meeting_id", m.ID)}})
		if err != nil {
			return err
		}
		for _, r := range recs {
			have[strings.TrimPrefix(r.ID, m.ID+"/")] = true
		}
	}
	for _, id := range want {
		if have[id] {
			continue
		}
		body, err := store.Encode(meetingCase{CaseID: id, MeetingID: m.ID})
		if err != nil {
			return err
		}
		if _, err := b.Insert(ctx, CollMeetingCases, m.ID+"/"+id, body); err != nil && !errors.Is(err, store.ErrDuplicate) {
			return err
		}
	}
	return nil
}

// MeetingsHandling returns the meetings that have a paragraph on any of
// the ärenden, newest first (the order of the meeting lists): one indexed
// read of the index and one read per meeting found, however many meetings
// the boards have held.
func (r Meetings) MeetingsHandling(ctx context.Context, caseIDs ...string) ([]meeting.Meeting, error) {
	return r.indexed(ctx, caseIDs, handledCases)
}

// MeetingsCalling returns the meetings one of whose kallelser carried the
// ärende, newest first, from the meetings-by-ärende index: the meetings
// whose kallelse may have sent its handlingar to someone.
func (r Meetings) MeetingsCalling(ctx context.Context, caseID string) ([]meeting.Meeting, error) {
	return r.indexed(ctx, []string{caseID}, calledCases)
}

// indexed returns the meetings the index files under any of caseIDs whose
// cases (handledCases or calledCases) hold one of them, newest first. An
// entry left by a meeting write that failed names a meeting that does not
// hold the ärende (or no meeting): it is passed over.
func (r Meetings) indexed(ctx context.Context, caseIDs []string, cases func(meeting.Meeting) []string) ([]meeting.Meeting, error) {
	if len(caseIDs) == 0 {
		return nil, nil
	}
	cond := store.Eq("case_id", caseIDs[0])
	if len(caseIDs) > 1 {
		cond = store.Cond{Field: "case_id", Op: store.OpIn, Value: caseIDs}
	}
	recs, err := r.b.Find(ctx, CollMeetingCases, store.Query{Where: []store.Cond{cond}})
	if err != nil {
		return nil, err
	}
	var out []meeting.Meeting
	seen := map[string]bool{}
	for _, rec := range recs {
		var e meetingCase
		if err := rec.Decode(&e); err != nil {
			return nil, err
		}
		if seen[e.MeetingID] {
			continue
		}
		seen[e.MeetingID] = true
		m, err := r.GetMeeting(ctx, e.MeetingID)
		if errors.Is(err, fault.ErrNotFound) {
			continue // an entry written for a meeting whose write failed
		}
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(cases(m), func(id string) bool { return slices.Contains(caseIDs, id) }) {
			out = append(out, m)
		}
	}
	newestFirst(out)
	return out, nil
}

// justerade is the condition of a board's public meetings.
func justerade(board string) []store.Cond {
	return []store.Cond{store.Eq("board", board), store.Eq("status", string(meeting.StatusJusterad))}
}

// ListJusterade returns one window (offset, limit) of a board's justerade
// meetings in start order (then id), and how many there are.
func (r Meetings) ListJusterade(ctx context.Context, board string, offset, limit int) ([]meeting.Meeting, int64, error) {
	where := justerade(board)
	total, err := r.b.Count(ctx, CollMeetings, where)
	if err != nil {
		return nil, 0, err
	}
	ms, err := find(ctx, r.b, CollMeetings, store.Query{Where: where, Sort: []store.SortKey{{Field: "starts_s"}},
		Offset: offset, Limit: limit}, setMeetingV)
	return ms, total, err
}

// LatestJusterad returns the board's justerat meeting that starts last
// before the instant before (any instant when before is zero), or false.
func (r Meetings) LatestJusterad(ctx context.Context, board string, before time.Time) (meeting.Meeting, bool, error) {
	where := justerade(board)
	if !before.IsZero() {
		where = append(where, store.Cond{Field: "starts_s", Op: store.OpLt, Value: before.Unix()})
	}
	ms, err := find(ctx, r.b, CollMeetings, store.Query{Where: where,
		Sort: []store.SortKey{{Field: "starts_s", Desc: true}}, Limit: 1}, setMeetingV)
	if err != nil || len(ms) == 0 {
		return meeting.Meeting{}, false, err
	}
	return ms[0], true, nil
}

// fillMeetingIndex gives every meeting stored before migration 17 its
// derived fields (meetingDoc) and its entries in the meetings-by-ärende
// index, which Meetings writes at every change since; run again by
// migration 19, it files the meetings stored before then under the
// ärenden their kallelser carried. A meeting changed
// meanwhile got both from that change; the others are rewritten as they
// are, with only starts_s added, by a version-guarded update. It reads the
// meetings in pages by id and is idempotent.
func fillMeetingIndex(ctx context.Context, b store.Backend) error {
	q := store.Query{Sort: []store.SortKey{}, Limit: 200}
	for {
		recs, err := b.Find(ctx, CollMeetings, q)
		if err != nil || len(recs) == 0 {
			return err
		}
		for _, rec := range recs {
			var d meetingDoc
			if err := rec.Decode(&d); err != nil {
				return err
			}
			raw, err := rawDoc(rec)
			if err != nil {
				return err
			}
			if err := fileCases(ctx, b, d.Meeting, false); err != nil {
				return err
			}
			if _, ok := raw["starts_s"]; ok {
				continue
			}
			raw["starts_s"] = meetingDocOf(d.Meeting).StartsS // the rest as it is
			body, err := store.Encode(raw)
			if err != nil {
				return err
			}
			if _, err := b.Update(ctx, CollMeetings, rec.ID, rec.Version, body); err != nil &&
				!errors.Is(err, store.ErrConflict) && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		p, err := recs[len(recs)-1].Position(q)
		if err != nil {
			return err
		}
		q.After = &p
	}
}
