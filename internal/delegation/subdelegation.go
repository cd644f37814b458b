package delegation

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// SubDelegation is a vidaredelegering (KL 7:6): the förvaltningschef
// passes a point's authority on to an employee for a period, where the
// point allows it. The sub-delegate cannot pass it on again; decisions
// under it are reported to the förvaltningschef (KL 7:8), and the
// sub-delegation itself to the board.
type SubDelegation struct {
	ID        string        `json:"id"`
	Board     string        `json:"board"`
	PointCode string        `json:"point_code"`
	ToUser    string        `json:"to_user"` // username of the sub-delegate
	ValidFrom platform.Date `json:"valid_from"`
	ValidTo   platform.Date `json:"valid_to"` // inclusive; zero = open-ended
	Limit     *Limit        `json:"limit,omitempty"`
	GivenBy   string        `json:"given_by"` // the förvaltningschef
	GivenAt   time.Time     `json:"given_at"`
	OrderID   string        `json:"order_id"` // the version in force when it was given
	Version   int64         `json:"-"`
}

// SubRole is the pseudo-role a sub-delegate holds for a point in the
// delegation model.
func SubRole(point string) string { return "subdelegat:" + point }

// SubStorer stores sub-delegations.
type SubStorer interface {
	InsertSubDelegation(ctx context.Context, s SubDelegation) (SubDelegation, error)
	ListSubDelegations(ctx context.Context, board string) ([]SubDelegation, error)
	AllSubDelegations(ctx context.Context) ([]SubDelegation, error)
}

// Faults of sub-delegation.
var (
	ErrSubdelegationNotAllowed = fault.New(fault.Unprocessable, "subdelegation_not_allowed")
	ErrNotManager              = fault.New(fault.Forbidden, "only_forvaltningschef_subdelegates")
	ErrSubdelegationExists     = fault.New(fault.Conflict, "subdelegation_exists")
)

// ValidateSub checks a sub-delegation against the point it passes on.
func ValidateSub(s SubDelegation, p Point) error {
	var fs fault.Fields
	if !p.SubdelegationAllowed {
		return ErrSubdelegationNotAllowed.WithDetail("point %s does not allow vidaredelegering", p.Code)
	}
	if s.ToUser == "" {
		fs.Add("/user", "required")
	}
	if s.ValidFrom.IsZero() {
		fs.Add("/valid_from", "required")
	}
	if !s.ValidTo.IsZero() && s.ValidTo.Before(s.ValidFrom) {
		fs.Add("/valid_to", "invalid_period")
	}
	if s.Limit != nil && p.Limit != nil && s.Limit.PBBCents == 0 && p.Limit.PBBCents == 0 && s.Limit.Ore > p.Limit.Ore {
		fs.Add("/limit", "limit_above_point")
	}
	if s.Limit != nil && p.Limit != nil && s.Limit.Ore == 0 && p.Limit.Ore == 0 && s.Limit.PBBCents > p.Limit.PBBCents {
		fs.Add("/limit", "limit_above_point")
	}
	if s.Limit != nil && (s.Limit.Ore < 0 || s.Limit.PBBCents < 0) {
		fs.Add("/limit", "negative_limit")
	}
	return fs.Err(fault.Unprocessable)
}

// SubID builds a sub-delegation id.
func SubID(board, point, user string, from platform.Date) string {
	return fmt.Sprintf("%s/%s/%s/%s", board, point, user, from)
}
