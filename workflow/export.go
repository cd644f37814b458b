package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/internal/signing"
)

// ExportFormat names the decision export format.
const ExportFormat = "samstyr-decision-export-v1"

// DecisionExport is the self-contained file `samstyr verify-decision`
// checks without the database: the decision, the exact canonical bytes
// its digest and signatures cover, and the signatures (inside Decision).
type DecisionExport struct {
	Format   string         `json:"format"`
	Decision cases.Decision `json:"decision"`
	Payload  string         `json:"payload"` // RFC 8785 canonical JSON
}

// Export builds the export of a decision of a case.
func Export(c cases.Case, d cases.Decision) DecisionExport {
	return DecisionExport{Format: ExportFormat, Decision: d, Payload: string(Payload(c, d))}
}

// VerifyExport checks an export offline: the payload is canonical, its
// digest is the decision's, it says what the decision says, and every
// signature verifies over it. It returns each check.
func VerifyExport(x DecisionExport) []CheckItem {
	var out []CheckItem
	add := func(name string, ok bool, detail string) {
		out = append(out, CheckItem{Name: name, OK: ok, Detail: detail})
	}
	if x.Format != ExportFormat {
		add("format", false, fmt.Sprintf("unknown format %q", x.Format))
		return out
	}
	payload := []byte(x.Payload)
	canon, err := jcs.Canonicalize(payload)
	add("canonical", err == nil && bytes.Equal(canon, payload), "the payload is in RFC 8785 canonical form")
	d := x.Decision
	add("digest", cases.Digest(x.Payload) == d.Digest, "SHA-256 of the payload equals the decision's digest")
	var p struct {
		ID          string   `json:"id"`
		Kind        string   `json:"kind"`
		Clauses     []string `json:"clauses"`
		MemoDigest  string   `json:"memo_digest"`
		PointCode   string   `json:"point_code"`
		AmountOre   int64    `json:"amount_ore"`
		MatchedRule []string `json:"matched_rule"`
		Order       struct {
			ID   string `json:"id"`
			Hash string `json:"hash"`
		} `json:"order"`
		Decider struct {
			ID string `json:"id"`
		} `json:"decider"`
	}
	same := json.Unmarshal(payload, &p) == nil && p.ID == d.ID && p.Kind == string(d.Kind) &&
		slices.Equal(p.Clauses, d.Clauses) && p.MemoDigest == d.MemoDigest && p.PointCode == d.PointCode &&
		p.AmountOre == d.AmountOre && slices.Equal(p.MatchedRule, d.MatchedRule) && p.Order.ID == d.OrderID &&
		p.Order.Hash == d.OrderHash && p.Decider.ID == d.DeciderID
	add("content", same, "the payload states the decision's text, amount, memo hash, proof and decider")
	if len(d.Signatures) == 0 {
		add("signature", false, "not signed")
	}
	for i, s := range d.Signatures {
		err := signing.Verify(s, payload)
		detail := fmt.Sprintf("signature %d (key %s) verifies", i+1, s.KeyID)
		if err != nil {
			detail = fmt.Sprintf("signature %d (key %s): %v", i+1, s.KeyID, err)
		}
		add("signature", err == nil && s.SignerID == d.DeciderID, detail)
	}
	return out
}
