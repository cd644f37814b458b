package identity_test

import (
	"errors"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

var idpA = identity.ExternalID{Issuer: "https://idp.example", Subject: "sub-anna"}

func roles(pairs ...string) []identity.RoleAssignment {
	var out []identity.RoleAssignment
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, identity.RoleAssignment{Board: pairs[i], Role: identity.Role(pairs[i+1])})
	}
	return out
}

func TestProvisionExternalCreatesUpdatesAndReplacesOnlyOIDCRoles(t *testing.T) {
	s, clk := newService(t)
	ctx := t.Context()
	day1 := platform.DateOf(clk.Now())
	u, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "Anna.S", Name: "Anna S",
		Roles: roles("ITN", "handlaggare", "ITN", "handlaggare", "KS", "ledamot")})
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "anna.s" || u.External == nil || *u.External != idpA || u.PasswordHash != "" || len(u.Roles) != 2 ||
		!u.HasRole("ITN", identity.RoleHandlaggare, day1) || !u.HasRole("KS", identity.RoleLedamot, day1) {
		t.Fatalf("provisioned user = %+v", u)
	}
	// An SSO-only account cannot log in with a password.
	if _, err := s.Authenticate(ctx, "anna.s", "", "127.0.0.1"); !errors.Is(err, identity.ErrInvalidCredentials) {
		t.Errorf("password login of an SSO user: %v", err)
	}
	// Three days later the IdP drops KS and adds ITN ordförande.
	clk.Advance(72 * time.Hour)
	day4 := platform.DateOf(clk.Now())
	u, err = s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna.s", Name: "Anna Svensson",
		Roles: roles("ITN", "handlaggare", "ITN", "ordforande")})
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Anna Svensson" || !u.HasRole("ITN", identity.RoleHandlaggare, day4) || !u.HasRole("ITN", identity.RoleOrdforande, day4) ||
		u.HasRole("KS", identity.RoleLedamot, day4) || !u.HasRole("KS", identity.RoleLedamot, day4.AddDays(-1)) ||
		u.HasRole("ITN", identity.RoleOrdforande, day4.AddDays(-1)) {
		t.Fatalf("after the role change: %+v", u.Roles)
	}
	for _, a := range u.Roles {
		if a.Role == identity.RoleHandlaggare && a.ValidFrom != day1 {
			t.Errorf("a role still granted keeps its start date: %+v", a)
		}
	}

	// Removed from every group: the user is updated, then refused.
	clk.Advance(24 * time.Hour)
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna.s", Name: "Anna Svensson"}); !errors.Is(err, identity.ErrExternalNoRoles) {
		t.Fatalf("no roles: %v", err)
	}
	u, _ = s.UserByUsername(ctx, "anna.s")
	if len(u.RolesOn(platform.DateOf(clk.Now()))) != 0 || len(u.Roles) != 3 {
		t.Errorf("after losing every group: %+v", u.Roles)
	}
}

