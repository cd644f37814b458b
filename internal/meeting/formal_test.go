package meeting

import (
	"strings"
	"testing"
	"time"
)

// TestStandardItems: the standard items open and close the agenda, are
// added, moved and removed by the agenda rules, never draw a §, and the
// protocol's texts come from what the meeting recorded.
func TestStandardItems(t *testing.T) {
	now := stockholm("2026-03-10")
	m := Meeting{Date: day("2026-03-12"), Status: StatusPlanned, Seats: seats(),
		Agenda: WithStandardItems([]AgendaItem{{Kind: "case", CaseID: "c1", Title: "Avtal"}, {Kind: "delegation_report"}})}
	var kinds []string
	for _, it := range m.Agenda {
		kinds = append(kinds, it.Kind+":"+it.Formal)
	}
	if got := strings.Join(kinds, " "); got != "formal:oppnande formal:justerare formal:dagordning case: delegation_report: formal:anmalningar formal:information" {
		t.Fatalf("agenda = %s", got)
	}
	// Removed, then added again: back among the opening items, in order.
	if err := m.RemoveAgendaItem(1); err != nil {
		t.Fatal(err)
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: KindFormal, Formal: FormalJusterare}, "sek", now); err != nil {
		t.Fatal(err)
	}
	if m.Agenda[1].Formal != FormalJusterare || m.Agenda[1].Title != "Val av justerare och tid för justering" || m.Agenda[1].AddedBy != "sek" {
		t.Errorf("re-added item: %+v", m.Agenda[1])
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: KindFormal, Formal: FormalAgenda}, "sek", now); code(err) != "already_on_agenda" {
		t.Errorf("a second dagordning item: %v", err)
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: KindFormal, Formal: "kaffe"}, "sek", now); !hasField(err, "/formal", "invalid_value") {
		t.Errorf("an unknown standard item: %v", err)
	}
	if err := m.RemoveAgendaItem(6); err != nil { // Information
		t.Fatal(err)
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: KindFormal, Formal: FormalInformation}, "sek", now); err != nil || m.Agenda[6].Formal != FormalInformation {
		t.Errorf("Information again: %v %+v", err, m.Agenda)
	}
	if err := m.MoveAgendaItem(5, -1); err != nil || m.Agenda[4].Formal != FormalNotices {
		t.Errorf("moving Anmälningar before the anmälan of delegationsbeslut: %v", err)
	}
	if err := m.SetJusteringPlan(day("2026-03-11")); !hasField(err, "/justering_on", "before_meeting_date") {
		t.Errorf("justering before the meeting: %v", err)
	}
	m.Justerare = []string{"led1"}
	if err := m.SetJusteringPlan(day("2026-03-16")); err != nil {
		t.Fatal(err)
	}
	if err := m.SetStatusAt(StatusOpen, stockholm("2026-03-12").Add(-28*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.CheckParagraph(0, OutcomeApproved, nil); !hasField(err, "/item", "formal_item") {
		t.Errorf("recording a standard item as a §: %v", err)
	}
	if _, ok := m.Recorded(m.Agenda[0]); ok {
		t.Error("a standard item counts as recorded")
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: KindFormal, Formal: FormalOpening}, "sek", now); err == nil {
		t.Error("a standard item added at the open meeting")
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: "case", CaseID: "c2", Title: "Brådskande", RegistrationNumber: "ITN 2026/2"}, "sek", now); err != nil {
		t.Fatal(err)
	}
	m.Seats[0].Name = "Anna Ordf"
	m.Seats[1].Name, m.Seats[1].Party = "Leif Led", "C"
	for key, want := range map[string]string{
		FormalOpening:     "Ordföranden Anna Ordf förklarar sammanträdet öppnat kl. 09.32.",
		FormalJusterare:   "Att jämte ordföranden justera protokollet utses Leif Led (C). Justering sker 2026-03-16.",
		FormalAgenda:      "Dagordningen godkänns med tillägg av extra ärende: Brådskande (ITN 2026/2).",
		FormalNotices:     "Anmälningarna läggs till handlingarna.",
		FormalInformation: "Nämnden tar del av informationen.",
	} {
		it, _ := FormalItem(key)
		if got := m.FormalText(it); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	if got := (Meeting{Date: day("2026-03-12")}).FormalText(AgendaItem{Kind: KindFormal, Formal: FormalJusterare}); got != "Justerare är inte utsedd. Justering sker senast 2026-03-26." {
		t.Errorf("without justerare: %q", got)
	}
	// The signed payload carries the texts only when there are standard
	// items: a protocol without them signs what it always did.
	if !strings.Contains(string(m.ProtocolPayload()), "Dagordningen godkänns") {
		t.Error("payload without the standard items' texts")
	}
	plain := Meeting{ID: "x", Agenda: []AgendaItem{{Kind: "case", CaseID: "c1"}}}
	if strings.Contains(string(plain.ProtocolPayload()), "formal") {
		t.Errorf("payload of a plain protocol: %s", plain.ProtocolPayload())
	}
}

