package workflow_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/workflow"
)

// TestGallringUnderADelegationsbeslut: gallring runs under a signed
// delegationsbeslut taken under a delegation point about gallring; a case
// named in a pending request for allmän handling is refused with
// pending_request while the same case without one is weeded; a
// delegationsbeslut under another point is no gallringsbeslut. On every
// backend.
func TestGallringUnderADelegationsbeslut(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		keys, err := signing.NewKeyStore(repo.NewSigningKeys(e.backend), bytes.Repeat([]byte{7}, signing.MasterKeySize))
		if err != nil {
			t.Fatal(err)
		}
		e.engine.WithSigner(keys).WithArchive(repo.NewArchive(e.backend), repo.NewArchive(e.backend), repo.NewCases(e.backend), "test").
			WithDisclosure(repo.NewDisclosures(e.backend), nil)
		var o delegation.Order
		ark, sek, chef := e.user(t, "arkivarie"), e.user(t, "sekreterare"), e.user(t, "it-chef")
		arch := e.engine.Archive

		// A delegationsordning with a point for gallring, in force today.
		draft := demo.Order()
		draft.ValidFrom = platform.DateOf(e.clock.Now())
		draft.Points = append(draft.Points, delegation.Point{Code: "G1", Section: "G Arkiv",
			Matter: "Beslut om gallring av handlingar enligt informationshanteringsplanen", Delegate: "forvaltningschef",
			ReportTo: delegation.ReportBoard})
		o, err = e.engine.Decisions.CreateOrder(ctx, sek, demo.BoardCode, draft)
		if err != nil {
			t.Fatal(err)
		}
		today := platform.DateOf(e.clock.Now())
		if _, err := e.engine.Decisions.AdoptOrder(ctx, sek, demo.BoardCode, o.Number, o.Version,
			delegation.Adoption{Ref: "ITN 2026-03-02 § 2", AdoptedOn: today, ValidFrom: today}); err != nil {
			t.Fatal(err)
		}
		if _, err := arch.SaveProfile(ctx, ark, demo.BoardCode, 0, earchive.Profile{
			Classes: []earchive.Class{{Code: "3.1", Name: "Informationssäkerhet"}, {Code: "4.1", Name: "Arkiv"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := arch.ImportPlan(ctx, ark, demo.BoardCode, workflow.PlanImport{},
			strings.NewReader("Klass;Åtgärd;Gallringsfrist;Paragraf\n3.1;Gallras;1;IHP § 3.1\n4.1;Bevaras;;IHP § 4.1\n")); err != nil {
			t.Fatal(err)
		}

		// Two incident cases with a handling each; one is asked for under
		// TF 2 kap. (its file) while it is open; then both are closed.
		mk := func(title string) cases.Case {
			c, err := e.engine.Cases.Register(ctx, e.user(t, "handlaggare"), cases.Registration{Board: demo.BoardCode, Title: title, Class: "3.1"})
			if err != nil {
				t.Fatal(err)
			}
			if c, _, err = e.engine.Cases.AddDocument(ctx, e.user(t, "handlaggare"), c.ID, workflow.NewDocument{Direction: cases.DirIncoming,
				Description: "Rapport", FileName: "rapport.txt"}, []byte("Rapport\n")); err != nil {
				t.Fatal(err)
			}
			return c
		}
		asked, free := mk("Larm A"), mk("Larm B")
		req, err := e.engine.Disclosures.Register(ctx, e.user(t, "handlaggare"), workflow.RequestInput{Board: demo.BoardCode,
			ReceivedAt: e.clock.Now(), Channel: disclosure.ChannelEmail, Form: disclosure.FormCopy, Asked: "Rapporten om larm A",
			Items: []workflow.RequestItemInput{{RegistrationNumber: asked.RegistrationNumber, DocumentNo: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		asked, free = e.mustFire(t, "sekreterare", asked, "void", "Falsklarm"), e.mustFire(t, "sekreterare", free, "void", "Falsklarm")

		// The gallringsbeslut: the IT-chef under G1, signed; and a
		// decision under A16, which is none.
		gc, err := e.engine.Cases.Register(ctx, e.user(t, "handlaggare"), cases.Registration{Board: demo.BoardCode, Title: "Gallring 2027", Class: "4.1"})
		if err != nil {
			t.Fatal(err)
		}
		if gc, err = e.toReady(ctx, gc); err != nil {
			t.Fatal(err)
		}
		_, gd, err := e.engine.Decisions.Decide(ctx, chef, gc.ID, gc.Version, workflow.DecisionInput{Kind: cases.KindDelegation, PointCode: "G1"})
		if err != nil {
			t.Fatal(err)
		}
		run := func(decisionID string) (workflow.GallringResult, error) {
			return arch.Gallra(ctx, ark, workflow.GallringInput{Board: demo.BoardCode, Decision: workflow.GallringDecision{DecisionID: decisionID},
				Cases: []string{asked.ID, free.ID}})
		}
		e.clock.Advance(400 * 24 * time.Hour)
		if _, err := run(gd.ID); code(err) != "invalid_gallring_decision" || !strings.Contains(err.Error(), "gallring_decision_unsigned") {
			t.Fatalf("an unsigned gallringsbeslut: %v", err)
		}
		if _, _, err := e.engine.Decisions.Sign(ctx, chef, gd.ID, signProof); err != nil {
			t.Fatal(err)
		}
		other := e.mustRegister(t, "Avtal med MBAB")
		if other, err = e.toReady(ctx, other); err != nil {
			t.Fatal(err)
		}
		_, od, err := e.engine.Decisions.Decide(ctx, e.user(t, "ordforande"), other.ID, other.Version, workflow.DecisionInput{Kind: cases.KindDelegation, PointCode: "A16"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.engine.Decisions.Sign(ctx, e.user(t, "ordforande"), od.ID, signProof); err != nil {
			t.Fatal(err)
		}
		if _, err := run(od.ID); code(err) != "invalid_gallring_decision" || !strings.Contains(err.Error(), "not_a_gallring_decision") {
			t.Fatalf("a decision under A16: %v", err)
		}

		res, err := run(gd.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Weeded) != 1 || res.Weeded[0].CaseID != free.ID || !slices.Equal(res.Weeded[0].Handlings, []int{1}) {
			t.Errorf("weeded %+v, want handling 1 of %s", res.Weeded, free.RegistrationNumber)
		}
		if len(res.Refused) != 1 || res.Refused[0].CaseID != asked.ID || !slices.Equal(res.Refused[0].Reasons, []string{"pending_request"}) {
			t.Errorf("refused %+v, want %s for pending_request", res.Refused, asked.RegistrationNumber)
		}
		if !strings.Contains(res.Decision, "punkt G1") {
			t.Errorf("cited as %q", res.Decision)
		}
		if _, _, err := e.engine.Cases.Document(ctx, e.user(t, "handlaggare"), free.ID, 1); code(err) != "document_weeded" {
			t.Errorf("the weeded file: %v", err)
		}
		if p := e.reload(t, free.ID).Verify(); p != nil {
			t.Errorf("the weeded case's chain: %v", p)
		}

		// The request withdrawn, the second case goes too.
		if _, err := e.engine.Disclosures.Withdraw(ctx, e.user(t, "handlaggare"), req.ID, req.Version); err != nil {
			t.Fatal(err)
		}
		if res, err = run(gd.ID); err != nil || len(res.Weeded) != 1 || res.Weeded[0].CaseID != asked.ID {
			t.Errorf("after the request: %+v %v", res, err)
		}
	})
}
