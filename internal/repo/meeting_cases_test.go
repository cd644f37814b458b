package repo_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

func meetingIDs(ms []meeting.Meeting) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// justeradMeeting is a justerat meeting of board at day 10:00 with a
// paragraph on each of the ärenden.
func justeradMeeting(id, board, day string, caseIDs ...string) meeting.Meeting {
	d := platform.MustParseDate(day)
	m := meeting.Meeting{ID: id, Board: board, Year: d.Year, Date: d, Status: meeting.StatusJusterad,
		StartsAt: time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, platform.Stockholm)}
	for i, c := range caseIDs {
		m.Paragraphs = append(m.Paragraphs, meeting.Paragraph{No: i + 1, Kind: "case", CaseID: c, Title: "§"})
	}
	return m
}

// TestMeetingsHandlingFromTheIndex: the meetings that dealt with an
// ärende are found from the meetings-by-ärende index: after an insert,
// after an update that adds a paragraph, for several ärenden at once
// (each meeting once, newest first); a write refused for its version
// leaves an entry, but no meeting without that paragraph is returned; a
// meeting stored before migration 17 (no index entries, no starts_s) is
// found after the migration and is in its board's justerade list. On
// SQLite and on the Mongo backend.
func TestMeetingsHandlingFromTheIndex(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:16]); err != nil {
				t.Fatal(err)
			}
			old := justeradMeeting("m-old", "ITN", "2025-05-12", "c-old", "c1")
			body, _ := json.Marshal(old)
			if _, err := b.Insert(ctx, repo.CollMeetings, old.ID, body); err != nil {
				t.Fatal(err)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			ms := repo.NewMeetings(b)
			got := func(ids ...string) []string {
				t.Helper()
				out, err := ms.MeetingsHandling(ctx, ids...)
				if err != nil {
					t.Fatal(err)
				}
				return meetingIDs(out)
			}
			if g := got("c-old"); !slices.Equal(g, []string{"m-old"}) {
				t.Fatalf("a meeting stored before the index: %v", g)
			}
			m1, err := ms.InsertMeeting(ctx, justeradMeeting("m1", "ITN", "2026-03-12", "c1", "c2"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ms.InsertMeeting(ctx, justeradMeeting("m-other", "KS", "2026-03-13", "c9")); err != nil {
				t.Fatal(err)
			}
			if g := got("c1"); !slices.Equal(g, []string{"m1", "m-old"}) {
				t.Errorf("c1: %v, want m1 (newest) then m-old", g)
			}
			if g := got("c1", "c2", "c9"); !slices.Equal(g, []string{"m-other", "m1", "m-old"}) {
				t.Errorf("c1, c2, c9: %v", g)
			}
			m1.Paragraphs = append(m1.Paragraphs, meeting.Paragraph{No: 3, Kind: "case", CaseID: "c3"})
			stale := m1
			if m1, err = ms.UpdateMeeting(ctx, m1); err != nil {
				t.Fatal(err)
			}
			if g := got("c3"); !slices.Equal(g, []string{"m1"}) {
				t.Errorf("a paragraph added by an update: %v", g)
			}
			stale.Paragraphs = append(stale.Paragraphs, meeting.Paragraph{No: 4, Kind: "case", CaseID: "c4"})
			if _, err := ms.UpdateMeeting(ctx, stale); err == nil {
				t.Fatal("a stale write was accepted")
			}
			if n, err := b.Count(ctx, repo.CollMeetingCases, []store.Cond{store.Eq("case_id", "c4")}); err != nil || n != 1 {
				t.Errorf("the refused write's entry: %d %v (written before the meeting, kept)", n, err)
			}
			if g := got("c4"); len(g) != 0 {
				t.Errorf("a meeting without a paragraph on c4 is returned: %v", g)
			}
			list, total, err := ms.ListJusterade(ctx, "ITN", 0, 10)
			if err != nil || total != 2 || !slices.Equal(meetingIDs(list), []string{"m-old", "m1"}) {
				t.Errorf("justerade of ITN: %v %d %v, want m-old, m1 in start order", meetingIDs(list), total, err)
			}
			if list, total, _ = ms.ListJusterade(ctx, "ITN", 1, 1); total != 2 || !slices.Equal(meetingIDs(list), []string{"m1"}) {
				t.Errorf("the second window of one: %v %d", meetingIDs(list), total)
			}
			last, ok, err := ms.LatestJusterad(ctx, "ITN", time.Time{})
			if err != nil || !ok || last.ID != "m1" {
				t.Errorf("latest: %s %v %v", last.ID, ok, err)
			}
			if last, ok, _ = ms.LatestJusterad(ctx, "ITN", m1.StartsAt); !ok || last.ID != "m-old" {
				t.Errorf("latest before m1: %s %v", last.ID, ok)
			}
			if _, ok, _ = ms.LatestJusterad(ctx, "ITN", old.StartsAt); ok {
				t.Error("a meeting before the first")
			}
		})
	}
}