// TestJavSubstitute: a ledamot who leaves a § for jäv is replaced at
// that § by a free ersättare, who then counts for the quorum and serves;
// the protocol sentence names both. Others are refused field by field.
func TestJavSubstitute(t *testing.T) {
	m := Meeting{Seats: []Seat{{Username: "ordf", Name: "Ola", Role: "ordforande", Present: true, Party: "M"},
		{Username: "led1", Name: "Lisa", Role: "ledamot", Present: true, Party: "S"},
		{Username: "led2", Name: "Lars", Role: "ledamot", Present: false},
		{Username: "ers1", Name: "Eva", Role: "ersattare", Present: true, Party: "S", ServesFor: "led2"},
		{Username: "ers2", Name: "Erik", Role: "ersattare", Present: true, Party: "S"},
		{Username: "ers3", Name: "Emil", Role: "ersattare"}}}
	jav := []string{"led1", "ordf"}
	if err := m.CheckQuorum(jav); code(err) != "no_quorum" { // 1 of 3
		t.Fatalf("two leave: %v", err)
	}
	subs := []JavSubstitute{{Member: "led1", Substitute: "ers2"}}
	if err := m.CheckJavSubstitutes(jav, subs); err != nil {
		t.Fatal(err)
	}
	if err := m.CheckQuorum(jav, subs...); err != nil { // ers1 and ers2 serve: 2 of 3
		t.Errorf("with the ersättare stepping in: %v", err)
	}
	if got := strings.Join(m.Serving(jav, subs...), ","); got != "ers1,ers2" {
		t.Errorf("serving = %s", got)
	}
	lines := m.JavText(Paragraph{Jav: jav, JavSubstitutes: subs}, nil)
	if len(lines) != 2 || lines[0] != "Lisa (S) deltar inte i handläggningen på grund av jäv; Erik (S) tjänstgör." ||
		lines[1] != "Ola (M) deltar inte i handläggningen på grund av jäv." {
		t.Errorf("protocol text = %q", lines)
	}
	if got := m.FreeSubstitutes(); len(got) != 1 || got[0].Username != "ers2" {
		t.Errorf("free ersättare = %+v", got)
	}
	for _, c := range []struct {
		subs  []JavSubstitute
		field string
		code  string
	}{
		{[]JavSubstitute{{Member: "led2", Substitute: "ers2"}}, "/jav_substitutes/0/member", "not_jav"},
		{[]JavSubstitute{{Member: "led1", Substitute: "ers1"}}, "/jav_substitutes/0/substitute", "substitute_not_available"}, // serves already
		{[]JavSubstitute{{Member: "led1", Substitute: "ers3"}}, "/jav_substitutes/0/substitute", "substitute_not_available"}, // absent
		{[]JavSubstitute{{Member: "led1", Substitute: "ordf"}}, "/jav_substitutes/0/substitute", "substitute_not_available"}, // a ledamot
		{[]JavSubstitute{{Member: "led1", Substitute: "ers2"}, {Member: "ordf", Substitute: "ers2"}}, "/jav_substitutes/1/substitute", "substitute_not_available"},
		{[]JavSubstitute{{Member: "led1", Substitute: "ers2"}, {Member: "led1", Substitute: "ers3"}}, "/jav_substitutes/1/member", "jav_member_twice"},
	} {
		if err := m.CheckJavSubstitutes(jav, c.subs); !hasField(err, c.field, c.code) {
			t.Errorf("%+v: %v, want %s %s", c.subs, err, c.field, c.code)
		}
	}
	if err := m.CheckJavSubstitutes([]string{"led2"}, []JavSubstitute{{Member: "led2", Substitute: "ers2"}}); !hasField(err, "/jav_substitutes/0/member", "jav_member_not_serving") {
		t.Errorf("an absent ledamot: %v", err)
	}
}
