package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store"
)

// RefusalInput is a refusal decision as the decider submits it.
type RefusalInput struct {
	Items     []int    // the items refused (or, for masked ones, decided formally)
	Lagrum    []string // OSL provisions
	Reasoning string   // skälen
	// PointCode is the delegationspunkt decided under; empty picks the
	// one point of the order in force on refusals of requests.
	PointCode        string
	SubstituteReason string // "franvaro" or "jav" when deciding as ersättare
	Court            string // the kammarrätt an appeal goes to
}

// Faults of refusals.
var (
	// ErrNoRefusalPoint: the delegationsordning in force has no point on
	// refusing requests for allmän handling (or the one named is not such
	// a point): nobody may refuse on the board's behalf, so the board
	// itself must.
	ErrNoRefusalPoint = fault.New(fault.Unprocessable, "no_refusal_point")
)

// refusalPoint reports whether a delegation point is about refusing
// requests for allmän handling: its matter names utlämnande of allmän
// handling (as "Avslag på begäran om utlämnande av allmän handling").
func refusalPoint(p delegation.Point) bool {
	m := store.Fold(p.Matter)
	return strings.Contains(m, "utlämnande") && strings.Contains(m, "allmän handling") &&
		(strings.Contains(m, "avslag") || strings.Contains(m, "avslå"))
}

// Refuse takes a written decision refusing items of a request (avslag),
// or making the masking of items already released masked the formal,
// appealable decision (delvis avslag). It is checked like every decision:
// the decider is not revisor on the board, and the delegationsordning in
// force today allows them to decide under its point on refusals (as
// delegat, or as ersättare with a recorded reason), with no jäv in any
// ärende the items belong to (Decisions.CheckDelegation, whose matched
// rule is the proof the decision keeps). The decision needs its lagrum,
// reasons and the kammarrätt; it carries a besvärshänvisning (three weeks
// from notification, FL 44 §), is signed by the decider over its
// canonical form once they have confirmed who they are again (proof: the
// password or a fresh single sign-on step-up, as for Decisions.Sign), and
// is recorded with the outcomes in one version-guarded update of the
// request. Nothing is written on any error.
func (e *Disclosures) Refuse(ctx context.Context, u identity.User, id string, ifMatch int64, in RefusalInput, proof identity.Proof) (disclosure.Request, disclosure.Decision, error) {
	r, err := e.disclosures.GetRequest(ctx, id)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return r, disclosure.Decision{}, disclosure.ErrRequestNotFound.WithDetail("request %s", id)
		}
		return r, disclosure.Decision{}, err
	}
	if !e.CanRead(u, r.Board) {
		return disclosure.Request{}, disclosure.Decision{}, disclosure.ErrRequestNotFound.WithDetail("request %s", id)
	}
	if err := e.mayChange(u, r.Board); err != nil {
		return disclosure.Request{}, disclosure.Decision{}, err
	}
	if r.Version != ifMatch {
		return disclosure.Request{}, disclosure.Decision{}, versionConflict(r.Version)
	}
	if len(in.Lagrum) == 0 {
		// Say so before asking the delegationsordning anything.
		return disclosure.Request{}, disclosure.Decision{}, (&fault.Fields{{Field: "/lagrum", Code: disclosure.CodeLagrumRequired}}).Err(fault.Unprocessable)
	}
	now := e.clock.Now()
	today := platform.DateOf(now)
	point, err := e.refusalPointOf(ctx, r.Board, today, strings.TrimSpace(in.PointCode))
	if err != nil {
		return disclosure.Request{}, disclosure.Decision{}, err
	}
	var caseIDs []string
	for _, no := range in.Items {
		if it, ok := r.Item(no); ok && it.CaseID != "" && !slices.Contains(caseIDs, it.CaseID) {
			caseIDs = append(caseIDs, it.CaseID)
		}
	}
	if len(caseIDs) == 0 {
		caseIDs = []string{""}
	}
	var res CheckResult
	for _, caseID := range caseIDs {
		res, err = e.asDecisions().CheckDelegation(ctx, CheckInput{Board: r.Board, Username: u.Username, PointCode: point,
			Kind: cases.KindDelegation, Date: today, CaseID: caseID, SubstituteReason: in.SubstituteReason})
		if err != nil {
			return disclosure.Request{}, disclosure.Decision{}, err
		}
		if !res.Allowed {
			return disclosure.Request{}, disclosure.Decision{}, reasonsFault(res)
		}
	}
	d, err := r.Refuse(disclosure.RefusalInput{Items: in.Items, Lagrum: in.Lagrum, Reasoning: in.Reasoning, Court: in.Court,
		Decider: disclosure.Decider{ID: u.ID, Name: u.Name, ActingRole: res.ActingRole, ActingAs: res.ActingAs,
			PointCode: res.Point.Code, OrderID: res.Version.ID, OrderNumber: res.Version.Number, OrderHash: res.Version.ContentHash}}, now.UTC())
	if err != nil {
		return disclosure.Request{}, disclosure.Decision{}, err
	}
	// Asked last, once the decision itself holds: a refusal with a
	// missing field is answered without spending a password attempt.
	if err := e.confirm(ctx, u, proof); err != nil {
		return disclosure.Request{}, disclosure.Decision{}, err
	}
	if e.signer != nil {
		sig, err := e.signer.Sign(ctx, u.ID, r.Payload(d), now)
		if err != nil {
			return disclosure.Request{}, disclosure.Decision{}, err
		}
		d.Signatures = append(d.Signatures, sig)
		r.Decisions[d.No-1] = d
	}
	saved, err := e.disclosures.UpdateRequest(ctx, r)
	if errors.Is(err, fault.ErrVersionConflict) {
		return disclosure.Request{}, disclosure.Decision{}, versionConflict(r.Version)
	}
	return saved, d, err
}

