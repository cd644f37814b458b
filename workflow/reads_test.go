package workflow_test

import (
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// The board's reads answer through the use cases, which check the reader
// once for every door: an unknown board is not found, a user without a
// role on it is refused, a member reads.
func TestBoardReadsAreCheckedInTheUseCases(t *testing.T) {
	e := newEnv(t, openSQLite(t))
	ctx := t.Context()
	stranger := identity.User{Username: "utomstaende"}
	reads := map[string]func(u identity.User, board string) error{
		"Orders": func(u identity.User, b string) error { _, err := e.engine.Decisions.Orders(ctx, u, b); return err },
		"Order":  func(u identity.User, b string) error { _, err := e.engine.Decisions.Order(ctx, u, b, 1); return err },
		"OrderInForce": func(u identity.User, b string) error {
			_, err := e.engine.Decisions.OrderInForce(ctx, u, b, platform.DateOf(start))
			return err
		},
		"PendingReports": func(u identity.User, b string) error {
			_, err := e.engine.Decisions.PendingReports(ctx, u, b)
			return err
		},
		"SubDelegations": func(u identity.User, b string) error {
			_, err := e.engine.Decisions.SubDelegations(ctx, u, b)
			return err
		},
	}
	for name, read := range reads {
		if got := code(read(e.user(t, "handlaggare"), "NOPE")); got != "unknown_board" {
			t.Errorf("%s of an unknown board: %q", name, got)
		}
		if got := code(read(stranger, "ITN")); got != "not_permitted" {
			t.Errorf("%s by a user without a role: %q", name, got)
		}
		if err := read(e.user(t, "handlaggare"), "ITN"); err != nil {
			t.Errorf("%s by a handläggare of ITN: %v", name, err)
		}
	}
}
