package workflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
	"github.com/samstyr/samstyr/workflow"
)

// faultCode is the stable code of err ("" for nil).
func faultCode(err error) string {
	if err == nil {
		return ""
	}
	return fault.From(err).Code
}

// TestSendKallelseToTheSeatsWithTheHandlingar: the board's sekreterare
// sends the kallelse of a planned meeting to every seat holder of its day
// (the chair's and vice chair's ledamot seats and an ersättare who holds
// no role at all), with each ärende's tjänsteskrivelse and its handlingar
// not marked secret (the secret one recorded as withheld), in one
// versioned update with its record chained; the ersättare reads the
// kallelse and exactly the handlingar sent, and finds them on the desk,
// while a person without a seat reads none of it; a second sending after
// the agenda changed is a kompletterande kallelse and the first stays;
// others than the sekreterare, a stale version, an open meeting and a
// day without seats are refused. On both stores.
func TestSendKallelseToTheSeatsWithTheHandlingar(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		e.engine.WithSeats(e.admin)
		adm, sek := e.user(t, "admin"), e.user(t, "sekreterare")
		newPerson := func(username, name string) identity.User {
			t.Helper()
			if _, err := e.admin.CreateUser(ctx, adm, admin.UserInput{Username: username, Name: name, Password: demoPassword}); err != nil {
				t.Fatalf("create %s: %v", username, err)
			}
			u, err := e.identity.UserByUsername(ctx, username)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		ers := newPerson("ersattare.berg", "Greta Berg")
		other := newPerson("utan.plats", "Nils Utan")
		if _, _, err := e.admin.AddSeat(ctx, adm, demo.BoardCode, seat.Seat{Holder: ers.Username, Kind: seat.KindErsattare, Order: 1, Party: "S",
			ValidFrom: platform.MustParseDate("2023-01-01")}); err != nil {
			t.Fatalf("seat: %v", err)
		}
		c := e.mustRegister(t, "Avtal om drift av e-post")
		c, err := e.toReady(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		h := e.user(t, "handlaggare")
		if c, _, err = e.engine.Cases.AddDocument(ctx, h, c.ID, workflow.NewDocument{Direction: cases.DirIncoming, Description: "Anbud från BEAB",
			FileName: "anbud.txt"}, []byte("Anbud\n")); err != nil {
			t.Fatal(err)
		}
		if c, _, err = e.engine.Cases.AddDocument(ctx, h, c.ID, workflow.NewDocument{Direction: cases.DirIncoming, Description: "Säkerhetsanalys",
			FileName: "analys.txt", Secrecy: &cases.Secrecy{Reference: "OSL 18 kap. 8 §", Date: platform.DateOf(start)}}, []byte("Analys\n")); err != nil {
			t.Fatal(err)
		}
		m, err := e.engine.Meetings.PlanMeeting(ctx, sek, demo.BoardCode, start.Add(48*time.Hour), "Stadshuset", nil)
		if err != nil {
			t.Fatal(err)
		}

		for _, who := range []string{"handlaggare", "admin", "ordforande"} {
			if _, err := e.engine.Meetings.SendKallelse(ctx, e.user(t, who), m.ID, m.Version); faultCode(err) != "kallelse_not_secretary" {
				t.Errorf("%s sends the kallelse: %v", who, err)
			}
		}
		if _, err := e.engine.Meetings.SendKallelse(ctx, e.user(t, "revisor"), m.ID, m.Version); !errors.Is(err, workflow.ErrReadOnly) {
			t.Errorf("the revisor sends the kallelse: %v", err)
		}
		if _, err := e.engine.Meetings.SendKallelse(ctx, sek, m.ID, m.Version-1); faultCode(err) != fault.ErrVersionConflict.Code {
			t.Errorf("a stale version: %v", err)
		}
		if got, _ := e.engine.Meetings.Meeting(ctx, sek, m.ID); len(got.Kallelser) != 0 || got.Version != m.Version {
			t.Fatalf("a refused sending changed the meeting: %d sendings, version %d", len(got.Kallelser), got.Version)
		}

		m, err = e.engine.Meetings.SendKallelse(ctx, sek, m.ID, m.Version)
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		stored, err := e.engine.Meetings.Meeting(ctx, sek, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Kallelser) != 1 || stored.Version != m.Version {
			t.Fatalf("stored: %d sendings, version %d (returned %d)", len(stored.Kallelser), stored.Version, m.Version)
		}
		k := stored.Kallelser[0]
		var to []string
		for _, r := range k.Recipients {
			to = append(to, r.Username+"/"+r.Role)
		}
		if want := []string{"ordforande/ordforande", "vice-ordforande/vice_ordforande", "ersattare.berg/ersattare"}; !equalStrings(to, want) {
			t.Errorf("recipients %v, want %v", to, want)
		}
		if k.No != 1 || k.SentBy != "sekreterare" || k.SentByName != "Maria Holm" || !k.SentAt.Equal(start) {
			t.Errorf("sending %+v", k)
		}
		item, ok := stored.SentItem(c.ID)
		if !ok {
			t.Fatalf("the ärende is not in the sending: %+v", k.Items)
		}
		var sent, withheld []string
		for _, h := range item.Handlingar {
			sent = append(sent, h.Title)
		}
		for _, h := range item.Withheld {
			withheld = append(withheld, h.Title+"/"+h.Reason)
		}
		if !equalStrings(sent, []string{"Tjänsteskrivelse, version 1", "Anbud från BEAB"}) || !equalStrings(withheld, []string{"Handling 2/sekretess"}) {
			t.Errorf("handlingar sent %v, withheld %v", sent, withheld)
		}
		if f := stored.VerifyLog(); f != nil || len(stored.Log) != 1 || stored.Log[0].Action != meeting.ActionKallelseSent {
			t.Errorf("record chain: %v, %d records", f, len(stored.Log))
		}

		// The ersättare, who has no role on the board, reads the kallelse
		// and what was sent with it, and nothing else; a person without a
		// seat reads none of it.
		if _, pdf, err := e.engine.Meetings.KallelsePDF(ctx, ers, m.ID); err != nil || len(pdf) == 0 {
			t.Errorf("the ersättare's kallelse: %v", err)
		}
		if _, err := e.engine.Meetings.Meeting(ctx, ers, m.ID); faultCode(err) != "meeting_not_found" {
			t.Errorf("the ersättare opens the meeting itself: %v", err)
		}
		if d, data, err := e.engine.Cases.Document(ctx, ers, c.ID, 1); err != nil || string(data) != "Anbud\n" || d.No != 1 {
			t.Errorf("the ersättare's handling 1: %v", err)
		}
		if _, _, err := e.engine.Cases.Revision(ctx, ers, c.ID, 1); err != nil {
			t.Errorf("the ersättare's tjänsteskrivelse: %v", err)
		}
		for _, no := range []int{0, 2} {
			if _, _, err := e.engine.Cases.Document(ctx, ers, c.ID, no); faultCode(err) != "case_not_found" {
				t.Errorf("the ersättare reads handling %d, not sent: %v", no, err)
			}
		}
		if _, _, err := e.engine.Cases.Revision(ctx, ers, c.ID, 0); faultCode(err) != "case_not_found" {
			t.Errorf("the ersättare reads the latest revision, not named by the kallelse: %v", err)
		}
		if _, err := e.engine.Cases.Case(ctx, ers, c.ID); faultCode(err) != "case_not_found" {
			t.Errorf("the ersättare reads the case: %v", err)
		}
		if _, _, err := e.engine.Meetings.KallelsePDF(ctx, other, m.ID); faultCode(err) != "meeting_not_found" {
			t.Errorf("a person without a seat reads the kallelse: %v", err)
		}
		if _, _, err := e.engine.Cases.Document(ctx, other, c.ID, 1); faultCode(err) != "case_not_found" {
			t.Errorf("a person without a seat reads handling 1: %v", err)
		}
		if _, _, err := e.engine.Cases.Revision(ctx, other, c.ID, 1); faultCode(err) != "case_not_found" {
			t.Errorf("a person without a seat reads the tjänsteskrivelse: %v", err)
		}
		desk, err := e.engine.Cases.Desk(ctx, ers)
		if err != nil {
			t.Fatal(err)
		}
		if len(desk.Kallelser) != 1 || desk.Kallelser[0].Meeting.ID != m.ID || desk.Kallelser[0].BoardName != "Ölands IT-nämnd" || len(desk.Kallelser[0].Handlingar) != 2 {
			t.Fatalf("the ersättare's desk: %+v", desk.Kallelser)
		}
		if d, _ := e.engine.Cases.Desk(ctx, other); len(d.Kallelser) != 0 {
			t.Errorf("a person without a seat is called: %+v", d.Kallelser)
		}

		// The agenda changes: a kompletterande kallelse; the first stays.
		c2, err := e.toReady(ctx, e.mustRegister(t, "Ny IT-strategi"))
		if err != nil {
			t.Fatal(err)
		}
		if m, err = e.engine.Meetings.AddAgendaItem(ctx, sek, m.ID, m.Version, c2.ID); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour)
		if m, err = e.engine.Meetings.SendKallelse(ctx, sek, m.ID, m.Version); err != nil {
			t.Fatal(err)
		}
		if len(m.Kallelser) != 2 || m.Kallelser[1].No != 2 || !equalKallelse(m.Kallelser[0], k) || m.VerifyLog() != nil || len(m.Log) != 2 {
			t.Fatalf("kompletterande: %d sendings, log %d, verify %v", len(m.Kallelser), len(m.Log), m.VerifyLog())
		}
		if _, ok := m.SentItem(c2.ID); !ok {
			t.Errorf("the added ärende is not in the second sending")
		}
		tampered := m
		tampered.Kallelser = append([]meeting.Kallelse(nil), m.Kallelser...)
		tampered.Kallelser[0].Recipients = tampered.Kallelser[0].Recipients[:1]
		if tampered.VerifyLog() == nil {
			t.Errorf("a recipient removed from the first sending goes unnoticed")
		}

		// Opened: no kallelse any more.
		e.clock.Set(start.Add(48 * time.Hour))
		sek = e.user(t, "sekreterare")
		if m, err = e.engine.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusOpen); err != nil {
			t.Fatal(err)
		}
		if _, err := e.engine.Meetings.SendKallelse(ctx, sek, m.ID, m.Version); faultCode(err) != "kallelse_not_planned" || fault.From(err).Kind != fault.Conflict {
			t.Errorf("sending for an open meeting: %v", err)
		}

		// A day before any seat: nobody to call.
		early, err := e.engine.Meetings.PlanMeeting(ctx, sek, demo.BoardCode, time.Date(2022, 12, 15, 13, 0, 0, 0, platform.Stockholm), "Stadshuset", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.engine.Meetings.SendKallelse(ctx, sek, early.ID, early.Version); faultCode(err) != "kallelse_no_seats" {
			t.Errorf("sending with no seats: %v", err)
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalKallelse(a, b meeting.Kallelse) bool {
	return a.No == b.No && a.SentAt.Equal(b.SentAt) && a.SentBy == b.SentBy && len(a.Recipients) == len(b.Recipients) && len(a.Items) == len(b.Items)
}