// refusalPointOf returns the code of the point to refuse under: code if
// it is a refusal point of the order in force on day, else the order's
// one refusal point.
func (e *Disclosures) refusalPointOf(ctx context.Context, board string, day platform.Date, code string) (string, error) {
	if e.orders == nil {
		return "", errors.New("workflow: delegation not configured")
	}
	o, err := e.orders.InForce(ctx, board, day)
	if err != nil {
		if fault.From(err).Code == delegation.ErrNotInForce.Code {
			return "", ErrNoRefusalPoint.WithDetail("no delegationsordning in force on %s", board)
		}
		return "", err
	}
	var found []string
	for _, p := range o.Points {
		if refusalPoint(p) {
			found = append(found, p.Code)
		}
	}
	switch {
	case code != "" && slices.Contains(found, code):
		return code, nil
	case code != "":
		f := ErrNoRefusalPoint.WithDetail("point %s of %s is not on refusing requests", code, o.ID)
		f.Fields = []fault.FieldError{{Field: "/point_code", Code: ErrNoRefusalPoint.Code}}
		return "", f
	case len(found) == 0:
		return "", ErrNoRefusalPoint.WithDetail("%s has no point on refusing requests", o.ID)
	}
	return found[0], nil
}

// Notify records the day the requester was notified of refusal decision
// no (delgivning); the three weeks for an appeal run from it.
func (e *Disclosures) Notify(ctx context.Context, u identity.User, id string, ifMatch int64, no int, on platform.Date) (disclosure.Request, error) {
	return e.changeRequest(ctx, u, id, ifMatch, func(r *disclosure.Request) error { return r.Notify(no, on) })
}

// RefusalView is a refusal decision with what is printed on it.
type RefusalView struct {
	disclosure.Decision
	Besvarshanvisning string         `json:"besvarshanvisning"`
	AppealEnd         *platform.Date `json:"appeal_end,omitempty"`
}

// Refusal returns refusal decision no of a request u may read, with its
// besvärshänvisning.
func (e *Disclosures) Refusal(ctx context.Context, u identity.User, id string, no int) (disclosure.Request, RefusalView, error) {
	r, err := e.Request(ctx, u, id)
	if err != nil {
		return r, RefusalView{}, err
	}
	if no < 1 || no > len(r.Decisions) {
		return r, RefusalView{}, disclosure.ErrDecisionNotFound.WithDetail("decision %d", no)
	}
	v, err := e.refusalView(ctx, r, r.Decisions[no-1])
	return r, v, err
}

// RefusalViews returns every refusal decision of r with its
// besvärshänvisning.
func (e *Disclosures) RefusalViews(ctx context.Context, r disclosure.Request) ([]RefusalView, error) {
	out := make([]RefusalView, 0, len(r.Decisions))
	for _, d := range r.Decisions {
		v, err := e.refusalView(ctx, r, d)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (e *Disclosures) refusalView(ctx context.Context, r disclosure.Request, d disclosure.Decision) (RefusalView, error) {
	b, err := e.boards.GetBoard(ctx, r.Board)
	if err != nil {
		return RefusalView{}, err
	}
	v := RefusalView{Decision: d, Besvarshanvisning: d.Besvarshanvisning(b.Name)}
	if end, ok := d.AppealEnd(); ok {
		v.AppealEnd = &end
	}
	return v, nil
}

// RefusalPDF prints refusal decision no of a request u may read: the
// handlingar refused, the lagrum and reasons, the decider and the
// delegation proof, the digest and signatures, and the besvärshänvisning.
func (e *Disclosures) RefusalPDF(ctx context.Context, u identity.User, id string, no int) ([]byte, error) {
	r, v, err := e.Refusal(ctx, u, id, no)
	if err != nil {
		return nil, err
	}
	b, err := e.boards.GetBoard(ctx, r.Board)
	if err != nil {
		return nil, err
	}
	d := v.Decision
	var items []string
	for _, n := range d.Items {
		it, _ := r.Item(n)
		items = append(items, fmt.Sprintf("%d. %s", n, it.Description))
	}
	proof := []string{
		fmt.Sprintf("Delegationsordning version %d (%s), kontrollsumma %s", d.OrderNumber, d.OrderID, d.OrderHash),
		"Punkt " + d.PointCode + ", beslutar som " + d.ActingRole + " (" + d.ActingAs + ")",
	}
	var sigs []string
	for _, sg := range d.Signatures {
		sigs = append(sigs, fmt.Sprintf("Signerat %s av %s med nyckel %s (%s): %s", sg.SignedAt.UTC().Format("2006-01-02 15:04:05Z"),
			d.DeciderName, sg.KeyID, sg.Method, sg.Value))
	}
	requester := ""
	if r.Requester != nil {
		requester = r.Requester.Name
	}
	var buf bytes.Buffer
	err = memopdf.RenderRefusal(&buf, memopdf.RefusalInput{Organisation: b.Organisation, BoardName: b.Name, RequestRef: r.Ref,
		Requester: requester, ReceivedAt: r.ReceivedAt, Partial: d.Partial, Items: items, Lagrum: d.Lagrum, Reasoning: d.Reasoning,
		DeciderName: d.DeciderName, Proof: proof, DecidedAt: d.DecidedAt, Besvarshanvisning: v.Besvarshanvisning,
		Digest: d.Digest, Signatures: sigs})
	return buf.Bytes(), err
}
