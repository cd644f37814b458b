package retention

import (
	"fmt"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Subject is an ärende or a handling that gallring might remove, with the
// facts the rules need.
type Subject struct {
	// Class is its class in the klassificeringsstruktur.
	Class string
	// From is the day the gallringsfrist starts: the day the ärende was
	// closed (avslutat), or the handling's date.
	From platform.Date
	// PendingRequest is true while a request for the allmän handling (or
	// any handling of the ärende) is not yet answered.
	PendingRequest bool
	// LagaKraft is true when every decision of the ärende has gained
	// legal force (true for an ärende without decisions).
	LagaKraft bool
}

// Reasons gallring is refused (fault codes, with Swedish and English
// text in internal/i18n).
const (
	ReasonNoRule         = "plan_has_no_rule"     // the plan does not name the class
	ReasonKept           = "plan_keeps"           // the plan says bevaras
	ReasonPendingRequest = "pending_request"      // a request for allmän handling is pending
	ReasonNotLagaKraft   = "not_laga_kraft"       // a decision has not gained legal force
	ReasonNotYetDue      = "retention_not_ended"  // the gallringsfrist has not run out
	ReasonNoStart        = "retention_no_start"   // the ärende has no date the frist runs from
	ReasonNoDecision     = "no_gallring_decision" // no gallringsbeslut recorded
)

// Verdict is what the plan says about a subject on a day, and whether
// gallring may run.
type Verdict struct {
	// Rule is the plan's rule for the subject's class (zero when
	// HasRule is false).
	Rule    Rule
	HasRule bool
	// Due is the first day gallring may run under the rule (zero when
	// the plan keeps the subject or names no rule or no start).
	Due platform.Date
	// Reasons are the codes of every rule that refuses gallring, in the
	// order of the package comment; empty when gallring may run.
	Reasons []string
}

// Allowed reports whether gallring may run.
func (v Verdict) Allowed() bool { return len(v.Reasons) == 0 }

// Says is the plan's word in Swedish, e.g. "Bevaras (IHP § 1.1)" or
// "Gallras 2 år efter avslut, tidigast 2027-10-02 (IHP § 5.4)".
func (v Verdict) Says() string {
	switch {
	case !v.HasRule:
		return "Planen saknar regel för klassen"
	case v.Rule.Keep:
		return fmt.Sprintf("Bevaras (%s)", v.Rule.Reference)
	case v.Due.IsZero():
		return fmt.Sprintf("Gallras %d år efter avslut (%s)", v.Rule.Years, v.Rule.Reference)
	}
	return fmt.Sprintf("Gallras %d år efter avslut, tidigast %s (%s)", v.Rule.Years, v.Due, v.Rule.Reference)
}

// Assess says what the plan says about s and whether gallring may run
// on day on.
func (p Plan) Assess(s Subject, on platform.Date) Verdict {
	var v Verdict
	v.Rule, v.HasRule = p.Rule(s.Class)
	switch {
	case !v.HasRule:
		v.Reasons = append(v.Reasons, ReasonNoRule)
	case v.Rule.Keep:
		v.Reasons = append(v.Reasons, ReasonKept)
	}
	if s.PendingRequest {
		v.Reasons = append(v.Reasons, ReasonPendingRequest)
	}
	if !s.LagaKraft {
		v.Reasons = append(v.Reasons, ReasonNotLagaKraft)
	}
	if v.HasRule && !v.Rule.Keep {
		if s.From.IsZero() {
			v.Reasons = append(v.Reasons, ReasonNoStart)
		} else {
			v.Due = addYears(s.From, v.Rule.Years)
			if on.Before(v.Due) {
				v.Reasons = append(v.Reasons, ReasonNotYetDue)
			}
		}
	}
	return v
}

// Permit returns nil when gallring may run under decision (the
// gallringsbeslut: a § or a delegationsbeslut), else an Unprocessable
// fault whose code is the first reason and whose fields list every
// reason. A blank decision is refused with ReasonNoDecision.
func (v Verdict) Permit(decision string) error {
	reasons := v.Reasons
	if strings.TrimSpace(decision) == "" {
		reasons = append(append([]string(nil), reasons...), ReasonNoDecision)
	}
	if len(reasons) == 0 {
		return nil
	}
	f := fault.New(fault.Unprocessable, reasons[0]).WithDetail("gallring refused: %s (%s)", strings.Join(reasons, ", "), v.Says())
	for _, r := range reasons {
		f.Fields = append(f.Fields, fault.FieldError{Code: r})
	}
	return f
}

// addYears returns the day n years after d (29 February moves to 1
// March in a year without it).
func addYears(d platform.Date, n int) platform.Date {
	return platform.DateOf(time.Date(d.Year+n, d.Month, d.Day, 12, 0, 0, 0, platform.Stockholm))
}
