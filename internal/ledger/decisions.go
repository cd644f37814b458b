package ledger

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/signing"
)

// checkCase runs the checks of o on one case after its chain was checked:
// every decision's digest and signatures (o.DecisionPayload), then
// o.CheckCase, whose projection mismatches of an edited decision name the
// field that was edited.
func checkCase(ctx context.Context, rep *Report, c cases.Case, o VerifyOptions) error {
	own := checkDecisions(c, o.DecisionPayload)
	edited := map[string]bool{}
	for _, p := range own {
		if p.Kind == KindDecisionEdited {
			edited[p.Decision] = true
		}
	}
	var more []Problem
	if o.CheckCase != nil {
		var err error
		if more, err = o.CheckCase(ctx, c); err != nil {
			return fmt.Errorf("ledger: checking case %s: %w", c.ID, err)
		}
	}
	named := map[string]bool{}
	for _, p := range more {
		if p.Kind == KindProjectionMismatch && edited[p.Decision] {
			named[p.Decision] = true
		}
	}
	for _, p := range own {
		if p.Kind == KindDecisionEdited && named[p.Decision] {
			continue // reported below, field by field
		}
		rep.add(p)
	}
	for _, p := range more {
		if p.Kind == KindProjectionMismatch && edited[p.Decision] {
			p.Kind = KindDecisionEdited
			p.Detail += "; the decision no longer matches the digest it was signed under, so the case was edited (the audit record keeps what was decided)"
		}
		rep.add(p)
	}
	return nil
}

// checkDecisions recomputes every decision's digest from its content and
// checks every signature over that content. A decision whose digest fails
// gives one KindDecisionEdited problem (its signatures fail with it and
// are not listed again).
func checkDecisions(c cases.Case, payload func(cases.Case, cases.Decision) []byte) []Problem {
	if payload == nil {
		return nil
	}
	var out []Problem
	for _, d := range c.Decisions {
		b := payload(c, d)
		if cases.Digest(string(b)) != d.Digest {
			out = append(out, Problem{Kind: KindDecisionEdited, CaseID: c.ID, Decision: d.ID,
				Detail: "the decision's content no longer matches the digest it was signed under (and the history recorded)"})
			continue
		}
		for i, s := range d.Signatures {
			if err := signing.Verify(s, b); err != nil {
				out = append(out, Problem{Kind: KindDecisionSignature, CaseID: c.ID, Decision: d.ID,
					Detail: fmt.Sprintf("signature %d (%s, key %s) does not verify over the decision: %v", i+1, s.SignerID, s.KeyID, err)})
			}
		}
	}
	return out
}
