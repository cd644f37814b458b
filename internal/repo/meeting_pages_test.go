package repo_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestMeetingPages: a board with more than 200 meetings is listed a page
// at a time, newest first, and every meeting is on exactly one page (the
// oldest on the last); the announced meetings of every board likewise;
// the notices posted on a day by law (appeal period not ended, or not
// begun) are all returned, and those taken down are paged; the meetings
// whose kallelse carried an ärende are found from the index, also one
// stored before migration 19 (after the migration). On SQLite and on the
// Mongo backend.
func TestMeetingPages(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:18]); err != nil {
				t.Fatal(err)
			}
			ms := repo.NewMeetings(b)
			// Before migration 19: a meeting whose kallelse carried c1.
			called := justeradMeeting("called", "ITN", "2025-12-01")
			called.Kallelser = []meeting.Kallelse{{No: 1, Items: []meeting.CalledItem{{Kind: "case", CaseID: "c1"}}}}
			if _, err := ms.InsertMeeting(ctx, called); err != nil {
				t.Fatal(err)
			}
			entry, err := b.Get(ctx, repo.CollMeetingCases, "called/c1")
			if err != nil {
				t.Fatalf("the kallelse's entry in the index: %v", err)
			}
			if err := b.Delete(ctx, repo.CollMeetingCases, entry.ID, entry.Version); err != nil { // as a store before 19 has it
				t.Fatal(err)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			got, err := ms.MeetingsCalling(ctx, "c1")
			if err != nil || !slices.Equal(meetingIDs(got), []string{"called"}) {
				t.Errorf("called with c1 after migration 19: %v %v", meetingIDs(got), err)
			}
			if got, _ := ms.MeetingsHandling(ctx, "c1"); len(got) != 0 {
				t.Errorf("a kallelse is not a paragraph: %v", meetingIDs(got))
			}

			// 230 more meetings on ITN from 2026-01-01, one a day, every
			// other one announced; the appeal period of those before
			// March has ended on 2026-03-02.
			first := platform.MustParseDate("2026-01-01")
			today := platform.MustParseDate("2026-03-02")
			for i := range 230 {
				m := justeradMeeting(fmt.Sprintf("m%03d", i), "ITN", first.AddDays(i).String())
				if i%2 == 0 {
					m.Public, m.Notices = true, []meeting.Notice{{Member: "0885", PostedOn: m.Date.AddDays(1)}}
					m.AppealEnd = m.Date.AddDays(22)
				}
				if _, err := ms.InsertMeeting(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			other := justeradMeeting("other", "KS", "2026-02-15")
			other.Public, other.Notices = true, []meeting.Notice{{Member: "0885", PostedOn: other.Date}} // no appeal end yet
			if _, err := ms.InsertMeeting(ctx, other); err != nil {
				t.Fatal(err)
			}

			pageAll := func(what string, page func(offset, limit int) ([]meeting.Meeting, int64, error), want int64) []string {
				t.Helper()
				var ids []string
				for offset := 0; ; offset += 100 {
					got, total, err := page(offset, 100)
					if err != nil || total != want {
						t.Fatalf("%s at %d: total %d, %v; want %d", what, offset, total, err, want)
					}
					if len(got) == 0 {
						break
					}
					for i := 1; i < len(got); i++ {
						if got[i].Date.After(got[i-1].Date) {
							t.Fatalf("%s: %s after %s is not newest first", what, got[i].ID, got[i-1].ID)
						}
					}
					ids = append(ids, meetingIDs(got)...)
				}
				if int64(len(ids)) != want || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
					t.Fatalf("%s: %d meetings over the pages (%d distinct), want %d", what, len(ids), len(slices.Compact(slices.Sorted(slices.Values(ids)))), want)
				}
				return ids
			}
			board := pageAll("ITN's meetings", func(o, l int) ([]meeting.Meeting, int64, error) { return ms.MeetingPage(ctx, "ITN", o, l) }, 231)
			if board[0] != "m229" || board[len(board)-1] != "called" {
				t.Errorf("ITN's meetings run from %s to %s, want m229 to called", board[0], board[len(board)-1])
			}
			public := pageAll("announced", func(o, l int) ([]meeting.Meeting, int64, error) { return ms.PublicPage(ctx, o, l) }, 116)
			if public[len(public)-1] != "m000" {
				t.Errorf("the oldest announced is %s, want m000", public[len(public)-1])
			}
			// Announced from 2026-01-01, one every other day, each up for 22
			// days: those of 2026-02-08 on are still up on 2026-03-02, and
			// KS's (no appeal end yet).
			posted, err := ms.Posted(ctx, today)
			if err != nil {
				t.Fatal(err)
			}
			ids := meetingIDs(posted)
			if !slices.Contains(ids, "other") || !slices.Contains(ids, "m038") || slices.Contains(ids, "m036") || !slices.Contains(ids, "m228") {
				t.Errorf("posted on %s: %v", today, ids)
			}
			down := pageAll("taken down", func(o, l int) ([]meeting.Meeting, int64, error) { return ms.TakenDown(ctx, today, o, l) },
				int64(116-len(posted)))
			if down[0] != "m036" || down[len(down)-1] != "m000" {
				t.Errorf("taken down run from %s to %s, want m036 to m000", down[0], down[len(down)-1])
			}
		})
	}
}
