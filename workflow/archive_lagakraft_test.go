package workflow

import (
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// lagaKraft reads the legal force of a case's decisions from the
// meetings: a § deciding the case, and a delegated decision through the
// § where it was reported.
func TestLagaKraft(t *testing.T) {
	d := platform.MustParseDate
	m := meeting.Meeting{ID: "m1", Board: "ITN", Date: d("2026-03-12"), Status: meeting.StatusJusterad,
		Paragraphs: []meeting.Paragraph{{No: 4, CaseID: "c1", Outcome: meeting.OutcomeApproved},
			{No: 5, Kind: "delegation_report", Outcome: meeting.OutcomeReported}, {No: 6, CaseID: "c3", Outcome: meeting.OutcomeReferred}},
		AppealEnd: d("2026-04-09"), LagaKraftOn: d("2026-04-10")}
	appealed := m
	appealed.ID, appealed.Date, appealed.Appeals = "m2", d("2026-03-13"), []meeting.Appeal{{ReceivedOn: d("2026-04-01"), Court: "Förvaltningsrätten"}}
	reported := cases.Decision{ID: "c2-b1", Report: &cases.Report{MeetingRef: "ITN 2026-03-12 § 5"}}
	unreported := cases.Decision{ID: "c2-b2"}
	for _, c := range []struct {
		name     string
		c        cases.Case
		ms       []meeting.Meeting
		on       string
		all      bool
		delegate string // a delegated decision whose force to check
		final    bool
	}{
		{"no decisions", cases.Case{ID: "c9"}, []meeting.Meeting{m}, "2026-03-20", true, "", false},
		{"§ in the appeal period", cases.Case{ID: "c1"}, []meeting.Meeting{m}, "2026-04-09", false, "", false},
		{"§ after the appeal period", cases.Case{ID: "c1"}, []meeting.Meeting{m}, "2026-04-10", true, "", false},
		{"§ appealed", cases.Case{ID: "c1"}, []meeting.Meeting{appealed}, "2027-01-01", false, "", false},
		{"a referred § decides nothing", cases.Case{ID: "c3"}, []meeting.Meeting{m}, "2026-03-20", true, "", false},
		{"reported at a laga kraft meeting", cases.Case{ID: "c2", Decisions: []cases.Decision{reported}}, []meeting.Meeting{m}, "2026-05-01", true, "c2-b1", true},
		{"never reported", cases.Case{ID: "c2", Decisions: []cases.Decision{reported, unreported}}, []meeting.Meeting{m}, "2027-05-01", false, "c2-b2", false},
	} {
		got := lagaKraft(c.c, c.ms, d(c.on))
		if got.All != c.all {
			t.Errorf("%s: All = %v, want %v", c.name, got.All, c.all)
		}
		if c.delegate != "" && got.Delegated[c.delegate].Final != c.final {
			t.Errorf("%s: %s final = %v, want %v", c.name, c.delegate, got.Delegated[c.delegate].Final, c.final)
		}
	}
}
