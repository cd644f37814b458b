package workflow_test

// Shared set-up of the workflow tests and benchmarks: a store with the
// schema migrated, the demo board ITN and the demo users loaded through
// the identity service, and an engine on a manual clock.

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
	"github.com/samstyr/samstyr/policies"
	"github.com/samstyr/samstyr/workflow"
)

func TestMain(m *testing.M) {
	code := m.Run()
	closeBenchEnvs()
	ferrettest.Shutdown()
	os.Exit(code)
}

// start is the manual clock's first instant: Monday 2 March 2026, 09:00
// in Stockholm.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, platform.Stockholm)

// maxUpload bounds a handling's size in the test engines.
const maxUpload = 1 << 20

// env is one engine on one store, with the demo users.
type env struct {
	backend  store.Backend
	engine   *workflow.Engine
	cases    repo.Cases
	identity *identity.Service
	clock    *platform.ManualClock
	users    map[string]identity.User
	// admin is the administration (people, seats) on the same store.
	admin *admin.Service
}

// demoPassword is every demo user's password in these tests; signing
// asks for it again (identity.Proof).
const demoPassword = "arbetsflöde-demo-7"

// signProof is the proof a demo user gives when signing or justering.
var signProof = identity.Proof{Password: demoPassword}

// setup migrates b, loads the demo board and users and builds the engine,
// hashing passwords at cost (tests: identity.InsecureTestPasswordCost;
// benchmarks: the production cost, since signing checks the password).
func setup(ctx context.Context, b store.Backend, cost identity.PasswordCost) (*env, error) {
	if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	clk := platform.NewManualClock(start)
	idsvc := identity.NewService(repo.NewIdentity(b), clk, identity.DefaultThrottle, identity.WithPasswordCost(cost))
	boards := repo.NewBoards(b)
	orders := delegation.NewService(repo.NewOrders(b), clk)
	costSvc := costs.NewService(repo.NewCosts(b), boards, repo.NewAgreements(b), repo.NewCases(b), clk)
	ad := repo.NewAdmin(b)
	adm := admin.NewService(admin.Deps{Identity: idsvc, Boards: boards, Seats: ad, Refs: ad, Org: ad, Imports: ad, Orders: orders,
		Subs: repo.NewSubDelegations(b), Clock: clk})
	if _, err := demo.Load(ctx, adm, idsvc, orders, costSvc, demoPassword); err != nil {
		return nil, fmt.Errorf("demo data: %w", err)
	}
	policy, err := policies.LoadWorkflow()
	if err != nil {
		return nil, err
	}
	enf, err := policies.NewDelegation(delegation.PrisbasbeloppOre)
	if err != nil {
		return nil, err
	}
	e := &env{backend: b, cases: repo.NewCases(b), identity: idsvc, clock: clk, users: map[string]identity.User{}, admin: adm,
		engine: workflow.NewEngine(repo.NewCases(b), boards, policy, clk, maxUpload).
			WithDelegation(orders, repo.NewSubDelegations(b), enf, idsvc, repo.NewRoleStamps(b)).WithMeetings(repo.NewMeetings(b)).WithReauth(idsvc)}
	for _, name := range demo.Usernames() {
		u, err := idsvc.UserByUsername(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", name, err)
		}
		e.users[name] = u
	}
	return e, nil
}

// newEnv is setup for a test; it fails the test on error.
func newEnv(t testing.TB, b store.Backend) *env {
	t.Helper()
	e, err := setup(t.Context(), b, identity.InsecureTestPasswordCost)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// openSQLite opens a SQLite store in a temporary directory, closed when
// the test ends.
func openSQLite(t testing.TB) store.Backend {
	t.Helper()
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(context.Background()); err != nil {
			t.Errorf("close sqlite: %v", err)
		}
	})
	return b
}

// eachBackend runs f on SQLite, on the Mongo backend over the embedded
// FerretDB and, only when SAMSTYR_TEST_MONGODB_URI is set, on a real
// MongoDB (the subtest is not registered otherwise, so nothing is skipped).
func eachBackend(t *testing.T, f func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { f(t, newEnv(t, openSQLite(t))) })
	t.Run("ferretdb", func(t *testing.T) { f(t, newEnv(t, ferrettest.Open(t))) })
	if ferrettest.MongoURI() != "" {
		t.Run("mongodb", func(t *testing.T) { f(t, newEnv(t, ferrettest.OpenReal(t))) })
	}
}

// user returns a demo user by username.
func (e *env) user(t testing.TB, name string) identity.User {
	t.Helper()
	u, ok := e.users[name]
	if !ok {
		t.Fatalf("no demo user %q", name)
	}
	return u
}

// register registers a case on ITN as the handläggare.
func (e *env) register(ctx context.Context, title string) (cases.Case, error) {
	return e.engine.Cases.Register(ctx, e.users["handlaggare"], cases.Registration{Board: demo.BoardCode, Title: title,
		Counterpart: "Mörbylånga kommun", Description: "Underlag för " + title})
}

// mustRegister is register for a test.
func (e *env) mustRegister(t testing.TB, title string) cases.Case {
	t.Helper()
	c, err := e.register(t.Context(), title)
	if err != nil {
		t.Fatalf("register %q: %v", title, err)
	}
	return c
}

