package workflow_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/workflow"
)

// FuzzDecisionPayload: the canonical encoding of any decision is valid,
// canonical JSON (RFC 8785), stable, and changes with the decision text.
func FuzzDecisionPayload(f *testing.F) {
	f.Add("Ordföranden beslutar", "avtal tecknas med MBAB", int64(18000000), "A16")
	f.Add("", "\u2028<script>\"\\", int64(-1), "")
	f.Add("§ 7 é", "ÅÄÖ åäö", int64(9007199254740993), "B.3")
	f.Fuzz(func(t *testing.T, intro, clause string, amount int64, point string) {
		c := cases.Case{ID: "c1", RegistrationNumber: "ITN 2026/1", Board: "ITN", Title: "Avtal"}
		d := cases.Decision{ID: "c1-b1", Kind: cases.KindDelegation, Intro: intro, Clauses: []string{clause}, AmountOre: amount,
			PointCode: point, DecidedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		p := workflow.Payload(c, d)
		if !json.Valid(p) {
			t.Fatalf("not JSON: %s", p)
		}
		canon, err := jcs.Canonicalize(p)
		if err != nil || string(canon) != string(p) {
			t.Fatalf("not canonical (%v): %s", err, p)
		}
		if string(workflow.Payload(c, d)) != string(p) {
			t.Fatal("not stable")
		}
		d.Clauses = []string{clause + "x"}
		if string(workflow.Payload(c, d)) == string(p) {
			t.Fatal("the clause does not change the payload")
		}
	})
}
