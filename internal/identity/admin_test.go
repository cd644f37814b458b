package identity_test

import (
	"errors"
	"testing"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// TestAccountChangesAreRecorded: creating an account, changing it,
// granting, overlapping and ending a role each leave a record, and the
// chain verifies against the account's state after every step.
func TestAccountChangesAreRecorded(t *testing.T) {
	s, _ := newService(t)
	ctx := t.Context()
	u, err := s.CreateUser(ctx, identity.NewUser{Username: "greta", Name: "Greta Gran", NoPassword: true, Actor: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	ok := func(u identity.User) {
		t.Helper()
		if f := adminlog.Verify(u.ChainID(), u.Log, u.StateDigest()); f != nil {
			t.Fatalf("chain of %s: %+v", u.Username, f)
		}
	}
	ok(u)
	email := "greta@kommun.se"
	if u, err = s.UpdateAccount(ctx, "admin", "greta", 0, identity.AccountPatch{Email: &email}, ""); err != nil {
		t.Fatal(err)
	}
	ok(u)
	from := platform.MustParseDate("2025-01-01")
	u, a, err := s.GrantRole(ctx, "admin", "greta", identity.RoleAssignment{Board: "KFN", Role: identity.RoleSekreterare, ValidFrom: from}, "")
	if err != nil {
		t.Fatal(err)
	}
	ok(u)
	_, _, err = s.GrantRole(ctx, "admin", "greta", identity.RoleAssignment{Board: "KFN", Role: identity.RoleSekreterare, ValidFrom: platform.MustParseDate("2026-01-01")}, "")
	if fault.From(err).Code != "role_overlaps" {
		t.Errorf("an overlapping role: %v", err)
	}
	if _, _, err := s.EndRole(ctx, "admin", "greta", a.ID, platform.MustParseDate("2024-12-31"), ""); fault.From(err).Fields[0].Code != "valid_to_before_valid_from" {
		t.Errorf("ending before the start: %v", err)
	}
	u, _, err = s.EndRole(ctx, "admin", "greta", a.ID, platform.MustParseDate("2025-12-31"), "")
	if err != nil {
		t.Fatal(err)
	}
	ok(u)
	// Not yet ended on the last day; the next holder may start the day after.
	if !u.HasRole("KFN", identity.RoleSekreterare, platform.MustParseDate("2025-12-31")) || u.HasRole("KFN", identity.RoleSekreterare, platform.MustParseDate("2026-01-01")) {
		t.Errorf("the ended role: %+v", u.Roles)
	}
	if u, _, err = s.GrantRole(ctx, "admin", "greta", identity.RoleAssignment{Board: "KFN", Role: identity.RoleSekreterare, ValidFrom: platform.MustParseDate("2026-01-01")}, ""); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range u.Log {
		actions = append(actions, r.Action)
	}
	want := []string{"user_created", "user_changed", "role_granted", "role_ended", "role_granted"}
	if len(actions) != len(want) {
		t.Fatalf("records %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] || u.Log[i].Actor != "admin" {
			t.Errorf("record %d: %s by %s, want %s by admin", i+1, actions[i], u.Log[i].Actor, want[i])
		}
	}
	// A role written without a record no longer matches the chain.
	u.Roles = append(u.Roles, identity.RoleAssignment{Board: "ITN", Role: identity.RoleAdmin, ValidFrom: from})
	if f := adminlog.Verify(u.ChainID(), u.Log, u.StateDigest()); f == nil || f.Kind != adminlog.FaultState {
		t.Errorf("a role without a record: %+v", f)
	}
}

// TestSSOOnlyAccountIsLinkedAtFirstLogin: an account the administration
// creates without a password is linked to the provider account at the
// first single sign-on login (its roles from claims shown apart); a local
// account with a password never is.
func TestSSOOnlyAccountIsLinkedAtFirstLogin(t *testing.T) {
	s, _ := newService(t)
	ctx := t.Context()
	if _, err := s.CreateUser(ctx, identity.NewUser{Username: "sara.s", Name: "Sara S", NoPassword: true, Actor: "admin",
		Roles: []identity.RoleAssignment{{Board: "KFN", Role: identity.RoleHandlaggare, ValidFrom: platform.MustParseDate("2025-01-01")}}}); err != nil {
		t.Fatal(err)
	}
	idp := identity.ExternalID{Issuer: "https://idp.example", Subject: "sub-sara"}
	u, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: idp, Username: "sara.s", Name: "Sara Svensson", Roles: roles("ITN", "handlaggare")})
	if err != nil {
		t.Fatalf("first SSO login of an SSO-only account: %v", err)
	}
	if u.External == nil || *u.External != idp || len(u.LocalRoles()) != 1 || len(u.SSORoles()) != 1 || u.SSORoles()[0].Board != "ITN" {
		t.Errorf("linked account: %+v", u)
	}
	if f := adminlog.Verify(u.ChainID(), u.Log, u.StateDigest()); f != nil {
		t.Errorf("linking changed what the records vouch for: %+v", f)
	}
	if _, err := s.CreateUser(ctx, identity.NewUser{Username: "lokal", Name: "Lo Kal", Password: "ett-langt-losenord-9", Actor: "admin"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProvisionExternal(ctx, identity.ExternalLogin{ID: identity.ExternalID{Issuer: "https://idp.example", Subject: "x"},
		Username: "lokal", Roles: roles("ITN", "handlaggare")}); !errors.Is(err, identity.ErrExternalConflict) {
		t.Errorf("a local account taken over by SSO: %v", err)
	}
}
