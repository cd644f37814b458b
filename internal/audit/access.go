package audit

import (
	"context"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
)

// ErrCheckpointReadOnly refuses a checkpoint to a revisor: a checkpoint
// covers every board, the audited ones too. Its code is the one a
// read-only role gets everywhere.
var ErrCheckpointReadOnly = fault.New(fault.Forbidden, "read_only_role")

// ReadableBoards is the board scope of u's searches and reports on today:
// nil for an all-boards role, else the boards u holds a role on (an empty,
// non-nil list for none).
func ReadableBoards(u identity.User, today platform.Date) []string {
	out := []string{}
	for _, a := range u.RolesOn(today) {
		if a.Board == identity.AllBoards {
			return nil
		}
		out = append(out, a.Board)
	}
	return out
}

// MayCheckpoint reports whether u may sign a checkpoint of the whole
// installation on today: administrators and secretaries, unless they are
// revisor on some board (a checkpoint covers every board, the audited ones
// too).
func MayCheckpoint(u identity.User, today platform.Date) bool {
	may := false
	for _, a := range u.RolesOn(today) {
		if a.Role == identity.RoleRevisor {
			return false
		}
		may = may || a.Role == identity.RoleAdmin || a.Role == identity.RoleSekreterare
	}
	return may
}

// CheckpointAs is Checkpoint for u, who must be allowed to
// (MayCheckpoint): a revisor gets ErrCheckpointReadOnly, anyone else
// not allowed ErrNotPermitted.
func (l *Ledger) CheckpointAs(ctx context.Context, u identity.User) (ledger.Checkpoint, error) {
	today := platform.DateOf(l.clock.Now())
	if !MayCheckpoint(u, today) {
		for _, a := range u.RolesOn(today) {
			if a.Role == identity.RoleRevisor {
				return ledger.Checkpoint{}, ErrCheckpointReadOnly.WithDetail("a checkpoint covers every board, and %s is revisor", u.Username)
			}
		}
		return ledger.Checkpoint{}, ErrNotPermitted
	}
	return l.Checkpoint(ctx)
}
