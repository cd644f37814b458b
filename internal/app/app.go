package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/oparl"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/redact"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/policies"
	"github.com/samstyr/samstyr/web"
	"github.com/samstyr/samstyr/workflow"
)

// Options are the inputs of New.
type Options struct {
	Config  config.Config
	Backend store.Backend
	Clock   platform.Clock
	Log     *slog.Logger
	// Announce receives the one-time demo login table (stdout in serve).
	Announce io.Writer
	// Throttle overrides the login throttling policy (tests).
	Throttle *identity.ThrottlePolicy
	// PasswordCost overrides the argon2id cost of new password hashes
	// (tests: identity.InsecureTestPasswordCost); nil is
	// identity.DefaultPasswordCost, which every command uses.
	PasswordCost *identity.PasswordCost
	// NoCatchUp skips the start-up repair of the audit projection, so a
	// one-shot check (samstyr verify) sees the store as it is.
	NoCatchUp bool
	// RedactCache is where the masking engine keeps PDFium compiled
	// between starts; empty: <data dir>/cache/wazero on SQLite, none on
	// MongoDB (tests share one directory).
	RedactCache string
}

// App is a wired Samstyr instance.
type App struct {
	Engine   *gin.Engine
	Identity *identity.Service
	Boards   repo.Boards
	Orders   *delegation.Service
	Workflow *workflow.Engine
	Costs    *costs.Service
	Audit    *audit.Service
	Ledger   *audit.Ledger
	// Numbers keeps every diarium series explained (the makulering sweep).
	Numbers *cases.Sweeper
	Backend store.Backend
	// SSO is the OIDC provider's client; nil when single sign-on is off.
	SSO *sso.Client
	// Redactor makes masked copies of PDFs (PDFium, started on first
	// use); Close stops it.
	Redactor *redact.Engine
	// DemoLogins are the demo accounts created by this start (empty when
	// none were created).
	DemoLogins []demo.Login
	// Admin is the administration's use cases (internal/admin).
	Admin *admin.Service
	// Ticker paces the background jobs (StartWorker, StartCheckpoints,
	// StartNumberSweep); nil is the real one (platform.SystemTicker).
	// Tests set their own to drive the jobs.
	Ticker platform.Ticker
}

type demoMarker struct {
	State string `json:"state"` // loading, done
}

