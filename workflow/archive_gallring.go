package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// GallringDecision names the gallringsbeslut a run is taken under: a
// delegationsbeslut (DecisionID) or a § of a protocol (MeetingID and
// Paragraph).
type GallringDecision struct {
	DecisionID string `json:"decision_id,omitempty"`
	MeetingID  string `json:"meeting_id,omitempty"`
	Paragraph  int    `json:"paragraph,omitempty"`
}

// GallringInput is a gallring run on a board.
type GallringInput struct {
	Board    string
	Decision GallringDecision
	// Cases are the case ids to weed; empty: every closed, archived or
	// voided case of the board.
	Cases []string
}

// GallringResult is what a run did: the handlingar it weeded, per case,
// and every case it refused with the reasons.
type GallringResult struct {
	Board       string          `json:"board"`
	Decision    string          `json:"decision"` // the gallringsbeslut as cited
	PlanVersion int             `json:"plan_version"`
	On          platform.Date   `json:"on"`
	Weeded      []GallringItem  `json:"weeded"`
	Refused     []GallringItem  `json:"refused"`
	Unchanged   []GallringItem  `json:"unchanged"` // allowed, nothing left to weed
	Considered  int             `json:"considered"`
	Failed      []GallringError `json:"failed,omitempty"`
}

// GallringItem is one case of a run.
type GallringItem struct {
	CaseID             string   `json:"case_id"`
	RegistrationNumber string   `json:"registration_number"`
	Handlings          []int    `json:"handlings,omitempty"` // the löpnummer weeded
	Reasons            []string `json:"reasons,omitempty"`   // why it was refused
	Says               string   `json:"says,omitempty"`      // the plan's word
}

// GallringError is a case the run could not finish (a storage error):
// running again finishes it.
type GallringError struct {
	CaseID string `json:"case_id"`
	Error  string `json:"error"`
}

// ErrNoGallringDecision: gallring runs only under a recorded
// gallringsbeslut (retention.ReasonNoDecision).
var ErrNoGallringDecision = fault.New(fault.Unprocessable, "no_gallring_decision")

// Limits of a run.
const maxGallringCases = 1000

// gallringWord is how a decision names gallring (gallring, gallra,
// gallras, gallrade …).
const gallringWord = "gallr"

// Gallra runs gallring on the board's cases under a recorded
// gallringsbeslut and the informationshanteringsplan in force: for every
// case the plan allows today (retention.Plan.Assess: not kept, the frist
// run out, no pending request for allmän handling, every decision laga
// kraft) and that was not delivered to the e-archive, it removes the
// content of every handling not yet weeded — the file, never its
// metadata or SHA-256 — and writes one gallring event per handling in the
// case's hash chain (the gallringslogg), with the case, in one update;
// then it deletes the files. Every other case is refused with its reasons.
// Without a gallringsbeslut, with one that is not a decision about
// gallring on this board, or without a plan, nothing is removed and the
// run is refused.
func (e *Archive) Gallra(ctx context.Context, u identity.User, in GallringInput) (GallringResult, error) {
	if err := e.authorizeOn(ctx, u, in.Board, actionGallra); err != nil {
		return GallringResult{}, err
	}
	d := in.Decision
	d.DecisionID, d.MeetingID = strings.TrimSpace(d.DecisionID), strings.TrimSpace(d.MeetingID)
	if d.DecisionID == "" && d.MeetingID == "" {
		f := ErrNoGallringDecision.WithDetail("name the gallringsbeslut: a delegationsbeslut's id, or a meeting and its §")
		f.Fields = []fault.FieldError{{Field: "/decision", Code: ErrNoGallringDecision.Code}}
		return GallringResult{}, f
	}
	var fs fault.Fields
	switch {
	case d.DecisionID != "" && d.MeetingID != "":
		fs.Add("/decision", "invalid_gallring_decision")
	case d.MeetingID != "" && d.Paragraph < 1:
		fs.Add("/decision/paragraph", "required")
	}
	if len(in.Cases) > maxGallringCases {
		fs.Add("/cases", "too_many_cases")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return GallringResult{}, err
	}
	plan, ok, err := e.planInForce(ctx, in.Board)
	if err != nil {
		return GallringResult{}, err
	}
	if !ok {
		return GallringResult{}, ErrNoPlanInForce.WithDetail("%s has no informationshanteringsplan", in.Board)
	}
	cite, ref, err := e.gallringDecision(ctx, u, in.Board, d)
	if err != nil {
		return GallringResult{}, err
	}
	res := GallringResult{Board: in.Board, Decision: cite, PlanVersion: plan.Number, On: e.today(),
		Weeded: []GallringItem{}, Refused: []GallringItem{}, Unchanged: []GallringItem{}}
	candidates, refused, err := e.gallringCandidates(ctx, in.Board, in.Cases)
	if err != nil {
		return GallringResult{}, err
	}
	res.Refused = append(res.Refused, refused...)
	for _, c := range candidates {
		res.Considered++
		ms, err := e.caseMeetings(ctx, c) // the meetings its legal force depends on, not the board's list
		if err != nil {
			return res, err
		}
		a, err := e.assess(ctx, c, &plan, ms)
		if err != nil {
			return res, err
		}
		item := GallringItem{CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, Says: a.Says}
		if len(a.Reasons) > 0 {
			item.Reasons = a.Reasons
			res.Refused = append(res.Refused, item)
			continue
		}
		if err := a.verdict.Permit(cite); err != nil { // a second look, by the plan's own rule
			item.Reasons = []string{fault.From(err).Code}
			res.Refused = append(res.Refused, item)
			continue
		}
		weeded, err := e.weed(ctx, u, c, cases.Weeding{On: res.On, By: u.Username, Decision: cite, DecisionRef: ref,
			PlanVersion: plan.Number, Reference: a.verdict.Rule.Reference})
		switch {
		case errors.Is(err, ErrDelivered):
			item.Reasons = []string{ReasonDelivered}
			res.Refused = append(res.Refused, item)
		case err != nil:
			res.Failed = append(res.Failed, GallringError{CaseID: c.ID, Error: err.Error()})
		case len(weeded) == 0:
			res.Unchanged = append(res.Unchanged, item)
		default:
			item.Handlings = weeded
			res.Weeded = append(res.Weeded, item)
		}
	}
	return res, nil
}

