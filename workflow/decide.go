package workflow

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// Faults of decisions.
var (
	ErrJav              = fault.New(fault.Forbidden, "jav")
	ErrDecisionNotFound = fault.New(fault.NotFound, "decision_not_found")
	ErrNotSigner        = fault.New(fault.Forbidden, "not_signer")
	ErrAlreadySigned    = fault.New(fault.Conflict, "already_signed")
)

// DecisionInput is what a decider submits.
type DecisionInput struct {
	Kind             cases.DecisionKind
	PointCode        string
	AmountOre        int64
	Clauses          []string // att-satser as decided; the memo's when empty
	SubstituteReason string
	Corrects         string // id of the decision this one corrects
	// AmountReason says why AmountOre differs from the value of the
	// memo's budget impact; a delegated decision must give it when it
	// does. An AmountOre of 0 on a memo with a budget impact means that
	// value.
	AmountReason string
	// DecidedOn is the day the decision was taken, when it is entered
	// later (a decision taken on paper): never in the future, never before
	// the case was registered; today when zero. The delegationsordning,
	// the roles and the limits of that day apply.
	DecidedOn platform.Date
}

// Payload is the canonical (RFC 8785) encoding of a decision's content:
// what its digest covers and what signers sign.
func Payload(c cases.Case, d cases.Decision) []byte {
	m := map[string]any{
		"format": "samstyr-beslut-v1", "id": d.ID, "case_id": c.ID, "registration_number": c.RegistrationNumber,
		"board": c.Board, "title": c.Title, "kind": d.Kind, "intro": d.Intro, "clauses": d.Clauses,
		"memo_revision": d.MemoRevision, "memo_digest": d.MemoDigest,
		"decider":     map[string]any{"id": d.DeciderID, "username": d.DeciderUsername, "name": d.DeciderName},
		"acting_role": d.ActingRole, "acting_as": d.ActingAs, "substitute_reason": d.SubstituteReason,
		"point_code": d.PointCode, "order": map[string]any{"id": d.OrderID, "number": d.OrderNumber, "hash": d.OrderHash},
		"matched_rule": d.MatchedRule, "amount_ore": d.AmountOre, "report_to": d.ReportTo,
		"decided_at": d.DecidedAt.UTC().Format(time.RFC3339Nano), "decided_on": d.DecidedOn.String(), "corrects": d.Corrects,
		"budget_impact": impactPayload(d.BudgetImpact),
	}
	if d.AmountReason != "" {
		m["amount_reason"] = d.AmountReason // only when given, so earlier decisions keep their digests
	}
	b, err := jcs.Marshal(m)
	if err != nil {
		panic(err) // the map always encodes
	}
	return b
}

