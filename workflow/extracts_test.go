package workflow_test

import (
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/workflow"
)

// TestSendExtractToTheMemosRecipients: after the justering, the extract of
// a case's § is registered on the case as one outgoing handling per
// recipient of its tjänsteskrivelse; a second send adds nothing; before the
// justering, for a § without a case, or by the revisor nothing is sent.
func TestSendExtractToTheMemosRecipients(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		keys, err := signing.NewKeyStore(repo.NewSigningKeys(e.backend), make([]byte, 32))
		if err != nil {
			t.Fatal(err)
		}
		e.engine.WithSigner(keys)
		c, err := e.toReady(ctx, e.mustRegister(t, "Samverkansavtal"))
		if err != nil {
			t.Fatal(err)
		}
		sek := e.user(t, "sekreterare")
		m, err := e.engine.Meetings.PlanMeeting(ctx, sek, demo.BoardCode, e.clock.Now().Add(time.Hour), "Stadshuset", []string{"vice-ordforande"})
		if err != nil {
			t.Fatal(err)
		}
		if m, err = e.engine.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusOpen); err != nil {
			t.Fatal(err)
		}
		item := slices.IndexFunc(m.Agenda, func(a meeting.AgendaItem) bool { return a.CaseID == c.ID })
		m, p, err := e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, workflow.ParagraphInput{Item: item, Outcome: meeting.OutcomeApproved})
		if err != nil {
			t.Fatal(err)
		}
		if m, err = e.engine.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusClosed); err != nil {
			t.Fatal(err)
		}
		if _, err := e.engine.Meetings.SendExtract(ctx, sek, m.ID, p.No); code(err) != "extract_before_justering" {
			t.Fatalf("before justering: %v", err)
		}
		for _, who := range []string{"ordforande", "vice-ordforande"} {
			if m, err = e.engine.Meetings.Justera(ctx, e.user(t, who), m.ID, signProof); err != nil {
				t.Fatalf("justering by %s: %v", who, err)
			}
		}
		list, err := e.engine.Meetings.ExtractDispatches(ctx, sek, m)
		if err != nil || len(list) != 2 || list[0].Sent || list[1].Recipient != "Mörbylånga kommun" {
			t.Fatalf("dispatches before sending: %v %v", list, err)
		}
		if _, err := e.engine.Meetings.SendExtract(ctx, e.user(t, "revisor"), m.ID, p.No); code(err) != "read_only_role" {
			t.Errorf("revisor: %v", err)
		}
		if _, err := e.engine.Meetings.SendExtract(ctx, sek, m.ID, p.No+1); code(err) != "paragraph_not_found" {
			t.Errorf("no such §: %v", err)
		}
		sent, err := e.engine.Meetings.SendExtract(ctx, sek, m.ID, p.No)
		if err != nil || !slices.Equal(sent, []string{"Borgholms kommun", "Mörbylånga kommun"}) {
			t.Fatalf("send: %v %v", sent, err)
		}
		if sent, err := e.engine.Meetings.SendExtract(ctx, sek, m.ID, p.No); err != nil || len(sent) != 0 {
			t.Errorf("second send: %v %v", sent, err)
		}
		got := e.reload(t, c.ID)
		var out []cases.Document
		for _, d := range got.Documents {
			if d.Direction == cases.DirOutgoing {
				out = append(out, d)
			}
		}
		if len(out) != 2 || out[0].Party != "Borgholms kommun" || out[0].ContentType != "application/pdf" || out[0].Size == 0 {
			t.Fatalf("outgoing handlingar: %+v", out)
		}
		if list, _ := e.engine.Meetings.ExtractDispatches(ctx, sek, m); len(list) != 2 || !list[0].Sent || !list[1].Sent {
			t.Errorf("dispatches after sending: %v", list)
		}
	})
}

// TestSubDelegationChoices: the förvaltningschef is offered the points
// that allow vidaredelegering and the board's officials who are not its
// revisor; anyone else is offered nothing.
func TestSubDelegationChoices(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		points, people, err := e.engine.Decisions.SubDelegationChoices(ctx, e.user(t, "it-chef"), demo.BoardCode)
		if err != nil {
			t.Fatal(err)
		}
		var codes, names []string
		for _, p := range points {
			codes = append(codes, p.Code)
		}
		for _, p := range people {
			names = append(names, p.Username)
		}
		if !slices.Equal(codes, []string{"B3"}) || !slices.Equal(sorted(names), []string{"handlaggare", "sekreterare"}) {
			t.Errorf("choices: points %v, people %v", codes, names)
		}
		for _, who := range []string{"handlaggare", "sekreterare", "revisor", "ordforande"} {
			points, people, err := e.engine.Decisions.SubDelegationChoices(ctx, e.user(t, who), demo.BoardCode)
			if err != nil || len(points)+len(people) != 0 {
				t.Errorf("%s offered %v %v (%v)", who, points, people, err)
			}
		}
		if _, _, err := e.engine.Decisions.SubDelegationChoices(ctx, e.user(t, "it-chef"), "XYZ"); err == nil {
			t.Error("unknown board: no error")
		}
	})
}
