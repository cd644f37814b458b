// Package audit serves the revisorer: a projection of every decision
// (one document per beslut, derived idempotently from the cases, so it can
// always be rebuilt), searches over it with keyset pagination, streamed
// exports, the reports auditors ask for, and a log of their own queries.
package audit

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
)

// Record is the projection of one decision.
type Record struct {
	ID                 string   `json:"id"` // the decision id
	Board              string   `json:"board"`
	CaseID             string   `json:"case_id"`
	RegistrationNumber string   `json:"registration_number"`
	Title              string   `json:"title"`
	Text               string   `json:"text"` // intro and att-satser
	Kind               string   `json:"kind"`
	Decider            string   `json:"decider"` // username
	DeciderName        string   `json:"decider_name"`
	Role               string   `json:"role"` // acting role
	ActingAs           string   `json:"acting_as"`
	PointCode          string   `json:"point_code"`
	OrderID            string   `json:"order_id"`
	OrderNumber        int      `json:"order_number"`
	AmountOre          int64    `json:"amount_ore"`
	BudgetImpact       bool     `json:"budget_impact"`
	BudgetYears        []int    `json:"budget_years,omitempty"`
	Signed             bool     `json:"signed"`
	SignedAt           string   `json:"signed_at,omitempty"`
	ReportTo           string   `json:"report_to"`
	Reported           bool     `json:"reported"`
	ReportedAt         string   `json:"reported_at,omitempty"`
	ReportRef          string   `json:"report_ref,omitempty"`
	Compliant          bool     `json:"compliant"`
	ComplianceReasons  []string `json:"compliance_reasons,omitempty"`
	DecidedOn          string   `json:"decided_on"` // YYYY-MM-DD
	DecidedAt          string   `json:"decided_at"`
	DecidedNS          int64    `json:"decided_ns"` // sort key
	SourceVersion      int64    `json:"source_version"`
	Version            int64    `json:"-"`
}

// Storer is what the projection needs from storage.
type Storer interface {
	GetRecord(ctx context.Context, id string) (Record, error)
	PutRecord(ctx context.Context, r Record) (Record, error) // insert at version 0, else version-guarded update
	Search(ctx context.Context, f Filter, after *Cursor, limit int) ([]Record, error)
	LogQuery(ctx context.Context, q QueryLog) error
}

// CaseSource lists cases for the catch-up.
type CaseSource interface {
	CasesWithDecisions(ctx context.Context, after string, limit int) ([]cases.Case, error)
}

// ComplianceFunc re-checks a decision against the delegationsordning in
// force when it was taken.
type ComplianceFunc func(ctx context.Context, c cases.Case, d cases.Decision) (bool, []string, error)

// QueryLog records one auditor query or export (who, when, what).
type QueryLog struct {
	ID      string            `json:"id"`
	User    string            `json:"user"`
	At      time.Time         `json:"at"`
	Action  string            `json:"action"` // search, export, report, verify
	Filters map[string]string `json:"filters"`
}

// FromDecision builds the record of a decision of a case.
func FromDecision(c cases.Case, d cases.Decision) Record {
	text := d.Intro
	for _, cl := range d.Clauses {
		text += "\natt " + cl
	}
	r := Record{ID: d.ID, Board: c.Board, CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, Title: c.Title, Text: text,
		Kind: string(d.Kind), Decider: d.DeciderUsername, DeciderName: d.DeciderName, Role: d.ActingRole, ActingAs: d.ActingAs,
		PointCode: d.PointCode, OrderID: d.OrderID, OrderNumber: d.OrderNumber, AmountOre: d.AmountOre,
		BudgetImpact: len(d.BudgetImpact) > 0, BudgetYears: cases.ImpactYears(d.BudgetImpact), Signed: d.Signed(),
		ReportTo: d.ReportTo, Reported: d.Report != nil, DecidedOn: d.DecidedOn.String(),
		DecidedAt: d.DecidedAt.UTC().Format(time.RFC3339), DecidedNS: d.DecidedAt.UnixNano(), SourceVersion: c.Version}
	for _, s := range d.Signatures {
		if s.SignerID == d.DeciderID {
			r.SignedAt = s.SignedAt.UTC().Format(time.RFC3339)
		}
	}
	if d.Report != nil {
		r.ReportedAt, r.ReportRef = d.Report.At.UTC().Format(time.RFC3339), d.Report.MeetingRef
	}
	return r
}

// AgeDays is how many days ago the decision was taken, on today.
func (r Record) AgeDays(today platform.Date) int {
	d, err := platform.ParseDate(r.DecidedOn)
	if err != nil {
		return 0
	}
	n := 0
	for ; d.Before(today) && n < 100000; d = d.AddDays(1) {
		n++
	}
	return n
}