func TestProvisionExternalNeverTakesOverAnotherAccount(t *testing.T) {
	s, _ := newService(t)
	ctx := t.Context()
	local := mustUser(t, s, "anna")
	_, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna", Roles: roles("ITN", "admin")})
	if !errors.Is(err, identity.ErrExternalConflict) {
		t.Fatalf("SSO login onto a local account: %v", err)
	}
	after, _ := s.User(ctx, local.ID)
	if after.External != nil || len(after.Roles) != 1 || after.Roles[0].Role != identity.RoleOrdforande {
		t.Errorf("local account changed: %+v", after)
	}
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "bo", Roles: roles("ITN", "ledamot")}); err != nil {
		t.Fatal(err)
	}
	other := identity.ExternalID{Issuer: idpA.Issuer, Subject: "sub-someone-else"}
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: other, Username: "bo", Roles: roles("ITN", "ledamot")}); !errors.Is(err, identity.ErrExternalConflict) {
		t.Errorf("another subject with the same username: %v", err)
	}
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: other, Username: "x y", Roles: roles("ITN", "ledamot")}); !errors.Is(err, identity.ErrExternalUsername) {
		t.Errorf("invalid username: %v", err)
	}
	// The Kelvin sign (U+212A) lower-cases to an ASCII "k": the claim is
	// checked before its case is folded, so it cannot become "kalle".
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: other, Username: "\u212Aalle", Roles: roles("ITN", "ledamot")}); !errors.Is(err, identity.ErrExternalUsername) {
		t.Errorf("a look-alike username: %v", err)
	}
	upn := identity.ExternalID{Issuer: idpA.Issuer, Subject: "sub-upn"}
	if u, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: upn, Username: "Anna.Svensson@Kommun.se", Roles: roles("ITN", "ledamot")}); err != nil ||
		u.Username != "anna.svensson@kommun.se" {
		t.Errorf("a UPN as username: %+v %v", u, err)
	}
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: other, Username: "ny"}); !errors.Is(err, identity.ErrExternalNoRoles) {
		t.Errorf("new user without roles: %v", err)
	}
	if _, err := s.UserByUsername(ctx, "ny"); err == nil {
		t.Error("a login without roles created a user")
	}
}

func TestProvisionExternalLetsInAUserWithALocalRoleOnly(t *testing.T) {
	s, st, clk := newServiceAndStore(t)
	ctx := t.Context()
	u, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna.s", Roles: roles("ITN", "handlaggare")})
	if err != nil {
		t.Fatal(err)
	}
	// An administrator gives Anna a role in Samstyr itself.
	u.Roles = append(u.Roles, identity.RoleAssignment{Board: "ITN", Role: identity.RoleSekreterare, ValidFrom: platform.DateOf(clk.Now())})
	if _, err := st.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	clk.Advance(48 * time.Hour)
	today := platform.DateOf(clk.Now())
	// The directory drops her only mapped group: she keeps the local role.
	u, err = s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna.s"})
	if err != nil || u.HasRole("ITN", identity.RoleHandlaggare, today) || !u.HasRole("ITN", identity.RoleSekreterare, today) {
		t.Fatalf("after losing the mapped group: %+v %v", u.Roles, err)
	}
}

func TestMergeExternalRolesKeepsLocalRolesAndHistory(t *testing.T) {
	today := platform.MustParseDate("2026-05-04")
	local := identity.RoleAssignment{Board: "ITN", Role: identity.RoleSekreterare, ValidFrom: platform.MustParseDate("2025-01-01")}
	ended := identity.RoleAssignment{Board: "ITN", Role: identity.RoleRevisor, ValidFrom: platform.MustParseDate("2026-01-01"),
		ValidTo: platform.MustParseDate("2026-02-01"), Source: identity.SourceOIDC}
	got := identity.MergeExternalRoles([]identity.RoleAssignment{
		local,
		{Board: "ITN", Role: identity.RoleLedamot, ValidFrom: today, Source: identity.SourceOIDC},
		ended,
	}, roles("ITN", "sekreterare"), today)
	want := []identity.RoleAssignment{local, ended, {Board: "ITN", Role: identity.RoleSekreterare, ValidFrom: today, Source: identity.SourceOIDC}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestRenamedAtTheProviderKeepsItsAccount: the provider's account (issuer
// and subject) finds the user, so a username changed at the provider logs
// into the same Samstyr account under its old username, and no second
// account appears.
func TestRenamedAtTheProviderKeepsItsAccount(t *testing.T) {
	s, _ := newService(t)
	ctx := t.Context()
	first, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna.s", Name: "Anna Svensson", Roles: roles("ITN", "ledamot")})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idpA, Username: "anna.lind", Name: "Anna Lind", Roles: roles("ITN", "ledamot")})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Username != "anna.s" || again.Name != "Anna Lind" {
		t.Errorf("after the rename: %+v, want account %s as anna.s named Anna Lind", again, first.ID)
	}
	if _, err := s.UserByUsername(ctx, "anna.lind"); err == nil {
		t.Error("a second account was created for the new username")
	}
}
