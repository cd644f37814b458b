// The documents Samstyr prints (the tjänsteskrivelse, the decision, the
// meeting's protocol, kallelse and extracts) and the public anslagstavla:
// what the API and the web UI both serve, gathered once here.

package workflow

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
)

// RenderMemoPDF renders a memo revision of a case with its board's header.
func (e *Cases) RenderMemoPDF(ctx context.Context, cs cases.Case, rev cases.MemoRevision) ([]byte, error) {
	b, err := e.boards.GetBoard(ctx, cs.Board)
	if err != nil {
		return nil, err
	}
	draft := cs.Memo == nil || cs.Memo.UpprattadAt == nil || rev.No > cs.Memo.UpprattadRevision
	var buf bytes.Buffer
	err = memopdf.Render(&buf, memopdf.Input{Organisation: b.Organisation, BoardName: b.Name,
		RegistrationNumber: cs.RegistrationNumber, Memo: rev.Memo, RevisionNo: rev.No, Digest: rev.Digest, Draft: draft})
	return buf.Bytes(), err
}

// RenderDecisionPDF prints a decision with its proof, digest and signatures.
func (e *Decisions) RenderDecisionPDF(ctx context.Context, cs cases.Case, d cases.Decision) ([]byte, error) {
	b, err := e.boards.GetBoard(ctx, cs.Board)
	if err != nil {
		return nil, err
	}
	heading := "Delegationsbeslut"
	if d.Kind == cases.KindUrgent {
		heading = "Ordförandebeslut i brådskande ärende"
	}
	proof := []string{"Delegationsstöd: " + e.ProofText(ctx, cs, d) + ".",
		"Belopp: " + money.Format(d.AmountOre) + ".",
		fmt.Sprintf("Beslutet grundar sig på tjänsteskrivelsen version %d.", d.MemoRevision),
	}
	var point delegation.Point
	if o, err := e.orders.Get(ctx, cs.Board, d.OrderNumber); err == nil && o.ID == d.OrderID {
		point, _ = o.Point(d.PointCode)
	}
	checks := []string{
		fmt.Sprintf("Delegationsordning version %d, kontrollsumma %s.", d.OrderNumber, d.OrderHash),
		fmt.Sprintf("Tjänsteskrivelse version %d, kontrollsumma %s.", d.MemoRevision, d.MemoDigest),
	}
	force, err := e.forceLines(ctx, cs, d.ID)
	if err != nil {
		return nil, err
	}
	proof = append(proof, force...)
	var sigs []string
	for _, sg := range d.Signatures {
		method := sg.Method
		if i18n.HasLabel("signature_method", method) {
			method = i18n.Label("signature_method", method)
		}
		sigs = append(sigs, fmt.Sprintf("Signerat %s av %s med nyckel %s (%s): %s", platform.LocalTime(sg.SignedAt),
			d.DeciderName, sg.KeyID, method, sg.Value))
	}
	var buf bytes.Buffer
	err = memopdf.RenderDecision(&buf, memopdf.DecisionInput{Organisation: b.Organisation, BoardName: b.Name,
		RegistrationNumber: cs.RegistrationNumber, CaseTitle: cs.Title, Heading: heading, Intro: d.Intro, Clauses: d.Clauses,
		Proof: proof, DeciderName: d.DeciderName, DecidedAt: d.DecidedAt, Digest: d.Digest, Checks: checks, Signatures: sigs,
		Appeal: AppealNotice(AppealRoutes(point), cs.RegistrationNumber, b.Name, b.Organisation)})
	return buf.Bytes(), err
}

// ProtocolInput gathers what the protocol documents print for the board.
func (e *Meetings) ProtocolInput(ctx context.Context, m meeting.Meeting) (memopdf.ProtocolInput, error) {
	return e.protocolInput(ctx, m, func(c cases.Case) string { return c.Title })
}

// publicProtocolInput gathers what the public protocol prints: pm is the
// protocol as public.Protocol gives it, and each reported delegation
// decision is named by its ärende's public title (public.CaseTitle), so a
// sekretessmarkerat ärende's secret parts stay masked (OSL 5:2).
func (e *Meetings) publicProtocolInput(ctx context.Context, pm meeting.Meeting) (memopdf.ProtocolInput, error) {
	return e.protocolInput(ctx, pm, public.CaseTitle)
}

