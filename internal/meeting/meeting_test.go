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
	if err := m.SetStatus(StatusClosed, m.Date); code(err) != "meeting_status" {
		t.Errorf("planned → closed: %v", err)
	}
	if err := m.SetStatus(StatusOpen, m.Date.AddDays(-1)); code(err) != "before_meeting_date" {
		t.Errorf("opened the day before the meeting: %v", err)
	}
	if err := m.SetStatus(StatusOpen, m.Date); err != nil {
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
	m := Meeting{Status: StatusOpen, Seats: seats(), Justerare: []string{"led1"}, Date: platform.Date{Year: 2026, Month: 3, Day: 12},
		NoticeBoards: []NoticeBoard{{Member: "0885", MemberName: "Borgholm"}}}
	if _, err := m.JusteringRole("ordf", m.Date); code(err) != "meeting_status" {
		t.Errorf("justering of an open meeting: %v", err)
	}
	m.Status = StatusClosed
	for user, want := range map[string]string{"ordf": "ordforande", "led1": "justerare", "led2": ""} {
		if role, _ := m.JusteringRole(user, m.Date); role != want {
			t.Errorf("%s signs as %q, want %q", user, role, want)
		}
	}
	if _, err := m.JusteringRole("ordf", m.Date.AddDays(-1)); code(err) != "before_meeting_date" {
		t.Errorf("justering the day before the meeting: %v", err)
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
	now := time.Date(2026, 3, 16, 15, 0, 0, 0, platform.Stockholm)
	if err := m.PostNotice("0885", justered, "Kansliet", "sek", now); code(err) != "meeting_status" {
		t.Errorf("notice before justering: %v", err)
	}
	m.Status, m.JusteredOn = StatusJusterad, justered
	if err := m.PostNotice("0840", justered.AddDays(-1), " ", "sek", now); err == nil || len(fault.From(err).Fields) != 3 {
		t.Errorf("unknown member, posted before justering, no place: %v", err)
	}
	if err := m.PostNotice("0885", justered, "Kansliet", "sek", now); err != nil {
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

func day(s string) platform.Date { return platform.MustParseDate(s) }

// stockholm is the instant at 10:00 in Stockholm on the day s.
func stockholm(s string) time.Time {
	d := day(s)
	return time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, platform.Stockholm)
}

// justerat returns a joint board's justerat protocol of 2025-05-15, justerat
// 2025-05-22 (DOMAIN.md E1).
func justerat() Meeting {
	return Meeting{Board: "ITN", Date: day("2025-05-15"), Status: StatusJusterad, JusteredOn: day("2025-05-22"),
		NoticeBoards: []NoticeBoard{{Member: "0885", MemberName: "Borgholms kommun"}, {Member: "0840", MemberName: "Mörbylånga kommun"}},
		Paragraphs:   []Paragraph{{No: 34, Kind: "delegation_report"}, {No: 35, Kind: "case", CaseID: "c1"}}}
}

// KL 13:5: for a gemensam nämnd the appeal period runs from the posting on
// the anslagstavlor of all cooperating municipalities; one member's
// posting alone sets no appeal end and no laga kraft.
func TestJointBoardAppealWaitsForEveryMember(t *testing.T) {
	m := justerat()
	if err := m.PostNotice("0885", day("2025-05-22"), "Kommunkansliet", "sek", stockholm("2025-05-22")); err != nil {
		t.Fatal(err)
	}
	if !m.AppealEnd.IsZero() || !m.LagaKraftOn.IsZero() || !m.Notices[0].StaysUntil.IsZero() {
		t.Errorf("one of two members posted: appeal end %s, laga kraft %s, stays until %s", m.AppealEnd, m.LagaKraftOn, m.Notices[0].StaysUntil)
	}
	if got := m.LegalStatus(day("2026-01-01")); got != "" {
		t.Errorf("legal status with one posting, long after: %q", got)
	}
	if p := m.PendingNoticeBoards(); len(p) != 1 || p[0].Member != "0840" {
		t.Errorf("pending: %v", p)
	}
	if !m.Public {
		t.Error("a posted protocol is not on the public anslagstavla")
	}
	r := m.LegalityRoute(35)
	if !r.End.IsZero() || r.Note != "ej anslaget hos Mörbylånga kommun" {
		t.Errorf("route: %+v", r)
	}
	if err := m.RegisterAppeal(day("2025-05-30"), "Förvaltningsrätten", 0, "sek"); err == nil {
		t.Error("an appeal registered before the period started")
	}
	// Mörbylånga posts the next day, entered a week later by the secretary.
	if err := m.PostNotice("0840", day("2025-05-23"), "Kommunkansliet", "sek", stockholm("2025-05-30")); err != nil {
		t.Fatal(err)
	}
	if m.AppealEnd != day("2025-06-13") || m.LagaKraftOn != day("2025-06-14") {
		t.Errorf("both posted: appeal end %s, laga kraft %s", m.AppealEnd, m.LagaKraftOn)
	}
	for _, n := range m.Notices {
		if n.StaysUntil != day("2025-06-13") {
			t.Errorf("%s stays until %s", n.MemberName, n.StaysUntil)
		}
	}
	n, _ := m.Notice("0840")
	if n.Entry == nil || n.Entry.By != "sek" || !n.Entry.Backdated || n.Late {
		t.Errorf("the backdated entry: %+v", n)
	}
	if n, _ := m.Notice("0885"); n.Entry.Backdated {
		t.Errorf("a posting entered the same day is backdated: %+v", n.Entry)
	}
	if m.LegalStatus(day("2025-06-13")) != "anslag" || m.LegalStatus(day("2025-06-14")) != "laga_kraft" {
		t.Errorf("legal status around the end: %q %q", m.LegalStatus(day("2025-06-13")), m.LegalStatus(day("2025-06-14")))
	}
	// The notice's entry is not on the public anslagstavla.
	if pub := m.PublicPart(); pub.Notices[0].Entry != nil || m.Notices[0].Entry == nil {
		t.Errorf("public part: %+v", pub.Notices)
	}
}

// The secretary enters dates as they happened: never in the future,
// never before the meeting, a posting never before the justering.
func TestEnteredDates(t *testing.T) {
	m := justerat()
	now := stockholm("2025-05-26")
	for _, c := range []struct {
		posted string
		want   string
	}{
		{"2025-05-27", "date_in_future"},
		{"2025-05-14", "before_meeting_date"},
		{"2025-05-21", "notice_before_justering"},
	} {
		err := m.PostNotice("0885", day(c.posted), "Kansliet", "sek", now)
		if err == nil || !hasField(err, "/posted_on", c.want) {
			t.Errorf("posted %s: %v, want %s", c.posted, err, c.want)
		}
	}
	if err := m.PostNotice("0885", platform.Date{}, "Kansliet", "sek", now); !hasField(err, "/posted_on", "required") {
		t.Errorf("no date: %v", err)
	}
	if len(m.Notices) != 0 {
		t.Fatalf("a refused notice was kept: %v", m.Notices)
	}
	for _, c := range []struct {
		on   string
		want string
	}{
		{"2025-05-27", "date_in_future"},
		{"2025-05-14", "before_meeting_date"},
	} {
		if err := m.SetJusteringDate(day(c.on), "sek", now); !hasField(err, "/justered_on", c.want) {
			t.Errorf("justering %s: %v, want %s", c.on, err, c.want)
		}
	}
	if err := m.SetJusteringDate(day("2025-05-20"), "sek", now); err != nil {
		t.Fatal(err)
	}
	if m.JusteredOn != day("2025-05-20") || m.JusteringEntry == nil || !m.JusteringEntry.Backdated || m.JusteringEntry.By != "sek" {
		t.Errorf("justering entry: %s %+v", m.JusteredOn, m.JusteringEntry)
	}
	// Posted on the fourth day after justering: late (KL 8:12).
	if err := m.PostNotice("0885", day("2025-05-23"), "Kansliet", "sek", now); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.Notice("0885"); !n.Late {
		t.Errorf("posted 2025-05-23 after justering 2025-05-20 is not late")
	}
	// Moving the justering to the 22nd makes the same posting timely; it
	// cannot move past the posting.
	if err := m.SetJusteringDate(day("2025-05-24"), "sek", now); !hasField(err, "/justered_on", "justering_after_notice") {
		t.Errorf("justering after the posting: %v", err)
	}
	if err := m.SetJusteringDate(day("2025-05-22"), "sek", now); err != nil {
		t.Fatal(err)
	}
	if n, _ := m.Notice("0885"); n.Late {
		t.Errorf("still late after the justering date was corrected")
	}
	open := Meeting{Status: StatusClosed}
	if err := open.SetJusteringDate(day("2025-05-22"), "sek", now); code(err) != "meeting_status" {
		t.Errorf("a justering date on a protocol not justerat: %v", err)
	}
	if err := (Meeting{Date: day("2025-05-15")}).CheckHeld(day("2025-05-14")); code(err) != "before_meeting_date" {
		t.Errorf("CheckHeld the day before: %v", err)
	}
}

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

func TestAgendaChanges(t *testing.T) {
	now := stockholm("2026-03-10")
	m := Meeting{Date: day("2026-03-12"), Status: StatusPlanned, Agenda: []AgendaItem{{Kind: "case", CaseID: "c1"}, {Kind: "delegation_report"}}}
	if err := m.AddAgendaItem(AgendaItem{Kind: "case", CaseID: "c2", Title: "Nytt"}, "sek", now); err != nil {
		t.Fatal(err)
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: "case", CaseID: "c2"}, "sek", now); code(err) != "already_on_agenda" {
		t.Errorf("twice: %v", err)
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: "delegation_report"}, "sek", now); code(err) != "already_on_agenda" {
		t.Errorf("a second anmälan: %v", err)
	}
	if got := m.Agenda[2]; got.CaseID != "c2" || got.Extra || got.AddedBy != "sek" || got.AddedAt == nil {
		t.Errorf("added item: %+v", got)
	}
	if err := m.RemoveAgendaItem(0); err != nil || len(m.Agenda) != 2 || m.Agenda[0].Kind != "delegation_report" {
		t.Errorf("remove: %v %+v", err, m.Agenda)
	}
	if err := m.RemoveAgendaItem(5); err == nil {
		t.Error("removed item 5 of 2")
	}
	if err := m.SetStatus(StatusOpen, day("2026-03-12")); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveAgendaItem(0); code(err) != "meeting_status" {
		t.Errorf("removed at the open meeting: %v", err)
	}
	if err := m.AddAgendaItem(AgendaItem{Kind: "case", CaseID: "c3"}, "sek", now); err != nil || !m.Agenda[2].Extra {
		t.Errorf("extra ärende: %v %+v", err, m.Agenda)
	}
	if err := m.MoveAgendaItem(2, -1); err != nil || m.Agenda[1].CaseID != "c3" {
		t.Errorf("move at the meeting: %v", err)
	}
	m.Status = StatusClosed
	if err := m.AddAgendaItem(AgendaItem{Kind: "case", CaseID: "c4"}, "sek", now); code(err) != "meeting_status" {
		t.Errorf("added after closing: %v", err)
	}
	if err := m.MoveAgendaItem(1, 1); code(err) != "meeting_status" {
		t.Errorf("moved after closing: %v", err)
	}
}

