// Package agreement models the samverkansavtal of a gemensam nämnd as
// versioned data: its members and host, the period it is valid, how the
// cost-allocation key is taken (users per member on a key date, applied
// as exact counts or as the published percentages), and the invoicing
// rule of each year. The money math itself is costs/allocation.
package agreement

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// KeyMode says how the key is applied (see allocation.KeyMode).
type KeyMode string

// Key modes.
const (
	KeyExactUsers     KeyMode = "exact_users"     // exact user counts
	KeyRoundedPercent KeyMode = "rounded_percent" // percentages rounded to one decimal, as printed in the agreement
)

// InvoicingRule names how members are invoiced in a year.
type InvoicingRule string

// Invoicing rules of the seed agreement (§14–15).
const (
	RuleQuarterlyAdvance InvoicingRule = "quarterly_advance"  // ¼ of budgeted net cost per quarter in advance; December reconciliation
	RuleObjectsInArrears InvoicingRule = "objects_in_arrears" // ordered IT objects, quarterly in arrears
)

// YearRule applies an invoicing rule from a year on.
type YearRule struct {
	FromYear int           `json:"from_year"`
	Rule     InvoicingRule `json:"rule"`
}

// Agreement is one version of a board's samverkansavtal.
type Agreement struct {
	ID        string        `json:"id"` // "<board>/<number>"
	Board     string        `json:"board"`
	Number    int           `json:"number"`
	Title     string        `json:"title"`
	ValidFrom platform.Date `json:"valid_from"`
	ValidTo   platform.Date `json:"valid_to"` // inclusive; zero = open-ended
	Host      string        `json:"host"`     // member code of the värdkommun
	Members   []string      `json:"members"`  // member codes
	// KeyMonth and KeyDay give the key date in the year before the
	// operating year (default 1 January).
	KeyMonth time.Month `json:"key_month"`
	KeyDay   int        `json:"key_day"`
	KeyMode  KeyMode    `json:"key_mode"`
	// Exclusions describes what is not shared (e.g. arvoden to elected
	// members, charged to the member that pays them).
	Exclusions string     `json:"exclusions"`
	Invoicing  []YearRule `json:"invoicing"` // by from_year ascending
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"created_by"`
	Version    int64      `json:"-"`
}

// KeyDate is the date the user counts are taken for an operating year.
func (a Agreement) KeyDate(year int) platform.Date {
	m, d := a.KeyMonth, a.KeyDay
	if m == 0 {
		m, d = time.January, 1
	}
	return platform.Date{Year: year - 1, Month: m, Day: d}
}

// RuleFor returns the invoicing rule of year.
func (a Agreement) RuleFor(year int) (InvoicingRule, bool) {
	var r InvoicingRule
	ok := false
	for _, y := range a.Invoicing {
		if y.FromYear <= year {
			r, ok = y.Rule, true
		}
	}
	return r, ok
}

// Covers reports whether the agreement is valid in year.
func (a Agreement) Covers(year int) bool {
	return a.ValidFrom.Year <= year && (a.ValidTo.IsZero() || a.ValidTo.Year >= year)
}

// Validate checks an agreement version.
func (a Agreement) Validate() error {
	var fs fault.Fields
	if a.Board == "" {
		fs.Add("/board", "required")
	}
	fieldtext.Line(&fs, "/title", a.Title)
	fieldtext.Block(&fs, "/exclusions", a.Exclusions)
	if a.ValidFrom.IsZero() {
		fs.Add("/valid_from", "required")
	}
	if !a.ValidTo.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		fs.Add("/valid_to", "invalid_period")
	}
	if len(a.Members) < 2 {
		fs.Add("/members", "joint_board_needs_members_and_one_host")
	}
	seen := map[string]bool{}
	for i, m := range a.Members {
		if m == "" || seen[m] {
			fs.Add(fmt.Sprintf("/members/%d", i), "invalid_member")
		}
		seen[m] = true
	}
	if !seen[a.Host] {
		fs.Add("/host", "invalid_member")
	}
	if a.KeyMode != KeyExactUsers && a.KeyMode != KeyRoundedPercent {
		fs.Add("/key_mode", "invalid_key_mode")
	}
	if a.KeyMonth != 0 {
		if _, err := platform.ParseDate(fmt.Sprintf("2001-%02d-%02d", a.KeyMonth, a.KeyDay)); err != nil {
			fs.Add("/key_day", "invalid_date")
		}
	}
	if len(a.Invoicing) == 0 {
		fs.Add("/invoicing", "required")
	}
	// Every year the agreement covers needs a rule: the first starts no
	// later than the agreement does.
	for i, y := range a.Invoicing {
		if (y.Rule != RuleQuarterlyAdvance && y.Rule != RuleObjectsInArrears) || (i > 0 && y.FromYear <= a.Invoicing[i-1].FromYear) ||
			(i == 0 && !a.ValidFrom.IsZero() && y.FromYear > a.ValidFrom.Year) {
			fs.Add(fmt.Sprintf("/invoicing/%d", i), "invalid_invoicing_rule")
		}
	}
	return fs.Err(fault.Unprocessable)
}

// Storer is what agreements need from storage.
type Storer interface {
	InsertAgreement(ctx context.Context, a Agreement) (Agreement, error)
	ListAgreements(ctx context.Context, board string) ([]Agreement, error) // by number
}

// Faults of this package.
var (
	ErrNoAgreement     = fault.New(fault.Unprocessable, "no_agreement")
	ErrAgreementExists = fault.New(fault.Conflict, "agreement_exists")
)

// For returns the latest agreement version covering year.
func For(as []Agreement, year int) (Agreement, bool) {
	var best Agreement
	found := false
	for _, a := range as {
		if a.Covers(year) && (!found || a.Number > best.Number) {
			best, found = a, true
		}
	}
	return best, found
}
