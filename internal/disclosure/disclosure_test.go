package disclosure

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, platform.Stockholm)
	if err != nil {
		panic(err)
	}
	return t
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	f := fault.From(err)
	if f.Kind != fault.Unprocessable {
		t.Fatalf("kind %v, want Unprocessable: %v", f.Kind, err)
	}
	out := map[string]string{}
	for _, fe := range f.Fields {
		out[fe.Field] = fe.Code
		if !i18n.Has(fe.Code) {
			t.Errorf("code %s has no text", fe.Code)
		}
	}
	return out
}

func newRequest(t *testing.T, received string, items ...string) Request {
	t.Helper()
	var in []ItemInput
	for i, d := range items {
		in = append(in, ItemInput{CaseID: "case-1", DocumentNo: i + 1, Description: d})
	}
	r, err := New("req-1", Registration{Board: "ITN", ReceivedAt: at(received), Channel: ChannelEmail, Asked: "Alla handlingar i ITN 2026/7",
		Items: in}, "sekreterare", at(received).Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRegisterAnonymousAndBadInput(t *testing.T) {
	r := newRequest(t, "2026-03-16 09:00", "Skrivelse")
	if r.Requester != nil || r.Form != FormCopy || r.Status() != StatusReceived {
		t.Errorf("registered %+v", r)
	}
	r2, err := New("r2", Registration{Board: "ITN", ReceivedAt: at("2026-03-16 09:00"), Channel: ChannelVisit, Asked: "Protokollet",
		Requester: &Requester{Name: "  "}, Items: []ItemInput{{Description: "Protokoll"}}}, "x", at("2026-03-16 10:00"))
	if err != nil || r2.Requester != nil {
		t.Errorf("an empty requester must mean anonymous: %+v %v", r2.Requester, err)
	}
	_, err = New("r3", Registration{ReceivedAt: at("2026-03-17 09:00"), Channel: "fax", Form: "post", Asked: "",
		Requester: &Requester{Name: "A\u202eB"}, Items: []ItemInput{{Description: "", DocumentNo: 2}}}, "x", at("2026-03-16 10:00"))
	got := fields(t, err)
	want := map[string]string{"/board": "required", "/received_at": CodeReceivedFuture, "/channel": CodeInvalidChannel,
		"/form": CodeInvalidForm, "/asked": "required", "/requester/name": "control_characters",
		"/items/0/description": "required", "/items/0/document_no": CodeInvalidDocument}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("field %s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	_, err = New("r4", Registration{Board: "ITN", ReceivedAt: at("2026-03-16 09:00"), Channel: ChannelWeb, Asked: "x"}, "x", at("2026-03-16 10:00"))
	if fields(t, err)["/items"] != CodeItemsRequired {
		t.Error("a request without items accepted")
	}
}

func TestTimeliness(t *testing.T) {
	d := platform.MustParseDate
	for _, tc := range []struct {
		received, target, escalate string
		onTime, overdue, escalated string // days with that status
	}{
		// Monday: answered Monday on time; Tuesday overdue; Wednesday escalated.
		{"2026-03-16 09:00", "2026-03-16", "2026-03-17", "2026-03-16", "2026-03-17", "2026-03-18"},
		// Friday evening: overdue on Monday, escalated on Tuesday.
		{"2026-03-13 17:30", "2026-03-13", "2026-03-16", "2026-03-13", "2026-03-16", "2026-03-17"},
		// A Saturday e-mail: the target is Monday.
		{"2026-03-14 11:00", "2026-03-16", "2026-03-17", "2026-03-16", "2026-03-17", "2026-03-18"},
		// Skärtorsdag: påsk lies between.
		{"2026-04-02 15:00", "2026-04-02", "2026-04-07", "2026-04-02", "2026-04-07", "2026-04-08"},
	} {
		r := newRequest(t, tc.received, "Skrivelse")
		if r.TargetOn() != d(tc.target) || r.EscalateOn() != d(tc.escalate) {
			t.Errorf("%s: target %s escalate %s", tc.received, r.TargetOn(), r.EscalateOn())
		}
		for day, want := range map[string]Timeliness{tc.onTime: OnTime, tc.overdue: Overdue, tc.escalated: Escalated} {
			if got := r.Timeliness(d(day)); got != want {
				t.Errorf("%s on %s: %s, want %s", tc.received, day, got, want)
			}
		}
	}
	// A request untouched for one working day is overdue, and stays so
	// once finished late.
	r := newRequest(t, "2026-03-16 09:00", "Skrivelse")
	if r.Timeliness(d("2026-03-17")) != Overdue || r.WorkingDaysLate(d("2026-03-17")) != 1 {
		t.Error("untouched for a working day must be overdue")
	}
	if err := r.Decide(1, OutcomeInput{Kind: OutcomeReleased}, "sekreterare", at("2026-03-17 10:00")); err != nil {
		t.Fatal(err)
	}
	if r.Status() != StatusDone || r.Timeliness(d("2026-03-30")) != Overdue || r.HandlingTime() != 25*time.Hour {
		t.Errorf("finished late: %s %s %v", r.Status(), r.Timeliness(d("2026-03-30")), r.HandlingTime())
	}
}

func TestOutcomesAndRefusal(t *testing.T) {
	r := newRequest(t, "2026-03-16 09:00", "Ansökan", "Utredning", "Läkarintyg")
	now := at("2026-03-16 14:00")
	if err := r.Decide(1, OutcomeInput{Kind: OutcomeReleased}, "sekreterare", now); err != nil {
		t.Fatal(err)
	}
	if r.Status() != StatusHandling {
		t.Errorf("status %s", r.Status())
	}
	if !errors.Is(r.Decide(1, OutcomeInput{Kind: OutcomeReleased}, "x", now), ErrAlreadyDecided) {
		t.Error("an item decided twice")
	}
	if !errors.Is(r.Decide(9, OutcomeInput{Kind: OutcomeReleased}, "x", now), ErrItemNotFound) {
		t.Error("unknown item accepted")
	}
	// Masking needs a lagrum in the right form and the masked copy.
	got := fields(t, r.Decide(2, OutcomeInput{Kind: OutcomeMasked}, "x", now))
	if got["/lagrum"] != CodeLagrumRequired || got["/masked_copy"] != CodeMaskedCopyRequired {
		t.Errorf("masking without lagrum or copy: %v", got)
	}
	got = fields(t, r.Decide(2, OutcomeInput{Kind: OutcomeMasked, Lagrum: []string{"OSL 26 kap 1"}, MaskedCopy: &CopyRef{CaseID: "case-1", DocumentNo: 2}}, "x", now))
	if got["/lagrum/0"] != CodeInvalidLagrum || got["/masked_copy"] != CodeMaskedCopyRequired {
		t.Errorf("bad lagrum, original as copy: %v", got)
	}
	if fields(t, r.Decide(2, OutcomeInput{Kind: OutcomeRefused, Lagrum: []string{"OSL 26 kap. 1 §"}}, "x", now))["/kind"] != CodeRefusalNeedsDec {
		t.Error("a refusal without a written decision accepted")
	}
	if fields(t, r.Decide(2, OutcomeInput{Kind: OutcomeReleased, Lagrum: []string{"OSL 26 kap. 1 §"}}, "x", now))["/lagrum"] != CodeLagrumNotAllowed {
		t.Error("a lagrum on a handling released whole accepted")
	}
	if r.Items[1].Outcome != nil {
		t.Fatal("a refused outcome was half-written")
	}
	if err := r.Decide(2, OutcomeInput{Kind: OutcomeMasked, Lagrum: []string{" OSL 26 kap. 1 § ", "OSL 26 kap. 1 §"},
		MaskedCopy: &CopyRef{CaseID: "case-1", DocumentNo: 4}}, "sekreterare", now); err != nil {
		t.Fatal(err)
	}
	if l := r.Items[1].Outcome.Lagrum; len(l) != 1 || l[0] != "OSL 26 kap. 1 §" {
		t.Errorf("lagrum kept as %q", l)
	}

	// A refusal: without lagrum, decider or delegation proof it is refused.
	got = fields(t, func() error { _, err := r.Refuse(RefusalInput{Items: []int{3, 1}}, now); return err }())
	for _, k := range []string{"/lagrum", "/reasoning", "/decider", "/decider/point_code", "/court", "/items/1"} {
		if got[k] == "" {
			t.Errorf("no error on %s: %v", k, got)
		}
	}
	if got["/items/1"] != CodeItemNotRefusable {
		t.Errorf("refusing an item released whole: %v", got)
	}
	if r.Items[2].Outcome != nil || len(r.Decisions) != 0 {
		t.Fatal("a refused refusal was half-written")
	}
	dec := Decider{ID: "u-chef", Name: "Karin Berg", ActingRole: "forvaltningschef", ActingAs: "delegate",
		PointCode: "D4", OrderID: "order-1", OrderNumber: 3, OrderHash: "abc"}
	d, err := r.Refuse(RefusalInput{Items: []int{3, 2}, Lagrum: []string{"OSL 25 kap. 1 §"}, Reasoning: "Uppgifterna rör enskildas hälsa.",
		Decider: dec, Court: "Kammarrätten i Jönköping"}, at("2026-03-16 15:00"))
	if err != nil {
		t.Fatal(err)
	}
	if d.No != 1 || d.Partial || len(d.Digest) != 64 || r.Status() != StatusDone || r.Timeliness(platform.MustParseDate("2026-04-30")) != OnTime {
		t.Errorf("decision %+v, status %s", d, r.Status())
	}
	if o := r.Items[2].Outcome; o.Kind != OutcomeRefused || o.Decision != 1 || o.Lagrum[0] != "OSL 25 kap. 1 §" {
		t.Errorf("refused item %+v", o)
	}
	if r.Items[1].Outcome.Kind != OutcomeMasked || r.Items[1].Outcome.Decision != 1 {
		t.Errorf("the masked item must carry the decision: %+v", r.Items[1].Outcome)
	}
	// The digest covers what the decision says.
	changed := d
	changed.Reasoning = "annat"
	if string(r.Payload(changed)) == string(r.Payload(d)) {
		t.Error("payload ignores the reasoning")
	}

	// Besvärshänvisning: kammarrätten, three weeks from notification.
	if _, ok := d.AppealEnd(); ok {
		t.Error("appeal end known before notification")
	}
	if fields(t, r.Notify(1, platform.MustParseDate("2026-03-15")))["/notified_on"] != CodeNotifiedEarly {
		t.Error("notification before the decision accepted")
	}
	if !errors.Is(r.Notify(2, platform.MustParseDate("2026-03-17")), ErrDecisionNotFound) {
		t.Error("unknown decision")
	}
	if err := r.Notify(1, platform.MustParseDate("2026-03-17")); err != nil {
		t.Fatal(err)
	}
	end, ok := r.Decisions[0].AppealEnd()
	if !ok || end != platform.MustParseDate("2026-04-07") { // 7 April: 21 days from 17 March
		t.Errorf("appeal end %s", end)
	}
	text := r.Decisions[0].Besvarshanvisning("Ölands IT-nämnd")
	for _, want := range []string{"Kammarrätten i Jönköping", "tre veckor", "44 § förvaltningslagen", "2026-04-07", "Ölands IT-nämnd"} {
		if !strings.Contains(text, want) {
			t.Errorf("besvärshänvisning lacks %q: %s", want, text)
		}
	}
	if !errors.Is(r.Withdraw(now), ErrRequestClosed) {
		t.Error("a finished request withdrawn")
	}
}

func TestPartialDecisionAndWithdraw(t *testing.T) {
	r := newRequest(t, "2026-03-16 09:00", "Utredning")
	if err := r.Decide(1, OutcomeInput{Kind: OutcomeMasked, Lagrum: []string{"OSL 21 kap. 1 §"}, MaskedCopy: &CopyRef{"case-1", 5}}, "s", at("2026-03-16 11:00")); err != nil {
		t.Fatal(err)
	}
	d, err := r.Refuse(RefusalInput{Items: []int{1}, Lagrum: []string{"OSL 21 kap. 1 §"}, Reasoning: "Skäl.", Court: "Kammarrätten i Jönköping",
		Decider: Decider{ID: "u", Name: "N", ActingRole: "forvaltningschef", PointCode: "D4", OrderID: "o", OrderNumber: 1}}, at("2026-03-18 11:00"))
	if err != nil || !d.Partial {
		t.Errorf("a decision on masked parts must be partial: %+v %v", d, err)
	}
	w := newRequest(t, "2026-03-16 09:00", "Utredning")
	if err := w.Withdraw(at("2026-03-16 10:00")); err != nil || w.Status() != StatusWithdrawn || w.Open() {
		t.Errorf("withdraw: %v %s", err, w.Status())
	}
	if !errors.Is(w.Decide(1, OutcomeInput{Kind: OutcomeReleased}, "x", at("2026-03-16 11:00")), ErrRequestClosed) {
		t.Error("a withdrawn request decided")
	}
	if fields(t, w.SetDelayReason(""))["/delay_reason"] != "required" {
		t.Error("an empty delay reason accepted")
	}
}

func TestReport(t *testing.T) {
	d := platform.MustParseDate
	dec := Decider{ID: "u", Name: "N", ActingRole: "forvaltningschef", PointCode: "D4", OrderID: "o", OrderNumber: 1}
	onTime := newRequest(t, "2026-03-02 09:00", "a", "b")
	_ = onTime.Decide(1, OutcomeInput{Kind: OutcomeReleased}, "s", at("2026-03-02 10:00"))
	_ = onTime.Decide(2, OutcomeInput{Kind: OutcomeMasked, Lagrum: []string{"OSL 21 kap. 1 §", "OSL 26 kap. 1 §"}, MaskedCopy: &CopyRef{"c", 9}}, "s", at("2026-03-02 11:30"))
	late := newRequest(t, "2026-03-03 09:00", "a")
	late.Channel = ChannelLetter
	_ = late.SetDelayReason("Sekretessprövning hos socialtjänsten")
	if _, err := late.Refuse(RefusalInput{Items: []int{1}, Lagrum: []string{"OSL 26 kap. 1 §"}, Reasoning: "Skäl", Decider: dec, Court: "K"}, at("2026-03-05 09:00")); err != nil {
		t.Fatal(err)
	}
	open := newRequest(t, "2026-03-10 09:00", "a")
	outside := newRequest(t, "2026-04-01 09:00", "a")
	rep := BuildReport([]Request{open, late, onTime, outside}, d("2026-03-01"), d("2026-03-31"), d("2026-03-12"))
	if rep.Requests != 3 || rep.Done != 2 || rep.Open != 1 || rep.OnTime != 1 || rep.Late != 1 || rep.Escalated != 2 || rep.OpenLate != 1 || rep.WithReason != 1 {
		t.Errorf("counts %+v", rep)
	}
	if rep.MedianMinutes != 150 || rep.MaxMinutes != 48*60 || rep.Released != 1 || rep.Masked != 1 || rep.Refused != 1 || rep.Decisions != 1 {
		t.Errorf("times and outcomes %+v", rep)
	}
	if len(rep.ByLagrum) != 2 || rep.ByLagrum[0] != (LagrumCount{"OSL 26 kap. 1 §", 1, 1}) || rep.ByLagrum[1] != (LagrumCount{"OSL 21 kap. 1 §", 1, 0}) {
		t.Errorf("by lagrum %+v", rep.ByLagrum)
	}
	if rep.Rows[0].ID != onTime.ID || rep.Rows[1].WorkingDaysLate != 2 || rep.ByChannel["brev"] != 1 {
		t.Errorf("rows %+v", rep.Rows)
	}
}