// The meeting's time limits: justering within 14 days, anslag by the
// second day after justering on every member's tavla, then the appeal end
// and laga kraft.
func TestMeetingDeadlines(t *testing.T) {
	m := justerat()
	status := func(today string) map[string]string {
		out := map[string]string{}
		for _, it := range m.Deadlines(day(today)) {
			out[it.Kind+"/"+it.Subject] = it.Status + " " + it.Due.String()
		}
		return out
	}
	got := status("2025-05-25")
	want := map[string]string{"justering/": "i_tid 2025-05-29", "anslag/Borgholms kommun": "sen 2025-05-24",
		"anslag/Mörbylånga kommun": "sen 2025-05-24", "overklagandetid/": "vantar ", "laga_kraft/": "vantar "}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("on 2025-05-25 %s = %q, want %q", k, got[k], v)
		}
	}
	if err := m.PostNotice("0885", day("2025-05-22"), "K", "sek", stockholm("2025-05-23")); err != nil {
		t.Fatal(err)
	}
	if err := m.PostNotice("0840", day("2025-05-23"), "K", "sek", stockholm("2025-05-23")); err != nil {
		t.Fatal(err)
	}
	got = status("2025-06-14")
	want = map[string]string{"anslag/Borgholms kommun": "i_tid 2025-05-24", "anslag/Mörbylånga kommun": "i_tid 2025-05-24",
		"overklagandetid/": "i_tid 2025-06-13", "laga_kraft/": "i_tid 2025-06-14"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("on 2025-06-14 %s = %q, want %q", k, got[k], v)
		}
	}
	if got := status("2025-06-13")["laga_kraft/"]; got != "vantar 2025-06-14" {
		t.Errorf("laga kraft on the last day: %q", got)
	}
	open := Meeting{Date: day("2025-05-15"), Status: StatusClosed}
	if it := open.Deadlines(day("2025-05-30"))[0]; it.Status != "sen" || it.Due != day("2025-05-29") {
		t.Errorf("justering not done after 14 days: %+v", it)
	}
}