// TestListPublicCases: a board's public ärenden (not secret, not
// makulerade, registered) in registration date, diarienummer and id
// order, a window at a time with the count of all, within a registration
// time range; an ärende stored before migration 17 (without the derived
// public field) is among them after it. On SQLite and on the Mongo
// backend.
func TestListPublicCases(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:16]); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 1, 8, 0, 0, 123456789, time.UTC)
			old, _ := json.Marshal(cases.Case{ID: "old", Board: "ITN", RegistrationNumber: "ITN 2026/5", Title: "Äldre", State: cases.StateRegistered,
				RegisteredOn: platform.MustParseDate("2026-03-01"), RegisteredAt: at, RegisteredNS: at.UnixNano(), UpdatedAt: at})
			var doc map[string]any
			dec := json.NewDecoder(bytes.NewReader(old))
			dec.UseNumber() // registered_ns as written
			if err := dec.Decode(&doc); err != nil {
				t.Fatal(err)
			}
			delete(doc, "public")
			old, _ = json.Marshal(doc)
			if _, err := b.Insert(ctx, repo.CollCases, "old", old); err != nil {
				t.Fatal(err)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			cs := repo.NewCases(b)
			if c, err := cs.GetHead(ctx, "old"); err != nil || !c.Public || c.RegisteredNS != at.UnixNano() || c.UpdatedNS != at.UnixNano() {
				t.Errorf("the older ärende after migration 17: public %v, registered_ns %d, updated_ns %d (want %d), %v",
					c.Public, c.RegisteredNS, c.UpdatedNS, at.UnixNano(), err)
			}
			add := func(id, board, dnr, day string, edit func(*cases.Case)) {
				t.Helper()
				at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, platform.MustParseDate(day).Day-1)
				c := cases.Case{ID: id, Board: board, RegistrationNumber: dnr, Title: "Ärende " + id, State: cases.StateRegistered,
					RegisteredOn: platform.MustParseDate(day), RegisteredAt: at, RegisteredNS: at.UnixNano(), UpdatedAt: at.Add(time.Hour)}
				if edit != nil {
					edit(&c)
				}
				if _, err := cs.Insert(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			add("a", "ITN", "ITN 2026/10", "2026-03-02", nil)
			add("b", "ITN", "ITN 2026/9", "2026-03-02", nil)
			add("c", "ITN", "ITN 2026/1", "2026-03-03", nil)
			add("d", "ITN", "ITN 2026/2", "2026-03-01", nil)
			add("secret", "ITN", "ITN 2026/3", "2026-03-01", func(c *cases.Case) { c.Secrecy = &cases.Secrecy{Reference: "OSL 26 kap. 1 §"} })
			add("voided", "ITN", "ITN 2026/4", "2026-03-01", func(c *cases.Case) { c.State = cases.StateVoided })
			add("unregistered", "ITN", "", "2026-03-01", nil)
			add("other", "KS", "KS 2026/1", "2026-03-01", nil)
			ids := func(cs []cases.Case) []string {
				out := make([]string, len(cs))
				for i, c := range cs {
					out[i] = c.ID
				}
				return out
			}
			got, total, err := cs.ListPublic(ctx, "ITN", time.Time{}, time.Time{}, 0, 10)
			if err != nil || total != 5 || !slices.Equal(ids(got), []string{"d", "old", "a", "b", "c"}) {
				t.Errorf("public of ITN: %v %d %v, want d, old, a, b, c", ids(got), total, err)
			}
			if got, total, _ = cs.ListPublic(ctx, "ITN", time.Time{}, time.Time{}, 3, 1); total != 5 || !slices.Equal(ids(got), []string{"b"}) {
				t.Errorf("third of one: %v %d", ids(got), total)
			}
			from := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			if got, total, _ = cs.ListPublic(ctx, "ITN", from, from, 0, 10); total != 2 || !slices.Equal(ids(got), []string{"a", "b"}) {
				t.Errorf("registered at exactly %v: %v %d", from, ids(got), total)
			}
			changed := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a and b
			mod, err := cs.ListPublicModified(ctx, "ITN", changed, time.Time{})
			if got := ids(mod); err != nil || len(got) != 3 || !slices.Contains(got, "a") || !slices.Contains(got, "b") || !slices.Contains(got, "c") {
				t.Errorf("modified since %v: %v %v, want a, b, c", changed, got, err)
			}
			if mod, _ = cs.ListPublicModified(ctx, "ITN", time.Time{}, changed); len(mod) != 4 {
				t.Errorf("modified until %v: %v, want d, old, a, b", changed, ids(mod))
			}
		})
	}
}