// gallringDecision checks that d names a recorded decision about gallring
// on board and returns how it is cited and its reference: a signed
// delegationsbeslut under a delegation point whose matter is gallring, or
// a bifall § of a justerat protocol whose att-satser decide gallring.
func (e *core) gallringDecision(ctx context.Context, u identity.User, board string, d GallringDecision) (cite, ref string, err error) {
	refuse := func(field, code, format string, args ...any) error {
		f := ErrGallringDecision.WithDetail(format, args...)
		f.Fields = []fault.FieldError{{Field: field, Code: code}}
		return f
	}
	if d.DecisionID != "" {
		c, dec, err := e.asDecisions().DecisionOf(ctx, u, d.DecisionID)
		switch {
		case err != nil && fault.From(err).Kind == fault.NotFound:
			return "", "", refuse("/decision/decision_id", "gallring_decision_not_found", "no decision %s", d.DecisionID)
		case err != nil:
			return "", "", err
		case c.Board != board:
			return "", "", refuse("/decision/decision_id", "gallring_decision_other_board", "%s is a decision of %s", d.DecisionID, c.Board)
		case !dec.Signed():
			return "", "", refuse("/decision/decision_id", "gallring_decision_unsigned", "%s is not signed", d.DecisionID)
		}
		o, err := e.orders.Get(ctx, board, dec.OrderNumber)
		if err != nil {
			return "", "", err
		}
		p, ok := o.Point(dec.PointCode)
		if !ok || !strings.Contains(strings.ToLower(p.Matter), gallringWord) {
			return "", "", refuse("/decision/decision_id", "not_a_gallring_decision",
				"%s was taken under point %s, which is not about gallring", d.DecisionID, dec.PointCode)
		}
		return fmt.Sprintf("Delegationsbeslut %s, punkt %s (%s)", c.RegistrationNumber, dec.PointCode, dec.ID), dec.ID, nil
	}
	m, err := e.meetings.GetMeeting(ctx, d.MeetingID)
	switch {
	case err != nil && fault.From(err).Kind == fault.NotFound:
		return "", "", refuse("/decision/meeting_id", "gallring_decision_not_found", "no meeting %s", d.MeetingID)
	case err != nil:
		return "", "", err
	case m.Board != board || !e.CanRead(u, m.Board):
		return "", "", refuse("/decision/meeting_id", "gallring_decision_other_board", "meeting %s is not one of %s", d.MeetingID, board)
	}
	i := slices.IndexFunc(m.Paragraphs, func(p meeting.Paragraph) bool { return p.No == d.Paragraph })
	if i < 0 {
		return "", "", refuse("/decision/paragraph", "gallring_decision_not_found", "the protocol has no § %d", d.Paragraph)
	}
	p := m.Paragraphs[i]
	if m.Status != meeting.StatusJusterad && !p.Immediate {
		return "", "", refuse("/decision/paragraph", "gallring_decision_not_justerad", "%s is not justerad", m.ParagraphRef(p.No))
	}
	about := false
	for _, cl := range p.Clauses {
		about = about || strings.Contains(strings.ToLower(cl), gallringWord)
	}
	if p.Outcome != meeting.OutcomeApproved || !about {
		return "", "", refuse("/decision/paragraph", "not_a_gallring_decision", "%s does not decide gallring", m.ParagraphRef(p.No))
	}
	return m.ParagraphRef(p.No), m.ID + "#" + fmt.Sprint(p.No), nil
}

