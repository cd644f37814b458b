package workflow

import (
	"context"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/retention"
)

// ReasonDelivered refuses gallring of a case delivered to the e-archive
// (read-only in Samstyr).
const ReasonDelivered = "case_delivered"

// Assessment is what the informationshanteringsplan in force says about
// a case and each of its handlingar today.
type Assessment struct {
	CaseID             string `json:"case_id"`
	RegistrationNumber string `json:"registration_number"`
	// Plan is the plan version in force (nil: the board has none).
	Plan *PlanRef `json:"plan"`
	// Class is the case's class code and ClassName its name in the
	// klassificeringsstruktur in force ("" when it does not hold the
	// class; Class is then the case's class as recorded).
	Class     string `json:"class"`
	ClassName string `json:"class_name"`
	// ClosedOn is the day the gallringsfrist runs from (zero: the case
	// is not closed).
	ClosedOn       platform.Date `json:"closed_on"`
	LagaKraft      bool          `json:"laga_kraft"`
	PendingRequest bool          `json:"pending_request"`
	Delivered      bool          `json:"delivered"`
	// Says is the plan's word in Swedish ("Bevaras (IHP § 1.1)").
	Says string `json:"says"`
	Keep bool   `json:"keep"`
	// Due is the first day gallring may run (zero when kept or unknown).
	Due platform.Date `json:"due"`
	// Reasons are the codes of every rule refusing gallring today, a
	// gallringsbeslut aside (empty: gallring may run under one).
	Reasons   []string             `json:"reasons"`
	Handlings []HandlingAssessment `json:"handlings"`
	verdict   retention.Verdict
}

// PlanRef names a plan version.
type PlanRef struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
}

// HandlingAssessment is the plan's word on one handling: its class is
// the case's (the plan has no rules per handling type yet), so the
// verdict is the case's; a weeded handling says when and under what.
type HandlingAssessment struct {
	No          int            `json:"no"`
	Description string         `json:"description"`
	Says        string         `json:"says"`
	Allowed     bool           `json:"allowed"`
	Weeding     *cases.Weeding `json:"weeding,omitempty"`
}

// Assess says what the plan in force says about the case and its
// handlingar today. Anyone who may read the case may ask.
func (e *Archive) Assess(ctx context.Context, u identity.User, caseID string) (Assessment, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return Assessment{}, err
	}
	plan, ok, err := e.planInForce(ctx, c.Board)
	if err != nil {
		return Assessment{}, err
	}
	ms, err := e.caseMeetings(ctx, c)
	if err != nil {
		return Assessment{}, err
	}
	var p *retention.Version
	if ok {
		p = &plan
	}
	return e.assess(ctx, c, p, ms)
}

// assess is Assess on a loaded case (whole history), the plan in force
// (nil: none) and the board's meetings.
func (e *core) assess(ctx context.Context, c cases.Case, plan *retention.Version, ms []meeting.Meeting) (Assessment, error) {
	pending, err := e.pendingRequest(ctx, c)
	if err != nil {
		return Assessment{}, err
	}
	prof, _, err := e.archiveProfile(ctx, c.Board)
	if err != nil {
		return Assessment{}, err
	}
	class := c.Class
	a := Assessment{CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, Class: c.Class, ClosedOn: closedOn(c),
		LagaKraft: lagaKraft(c, ms, e.today()).All, PendingRequest: pending, Delivered: c.Delivered(), Reasons: []string{},
		Handlings: []HandlingAssessment{}}
	if cl, ok := prof.CaseClass(c.Class); ok {
		class, a.ClassName = cl.Code, cl.Name
	}
	a.Class = class
	if plan == nil {
		a.Says = "Nämnden har ingen informationshanteringsplan"
		a.Reasons = append(a.Reasons, ErrNoPlanInForce.Code)
	} else {
		a.Plan = &PlanRef{Number: plan.Number, Title: plan.Title}
		a.verdict = plan.Plan().Assess(retention.Subject{Class: class, From: a.ClosedOn, PendingRequest: pending,
			LagaKraft: a.LagaKraft}, e.today())
		a.Says, a.Keep, a.Due = a.verdict.Says(), a.verdict.HasRule && a.verdict.Rule.Keep, a.verdict.Due
		a.Reasons = append(a.Reasons, a.verdict.Reasons...)
	}
	if a.Delivered {
		a.Reasons = append(a.Reasons, ReasonDelivered)
	}
	for _, d := range c.Documents {
		h := HandlingAssessment{No: d.No, Description: d.Description, Says: a.Says, Allowed: len(a.Reasons) == 0 && d.Weeding == nil,
			Weeding: d.Weeding}
		if d.Weeding != nil {
			h.Says = "Gallrad " + d.Weeding.On.String() + " enligt " + d.Weeding.Decision
		}
		a.Handlings = append(a.Handlings, h)
	}
	return a, nil
}