// New migrates the store, loads demo data when due, and builds the engine.
func New(ctx context.Context, o Options) (*App, error) {
	if err := CheckConfig(o.Config); err != nil {
		return nil, err
	}
	before, err := store.SchemaVersion(ctx, o.Backend)
	if err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	from, to, err := store.Migrate(ctx, o.Backend, repo.Migrations)
	if err != nil {
		return nil, err
	}
	if from != to {
		o.Log.Info("store migrated", "backend", o.Backend.Name(), "from", from, "to", to)
	}
	tp := identity.DefaultThrottle
	if o.Throttle != nil {
		tp = *o.Throttle
	}
	a := &App{Backend: o.Backend, Boards: repo.NewBoards(o.Backend)}
	var idopts []identity.Option
	if o.PasswordCost != nil {
		idopts = append(idopts, identity.WithPasswordCost(*o.PasswordCost))
	}
	a.Identity = identity.NewService(repo.NewIdentity(o.Backend), o.Clock, tp, idopts...)
	policy, err := policies.LoadWorkflow()
	if err != nil {
		return nil, err
	}
	master, err := masterKey(ctx, o.Config, o.Backend, o.Log)
	if err != nil {
		return nil, err
	}
	keys, err := signing.NewKeyStore(repo.NewSigningKeys(o.Backend), master)
	if err != nil {
		return nil, err
	}
	// No built-in prisbasbelopp: every limit converts with the table an
	// administrator maintains (WithReference).
	enf, err := policies.NewDelegation(nil)
	if err != nil {
		return nil, err
	}
	a.Orders = delegation.NewService(repo.NewOrders(o.Backend), o.Clock)
	a.Costs = costs.NewService(repo.NewCosts(o.Backend), a.Boards, repo.NewAgreements(o.Backend), repo.NewCases(o.Backend), o.Clock)
	a.Workflow = workflow.NewEngine(repo.NewCases(o.Backend), a.Boards, policy, o.Clock, o.Config.MaxUpload).
		WithDelegation(a.Orders, repo.NewSubDelegations(o.Backend), enf, a.Identity, repo.NewRoleStamps(o.Backend)).WithSigner(keys).WithReauth(a.Identity).
		WithMeetings(repo.NewMeetings(o.Backend)).WithCosts(a.Costs).WithReference(repo.NewAdmin(o.Backend)).WithAbsences(repo.NewAbsences(o.Backend)).
		// Gallring waits for pending requests for allmän handling: the
		// engine asks its own register of requests (WithDisclosure below).
		WithArchive(repo.NewArchive(o.Backend), repo.NewArchive(o.Backend), repo.NewCases(o.Backend), softwareVersion())
	cache := o.RedactCache
	if cache == "" && o.Backend.Name() == "sqlite" {
		cache = filepath.Join(o.Config.DataDir, "cache", "wazero")
	}
	a.Redactor = redact.New(redact.Options{CacheDir: cache})
	a.Workflow.WithDisclosure(repo.NewDisclosures(o.Backend), a.Redactor).WithPublicSite(oparl.Site{
		Base: o.Config.BaseURL() + "/api/v1/public/oparl", Name: "Samstyr", Website: o.Config.BaseURL()})
	ad := repo.NewAdmin(o.Backend)
	a.Admin = admin.NewService(admin.Deps{Identity: a.Identity, Boards: a.Boards, Seats: ad, Refs: ad, Org: ad, Imports: ad,
		Orders: a.Orders, Subs: repo.NewSubDelegations(o.Backend), People: a.Workflow, Clock: o.Clock})
	a.Workflow.WithSeats(a.Admin)
	if err := a.loadDemo(ctx, o, before == 0); err != nil {
		return nil, fmt.Errorf("demo data: %w", err)
	}
	if n, err := a.Admin.ResumeImports(ctx); err != nil {
		return nil, fmt.Errorf("finishing imports: %w", err)
	} else if n > 0 {
		o.Log.Info("interrupted imports finished", "imports", n)
	}
	if err := a.announceInit(ctx, o); err != nil {
		return nil, err
	}
	a.Ledger = audit.NewLedger(repo.NewLedger(o.Backend), repo.NewLedger(o.Backend), keys, o.Clock).WithChecks(audit.Checks{
		Payload: workflow.Payload, Records: repo.NewAudit(o.Backend), Cases: repo.NewCases(o.Backend),
		Compliance: a.Workflow.Decisions.ComplianceOf, Numbers: repo.NewCases(o.Backend)})
	a.Audit = audit.NewService(repo.NewAudit(o.Backend), repo.NewCases(o.Backend), a.Workflow.Decisions.ComplianceOf, o.Clock, derive(master, "samstyr-cursor-v1")).
		WithDecisionCheck(workflow.Payload).WithSnapshots(a.Workflow.Costs.SnapshotsByTrigger)
	a.Ledger.WithQueryLog(a.Audit.Log)
	a.Numbers = cases.NewSweeper(repo.NewCases(o.Backend), o.Clock, o.Config.NumberGrace, workflow.CurrentVersion)
	a.Workflow.Observe(func(ctx context.Context, c cases.Case) {
		// The case is written: a client that hangs up now must not cancel
		// its projection, which would stay stale until the next start.
		if err := a.Audit.Project(context.WithoutCancel(ctx), c); err != nil {
			o.Log.WarnContext(ctx, "audit projection (repaired at the next start)", "case", c.ID, "err", err.Error())
		}
	})
	if !o.NoCatchUp {
		if n, err := a.Audit.CatchUp(ctx); err != nil {
			return nil, fmt.Errorf("audit projection catch-up: %w", err)
		} else if n > 0 {
			o.Log.Info("audit projection caught up", "decisions", n)
		}
	}
	if o.Config.OIDC.Enabled() {
		a.SSO = sso.New(o.Config.OIDC, o.Clock, o.Log)
	}
	spec, err := api.LoadSpec()
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = false
	e.ContextWithFallback = true
	// Only configured load balancers may name the client in
	// X-Forwarded-For; with none, the peer address is the client.
	if err := e.SetTrustedProxies(o.Config.TrustedProxies); err != nil {
		return nil, err
	}
	metrics := httpx.NewMetrics()
	metrics.CounterFunc("samstyr_password_checks_total", "Passwords checked against their argon2id hash (attempts refused by login throttling are not).",
		func() float64 { return float64(a.Identity.PasswordChecks()) })
	if sb, ok := o.Backend.(*sqlitestore.Backend); ok {
		// Group commit (sqlitestore/commit.go): writes per commit is the
		// writes an fsync carries.
		metrics.CounterFunc("samstyr_sqlite_writes_total", "Single-statement writes the SQLite store ran (inserts, updates, deletes, increments, sequence draws).",
			func() float64 { return float64(sb.WriteStats().Writes) })
		metrics.CounterFunc("samstyr_sqlite_commits_total", "Transactions those writes were committed in (one per write run alone, one per group of writes committed together).",
			func() float64 { return float64(sb.WriteStats().Commits) })
		metrics.CounterFunc("samstyr_sqlite_batch_fallbacks_total", "Groups of writes rolled back after an error and run again one by one.",
			func() float64 { return float64(sb.WriteStats().Fallbacks) })
	}
	e.Use(httpx.RequestID(), httpx.AccessLog(o.Log), metrics.Middleware(), httpx.Recover(o.Log), httpx.SecurityHeaders())
	e.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/readyz", func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := o.Backend.Ping(ctx); err != nil {
			o.Log.WarnContext(c.Request.Context(), "not ready", "err", err.Error())
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "store": o.Backend.Name()})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ok", "store": o.Backend.Name()})
	})
	e.GET("/metrics", metrics.Handler())
	api.Register(e, api.Deps{Identity: a.Identity, Boards: a.Boards, Cases: a.Workflow.Cases, Decisions: a.Workflow.Decisions, Meetings: a.Workflow.Meetings, Costs: a.Workflow.Costs, Archive: a.Workflow.Archive,
		Public: a.Workflow.Public, Disclosures: a.Workflow.Disclosures,
		Audit: a.Audit, Ledger: a.Ledger, Admin: a.Admin, Records: repo.NewAdmin(o.Backend), Clock: o.Clock,
		Log: o.Log, Spec: spec, MaxBodyBytes: o.Config.MaxBodyBytes, MaxUploadBytes: o.Config.MaxUpload,
		TokenTTL: o.Config.TokenTTL, SSO: a.SSO})
	if err := web.Register(e, web.Deps{Identity: a.Identity, Boards: a.Boards, Cases: a.Workflow.Cases, Decisions: a.Workflow.Decisions, Meetings: a.Workflow.Meetings, Costs: a.Workflow.Costs, Archive: a.Workflow.Archive,
		Public: a.Workflow.Public, Disclosures: a.Workflow.Disclosures,
		Audit: a.Audit, Ledger: a.Ledger,
		Admin: a.Admin, Records: repo.NewAdmin(o.Backend),
		Clock: o.Clock, Log: o.Log, SessionTTL: o.Config.SessionTTL, SecureCookies: o.Config.SecureCookies,
		MaxUpload: o.Config.MaxUpload, SSO: a.SSO}); err != nil {
		return nil, err
	}
	a.Engine = e
	return a, nil
}