// gallringStates are the states a case may be weeded in: handled in full.
var gallringStates = []cases.State{cases.StateClosed, cases.StateArchived, cases.StateVoided}

// gallringCandidates loads the cases a run considers, with their whole
// history: ids (each must be a case of the board, else refused as not
// found), or every case of the board in a gallringState.
func (e *core) gallringCandidates(ctx context.Context, board string, ids []string) ([]cases.Case, []GallringItem, error) {
	var out []cases.Case
	var refused []GallringItem
	if len(ids) > 0 {
		seen := map[string]bool{}
		for _, id := range ids {
			id = strings.TrimSpace(id)
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := e.store.Get(ctx, id)
			if err != nil && fault.From(err).Kind != fault.NotFound {
				return nil, nil, err
			}
			if err != nil || c.Board != board {
				refused = append(refused, GallringItem{CaseID: id, Reasons: []string{cases.ErrCaseNotFound.Code}})
				continue
			}
			out = append(out, c)
		}
		return out, refused, nil
	}
	for _, st := range gallringStates {
		cs, err := e.listAll(ctx, board, st)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, cs...)
	}
	return out, nil, nil
}

// listAll returns every case of board in state st, whole.
func (e *core) listAll(ctx context.Context, board string, st cases.State) ([]cases.Case, error) {
	var out []cases.Case
	for page := 1; ; page++ {
		cs, total, err := e.store.List(ctx, cases.Filter{Boards: []string{board}, State: st, Page: page, PerPage: 100})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			full, err := e.store.Complete(ctx, c)
			if err != nil {
				return nil, err
			}
			out = append(out, full)
		}
		if len(cs) == 0 || int64(page*100) >= total {
			return out, nil
		}
	}
}

// weed marks every handling of c not yet weeded as weeded, with one
// gallring event each, in one version-guarded update (retried on a
// conflict), then deletes the files of every weeded handling — also those
// an earlier run marked but did not get to delete. It returns the
// löpnummer weeded now.
func (e *core) weed(ctx context.Context, u identity.User, c cases.Case, w cases.Weeding) ([]int, error) {
	for attempt := 0; ; attempt++ {
		if c.Delivered() {
			return nil, ErrDelivered
		}
		now := e.clock.Now()
		w.At = now.UTC()
		var weeded []int
		c.Documents = slices.Clone(c.Documents)
		for i := range c.Documents {
			d := &c.Documents[i]
			if d.Weeding != nil {
				continue
			}
			ww := w
			d.Weeding = &ww
			weeded = append(weeded, d.No)
			c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionGallring, Ref: cases.DocumentRef(d.No),
				Note: w.Decision, DataDigest: ww.Digest(d.No, d.SHA256)})
		}
		if len(weeded) > 0 {
			c.UpdatedAt = now.UTC()
			_, err := e.store.Update(ctx, c)
			if errors.Is(err, fault.ErrVersionConflict) && attempt < 5 {
				if c, err = e.store.Get(ctx, c.ID); err != nil {
					return nil, err
				}
				continue
			}
			if err != nil {
				return nil, err
			}
		}
		for _, d := range c.Documents {
			if d.Weeding != nil && d.BlobID != "" {
				if err := e.archive.blobs.DeleteBlob(ctx, d.BlobID); err != nil {
					return weeded, err
				}
			}
		}
		return weeded, nil
	}
}
