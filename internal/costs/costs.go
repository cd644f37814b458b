// Package costs is the one place for the money a joint board (gemensam
// nämnd) shares between its member municipalities. It is laid out for a
// newcomer to read from the bottom up:
//
//   - costs/allocation: the pure math, int64 öre, no I/O: the allocation
//     key and the largest-remainder split of a year's costs;
//   - costs/budget: a year's budget, forecast and outcome lines and their
//     CSV import and export;
//   - costs/agreement: the samverkansavtal: members, host, key date and
//     key mode, and the invoicing rule per year;
//   - costs (this package): the budget years and the allocation snapshots
//     the service derives from them, with their CSV exports.
//
// The sub-packages are separate so that the math and the file formats can
// be read and tested without the service (allocation imports nothing of
// Samstyr's; budget and agreement only the money, fault and text
// helpers); amounts are read and printed by internal/money.
//
// The service turns the budget years into cost-allocation snapshots: on a
// budget import and, exactly once per decision and year, when a decision
// with budget impact is taken.
//
// Exactly once, without transactions: a decision writes a recalculation
// task into its case in the same update. Processing a task first appends
// the decision to the board-year's head document (a single
// version-guarded update; a decision already there is not appended
// again), then derives the snapshot for each head entry that lacks one
// under a deterministic id (an existing one is left alone), and finally
// removes the task from the case. A crash between any two steps is
// repaired by running the task again.
package costs

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/costs/allocation"
	"github.com/samstyr/samstyr/internal/costs/budget"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// BudgetYear is one board's lines of one year (budget, forecast, outcome).
type BudgetYear struct {
	ID      string        `json:"id"` // "<board>/<year>"
	Board   string        `json:"board"`
	Year    int           `json:"year"`
	Lines   []budget.Line `json:"lines"`
	Imports []Import      `json:"imports"`
	Version int64         `json:"-"`
}

// Import records one CSV import into a budget year.
type Import struct {
	ID    string            `json:"id"`
	At    time.Time         `json:"at"`
	By    string            `json:"by"`
	Types []budget.LineType `json:"types"` // the line types the import replaced
	Lines int               `json:"lines"`
}

// TriggerKind says what caused a snapshot.
type TriggerKind string

// Trigger kinds.
const (
	TriggerImport   TriggerKind = "import"   // a budget import
	TriggerDecision TriggerKind = "decision" // a decision with budget impact
	// TriggerUserCount: a member's user count on the year's key date was
	// recorded or corrected.
	TriggerUserCount TriggerKind = "user_count"
)

// Trigger is one entry of a head: what caused snapshot number Seq.
type Trigger struct {
	Seq                int           `json:"seq"`
	Kind               TriggerKind   `json:"kind"`
	Ref                string        `json:"ref"` // import id, decision id, or "user_count:<key date>:<recordings>:<latest recorded>"
	CaseID             string        `json:"case_id,omitempty"`
	RegistrationNumber string        `json:"registration_number,omitempty"`
	Lines              []budget.Line `json:"lines,omitempty"` // a decision's impact as budget lines
	At                 time.Time     `json:"at"`
}

// Head is the ordered list of what changed a board-year's allocation.
type Head struct {
	ID       string    `json:"id"` // "<board>/<year>"
	Board    string    `json:"board"`
	Year     int       `json:"year"`
	Triggers []Trigger `json:"triggers"`
	Version  int64     `json:"-"`
}

// KeyUsed is the allocation key a snapshot used.
type KeyUsed struct {
	KeyDate platform.Date    `json:"key_date"`
	Mode    string           `json:"mode"`
	Users   map[string]int64 `json:"users"`
}

// Snapshot is an immutable cost allocation of a board-year.
type Snapshot struct {
	ID          string            `json:"id"` // "<board>/<year>/<seq>"
	Board       string            `json:"board"`
	Year        int               `json:"year"`
	Seq         int               `json:"seq"`
	Previous    string            `json:"previous,omitempty"`
	Trigger     Trigger           `json:"trigger"`
	Agreement   string            `json:"agreement"`
	Key         KeyUsed           `json:"key"`
	Primary     allocation.Result `json:"primary"`     // in the agreement's key mode
	Alternative allocation.Result `json:"alternative"` // in the other key mode, for comparison
	LineCount   int               `json:"line_count"`
	// Excluded lists the decisions up to Seq whose budget impact is not
	// in the allocation because no allocation could take it (an amount
	// beyond the bound, stored before it was enforced, or sums beyond an
	// int64); empty normally.
	Excluded  []Excluded `json:"excluded,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Excluded is a change left out of a snapshot, and why
// (money.CodeTooLarge or "allocation_failed").
type Excluded struct {
	Ref    string `json:"ref"`
	Reason string `json:"reason"`
}

// Storer is what costs needs from storage. Put* insert when the version
// is 0 and update under the version otherwise (fault.ErrVersionConflict
// when stale or when an insert lost a race).
type Storer interface {
	GetYear(ctx context.Context, id string) (BudgetYear, error)
	PutYear(ctx context.Context, y BudgetYear) (BudgetYear, error)
	GetHead(ctx context.Context, id string) (Head, error)
	PutHead(ctx context.Context, h Head) (Head, error)
	InsertSnapshot(ctx context.Context, s Snapshot) (bool, error)
	GetSnapshot(ctx context.Context, id string) (Snapshot, error)
	ListSnapshots(ctx context.Context, board string, year int) ([]Snapshot, error)
	CountSnapshots(ctx context.Context, board string, year int) (int64, error)
}

// Faults of this package.
var (
	ErrNoUserCounts  = fault.New(fault.Unprocessable, "key_date_without_user_counts")
	ErrNoSnapshot    = fault.New(fault.NotFound, "no_allocation")
	ErrNotJointBoard = fault.New(fault.Unprocessable, "not_a_joint_board")
)

// YearID is the id of a board's year documents.
func YearID(board string, year int) string { return fmt.Sprintf("%s/%d", board, year) }

// SnapshotID is the id of snapshot seq of a board-year.
func SnapshotID(board string, year, seq int) string { return fmt.Sprintf("%s/%d/%d", board, year, seq) }