// toReady takes a freshly registered case to beslutsklar as the
// handläggare: a complete memo, start, submit.
func (e *env) toReady(ctx context.Context, c cases.Case) (cases.Case, error) {
	h := e.users["handlaggare"]
	c, _, err := e.engine.Cases.SaveMemo(ctx, h, c.ID, 0, completeMemo())
	if err != nil {
		return c, fmt.Errorf("save memo: %w", err)
	}
	for _, ev := range []string{"start", "submit"} {
		if c, err = e.engine.Cases.Fire(ctx, h, c.ID, ev, c.Version, ""); err != nil {
			return c, fmt.Errorf("%s: %w", ev, err)
		}
	}
	return c, nil
}

// mustFire fires an event with the case's version and fails the test on
// error.
func (e *env) mustFire(t testing.TB, who string, c cases.Case, event, note string) cases.Case {
	t.Helper()
	got, err := e.engine.Cases.Fire(t.Context(), e.user(t, who), c.ID, event, c.Version, note)
	if err != nil {
		t.Fatalf("%s by %s on %s (state %s): %v", event, who, c.RegistrationNumber, c.State, err)
	}
	return got
}

// decideAtMeeting records the outcome bifall of the case as a § of a new
// sammanträde, as the sekreterare: the only way a nämnd's decision moves
// a case to beslutad.
func (e *env) decideAtMeeting(t testing.TB, c cases.Case) cases.Case {
	t.Helper()
	ctx := t.Context()
	sek := e.user(t, "sekreterare")
	m, err := e.engine.Meetings.PlanMeeting(ctx, sek, demo.BoardCode, e.clock.Now(), "Stadshuset", nil)
	if err != nil {
		t.Fatalf("plan meeting: %v", err)
	}
	if m, err = e.engine.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusOpen); err != nil {
		t.Fatalf("open meeting: %v", err)
	}
	item := slices.IndexFunc(m.Agenda, func(a meeting.AgendaItem) bool { return a.CaseID == c.ID })
	if item < 0 {
		t.Fatalf("%s is not on the agenda", c.RegistrationNumber)
	}
	if _, _, err := e.engine.Meetings.RecordParagraph(ctx, sek, m.ID, workflow.ParagraphInput{Item: item, Outcome: meeting.OutcomeApproved}); err != nil {
		t.Fatalf("record §: %v", err)
	}
	return e.reload(t, c.ID)
}

// reload reads the case back from the store as the handläggare.
func (e *env) reload(t testing.TB, id string) cases.Case {
	t.Helper()
	c, err := e.engine.Cases.Case(t.Context(), e.user(t, "handlaggare"), id)
	if err != nil {
		t.Fatalf("reload %s: %v", id, err)
	}
	return c
}

// completeMemo returns a memo with every required section, in fresh slices
// (the engine normalises the slices of the memo it is given in place).
func completeMemo() cases.Memo {
	return cases.Memo{
		Title:          "Översyn av samverkansavtal för IT-drift",
		AuthorName:     "Olof Nilsson",
		AuthorTitle:    "IT-strateg",
		RecipientBoard: "Till IT-nämnden",
		ProposalIntro:  "IT-nämnden beslutar",
		Clauses:        []string{"att godkänna det reviderade samverkansavtalet", "uppdra åt IT-chefen att teckna avtalet"},
		Description:    "Nuvarande avtal löper ut den 31 december 2026.",
		Basis:          []cases.BasisRef{{Text: "Tjänsteskrivelse"}},
		Assessment:     "Förvaltningen bedömer att avtalet bör förlängas.",
		Consequences:   "Kostnaden fördelas enligt fördelningsnyckeln.",
		SendTo:         []string{"Borgholms kommun", "Mörbylånga kommun"},
	}
}

// code is the fault code of err ("" for nil).
func code(err error) string {
	if err == nil {
		return ""
	}
	return fault.From(err).Code
}

// sorted returns a sorted copy of s (nil becomes empty).
func sorted(s []string) []string {
	out := append([]string{}, s...)
	slices.Sort(out)
	return out
}

// Benchmark environments: one SQLite store per benchmark function, shared
// by the repeated calls the testing package makes while it sizes b.N, so
// the demo users (argon2id hashing) are created once per benchmark.
var (
	benchMu   sync.Mutex
	benchEnvs = map[string]*env{}
	benchDirs []string
)

// benchEnv returns the environment of the running benchmark.
func benchEnv(b *testing.B) *env {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if e, ok := benchEnvs[b.Name()]; ok {
		return e
	}
	dir, err := os.MkdirTemp("", "samstyr-workflow-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	ctx := context.Background()
	be, err := sqlitestore.Open(ctx, dir, sqlitestore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	e, err := setup(ctx, be, identity.DefaultPasswordCost)
	if err != nil {
		_ = be.Close(ctx)
		b.Fatal(err)
	}
	benchEnvs[b.Name()] = e
	return e
}

// closeBenchEnvs closes the benchmark stores and removes their directories.
func closeBenchEnvs() {
	benchMu.Lock()
	defer benchMu.Unlock()
	for name, e := range benchEnvs {
		_ = e.backend.Close(context.Background())
		delete(benchEnvs, name)
	}
	for _, d := range benchDirs {
		_ = os.RemoveAll(d)
	}
	benchDirs = nil
}
