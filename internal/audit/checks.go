package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/ledger"
)

// PayloadFunc returns a decision's canonical content: what its digest
// covers and its signers sign (workflow.Payload).
type PayloadFunc func(c cases.Case, d cases.Decision) []byte

// RecordReader reads the whole projection for the verification.
type RecordReader interface {
	// GetRecord loads a decision record (fault NotFound when missing).
	GetRecord(ctx context.Context, id string) (Record, error)
	// CountRecords counts the records.
	CountRecords(ctx context.Context) (int64, error)
	// EachRecord calls fn with every record, in id order.
	EachRecord(ctx context.Context, fn func(Record) error) error
}

// CaseGetter reads one case with its whole history.
type CaseGetter interface {
	Get(ctx context.Context, id string) (cases.Case, error)
}

// NumberReader reads the diarium's counters and looks numbers up.
type NumberReader interface {
	DrawnSeries(ctx context.Context) ([]cases.Series, error)
	NumberHeld(ctx context.Context, board string, year int, seq int64) (bool, error)
}

// Checks are what the ledger verification checks besides the hash chains
// and checkpoints. Each is optional; a nil one is not checked.
type Checks struct {
	// Payload recomputes every decision's digest and checks its
	// signatures.
	Payload PayloadFunc
	// Records and Cases compare every record of the projection with the
	// decision in its verified case, field by field (Cases re-reads a case
	// for a second look before a difference is reported).
	Records RecordReader
	Cases   CaseGetter
	// Compliance, with Records, re-runs the compliance check of each
	// decision and compares it with the record's compliant flag and
	// reasons (without it those two fields are not compared).
	Compliance ComplianceFunc
	// Numbers finds gaps in every diarium series: numbers drawn from the
	// counter that no ärende or makulering holds.
	Numbers NumberReader
}

// fieldDiff is one field in which a record differs from what its case
// says.
type fieldDiff struct{ name, want, got string }

// recordFields are the JSON names of Record's fields, in declaration
// order: the order differences are reported in.
var recordFields = func() []string {
	var out []string
	t := reflect.TypeFor[Record]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}()

// diffRecords lists the fields in which got differs from want, as JSON
// values. source_version is not content; compliant and its reasons only
// when withCompliance.
func diffRecords(want, got Record, withCompliance bool) []fieldDiff {
	a, b := recordMap(want), recordMap(got)
	skip := map[string]bool{"source_version": true}
	if !withCompliance {
		skip["compliant"], skip["compliance_reasons"] = true, true
	}
	names := slices.Clone(recordFields)
	var extra []string
	for k := range b {
		if !slices.Contains(names, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	var out []fieldDiff
	for _, k := range append(names, extra...) {
		if skip[k] || reflect.DeepEqual(a[k], b[k]) {
			continue
		}
		out = append(out, fieldDiff{name: k, want: show(a[k]), got: show(b[k])})
	}
	return out
}

// recordMap is r's JSON form as a map, numbers kept exact.
func recordMap(r Record) map[string]any {
	b, err := json.Marshal(r)
	if err != nil {
		panic(err) // a Record always encodes
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		panic(err)
	}
	return m
}

func show(v any) string {
	if v == nil {
		return "nothing"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// projectionCheck compares the projection with the cases during one
// verification.
type projectionCheck struct {
	Checks
	decisions map[string]int // case id → its number of decisions
	matched   int64          // records found for decisions
}

// expected is the record the projection should hold for decision d of c.
func (p *projectionCheck) expected(ctx context.Context, c cases.Case, d cases.Decision) (Record, error) {
	want := FromDecision(c, d)
	if p.Compliance != nil {
		ok, reasons, err := p.Compliance(ctx, c, d)
		if err != nil {
			return want, fmt.Errorf("compliance of %s: %w", d.ID, err)
		}
		want.Compliant, want.ComplianceReasons = ok, reasons
	}
	return want, nil
}

// compare checks every decision of c against its record and returns the
// problems and how many records were found.
func (p *projectionCheck) compare(ctx context.Context, c cases.Case) ([]ledger.Problem, int64, error) {
	var out []ledger.Problem
	var found int64
	for _, d := range c.Decisions {
		got, err := p.Records.GetRecord(ctx, d.ID)
		if errors.Is(err, fault.ErrNotFound) {
			out = append(out, ledger.Problem{Kind: ledger.KindProjectionMissing, CaseID: c.ID, Decision: d.ID,
				Detail: "the decision has no record in the audit projection: searches, exports and reports do not show it"})
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		found++
		want, err := p.expected(ctx, c, d)
		if err != nil {
			return nil, 0, err
		}
		for _, f := range diffRecords(want, got, p.Compliance != nil) {
			out = append(out, ledger.Problem{Kind: ledger.KindProjectionMismatch, CaseID: c.ID, Decision: d.ID, Field: f.name,
				Detail: fmt.Sprintf("the case says %s, the audit projection %s", f.want, f.got)})
		}
		if got.SourceVersion > c.Version {
			out = append(out, ledger.Problem{Kind: ledger.KindProjectionMismatch, CaseID: c.ID, Decision: d.ID, Field: "source_version",
				Detail: fmt.Sprintf("the audit record was made from version %d of the case, but the store holds version %d: the case was rolled back",
					got.SourceVersion, c.Version)})
		}
	}
	return out, found, nil
}

// checkCase is the projection part of ledger.VerifyOptions.CheckCase. A
// difference is reported only if a second look, at the case and records
// read again, still shows it: a decision signed or reported while the
// verification runs moves its case and then its record on.
func (p *projectionCheck) checkCase(ctx context.Context, c cases.Case) ([]ledger.Problem, error) {
	if len(c.Decisions) == 0 {
		return nil, nil
	}
	p.decisions[c.ID] = len(c.Decisions)
	probs, found, err := p.compare(ctx, c)
	p.matched += found
	if err != nil || len(probs) == 0 || p.Cases == nil {
		return probs, err
	}
	again, err := p.Cases.Get(ctx, c.ID)
	if errors.Is(err, fault.ErrNotFound) {
		return probs, nil
	}
	if err != nil {
		return nil, err
	}
	probs, _, err = p.compare(ctx, again)
	return probs, err
}

// finish lists records of decisions no case has: only when there are
// more records than decisions found them.
func (p *projectionCheck) finish(ctx context.Context, rep *ledger.Report) error {
	total, err := p.Records.CountRecords(ctx)
	if err != nil || total <= p.matched {
		return err
	}
	return p.Records.EachRecord(ctx, func(r Record) error {
		caseID, no, err := cases.ParseDecisionID(r.ID)
		if err == nil && no <= p.decisions[caseID] {
			return nil
		}
		if err != nil {
			caseID = r.CaseID
		} else if p.Cases != nil {
			// A second look: the decision may have been taken meanwhile.
			c, err := p.Cases.Get(ctx, caseID)
			if err == nil && no <= len(c.Decisions) {
				return nil
			}
			if err != nil && !errors.Is(err, fault.ErrNotFound) {
				return err
			}
		}
		rep.Add(ledger.Problem{Kind: ledger.KindProjectionExtra, CaseID: caseID, Decision: r.ID,
			Detail: fmt.Sprintf("the audit projection holds a decision (%s, %s) that no case has: searches, exports and reports show a decision that was never taken",
				r.RegistrationNumber, r.Title)})
		return nil
	})
}
