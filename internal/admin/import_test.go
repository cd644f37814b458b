package admin_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// newService is the administration on a fresh SQLite store, set up with
// samstyr init; it returns the administrator.
func newService(t *testing.T) (*admin.Service, identity.User, store.Backend) {
	t.Helper()
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(context.Background()) })
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
	clk := platform.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, platform.Stockholm))
	ad := repo.NewAdmin(b)
	s := admin.NewService(admin.Deps{Identity: identity.NewService(repo.NewIdentity(b), clk, identity.DefaultThrottle),
		Boards: repo.NewBoards(b), Seats: ad, Refs: ad, Org: ad, Imports: ad, Orders: delegation.NewService(repo.NewOrders(b), clk),
		Subs: repo.NewSubDelegations(b), Clock: clk})
	_, u, err := s.Init(t.Context(), admin.InitInput{Name: "Borgholms kommun", OrgNumber: "2120000779", AdminUsername: "admin",
		AdminName: "Sara Admin", Password: "kultur-och-fritid-2026"})
	if err != nil {
		t.Fatal(err)
	}
	return s, u, b
}

// TestInterruptedImportIsFinishedOnce: an import whose plan is stored but
// whose steps a stop interrupted is finished by ResumeImports, and running
// its steps again (a second interruption at any point) makes nothing
// twice.
func TestInterruptedImportIsFinishedOnce(t *testing.T) {
	s, u, b := newService(t)
	ctx := t.Context()
	if _, err := s.CreateBoard(ctx, u, admin.BoardInput{Code: "KFN", Name: "Kultur- och fritidsnämnden", Kind: "namnd"}); err != nil {
		t.Fatal(err)
	}
	file := "Användarnamn;Namn;Nämnd;Roll;Från;Parti;Ordning\n" +
		"anna;Anna A;KFN;Ledamot;2023-01-01;S;\n" +
		"bo;Bo B;KFN;Ersättare;2023-01-01;S;1\n" +
		"cia;Cia C;KFN;Sekreterare;2026-01-01;;\n" +
		"anna;;KFN;Handläggare;2026-01-01;;\n"
	plan, err := s.Import(ctx, u, strings.NewReader(file), true)
	if err != nil {
		t.Fatal(err)
	}
	// The stop: the plan stored as applying, no step made.
	plan.Status = admin.ImportApplying
	if _, err := repo.NewAdmin(b).InsertImport(ctx, plan); err != nil {
		t.Fatal(err)
	}
	count := func() (users, roles, seats int) {
		us, _ := identity.NewService(repo.NewIdentity(b), platform.SystemClock{}, identity.DefaultThrottle).Users(ctx)
		for _, x := range us {
			roles += len(x.LocalRoles())
		}
		r, _ := repo.NewAdmin(b).GetRoster(ctx, "KFN")
		return len(us), roles, len(r.Seats)
	}
	for run := 1; run <= 2; run++ {
		if n, err := s.ResumeImports(ctx); err != nil || n != 1 {
			t.Fatalf("run %d: resumed %d: %v", run, n, err)
		}
		// admin's role, cia's and anna's; anna and bo seated.
		if users, roles, seats := count(); users != 4 || roles != 3 || seats != 2 {
			t.Errorf("run %d: %d users, %d roles, %d seats", run, users, roles, seats)
		}
		// Put it back to applying: the next run makes the steps again.
		im, err := repo.NewAdmin(b).UnfinishedImports(ctx)
		if err != nil || len(im) != 0 {
			t.Fatalf("unfinished after run %d: %v %v", run, im, err)
		}
		rec, err := b.Get(ctx, repo.CollImports, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		body := strings.Replace(string(rec.Data), `"status":"done"`, `"status":"applying"`, 1)
		if _, err := b.Update(ctx, repo.CollImports, plan.ID, rec.Version, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
}
