package meeting

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

func seats() []Seat {
	return []Seat{{Username: "ordf", Role: "ordforande", Present: true}, {Username: "led1", Role: "ledamot", Present: true},
		{Username: "led2", Role: "ledamot"}, {Username: "ers", Role: "ersattare", Present: true}}
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return fault.From(err).Code
}

func TestQuorumAndServing(t *testing.T) {
	m := Meeting{Seats: seats()}
	if err := m.CheckQuorum(nil); err != nil { // 2 of 3 ledamöter
		t.Errorf("2 of 3: %v", err)
	}
	if err := m.CheckQuorum([]string{"led1"}); code(err) != "no_quorum" { // 1 of 3
		t.Errorf("1 of 3 after jäv: %v", err)
	}
	if err := m.SetAttendance([]Attendance{{Username: "ers", Present: true, ServesFor: "led2"}}); err != nil {
		t.Fatal(err)
	}
	if got := m.Serving([]string{"ordf"}); len(got) != 2 || got[0] != "led1" || got[1] != "ers" {
		t.Errorf("serving = %v", got)
	}
	if err := m.SetAttendance([]Attendance{{Username: "led1", ServesFor: "led2"}, {Username: "x"}}); err == nil ||
		len(fault.From(err).Fields) != 2 {
		t.Errorf("a ledamot serving for another and a stranger: %v", err)
	}
}

func TestStatusAndParagraphRules(t *testing.T) {
	m := Meeting{Board: "ITN", Date: platform.Date{Year: 2026, Month: 3, Day: 12}, Status: StatusPlanned, Seats: seats(),
		Agenda: []AgendaItem{{Kind: "case", CaseID: "c1"}, {Kind: "delegation_report"}}}
	if _, err := m.CheckParagraph(0, OutcomeApproved, nil); code(err) != "meeting_status" {
		t.Errorf("recording at a planned meeting: %v", err)
	}
	if err := m.SetStatus(StatusClosed); code(err) != "meeting_status" {
		t.Errorf("planned → closed: %v", err)
	}
	if err := m.SetStatus(StatusOpen); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		item    int
		outcome Outcome
		votes   []Vote
		ok      bool
	}{
		{0, OutcomeApproved, []Vote{{"led1", "ja"}}, true},
		{0, OutcomeReported, nil, false},
		{1, OutcomeReported, nil, true},
		{1, OutcomeTabled, nil, false},
		{0, OutcomeApproved, []Vote{{"x", "ja"}}, false},
		{0, OutcomeApproved, []Vote{{"led1", "kanske"}}, false},
		{2, OutcomeApproved, nil, false},
	} {
		if _, err := m.CheckParagraph(c.item, c.outcome, c.votes); (err == nil) != c.ok {
			t.Errorf("item %d %s %v: %v", c.item, c.outcome, c.votes, err)
		}
	}
	if got := m.ParagraphRef(7); got != "ITN 2026-03-12 § 7" {
		t.Errorf("ParagraphRef = %q", got)
	}
	for o, ev := range map[Outcome]string{OutcomeApproved: "decide", OutcomeRejected: "decide", OutcomeReferred: "refer_back",
		OutcomeTabled: "table", OutcomeReported: ""} {
		if got := o.CaseEvent(); got != ev {
			t.Errorf("%s.CaseEvent() = %q, want %q", o, got, ev)
		}
	}
}

func TestClaims(t *testing.T) {
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	m := Meeting{Status: StatusOpen, Agenda: []AgendaItem{{Kind: "case", CaseID: "c1"}, {Kind: "case", CaseID: "c2"}}}
	if err := m.Claim(0, m.Agenda[0], "sek1", now); err != nil {
		t.Fatal(err)
	}
	if err := m.Claim(0, m.Agenda[0], "sek2", now.Add(time.Minute)); code(err) != "item_being_recorded" {
		t.Errorf("a live claim: %v", err)
	}
	if err := m.Claim(0, m.Agenda[0], "sek2", now.Add(RecordingClaimTTL)); err != nil {
		t.Errorf("a stale claim still blocks: %v", err)
	}
	if err := m.Claim(1, m.Agenda[0], "sek2", now); code(err) != "agenda_changed" {
		t.Errorf("a moved item: %v", err)
	}
	m.AddParagraph(Paragraph{No: 3, Kind: "case", CaseID: "c1"}, 0, "sek2")
	if len(m.Recording) != 0 {
		t.Errorf("claims after the paragraph: %v", m.Recording)
	}
	if err := m.Claim(0, m.Agenda[0], "sek1", now); code(err) != "item_recorded" {
		t.Errorf("a recorded item: %v", err)
	}
}

func TestJusteringAndNotices(t *testing.T) {
	m := Meeting{Status: StatusOpen, Seats: seats(), Justerare: []string{"led1"}}
	if _, err := m.JusteringRole("ordf"); code(err) != "meeting_status" {
		t.Errorf("justering of an open meeting: %v", err)
	}
	m.Status = StatusClosed
	for user, want := range map[string]string{"ordf": "ordforande", "led1": "justerare", "led2": ""} {
		if role, _ := m.JusteringRole(user); role != want {
			t.Errorf("%s signs as %q, want %q", user, role, want)
		}
	}
	m.Signatures = []ProtocolSignature{{Username: "ordf", Role: "ordforande"}}
	if m.Justerad() {
		t.Error("justerad without the justerare")
	}
	m.Signatures = append(m.Signatures, ProtocolSignature{Username: "led1", Role: "justerare"})
	if !m.Justerad() || !m.SignedBy("led1") {
		t.Error("not justerad with both signatures")
	}
	justered := platform.Date{Year: 2026, Month: 3, Day: 16}
	if err := m.PostNotice("0885", "Borgholm", justered, "Kansliet"); code(err) != "meeting_status" {
		t.Errorf("notice before justering: %v", err)
	}
	m.Status, m.JusteredOn = StatusJusterad, justered
	if err := m.PostNotice("0885", "", justered.AddDays(-1), " "); err == nil || len(fault.From(err).Fields) != 3 {
		t.Errorf("unknown member, posted before justering, no place: %v", err)
	}
	if err := m.PostNotice("0885", "Borgholm", justered, "Kansliet"); err != nil {
		t.Fatal(err)
	}
	if m.AppealEnd.IsZero() || !m.Public || m.Notices[0].StaysUntil != m.AppealEnd {
		t.Errorf("after the notice: %+v", m)
	}
	if got := m.LegalStatus(m.AppealEnd); got != "anslag" {
		t.Errorf("on the last day: %q", got)
	}
	if got := m.LegalStatus(m.AppealEnd.AddDays(1)); got != "laga_kraft" {
		t.Errorf("after the period: %q", got)
	}
	if err := m.RegisterAppeal(m.AppealEnd.AddDays(1), "Förvaltningsrätten", 0, "sek"); err == nil ||
		fault.From(err).Fields[0].Code != "appeal_after_period" {
		t.Errorf("a late appeal: %v", err)
	}
	if err := m.RegisterAppeal(m.AppealEnd, "Förvaltningsrätten", 0, "sek"); err != nil || m.LegalStatus(m.AppealEnd.AddDays(1)) != "overklagat" {
		t.Errorf("an appeal: %v, %q", err, m.LegalStatus(m.AppealEnd.AddDays(1)))
	}
	pub := m.PublicPart()
	if pub.Seats != nil || pub.Signatures != nil || pub.Appeals != nil || m.Seats == nil {
		t.Errorf("PublicPart keeps personal data or changes the meeting: %+v", pub)
	}
}
