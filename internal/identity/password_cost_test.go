package identity_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
)

// TestPasswordCostIsWrittenIntoTheHash: a hash made at any cost names
// that cost and verifies with the one VerifyPassword, so a hash made at
// the test cost is checked by the production code path, and the
// production cost is what HashPassword uses.
func TestPasswordCostIsWrittenIntoTheHash(t *testing.T) {
	for _, c := range []struct {
		cost   identity.PasswordCost
		params string
	}{{identity.DefaultPasswordCost, "m=19456,t=2,p=1"}, {identity.InsecureTestPasswordCost, "m=64,t=1,p=1"}} {
		h, err := c.cost.Hash("rätt-lösenord")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$"+c.params+"$") {
			t.Errorf("hash at %+v = %q, want parameters %s", c.cost, h, c.params)
		}
		if ok, err := identity.VerifyPassword(h, "rätt-lösenord"); !ok || err != nil {
			t.Errorf("right password at %+v: %v, %v", c.cost, ok, err)
		}
		if ok, err := identity.VerifyPassword(h, "fel-lösenord"); ok || err != nil {
			t.Errorf("wrong password at %+v: %v, %v", c.cost, ok, err)
		}
	}
	h, err := identity.HashPassword("rätt-lösenord")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("HashPassword = %q, %v, want the production cost", h, err)
	}
	if _, err := (identity.PasswordCost{MemoryKiB: 4, Time: 1}).Hash("x"); err == nil {
		t.Error("a cost below argon2id's minimum memory hashed")
	}
}

// TestWithPasswordCost: a service made with the test cost hashes new
// passwords at it and logs them in; unknown users and wrong passwords are
// refused the same way as at the production cost.
func TestWithPasswordCost(t *testing.T) {
	_, st, clk := newServiceAndStore(t)
	s := identity.NewService(st, clk, identity.DefaultThrottle, identity.WithPasswordCost(identity.InsecureTestPasswordCost))
	u := mustUser(t, s, "anna")
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash = %q, want the test cost", u.PasswordHash)
	}
	if got, err := s.Authenticate(t.Context(), "anna", "rätt-lösenord", "127.0.0.1"); err != nil || got.ID != u.ID {
		t.Errorf("Authenticate = %v, %v", got.ID, err)
	}
	for _, name := range []string{"anna", "okänd"} {
		if _, err := s.Authenticate(t.Context(), name, "fel", "127.0.0.1"); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Errorf("%s with a wrong password: err = %v", name, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NewService took a cost below argon2id's minimum")
		}
	}()
	identity.NewService(st, clk, identity.DefaultThrottle, identity.WithPasswordCost(identity.PasswordCost{}))
}