// CheckConfig applies the domain's rules to settings that config.Load
// cannot judge alone: the demo password must pass the password rule
// (identity.PasswordProblem) for every demo user. A failure is a
// *config.Error naming the setting.
func CheckConfig(cfg config.Config) error {
	if cfg.DemoPassword != "" {
		if p := demo.PasswordProblem(cfg.DemoPassword); p != "" {
			return &config.Error{Setting: "SAMSTYR_DEMO_PASSWORD (--demo-password)", Msg: i18n.T(i18n.English, p) +
				" (at least 12 characters, not a common password, not a demo user's name)"}
		}
	}
	return nil
}

// loadDemo loads the demo installation on the first start of an embedded
// store (or of a MongoDB store when asked with --demo), and finishes a load
// that an earlier start began but did not complete.
func (a *App) loadDemo(ctx context.Context, o Options, fresh bool) error {
	const markerID = "demo"
	rec, err := o.Backend.Get(ctx, store.MetaCollection, markerID)
	var m demoMarker
	switch {
	case err == nil:
		if err := rec.Decode(&m); err != nil {
			return err
		}
		if m.State == "done" {
			if o.Config.DemoPassword != "" {
				o.Log.Warn("SAMSTYR_DEMO_PASSWORD changed no password: the demo was loaded at an earlier start, with the passwords printed then; start on a new data dir to load it with this one")
			}
			return nil
		}
	case errors.Is(err, store.ErrNotFound):
		want := !o.Config.NoDemo && ((o.Backend.Name() == "sqlite" && fresh) || o.Config.Demo)
		if !want {
			return nil
		}
		if done, err := a.Admin.Initialised(ctx); err != nil || done {
			return err // an organisation set up with samstyr init gets no demo data
		}
		rec, err = o.Backend.Insert(ctx, store.MetaCollection, markerID, mustJSON(demoMarker{State: "loading"}))
		if errors.Is(err, store.ErrDuplicate) {
			return nil // another instance is loading it
		}
		if err != nil {
			return err
		}
	default:
		return err
	}
	logins, err := demo.Load(ctx, a.Admin, a.Identity, a.Orders, a.Costs, o.Config.DemoPassword)
	if err != nil {
		return err
	}
	if _, err := o.Backend.Update(ctx, store.MetaCollection, markerID, rec.Version, mustJSON(demoMarker{State: "done"})); err != nil {
		return err
	}
	a.DemoLogins = logins
	o.Log.Info("demo data loaded", "board", demo.BoardCode, "users", len(logins))
	if o.Announce != nil && len(logins) > 0 {
		printLogins(o.Announce, logins, o.Config.DemoPassword != "")
	}
	return nil
}

func printLogins(w io.Writer, logins []demo.Login, fixed bool) {
	fmt.Fprintln(w, "\nSamstyr: demodata inläst (Ölands IT-nämnd, ITN). Demo logins:")
	for _, l := range logins {
		fmt.Fprintf(w, "  %-16s %-14s %s\n", l.Username, l.Password, l.Name)
	}
	if !fixed {
		fmt.Fprintln(w, "Lösenorden visas bara nu / The passwords are shown only now.")
	}
	fmt.Fprintln(w)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
