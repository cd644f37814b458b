package cases

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// DecisionKind tells a delegationsbeslut from an ordförandebeslut i
// brådskande ärende.
type DecisionKind string

// Decision kinds taken outside a meeting.
const (
	KindDelegation DecisionKind = "delegation" // delegationsbeslut
	KindUrgent     DecisionKind = "urgent"     // ordförandebeslut i brådskande ärende (KL 6:39)
)

// Decision is a beslut taken on the case, with the proof of the authority
// it was taken under. It is immutable once written, except that
// signatures and the report (anmälan) are added as events; a correction
// is a new decision that names the one it corrects.
type Decision struct {
	ID               string         `json:"id"` // "<case id>-b<no>"
	No               int            `json:"no"`
	Kind             DecisionKind   `json:"kind"`
	Intro            string         `json:"intro"`   // e.g. "Ordföranden beslutar"
	Clauses          []string       `json:"clauses"` // att-satser as decided
	MemoRevision     int            `json:"memo_revision"`
	MemoDigest       string         `json:"memo_digest"`
	DeciderID        string         `json:"decider_id"`
	DeciderUsername  string         `json:"decider_username"`
	DeciderName      string         `json:"decider_name"`
	ActingRole       string         `json:"acting_role"` // the role of the matched rule
	ActingAs         string         `json:"acting_as"`   // delegate, substitute, urgent
	SubstituteReason string         `json:"substitute_reason,omitempty"`
	PointCode        string         `json:"point_code"`
	OrderID          string         `json:"order_id"`
	OrderNumber      int            `json:"order_number"`
	OrderHash        string         `json:"order_hash"`
	MatchedRule      []string       `json:"matched_rule"`
	AmountOre        int64          `json:"amount_ore"`
	AmountReason     string         `json:"amount_reason,omitempty"` // why AmountOre differs from the memo's budget impact
	ReportTo         string         `json:"report_to"`
	DecidedAt        time.Time      `json:"decided_at"`
	DecidedOn        platform.Date  `json:"decided_on"`
	Corrects         string         `json:"corrects,omitempty"`
	BudgetImpact     []BudgetImpact `json:"budget_impact,omitempty"`
	Digest           string         `json:"digest"` // SHA-256 of the canonical payload (what is signed)

	Signatures []signing.Signature `json:"signatures"`
	// Reporting is the protocol § that reports the decision (anmälan),
	// from the moment the § is recorded until its protocol is justerat: it
	// takes the decision off every other meeting's anmälan. A claim whose
	// § was never written (its recording died) goes stale after a while
	// and the decision is pending again.
	Reporting *Report `json:"reporting,omitempty"`
	// Report is the anmälan once done: the justerat protocol § that
	// reported the decision, or a report recorded by hand.
	Report *Report `json:"report,omitempty"`
}

// Report records that a decision was reported (anmält) to the board.
type Report struct {
	MeetingRef string    `json:"meeting_ref"` // e.g. "ITN 2026-03-12 § 7"
	MeetingID  string    `json:"meeting_id,omitempty"`
	Paragraph  int       `json:"paragraph,omitempty"`
	Unsigned   bool      `json:"unsigned,omitempty"` // the decider had not signed when it was reported
	At         time.Time `json:"at"`
	By         string    `json:"by"`
}

// ReportsToBoard reports whether the decision is to be reported to the
// board (anmälan): every urgent decision (KL 6:40) and every delegated one
// whose point says so.
func (d Decision) ReportsToBoard() bool { return d.ReportTo == "namnd" }

// ReportMeeting is the meeting whose protocol reports the decision, and
// the §: from the report once done, else from the § recorded.
func (d Decision) ReportMeeting() (id string, paragraph int, ok bool) {
	for _, r := range []*Report{d.Report, d.Reporting} {
		if r != nil && r.MeetingID != "" {
			return r.MeetingID, r.Paragraph, true
		}
	}
	return "", 0, false
}

// DecisionID builds the id of decision no of a case.
func DecisionID(caseID string, no int) string { return caseID + "-b" + strconv.Itoa(no) }

// ParseDecisionID splits a decision id into case id and number.
func ParseDecisionID(id string) (caseID string, no int, err error) {
	i := strings.LastIndex(id, "-b")
	if i <= 0 {
		return "", 0, fmt.Errorf("cases: %q is not a decision id", id)
	}
	no, err = strconv.Atoi(id[i+2:])
	if err != nil || no < 1 {
		return "", 0, fmt.Errorf("cases: %q is not a decision id", id)
	}
	return id[:i], no, nil
}

// Signed reports whether the decider has signed.
func (d Decision) Signed() bool {
	for _, s := range d.Signatures {
		if s.SignerID == d.DeciderID {
			return true
		}
	}
	return false
}

// JavDeclaration records that a person is jävig (disqualified) in the
// case: they may not decide, sign or edit its memo. A withdrawn
// declaration stays on record with who withdrew it, when and why.
type JavDeclaration struct {
	Person     string    `json:"person"` // username
	Ground     string    `json:"ground"` // e.g. "närstående äger leverantören"
	DeclaredBy string    `json:"declared_by"`
	At         time.Time `json:"at"`
	// WithdrawnAt is set when the declaration was withdrawn (återkallad).
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string     `json:"withdrawn_by,omitempty"`
	WithdrawReason string     `json:"withdraw_reason,omitempty"`
}

// Active reports whether the declaration binds (it was not withdrawn).
func (j JavDeclaration) Active() bool { return j.WithdrawnAt == nil }

// Jav reports whether username is declared jävig in the case (by a
// declaration not withdrawn).
func (c Case) Jav(username string) bool {
	_, ok := c.ActiveJav(username)
	return ok
}

// ActiveJav returns the index of username's declaration in force, if any.
func (c Case) ActiveJav(username string) (int, bool) {
	for i, j := range c.JavDeclarations {
		if j.Person == username && j.Active() {
			return i, true
		}
	}
	return -1, false
}

// Decision returns decision no of the case.
func (c Case) Decision(no int) (Decision, bool) {
	if no < 1 || no > len(c.Decisions) {
		return Decision{}, false
	}
	return c.Decisions[no-1], true
}
