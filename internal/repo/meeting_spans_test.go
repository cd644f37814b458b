package repo_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// TestMeetingWindows: the windows on a board's meetings return what they
// promise and nothing of the board's other meetings — the next meetings
// from a day (earliest first, a limit at a time), the meetings of every
// board not on the anslagstavla in a date range, a board's meetings with
// work open on a day (closed; justerade, not announced; announced and in
// their appeal period or without an appeal end), and the appealed ones.
// On SQLite and on the Mongo backend.
func TestMeetingWindows(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			ms := repo.NewMeetings(b)
			put := func(id, board, day string, status meeting.Status, edit func(m *meeting.Meeting)) {
				t.Helper()
				m := justeradMeeting(id, board, day)
				m.Status = status
				if edit != nil {
					edit(&m)
				}
				if _, err := ms.InsertMeeting(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			announced := func(end string) func(m *meeting.Meeting) {
				return func(m *meeting.Meeting) {
					m.Public, m.Notices = true, []meeting.Notice{{Member: "0885", PostedOn: m.Date.AddDays(3)}}
					if end != "" {
						m.AppealEnd = platform.MustParseDate(end)
					}
				}
			}
			put("old", "ITN", "2025-05-12", meeting.StatusJusterad, announced("2025-06-05"))
			put("appealed", "ITN", "2025-06-12", meeting.StatusJusterad, func(m *meeting.Meeting) {
				announced("2025-07-05")(m)
				m.Appeals = []meeting.Appeal{{Court: "Förvaltningsrätten i Växjö"}}
			})
			put("appealing", "ITN", "2026-02-20", meeting.StatusJusterad, announced("2026-03-20"))
			put("partly", "ITN", "2026-02-10", meeting.StatusJusterad, announced(""))
			put("unposted", "ITN", "2026-02-25", meeting.StatusJusterad, nil)
			put("closed", "ITN", "2026-02-27", meeting.StatusClosed, nil)
			put("planned", "ITN", "2026-03-10", meeting.StatusPlanned, nil)
			put("later", "ITN", "2026-04-10", meeting.StatusPlanned, nil)
			put("other", "KS", "2026-03-05", meeting.StatusPlanned, nil)
			put("other-closed", "KS", "2026-02-26", meeting.StatusClosed, nil)
			today := platform.MustParseDate("2026-03-02")
			check := func(what string, got []meeting.Meeting, err error, want ...string) {
				t.Helper()
				if err != nil || !slices.Equal(meetingIDs(got), want) {
					t.Errorf("%s: %v %v, want %v", what, meetingIDs(got), err, want)
				}
			}
			got, err := ms.MeetingsFrom(ctx, "ITN", platform.MustParseDate("2026-02-25"), 2)
			check("the first two from 25 February", got, err, "unposted", "closed")
			got, err = ms.MeetingsFrom(ctx, "ITN", platform.MustParseDate("2026-02-25"), 10)
			check("all from 25 February", got, err, "unposted", "closed", "planned", "later")
			got, err = ms.Unpublished(ctx, today, today.AddDays(14))
			check("not announced in the coming two weeks", got, err, "other", "planned")
			got, err = ms.OpenWork(ctx, "ITN", today)
			check("work open on 2 March", got, err, "closed", "unposted", "appealing", "partly")
			got, err = ms.Appealed(ctx, "ITN")
			check("appealed", got, err, "appealed")
		})
	}
}

// TestOpenWorkUsesTheIndex checks with EXPLAIN QUERY PLAN on the embedded
// store that each of OpenWork's queries reads the board_public_appeal_end
// index and never scans the board's meetings: the desk reads the
// meetings with work open, whatever the board's history.
func TestOpenWorkUsesTheIndex(t *testing.T) {
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
	for i, q := range repo.OpenWorkQueries("ITN", platform.MustParseDate("2026-03-02")) {
		plan, err := b.Plan(t.Context(), repo.CollMeetings, q)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(plan, "\n")
		if !strings.Contains(all, "ix_meetings_board_public_appeal_end") {
			t.Errorf("query %d: plan %q does not read board_public_appeal_end", i, plan)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN c_meetings") && !strings.Contains(step, "USING") {
				t.Errorf("query %d: full scan %q", i, step)
			}
		}
	}
}
