package retention

import (
	"context"
	"time"
)

// Version is one imported version of a board's informationshanteringsplan.
// Versions are numbered per board from 1 and never changed; the newest is
// the plan in force.
type Version struct {
	Board  string `json:"board"`
	Number int    `json:"number"`
	// Title names the plan, e.g. "Informationshanteringsplan för Ölands
	// IT-nämnd 2025".
	Title string `json:"title"`
	// AdoptedRef cites the decision that adopted the plan (optional),
	// e.g. "ITN 2025-01-15 § 3".
	AdoptedRef string    `json:"adopted_ref,omitempty"`
	Rules      []Rule    `json:"rules"`
	Digest     string    `json:"digest"` // SHA-256 of the imported file
	ImportedAt time.Time `json:"imported_at"`
	ImportedBy string    `json:"imported_by"`
	Version    int64     `json:"-"`
}

// Plan returns the version's rules as a Plan.
func (v Version) Plan() Plan { return Plan{Rules: v.Rules} }

// Storer is what plans need from storage. Insert refuses a taken
// (board, number) with fault.ErrVersionConflict-like Conflict.
type Storer interface {
	InsertPlan(ctx context.Context, v Version) (Version, error)
	// Plans returns the board's versions, newest first.
	Plans(ctx context.Context, board string) ([]Version, error)
}
