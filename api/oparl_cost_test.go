package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestOParlReadsWhatItReturns: an OParl request reads the object it
// returns and what that refers to, or one page of a list — not the
// board's history or the organisation. Through the real server on the
// real SQLite store (wrapped to count the documents it returns): a
// Paper, a Meeting, a Person and the Body read the same documents with
// the public world of one meeting and after 300 more justerade meetings,
// 300 more public ärenden and 1,000 more users; a page of the body's
// papers or meetings reads at most a page of ärenden or meetings. And the
// pages read a page at a time are the pages of the whole list (the path a
// modified filter takes), page by page.
func TestOParlReadsWhatItReturns(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	w := newPublicWorld(t, env)
	const base = "/api/v1/public/oparl"
	get := func(path string) map[string]any {
		t.Helper()
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: path})
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, r.Status, r.Body)
		}
		return r.JSON(t)
	}
	m := get(base + "/meeting/" + w.meetingID)
	participants, _ := m["participant"].([]any)
	if len(participants) == 0 {
		t.Fatalf("the meeting lists no participants: %v", m)
	}
	person := participants[0].(string)
	person = base + person[strings.Index(person, "/person/"):]
	if p := get(base + "/paper/" + w.openID); len(p["consultation"].([]any)) == 0 {
		t.Fatalf("the open ärende was handled at no meeting: %v", p)
	}
	objects := map[string]string{"paper": base + "/paper/" + w.openID, "meeting": base + "/meeting/" + w.meetingID,
		"person": person, "body": base + "/body/ITN"}
	measure := func() map[string]apptest.Reads {
		out := map[string]apptest.Reads{}
		for name, path := range objects {
			out[name] = cb.Reads(func() { get(path) })
		}
		return out
	}
	small := measure()

	// The organisation grows: 1,000 people, the first 500 with seats and
	// the others officials of the board, 300 public ärenden, each handled
	// at one of 300 more justerade meetings where 20 of the people sit.
	ctx := t.Context()
	ids, ms, cs := repo.NewIdentity(cb.Backend), repo.NewMeetings(cb.Backend), repo.NewCases(cb.Backend)
	from := platform.MustParseDate("2024-01-01")
	for i := range 1000 {
		role := identity.RoleLedamot
		if i >= 500 {
			role = identity.RoleHandlaggare
		}
		if _, err := ids.InsertUser(ctx, identity.User{ID: fmt.Sprintf("grow-u%04d", i), Username: fmt.Sprintf("grow%04d", i),
			Name: fmt.Sprintf("Ledamot %d", i), CreatedAt: apptest.Start,
			Roles: []identity.RoleAssignment{{Board: "ITN", Role: role, ValidFrom: from}}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 300 {
		day := platform.MustParseDate("2025-01-01").AddDays(i)
		at := time.Date(day.Year, day.Month, day.Day, 9, 0, 0, 0, platform.Stockholm)
		c := cases.Case{ID: fmt.Sprintf("grow-c%03d", i), Board: "ITN", RegistrationNumber: fmt.Sprintf("ITN 2025/%d", 1000+i),
			Title: fmt.Sprintf("Ärende %d", i), State: cases.StateRegistered, RegisteredOn: day, RegisteredAt: at.UTC(),
			RegisteredNS: at.UnixNano(), UpdatedAt: at.UTC()}
		if _, err := cs.Insert(ctx, c); err != nil {
			t.Fatal(err)
		}
		gm := meeting.Meeting{ID: fmt.Sprintf("grow-m%03d", i), Board: "ITN", Year: day.Year, Date: day, Status: meeting.StatusJusterad,
			StartsAt: at.Add(4 * time.Hour).UTC(), JusteredOn: day.AddDays(2),
			Paragraphs: []meeting.Paragraph{{No: i + 1, Kind: "case", CaseID: c.ID, RegistrationNumber: c.RegistrationNumber,
				Title: c.Title, Outcome: meeting.OutcomeApproved, Serving: []string{}}}}
		for s := range 20 {
			gm.Seats = append(gm.Seats, meeting.Seat{Username: fmt.Sprintf("grow%04d", s), Role: "ledamot", Present: true})
		}
		if _, err := ms.InsertMeeting(ctx, gm); err != nil {
			t.Fatal(err)
		}
	}
	large := measure()
	for name := range objects {
		if !maps.Equal(small[name], large[name]) {
			t.Errorf("%s reads %v with one meeting, %v after 300 meetings, 300 ärenden and 1,000 users", name, small[name], large[name])
		}
	}
	t.Logf("documents read per request: %v", large)

	// The board's organization (its elected members) reads the people it
	// lists, not the officials or anyone else (every person before the
	// role snapshot named the seat holders).
	for _, path := range []string{base + "/organization/ITN", base + "/body/ITN/organization"} {
		get(path) // the first request after the growth builds the role snapshot
		var org map[string]any
		reads := cb.Reads(func() { org = get(path) })
		if data, ok := org["data"].([]any); ok {
			org = data[0].(map[string]any)
		}
		listed := map[string]bool{}
		for _, m := range org["membership"].([]any) {
			rest := m.(string)[strings.Index(m.(string), "/membership/")+len("/membership/"):]
			listed[rest[:strings.Index(rest, "/")]] = true
		}
		if len(listed) < 500 || reads[repo.CollUsers] > len(listed) {
			t.Errorf("%s lists %d people and reads %v", path, len(listed), reads)
		}
		t.Logf("documents read by %s (%d people): %v", path, len(listed), reads)
	}
	// The body's persons, a page of 100, read that page of the board's
	// elected members, not every member.
	var people map[string]any
	personReads := cb.Reads(func() { people = get(base + "/body/ITN/person") })
	if n := people["pagination"].(map[string]any)["totalElements"].(float64); n < 500 || personReads[repo.CollUsers] > 100 {
		t.Errorf("the body's %v persons read %v", n, personReads)
	}
	t.Logf("documents read by the body's persons: %v", personReads)

	// A page of a body's lists reads a page.
	papers := cb.Reads(func() { get(base + "/body/ITN/paper") })
	if papers[repo.CollCases] > 100 || papers[repo.CollMeetings] > 100 || papers[repo.CollUsers] > 0 {
		t.Errorf("the first page of 100 papers read %v", papers)
	}
	meetings := cb.Reads(func() { get(base + "/body/ITN/meeting") })
	if meetings[repo.CollMeetings] > 100 || meetings[repo.CollUsers] > 40 || meetings[repo.CollCases] > 100 {
		t.Errorf("the first page of 100 meetings read %v", meetings)
	}
	t.Logf("documents read by a page of papers: %v; of meetings: %v", papers, meetings)
	// A client that synchronises reads the ärenden changed since (the
	// public world's, on the test clock's day), not the board's.
	var since map[string]any
	synced := cb.Reads(func() { since = get(base + "/body/ITN/paper?modified_since=2026-03-01T00:00:00%2B01:00") })
	if n := since["pagination"].(map[string]any)["totalElements"].(float64); n < 1 || synced[repo.CollCases] > 10 || synced[repo.CollMeetings] > 10 {
		t.Errorf("the %v papers changed since 1 March 2026 read %v", n, synced)
	}
	t.Logf("documents read by the papers changed since 1 March 2026: %v", synced)

	// The pages read a page at a time are those of the whole list (a
	// modified filter that keeps every item reads them all and pages them
	// in memory).
	for _, list := range []string{"paper", "meeting", "person"} {
		pages := 0
		for page := 1; ; page++ {
			path := fmt.Sprintf("%s/body/ITN/%s?limit=37&page=%d", base, list, page)
			paged := get(path)
			whole := get(path + "&modified_since=2000-01-01T00:00:00Z")
			if !reflect.DeepEqual(paged["data"], whole["data"]) || !reflect.DeepEqual(paged["pagination"], whole["pagination"]) {
				pj, _ := json.Marshal(paged["pagination"])
				wj, _ := json.Marshal(whole["pagination"])
				t.Fatalf("%s page %d: read a page at a time %s, from the whole list %s", list, page, pj, wj)
			}
			pages++
			if _, more := paged["links"].(map[string]any)["next"]; !more {
				break
			}
		}
		if pages < 9 {
			t.Errorf("%s: %d pages of 37, want at least 9 (over 300 items)", list, pages)
		}
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: fmt.Sprintf("%s/body/ITN/%s?limit=37&page=%d", base, list, pages+1)}); r.Status != http.StatusNotFound {
			t.Errorf("%s: the page after the last: %d", list, r.Status)
		}
	}
}
