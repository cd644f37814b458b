package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// growChef is the username of the förvaltningschef Grow adds to a board
// (ITN or an extra one) to take, sign and report its delegationsbeslut,
// handle its requests for allmän handling and record its absences.
func growChef(board string) string { return "growchef" + lower(board) }

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// insertChefs adds, through the administration's use case, a
// förvaltningschef (also sekreterare, so they report decisions and record
// absences) to each board that will get decisions, requests or absences,
// with the demo password: they sign with it.
func (e *Env) insertChefs(ctx context.Context, t testing.TB, actor identity.User, boards []string, from platform.Date) {
	t.Helper()
	for _, b := range boards {
		if _, err := e.App.Admin.CreateUser(ctx, actor, admin.UserInput{Username: growChef(b), Name: "Förvaltningschef " + b,
			Password: DemoPassword, Roles: []identity.RoleAssignment{
				{Board: b, Role: identity.RoleForvaltningschef, ValidFrom: from},
				{Board: b, Role: identity.RoleSekreterare, ValidFrom: from}}}); err != nil {
			t.Fatalf("chef of %s: %v", b, err)
		}
	}
}

// growDecisions takes n delegationsbeslut through the workflow's use
// cases (as the chefs would: registered, memo, beslutsklar, decided), so
// every hash chain, digest, signature and audit record is the real one.
// The i-th is on boardOf(i) under the point the board delegates to its
// förvaltningschef (B3 on ITN, A1 on an extra board); every fourth on ITN
// has a budget impact on 2026 (folded into ITN's cost allocation; on an
// extra board, which is no gemensam nämnd, there is none to fold it
// into), every fifth a member's jäv declared before the
// decision (when there are people on the board); all but every tenth are
// signed and all but two in ten reported to the nämnd by hand, as in an
// organisation whose decisions are signed when taken and reported at the
// next sammanträde (what is pending is a working set, not the history).
func (e *Env) growDecisions(ctx context.Context, t testing.TB, n int, boardOf func(int) string, member func(board string, i int) string) {
	t.Helper()
	wf := e.App.Workflow
	chefs := map[string]identity.User{}
	chef := func(b string) identity.User {
		u, ok := chefs[b]
		if !ok {
			var err error
			if u, err = e.App.Identity.UserByUsername(ctx, growChef(b)); err != nil {
				t.Fatal(err)
			}
			chefs[b] = u
		}
		return u
	}
	reported := map[string][]string{}
	for i := range n {
		b := boardOf(i)
		u := chef(b)
		c, err := wf.Cases.Register(ctx, u, cases.Registration{Board: b, Title: fmt.Sprintf("Avtal om växande drift %d", i),
			Counterpart: "Leverantör AB", Description: "Avrop inom ramavtal"})
		if err != nil {
			t.Fatalf("decision %d: register: %v", i, err)
		}
		if p := member(b, i); p != "" && i%5 == 0 {
			pu, err := e.App.Identity.UserByUsername(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if c, err = wf.Cases.DeclareJav(ctx, pu, c.ID, c.Version, p, "Närstående till leverantörens ägare"); err != nil {
				t.Fatalf("decision %d: jäv: %v", i, err)
			}
		}
		m := growMemo(b)
		if i%4 == 0 {
			m.BudgetImpact = []cases.BudgetImpact{{Type: cases.ImpactAgreement, Year: 2026, Category: "Avtal om drift",
				AmountOre: 5_000_000, Kind: "shared", WithinFrame: true}}
		}
		if c, _, err = wf.Cases.SaveMemo(ctx, u, c.ID, 0, m); err != nil {
			t.Fatalf("decision %d: memo: %v", i, err)
		}
		for _, ev := range []string{"start", "submit"} {
			if c, err = wf.Cases.Fire(ctx, u, c.ID, ev, c.Version, ""); err != nil {
				t.Fatalf("decision %d: %s: %v", i, ev, err)
			}
		}
		point := "A1"
		if b == "ITN" {
			point = "B3"
		}
		_, d, err := wf.Decisions.Decide(ctx, u, c.ID, c.Version, workflow.DecisionInput{Kind: cases.KindDelegation, PointCode: point})
		if err != nil {
			t.Fatalf("decision %d: decide: %v", i, err)
		}
		if i%10 != 3 {
			if _, _, err := wf.Decisions.Sign(ctx, u, d.ID, identity.Proof{Password: DemoPassword}); err != nil {
				t.Fatalf("decision %d: sign: %v", i, err)
			}
		}
		if i%10 != 3 && i%10 != 7 {
			reported[b] = append(reported[b], d.ID)
		}
	}
	for b, ids := range reported {
		if _, err := wf.Decisions.MarkReported(ctx, chef(b), b, ids, b+" 2026-02-26 § 4"); err != nil {
			t.Fatalf("report on %s: %v", b, err)
		}
	}
	// The recalculation worker has run, as it has in a running
	// organisation: nothing is left pending.
	if _, err := e.App.Costs.ProcessPending(ctx); err != nil {
		t.Fatalf("the recalculation worker's run after the grown decisions: %v", err)
	}
}

// growMemo is a complete tjänsteskrivelse to the board.
func growMemo(board string) cases.Memo {
	return cases.Memo{Title: "Avrop av drifttjänster", AuthorName: "Förvaltningschef " + board, AuthorTitle: "Förvaltningschef",
		RecipientBoard: "Till nämnden", ProposalIntro: "Nämnden beslutar",
		Clauses:     []string{"att avropa drifttjänster enligt ramavtalet"},
		Description: "Nuvarande avtal löper ut.", Basis: []cases.BasisRef{{Text: "Tjänsteskrivelse"}},
		Assessment: "Förvaltningen bedömer att avropet ryms i budgeten.", Consequences: "Kostnaden ryms inom ram.",
		SendTo: []string{"Leverantör AB"}}
}

// growRequests registers n requests for allmän handling through the use
// case, on boardOf(i), each asking for a grown ärende of that board as a
// whole (or for nothing identified yet when there is none), received in
// February 2026; every tenth is still open, the others answered (the
// ärende released; withdrawn when it names none): requests pile up over
// the years, open ones do not.
func (e *Env) growRequests(ctx context.Context, t testing.TB, n int, boardOf func(int) string, caseOf func(board string, i int) string) {
	t.Helper()
	for i := range n {
		b := boardOf(i)
		u, err := e.App.Identity.UserByUsername(ctx, growChef(b))
		if err != nil {
			t.Fatal(err)
		}
		in := workflow.RequestInput{Board: b, ReceivedAt: time.Date(2026, 2, 1+i%28, 10, 0, 0, 0, platform.Stockholm),
			Channel: disclosure.ChannelEmail, Asked: fmt.Sprintf("Handlingar i växande ärende %d", i)}
		if dnr := caseOf(b, i); dnr != "" {
			in.Items = []workflow.RequestItemInput{{RegistrationNumber: dnr}}
		}
		r, err := e.App.Workflow.Disclosures.Register(ctx, u, in)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		switch {
		case i%10 == 0: // still open
		case len(r.Items) > 0:
			_, err = e.App.Workflow.Disclosures.Release(ctx, u, r.ID, r.Version, 1)
		default:
			_, err = e.App.Workflow.Disclosures.Withdraw(ctx, u, r.ID, r.Version)
		}
		if err != nil {
			t.Fatalf("answer request %d: %v", i, err)
		}
	}
}

// growAbsences records n absences through the use case, on boardOf(i),
// of a person of the board (the chef when there is none), a week each
// spread over 2025 and 2026.
func (e *Env) growAbsences(ctx context.Context, t testing.TB, n int, boardOf func(int) string, member func(board string, i int) string) {
	t.Helper()
	for i := range n {
		b := boardOf(i)
		u, err := e.App.Identity.UserByUsername(ctx, growChef(b))
		if err != nil {
			t.Fatal(err)
		}
		who := member(b, i)
		if who == "" {
			who = u.Username
		}
		from := platform.MustParseDate("2025-06-01").AddDays(i * 7 % 420)
		if _, err := e.App.Workflow.Decisions.RecordAbsence(ctx, u, b, workflow.AbsenceInput{Username: who, From: from,
			To: from.AddDays(6), Note: "Semester"}); err != nil {
			t.Fatalf("absence %d: %v", i, err)
		}
	}
}
