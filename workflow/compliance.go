package workflow

import (
	"context"
	"errors"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/policies"
)

// Compliance is the re-check of a stored decision against the
// delegationsordning that was in force when it was taken.
type Compliance struct {
	DecisionID string      `json:"decision_id"`
	Compliant  bool        `json:"compliant"`
	Check      CheckResult `json:"check"`
	// SameVersion is true when the version in force on the decision date is
	// the one recorded in the decision's proof, unchanged.
	SameVersion bool `json:"same_version"`
}

// RecheckCompliance re-evaluates a decision against the order version in
// force on its decision date (not today's), with the role assignments as
// they were on that date.
func (e *Decisions) RecheckCompliance(ctx context.Context, u identity.User, decisionID string) (Compliance, error) {
	c, d, err := e.DecisionOf(ctx, u, decisionID)
	if err != nil {
		return Compliance{}, err
	}
	res, err := e.CheckDelegation(ctx, recheckInput(c, d))
	if f := (*fault.Error)(nil); errors.As(err, &f) && f.Code == "validation_failed" && f.Kind == fault.Unprocessable {
		// A decision stored with an amount no check takes (out of bounds):
		// it does not comply.
		reasons := []string{}
		for _, fe := range f.Fields {
			reasons = append(reasons, fe.Code)
		}
		return Compliance{DecisionID: d.ID, Check: CheckResult{Reasons: reasons, MatchedRule: []string{}}}, nil
	}
	if err != nil {
		return Compliance{}, err
	}
	out := Compliance{DecisionID: d.ID, Check: res}
	out.SameVersion = res.Version != nil && res.Version.ID == d.OrderID && res.Version.ContentHash == d.OrderHash
	out.Compliant = res.Allowed && out.SameVersion && slices.Equal(res.MatchedRule, d.MatchedRule)
	return out, nil
}

// recheckInput is the check a stored decision is re-evaluated with: on
// its decision date, against the larger of its amount and the value of
// the budget impact it carries.
func recheckInput(c cases.Case, d cases.Decision) CheckInput {
	return CheckInput{Board: c.Board, Username: d.DeciderUsername, PointCode: d.PointCode, Kind: d.Kind,
		AmountOre: cases.CheckedAmount(d.AmountOre, d.BudgetImpact), Date: d.DecidedOn, SubstituteReason: d.SubstituteReason}
}

// CheckItem is one part of a decision's verification.
type CheckItem struct {
	Name   string `json:"name"` // digest, signature, memo, delegation_proof, history
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// Verification says whether a decision is intact and which part is not.
type Verification struct {
	DecisionID string      `json:"decision_id"`
	Valid      bool        `json:"valid"`
	Checks     []CheckItem `json:"checks"`
}

// VerifyDecision checks a stored decision: its content against its digest,
// every signature against the content, the memo revision it refers to, the
// delegation proof against the stored order version, and the case's
// history chain.
func (e *Decisions) VerifyDecision(ctx context.Context, u identity.User, decisionID string) (Verification, error) {
	c, d, err := e.DecisionOf(ctx, u, decisionID)
	if err != nil {
		return Verification{}, err
	}
	v := Verification{DecisionID: d.ID}
	add := func(name string, ok bool, detail string) {
		v.Checks = append(v.Checks, CheckItem{Name: name, OK: ok, Detail: detail})
	}
	payload := Payload(c, d)
	add("digest", cases.Digest(string(payload)) == d.Digest, "the decision's content matches the digest it was signed under")
	switch {
	case len(d.Signatures) == 0:
		add("signature", false, "not signed")
	default:
		ok, detail := true, "every signature verifies"
		for _, s := range d.Signatures {
			if err := signing.Verify(s, payload); err != nil {
				ok, detail = false, s.KeyID+": "+err.Error()
				break
			}
		}
		add("signature", ok, detail)
	}
	memoOK, memoDetail := false, "memo revision not found"
	if c.Memo != nil {
		for _, r := range c.Memo.Revisions {
			if r.No == d.MemoRevision {
				rev, err := e.store.GetRevision(ctx, r.ID)
				memoOK = err == nil && r.Digest == d.MemoDigest && rev.Memo.Digest() == d.MemoDigest
				memoDetail = "the memo revision the decision refers to is unchanged"
				if !memoOK {
					memoDetail = "the memo revision differs from the digest in the decision"
				}
			}
		}
	}
	add("memo", memoOK, memoDetail)
	proofOK, proofDetail := false, "order version not found"
	if o, err := e.orders.Get(ctx, c.Board, d.OrderNumber); err == nil && o.ID == d.OrderID {
		p, found := o.Point(d.PointCode)
		rules := policies.Rules(o, p)
		proofOK = found && o.ContentHash == d.OrderHash && o.Hash() == d.OrderHash &&
			slices.ContainsFunc(rules, func(r []string) bool { return slices.Equal(r, d.MatchedRule) })
		proofDetail = "the order version and its matched rule are as recorded"
		if !proofOK {
			proofDetail = "the order version or the matched rule differs from the decision's proof"
		}
	}
	add("delegation_proof", proofOK, proofDetail)
	if p := c.Verify(); p != nil {
		add("history", false, p.Error())
	} else {
		add("history", true, "the case's hash chain verifies")
	}
	v.Valid = true
	for _, ch := range v.Checks {
		v.Valid = v.Valid && ch.OK
	}
	return v, nil
}

// ComplianceOf re-checks decision d of case c (no access check: for the
// audit projection). It returns whether the decision complies and, if
// not, why.
func (e *Decisions) ComplianceOf(ctx context.Context, c cases.Case, d cases.Decision) (bool, []string, error) {
	res, err := e.CheckDelegation(ctx, recheckInput(c, d))
	if err != nil {
		if fault.From(err).Kind != fault.Internal {
			return false, []string{fault.From(err).Code}, nil
		}
		return false, nil, err
	}
	same := res.Version != nil && res.Version.ID == d.OrderID && res.Version.ContentHash == d.OrderHash
	ok := res.Allowed && same && slices.Equal(res.MatchedRule, d.MatchedRule)
	reasons := res.Reasons
	if res.Allowed && !ok {
		reasons = []string{"proof_mismatch"}
	}
	return ok, reasons, nil
}
