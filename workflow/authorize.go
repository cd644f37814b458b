package workflow

import (
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
)

// Authorization lives here, once, for every door (API, web UI, CLI): the
// doors authenticate the caller and check CSRF, and every use case that
// changes something asks authorize (or mayChange, for the changes the role
// policy does not list, such as deciding under delegation or signing).
// Roles are read per board and per day:
//
//   - a revisor on a board is read-only on that board whatever else they
//     hold, there or anywhere (KL 12 kap.: the revisorer audit the board
//     and take no part in its business): ErrReadOnly;
//   - otherwise the role policy (policies/workflow_policy.csv) decides:
//     ErrNotPermitted.

// ErrReadOnly answers every change a revisor attempts on the board they
// audit.
var ErrReadOnly = fault.New(fault.Forbidden, "read_only_role")

// readOnly reports whether u is revisor on board today.
func (e *core) readOnly(u identity.User, board string) bool {
	return u.ReadOnlyOn(board, e.today())
}

// mayChange is the first check of every change on a board: u is not
// read-only there today.
func (e *core) mayChange(u identity.User, board string) error {
	if e.readOnly(u, board) {
		return ErrReadOnly.WithDetail("%s is revisor on %s", u.Username, board)
	}
	return nil
}

// authorize checks that u may perform action on board today: not
// read-only there, and the role policy allows it.
func (e *core) authorize(u identity.User, board, action string) error {
	if err := e.mayChange(u, board); err != nil {
		return err
	}
	if !e.policy.Allowed(e.rolesOn(u, board), action) {
		return ErrNotPermitted.WithDetail("%s on %s", action, board)
	}
	return nil
}

// may reports whether u may perform action on board today.
func (e *core) may(u identity.User, boardCode, action string) bool {
	return e.authorize(u, boardCode, action) == nil
}

// MayChange reports whether u may change anything on board today (is not
// its revisor), for the doors' choice of which forms to show.
func (e *core) MayChange(u identity.User, board string) bool { return e.mayChange(u, board) == nil }
