package workflow_test

import (
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// TestStandardItemsAndJavSubstitute: a meeting planned with the standard
// items opens and closes its agenda with them; they draw no §, so the
// ärende and the anmälan get §§ 1 and 2 as without them; the justering
// day is set with the justerare; the opening time is noted. The vice
// chair leaves § 1 for jäv: without an ersättare the board (2 ledamöter)
// cannot decide, with the present ersättare stepping in it can, and the §
// records both. On both stores.
func TestStandardItemsAndJavSubstitute(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		if _, err := e.identity.CreateUser(ctx, identity.NewUser{Username: "ersattare1", Name: "Eva Ersättare", Password: "ersattare-granskog-7",
			Roles: []identity.RoleAssignment{{Board: demo.BoardCode, Role: identity.RoleErsattare, ValidFrom: platform.MustParseDate("2023-01-01")}}}); err != nil {
			t.Fatal(err)
		}
		c, err := e.toReady(ctx, e.mustRegister(t, "Avtal om serverhall"))
		if err != nil {
			t.Fatal(err)
		}
		sek := e.user(t, "sekreterare")
		starts := e.clock.Now().Add(time.Hour)
		date := platform.DateOf(starts)
		if _, err := e.engine.Meetings.PlanMeetingWith(ctx, sek, demo.BoardCode, workflow.PlanInput{StartsAt: starts, Place: "Stadshuset",
			StandardItems: true, JusteringOn: date.AddDays(-1)}); !hasField(err, "/justering_on", "before_meeting_date") {
			t.Errorf("justering before the meeting: %v", err)
		}
		m, err := e.engine.Meetings.PlanMeetingWith(ctx, sek, demo.BoardCode, workflow.PlanInput{StartsAt: starts, Place: "Stadshuset",
			Justerare: []string{"vice-ordforande"}, StandardItems: true, JusteringOn: date.AddDays(7)})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, it := range m.Agenda {
			keys = append(keys, it.Kind+":"+it.Formal)
		}
		want := []string{"formal:oppnande", "formal:justerare", "formal:dagordning", "case:", "delegation_report:", "formal:anmalningar", "formal:information"}
		if !slices.Equal(keys, want) || m.JusteringPlanned != date.AddDays(7) {
			t.Fatalf("agenda %v, justering %s", keys, m.JusteringPlanned)
		}
		// Information is dropped and put back before the meeting opens.
		if m, err = e.engine.Meetings.RemoveAgendaItem(ctx, sek, m.ID, m.Version, 6); err != nil {
			t.Fatal(err)
		}
		if m, err = e.engine.Meetings.AddStandardItem(ctx, sek, m.ID, m.Version, meeting.FormalInformation); err != nil || len(m.Agenda) != 7 {
			t.Fatalf("Information back: %v", err)
		}
		if _, err := e.engine.Meetings.AddStandardItem(ctx, e.user(t, "handlaggare"), m.ID, m.Version, meeting.FormalNotices); err == nil {
			t.Error("the handläggare changed the agenda")
		}
		if m, err = e.engine.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusOpen); err != nil {
			t.Fatal(err)
		}
		if m.OpenedAt == nil || !m.OpenedAt.Equal(e.clock.Now()) {
			t.Errorf("opened at %v", m.OpenedAt)
		}
		if _, err := e.engine.Meetings.AddStandardItem(ctx, sek, m.ID, m.Version, meeting.FormalNotices); code(err) != "meeting_status" {
			t.Errorf("a standard item at the open meeting: %v", err)
		}
		if _, _, err := e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, workflow.ParagraphInput{Item: 0, Outcome: meeting.OutcomeApproved}); !hasField(err, "/item", "formal_item") {
			t.Errorf("öppnande recorded as a §: %v", err)
		}
		item := slices.IndexFunc(m.Agenda, func(a meeting.AgendaItem) bool { return a.CaseID == c.ID })
		in := workflow.ParagraphInput{Item: item, Outcome: meeting.OutcomeApproved, Jav: []string{"vice-ordforande"}}
		if _, _, err := e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, in); code(err) != "no_quorum" {
			t.Errorf("jäv without an ersättare: %v", err)
		}
		in.JavSubstitutes = []meeting.JavSubstitute{{Member: "vice-ordforande", Substitute: "ordforande"}}
		if _, _, err := e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, in); !hasField(err, "/jav_substitutes/0/substitute", "substitute_not_available") {
			t.Errorf("a ledamot as the ersättare: %v", err)
		}
		in.JavSubstitutes = []meeting.JavSubstitute{{Member: "vice-ordforande", Substitute: "ersattare1"}}
		m, p, err := e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.No != 1 || !slices.Equal(p.Serving, []string{"ordforande", "ersattare1"}) || len(p.JavSubstitutes) != 1 {
			t.Errorf("§ %d serving %v substitutes %v", p.No, p.Serving, p.JavSubstitutes)
		}
		report := slices.IndexFunc(m.Agenda, func(a meeting.AgendaItem) bool { return a.Kind == "delegation_report" })
		if _, p, err = e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, workflow.ParagraphInput{Item: report, Outcome: meeting.OutcomeReported}); err != nil || p.No != 2 {
			t.Errorf("the anmälan: § %d, %v", p.No, err)
		}
		got, err := e.engine.Meetings.Meeting(ctx, sek, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Paragraphs) != 2 || got.Paragraphs[0].JavSubstitutes[0].Substitute != "ersattare1" {
			t.Fatalf("stored paragraphs: %+v", got.Paragraphs)
		}
		if lines := got.JavText(got.Paragraphs[0], nil); len(lines) != 1 || lines[0] != "Erik Johansson deltar inte i handläggningen på grund av jäv; Eva Ersättare tjänstgör." {
			t.Errorf("protocol text: %q", lines)
		}
		if txt := got.FormalText(got.Agenda[1]); txt != "Att jämte ordföranden justera protokollet utses Erik Johansson. Justering sker "+date.AddDays(7).String()+"." {
			t.Errorf("justerare: %q", txt)
		}
		// The justering day changes with the justerare.
		if got, err = e.engine.Meetings.AppointJusterare(ctx, sek, m.ID, got.Version, []string{"vice-ordforande"}, date.AddDays(3)); err != nil || got.JusteringPlanned != date.AddDays(3) {
			t.Errorf("new justering day: %v %s", err, got.JusteringPlanned)
		}
	})
}

// hasField reports whether err carries the field error field/code.
func hasField(err error, field, code string) bool {
	if err == nil {
		return false
	}
	for _, f := range fault.From(err).Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}
