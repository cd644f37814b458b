package identity_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

func newService(t *testing.T) (*identity.Service, *platform.ManualClock) {
	t.Helper()
	s, _, clk := newServiceAndStore(t)
	return s, clk
}

// newServiceAndStore is newService on a fresh migrated SQLite store, which
// it returns too, for tests that also write users directly.
func newServiceAndStore(t *testing.T) (*identity.Service, repo.Identity, *platform.ManualClock) {
	t.Helper()
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
	clk := platform.NewManualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, platform.Stockholm))
	st := repo.NewIdentity(b)
	return identity.NewService(st, clk, identity.DefaultThrottle), st, clk
}

func mustUser(t *testing.T, s *identity.Service, name string) identity.User {
	t.Helper()
	u, err := s.CreateUser(t.Context(), identity.NewUser{Username: name, Name: "Test " + name, Password: "rätt-lösenord",
		Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleOrdforande,
			ValidFrom: platform.MustParseDate("2023-01-01"), ValidTo: platform.MustParseDate("2026-12-31")}}})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCreateUserValidates(t *testing.T) {
	s, _ := newService(t)
	_, err := s.CreateUser(t.Context(), identity.NewUser{Username: "X Y", Password: "kort",
		Roles: []identity.RoleAssignment{{Board: "*", Role: "kung"}}})
	f := fault.From(err)
	if f.Kind != fault.Unprocessable || len(f.Fields) < 5 {
		t.Fatalf("err = %v, want validation_failed with every bad field", err)
	}
	mustUser(t, s, "anna")
	_, err = s.CreateUser(t.Context(), identity.NewUser{Username: "ANNA", Name: "Anna 2", Password: "ett-annat-lösenord"})
	if !errors.Is(err, identity.ErrUsernameTaken) {
		t.Errorf("duplicate username: err = %v", err)
	}
}

// TestCreateUserAppliesThePasswordRule: a common password or one built on
// the user's own name is refused with its field code, and nothing is
// stored. Found in review: any 8 characters were accepted.
func TestCreateUserAppliesThePasswordRule(t *testing.T) {
	s, _ := newService(t)
	for pw, code := range map[string]string{"Sommar2024!!": "password_common", "lösenord": "password_too_short",
		"bertil.ek-2026": "password_contains_name", "Bertil Ek 1234": "password_contains_name"} {
		_, err := s.CreateUser(t.Context(), identity.NewUser{Username: "bertil.ek", Name: "Bertil Ek", Password: pw})
		f := fault.From(err)
		if f.Kind != fault.Unprocessable || len(f.Fields) != 1 || f.Fields[0].Field != "/password" || f.Fields[0].Code != code {
			t.Errorf("password %q: %v, want /password %s", pw, err, code)
		}
	}
	if _, err := s.UserByUsername(t.Context(), "bertil.ek"); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("a refused user was stored: %v", err)
	}
}

func TestAuthenticate(t *testing.T) {
	s, _ := newService(t)
	u := mustUser(t, s, "anna")
	got, err := s.Authenticate(t.Context(), " Anna ", "rätt-lösenord", "127.0.0.1")
	if err != nil || got.ID != u.ID {
		t.Fatalf("Authenticate = %v, %v", got.ID, err)
	}
	if _, err := s.Authenticate(t.Context(), "anna", "fel", "127.0.0.1"); !errors.Is(err, identity.ErrInvalidCredentials) {
		t.Errorf("wrong password: err = %v", err)
	}
	if _, err := s.Authenticate(t.Context(), "okänd", "rätt-lösenord", "127.0.0.1"); !errors.Is(err, identity.ErrInvalidCredentials) {
		t.Errorf("unknown user: err = %v", err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %q, want argon2id at the production cost (19 MiB, t=2, p=1)", u.PasswordHash)
	}
}

func TestTokens(t *testing.T) {
	s, clk := newService(t)
	u := mustUser(t, s, "anna")
	secret, c, err := s.IssueToken(t.Context(), u, time.Hour, "password")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == secret || len(secret) < 40 {
		t.Errorf("token stored in clear or too short")
	}
	got, _, err := s.Resolve(t.Context(), identity.KindAPIToken, secret)
	if err != nil || got.ID != u.ID {
		t.Fatalf("Resolve = %v", err)
	}
	if _, _, err := s.Resolve(t.Context(), identity.KindWebSession, secret); !errors.Is(err, identity.ErrUnauthenticated) {
		t.Errorf("token used as session: err = %v", err)
	}
	if _, _, err := s.Resolve(t.Context(), identity.KindAPIToken, secret+"x"); !errors.Is(err, identity.ErrUnauthenticated) {
		t.Errorf("forged token: err = %v", err)
	}
	clk.Advance(time.Hour)
	if _, _, err := s.Resolve(t.Context(), identity.KindAPIToken, secret); !errors.Is(err, identity.ErrTokenExpired) {
		t.Errorf("expired token: err = %v", err)
	}
	secret2, c2, _ := s.IssueToken(t.Context(), u, time.Hour, "password")
	if err := s.Revoke(t.Context(), c2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Resolve(t.Context(), identity.KindAPIToken, secret2); !errors.Is(err, identity.ErrUnauthenticated) {
		t.Errorf("revoked token: err = %v", err)
	}
}

func TestRolesOnDate(t *testing.T) {
	s, _ := newService(t)
	u := mustUser(t, s, "anna")
	if !u.HasRole("ITN", identity.RoleOrdforande, platform.MustParseDate("2026-12-31")) {
		t.Error("role not valid on its last day")
	}
	if u.HasRole("ITN", identity.RoleOrdforande, platform.MustParseDate("2027-01-01")) {
		t.Error("role valid the day after it ended")
	}
	if u.HasRole("KS", identity.RoleOrdforande, platform.MustParseDate("2026-01-01")) {
		t.Error("role valid on another board")
	}
}