// protocolInput gathers what the protocol documents print, naming an
// ärende of a reported decision by title.
func (e *Meetings) protocolInput(ctx context.Context, m meeting.Meeting, title func(cases.Case) string) (memopdf.ProtocolInput, error) {
	b, err := e.boards.GetBoard(ctx, m.Board)
	if err != nil {
		return memopdf.ProtocolInput{}, err
	}
	secretary := m.CreatedBy
	if u, err := e.users.UserByUsername(ctx, m.CreatedBy); err == nil {
		secretary = u.Name
	}
	return memopdf.ProtocolInput{Organisation: b.Organisation, BoardName: b.Name, Meeting: m, SecretaryName: secretary,
		DecisionLines: e.decisionLines(ctx, m, title), People: e.people(ctx, m)}, nil
}

// people names the justerare, the signers and those named at a § for
// jäv of m by username, for the protocol (the seats name their own
// holders).
func (e *Meetings) people(ctx context.Context, m meeting.Meeting) map[string]string {
	out := map[string]string{}
	names := append([]string{m.CreatedBy}, m.Justerare...)
	for _, s := range m.Signatures {
		names = append(names, s.Username)
	}
	// The public protocol has no seats: who left a § for jäv and who
	// stepped in are named from here.
	for _, p := range m.Paragraphs {
		names = append(names, p.Jav...)
		for _, j := range p.JavSubstitutes {
			names = append(names, j.Member, j.Substitute)
		}
	}
	for _, n := range names {
		if _, ok := out[n]; ok || n == "" {
			continue
		}
		if u, err := e.users.UserByUsername(ctx, n); err == nil && u.Name != "" {
			out[n] = u.Name
		}
	}
	return out
}

// decisionLines names each delegation decision m reports for the
// protocol, its ärende by title: "ITN 2026/1 Avtal med BEAB om e-post,
// beslutat av Anna Lindqvist 2026-03-02".
func (e *Meetings) decisionLines(ctx context.Context, m meeting.Meeting, title func(cases.Case) string) map[string]string {
	out := map[string]string{}
	loaded := map[string]*cases.Case{}
	for _, p := range m.Paragraphs {
		for _, id := range p.Decisions {
			caseID, no, err := cases.ParseDecisionID(id)
			if err != nil {
				continue
			}
			if _, ok := loaded[caseID]; !ok {
				loaded[caseID] = nil
				if c, err := e.store.Get(ctx, caseID); err == nil {
					loaded[caseID] = &c
				}
			}
			c := loaded[caseID]
			if c == nil {
				continue
			}
			if d, ok := c.Decision(no); ok {
				out[id] = fmt.Sprintf("%s %s, beslutat av %s %s", c.RegistrationNumber, title(*c), d.DeciderName, d.DecidedOn)
			}
		}
	}
	return out
}

// forceLines are the decision PDF's lines on the decision's appeal routes
// and legal force on today (KL 13:5, FL 44 §), in Swedish.
func (e *Decisions) forceLines(ctx context.Context, cs cases.Case, decisionID string) ([]string, error) {
	ms, err := e.caseMeetings(ctx, cs)
	if err != nil {
		return nil, err
	}
	all := e.caseForce(cs, ms, e.today())
	i := slices.IndexFunc(all, func(f DecisionForce) bool { return f.Ref == decisionID })
	if i < 0 {
		return nil, nil
	}
	f := all[i]
	routeName := map[string]string{deadline.RouteLegality: "Laglighetsprövning", deadline.RouteAppeal: "Förvaltningsbesvär"}
	out := []string{"Beslutsdag " + f.DecidedOn.String()}
	for _, r := range f.Routes {
		line := routeName[r.Kind]
		if r.Party != "" {
			line += " (" + r.Party + ")"
		}
		switch {
		case r.Appealed:
			line += ": överklagat"
		case r.End.IsZero():
			line += ": tiden har inte börjat löpa"
		default:
			line += ": från " + r.Start.String() + ", sista dag " + r.End.String()
		}
		if r.Note != "" {
			line += " (" + r.Note + ")"
		}
		out = append(out, line)
	}
	switch {
	case f.LagaKraft:
		out = append(out, "Laga kraft från "+f.LagaKraftOn.String())
	case f.Status == deadline.StatusAppealed:
		out = append(out, "Inte laga kraft: beslutet är överklagat")
	case !f.LagaKraftOn.IsZero():
		out = append(out, "Laga kraft tidigast "+f.LagaKraftOn.String()+" om ingen överklagar")
	default:
		out = append(out, "Inte laga kraft: överklagandetiden har inte börjat löpa för alla vägar")
	}
	return out, nil
}