// Decide takes a delegated or urgent decision on the case: the decider
// is not revisor on the board, the delegationsordning in force today must
// allow it (CheckDelegation, against the larger of the stated amount and
// the memo's budget impact), the decider may not be jävig, the memo must
// be complete, and the decision — with its proof — is written together
// with the move to beslutad in one version-guarded update.
func (e *Decisions) Decide(ctx context.Context, u identity.User, caseID string, ifMatch int64, in DecisionInput) (cases.Case, cases.Decision, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, cases.Decision{}, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, cases.Decision{}, versionConflict(c.Version)
	}
	if err := e.mayChange(u, c.Board); err != nil {
		return cases.Case{}, cases.Decision{}, err
	}
	if c.Jav(u.Username) {
		return cases.Case{}, cases.Decision{}, ErrJav.WithDetail("%s is jävig in %s", u.Username, c.RegistrationNumber)
	}
	var fs fault.Fields
	clauses := make([]string, 0, len(in.Clauses))
	for i, cl := range in.Clauses {
		cl = strings.TrimSpace(cl)
		if low := strings.ToLower(cl); strings.HasPrefix(low, "att ") {
			cl = strings.TrimSpace(cl[4:])
		}
		if utf8.RuneCountInString(cl) > maxMemoLine {
			fs.Add("/clauses/"+strconv.Itoa(i), "too_long")
		}
		fieldtext.Block(&fs, "/clauses/"+strconv.Itoa(i), cl)
		if cl != "" {
			clauses = append(clauses, cl)
		}
	}
	if strings.TrimSpace(in.PointCode) == "" {
		fs.Add("/point_code", "required")
	}
	// The amount: bounded; 0 means the memo's budget impact; a delegated
	// decision that states another amount says why.
	amount, reason := in.AmountOre, strings.TrimSpace(in.AmountReason)
	hasImpact := c.Memo != nil && len(c.Memo.BudgetImpact) > 0
	impact := int64(0)
	if hasImpact {
		impact = cases.ImpactAmount(c.Memo.BudgetImpact)
	}
	switch {
	case !money.InRange(amount):
		fs.Add("/amount_ore", money.CodeTooLarge)
	case amount == 0 && hasImpact:
		amount = impact
	}
	if hasImpact && amount != impact && in.Kind != cases.KindUrgent && reason == "" {
		fs.Add("/amount_reason", "amount_differs_from_impact")
	}
	if utf8.RuneCountInString(reason) > maxMemoLine {
		fs.Add("/amount_reason", "too_long")
	}
	fieldtext.Block(&fs, "/amount_reason", reason)
	now := e.clock.Now()
	today := in.DecidedOn
	switch {
	case today.IsZero():
		today = platform.DateOf(now)
	case today.After(platform.DateOf(now)):
		fs.Add("/decided_on", "date_in_future")
	case today.Before(c.RegisteredOn):
		fs.Add("/decided_on", "before_registration")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return cases.Case{}, cases.Decision{}, err
	}
	var event string
	if in.Corrects != "" {
		_, no, err := cases.ParseDecisionID(in.Corrects)
		if _, ok := c.Decision(no); err != nil || !ok || cases.DecisionID(c.ID, no) != in.Corrects {
			return cases.Case{}, cases.Decision{}, (&fault.Fields{{Field: "/corrects", Code: "decision_not_found"}}).Err(fault.Unprocessable)
		}
		if c.State != cases.StateDecided {
			return cases.Case{}, cases.Decision{}, ErrEventNotAllowed.WithDetail("a correction needs a decided case")
		}
	} else {
		event = EventDecideDelegated
		if in.Kind == cases.KindUrgent {
			event = EventDecideUrgent
		}
		m := fsm.NewFSM(string(c.State), Definition(c.FSMVersion), fsm.Callbacks{})
		if !m.Can(event) {
			return cases.Case{}, cases.Decision{}, withAllowed(ErrEventNotAllowed.WithDetail("%s from %s", event, c.State), e.asCases().AllowedEvents(u, c))
		}
	}
	if c.Memo == nil || !c.Memo.Complete {
		return cases.Case{}, cases.Decision{}, ErrMemoIncomplete.WithDetail("a decision refers to a complete tjänsteskrivelse")
	}
	if len(clauses) == 0 {
		_, rev, err := e.asCases().Revision(ctx, u, c.ID, 0)
		if err != nil {
			return cases.Case{}, cases.Decision{}, err
		}
		clauses = rev.Memo.Clauses
	}
	res, err := e.CheckDelegation(ctx, CheckInput{Board: c.Board, Username: u.Username, PointCode: in.PointCode, Kind: in.Kind,
		AmountOre: amount, Date: today, CaseID: c.ID, SubstituteReason: in.SubstituteReason})
	if err != nil {
		return cases.Case{}, cases.Decision{}, err
	}
	if !res.Allowed {
		return cases.Case{}, cases.Decision{}, reasonsFault(res)
	}
	intro := "Beslut"
	switch {
	case in.Kind == cases.KindUrgent:
		intro = "Ordföranden beslutar med stöd av 6 kap. 39 § kommunallagen"
	case res.Point != nil:
		intro = "Beslut med stöd av delegation, punkt " + res.Point.Code
	}
	d := cases.Decision{No: len(c.Decisions) + 1, Kind: in.Kind, Intro: intro, Clauses: clauses,
		MemoRevision: c.Memo.Revision, MemoDigest: c.Memo.Digest, DeciderID: u.ID, DeciderUsername: u.Username,
		DeciderName: u.Name, ActingRole: res.ActingRole, ActingAs: res.ActingAs, SubstituteReason: in.SubstituteReason,
		PointCode: res.Point.Code, OrderID: res.Version.ID, OrderNumber: res.Version.Number, OrderHash: res.Version.ContentHash,
		MatchedRule: res.MatchedRule, AmountOre: amount, AmountReason: reason, ReportTo: string(res.Point.ReportTo),
		DecidedAt: now.UTC(), DecidedOn: today, Corrects: in.Corrects, Signatures: []signing.Signature{},
		BudgetImpact: c.Memo.BudgetImpact}
	switch {
	case in.Kind == cases.KindUrgent:
		d.ReportTo = "namnd" // KL 6:40: urgent decisions are always reported
	case res.ActingAs == "subdelegate":
		d.ReportTo = "forvaltningschef" // KL 7:8
	}
	d.ID = cases.DecisionID(c.ID, d.No)
	d.Digest = cases.Digest(string(Payload(c, d)))
	from := c.State
	if event != "" {
		c.State = cases.StateDecided
	}
	c.Decisions = append(c.Decisions, d)
	c.HasDecisions = true
	for _, y := range cases.ImpactYears(d.BudgetImpact) {
		// The pending marker travels with the decision: a worker folds
		// the impact into the year's allocation exactly once, even if
		// this process dies right after the write.
		c.Recalc = append(slices.Clone(c.Recalc), cases.RecalcTask{DecisionID: d.ID, Year: y})
		c.RecalcPending = true
	}
	c.AwaitingSignatureBy = awaitingSigner(c)
	indexSubmission(&c)                // decided: off the recipient's desk
	c.PendingReport = pendingReport(c) // pending from the moment it is taken, signed or not
	c.UpdatedAt = now.UTC()
	ev := cases.Event{At: now, Actor: u.Username, Action: cases.ActionDecision, Ref: d.ID, DataDigest: d.Digest,
		Note: string(d.Kind) + " " + d.PointCode}
	if event != "" {
		ev.Action, ev.From, ev.To = event, from, c.State
	}
	c.Append(ev)
	saved, err := e.store.Update(ctx, c)
	if errors.Is(err, fault.ErrVersionConflict) {
		return cases.Case{}, cases.Decision{}, versionConflict(c.Version)
	}
	if err == nil {
		e.notify(ctx, saved)
	}
	return saved, d, err
}

// awaitingSigner is the first decider whose decision is unsigned.
func awaitingSigner(c cases.Case) string {
	for _, d := range c.Decisions {
		if !d.Signed() {
			return d.DeciderUsername
		}
	}
	return ""
}

// pendingReport reports whether a decision of the case, signed or not,
// still has to be reported to the board (the index behind the lists of
// pending anmälningar; a § claim does not clear it, the report does).
func pendingReport(c cases.Case) bool {
	for _, d := range c.Decisions {
		if d.ReportsToBoard() && d.Report == nil {
			return true
		}
	}
	return false
}

func impactPayload(lines []cases.BudgetImpact) []any {
	out := make([]any, 0, len(lines))
	for _, l := range lines {
		out = append(out, map[string]any{"type": l.Type, "year": l.Year, "category": l.Category, "amount_ore": l.AmountOre,
			"kind": l.Kind, "member": l.Member, "within_frame": l.WithinFrame})
	}
	return out
}
