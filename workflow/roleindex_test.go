package workflow_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/mongostore"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
	"github.com/samstyr/samstyr/policies"
	"github.com/samstyr/samstyr/workflow"
)

// TestRoleChangeReachesOtherInstance runs two complete instances on one
// store (two SQLite stores on one file; two clients of the Mongo harness
// on one database) and changes roles through the first after the second
// has cached its role index: a new user (an SSO login creates it), the
// user's role withdrawn (the next login updates it), and a
// vidaredelegering. The second instance's next check must see each change.
func TestRoleChangeReachesOtherInstance(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		open := func() store.Backend {
			b, err := sqlitestore.Open(t.Context(), dir, sqlitestore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close(context.Background()) })
			return b
		}
		roleChangeReaches(t, open(), open())
	})
	t.Run("ferretdb", func(t *testing.T) {
		a := ferrettest.Open(t)
		b, err := mongostore.Open(t.Context(), ferrettest.URI(t), a.Database())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close(context.Background()) }) // before a's cleanup drops the database
		roleChangeReaches(t, a, b)
	})
}

func roleChangeReaches(t *testing.T, ba, bb store.Backend) {
	a := apptest.New(t, apptest.WithBackend(ba)) // loads the demo data
	b := apptest.New(t, apptest.WithBackend(bb))
	ctx := t.Context()
	today := platform.DateOf(apptest.Start)
	check := func(user string) workflow.CheckResult {
		t.Helper()
		res, err := b.App.Workflow.Decisions.CheckDelegation(ctx, workflow.CheckInput{Board: demo.BoardCode, Username: user,
			PointCode: "B3", AmountOre: 10_000_00, Date: today})
		if err != nil {
			t.Fatalf("check %s through the second instance: %v", user, err)
		}
		return res
	}
	if res := check("it-chef"); !res.Allowed { // the second instance caches its role index
		t.Fatalf("it-chef on B3: %+v", res)
	}

	login := identity.ExternalLogin{ID: identity.ExternalID{Issuer: "https://sso.test", Subject: "s-1"}, Username: "ny-chef",
		Name: "Ny Chef", Roles: []identity.RoleAssignment{{Board: demo.BoardCode, Role: identity.RoleForvaltningschef}}}
	if _, err := a.App.Identity.ProvisionExternal(ctx, login); err != nil {
		t.Fatal(err)
	}
	if res := check("ny-chef"); !res.Allowed || res.ActingRole != string(identity.RoleForvaltningschef) {
		t.Fatalf("a new förvaltningschef, created through the first instance: %+v", res)
	}
	// Who held a role, asked through the second instance, finds the
	// holders in its people directory (the role snapshot).
	revisor, err := b.App.Identity.UserByUsername(ctx, "revisor")
	if err != nil {
		t.Fatal(err)
	}
	held := func(role identity.Role) map[string]string {
		t.Helper()
		ans, err := b.App.Admin.WhoHeld(ctx, revisor, admin.Question{Board: demo.BoardCode, Date: today, Role: string(role)})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, h := range ans.Holders {
			out[h.Username] = h.Name
		}
		return out
	}
	if got := held(identity.RoleForvaltningschef); got["ny-chef"] != "Ny Chef" {
		t.Fatalf("the förvaltningschefer through the second instance: %v", got)
	}

	login.Roles = []identity.RoleAssignment{{Board: demo.BoardCode, Role: identity.RoleHandlaggare}}
	if _, err := a.App.Identity.ProvisionExternal(ctx, login); err != nil {
		t.Fatal(err)
	}
	if res := check("ny-chef"); res.Allowed || !slices.Contains(res.Reasons, workflow.ReasonNotDelegate) {
		t.Fatalf("the role withdrawn through the first instance: %+v", res)
	}
	if got := held(identity.RoleForvaltningschef); got["ny-chef"] != "" {
		t.Fatalf("the förvaltningschefer after the role was withdrawn: %v", got)
	}

	chef, err := a.App.Identity.UserByUsername(ctx, "it-chef")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.App.Workflow.Decisions.SubDelegate(ctx, chef, demo.BoardCode, workflow.SubDelegationInput{PointCode: "B3",
		ToUser: "ny-chef", ValidFrom: today}); err != nil {
		t.Fatal(err)
	}
	if res := check("ny-chef"); !res.Allowed || res.ActingAs != string(policies.ActSubdelegate) {
		t.Fatalf("a vidaredelegering given through the first instance: %+v", res)
	}

	// A disabled account held its role all the same: the answer names it,
	// with the name it has now.
	name, off := "Ny Chef Avslutad", true
	if _, err := a.App.Identity.UpdateAccount(ctx, "admin", "ny-chef", 0, identity.AccountPatch{Name: &name, Disabled: &off}, ""); err != nil {
		t.Fatal(err)
	}
	if got := held(identity.RoleHandlaggare); got["ny-chef"] != name {
		t.Fatalf("the handläggare after ny-chef was renamed and disabled through the first instance: %v", got)
	}
}

// countingDirectory counts how often the role index is rebuilt (each
// rebuild lists every user).
type countingDirectory struct {
	workflow.UserDirectory
	lists atomic.Int64
}

func (d *countingDirectory) Users(ctx context.Context) ([]identity.User, error) {
	d.lists.Add(1)
	return d.UserDirectory.Users(ctx)
}

// TestRoleIndexIsReadOncePerChange: checks use the cached role index
// until a write of a user raises the role stamp, and then read the users
// once more.
func TestRoleIndexIsReadOncePerChange(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		dir := &countingDirectory{UserDirectory: e.identity}
		enf, err := policies.NewDelegation(delegation.PrisbasbeloppOre)
		if err != nil {
			t.Fatal(err)
		}
		e.engine.WithDelegation(delegation.NewService(repo.NewOrders(e.backend), e.clock), repo.NewSubDelegations(e.backend),
			enf, dir, repo.NewRoleStamps(e.backend))
		check := func(user string) workflow.CheckResult {
			t.Helper()
			res, err := e.engine.Decisions.CheckDelegation(ctx, workflow.CheckInput{Board: demo.BoardCode, Username: user,
				PointCode: "B3", AmountOre: 10_000_00, Date: platform.DateOf(start)})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		for range 3 {
			if res := check("it-chef"); !res.Allowed {
				t.Fatalf("it-chef on B3: %+v", res)
			}
		}
		if n := dir.lists.Load(); n != 1 {
			t.Errorf("three checks without a change listed the users %d times, want 1", n)
		}
		if _, err := e.identity.CreateUser(ctx, identity.NewUser{Username: "ny-chef", Name: "Ny Chef", Password: "ett-langt-losenord",
			Roles: []identity.RoleAssignment{{Board: demo.BoardCode, Role: identity.RoleForvaltningschef, ValidFrom: platform.MustParseDate("2026-01-01")}}}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if res := check("ny-chef"); !res.Allowed {
				t.Fatalf("ny-chef on B3 after the user was created: %+v", res)
			}
		}
		if n := dir.lists.Load(); n != 2 {
			t.Errorf("checks after one new user listed the users %d times in all, want 2", n)
		}
	})
}
