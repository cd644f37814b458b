package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/samstyr/samstyr/internal/app"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/loadgen"
)

// benchPassword is the demo password of the in-process bench server.
const benchPassword = "bench-demo-1"

// writeOps are the operations that change the store.
var writeOps = []string{"register", "memo_save", "document_add", "start", "submit", "decide", "sign", "report", "close", "archive"}

// bench runs a load test through the HTTP API: against --target, or
// against an in-process server on a fresh SQLite store with demo data,
// measured first with the raw store baseline.
func bench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("samstyr bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "", "base URL of a running server (empty: start one in-process on a temp SQLite store with demo data)")
	password := fs.String("password", getenv("SAMSTYR_DEMO_PASSWORD"), "demo users' password on --target (SAMSTYR_DEMO_PASSWORD)")
	clients := fs.Int("clients", 8, "concurrent clients")
	duration := fs.Duration("duration", 20*time.Second, "how long to run (0: until --cases)")
	nCases := fs.Int("cases", 0, "stop after this many cases were started (0: until --duration)")
	mixFlag := fs.String("mix", "drafting=3,deciding=3,auditor=1,reads=3", "flow weights: drafting, deciding, auditor, reads")
	seed := fs.Uint64("seed", 1, "seed of the workers' choice of flows")
	baseline := fs.Duration("baseline", 4*time.Second, "how long the raw store baseline runs (in-process only; 0: skip)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the HTTP load phase (server and clients when in-process) to this file")
	var org orgSize
	fs.IntVar(&org.Users, "users", 0, "seed this many people with roles on --boards boards before the load (in-process only; at least 5 per board)")
	fs.IntVar(&org.Boards, "boards", 0, "seed this many boards with adopted delegationsordningar (in-process only)")
	fs.IntVar(&org.Decisions, "board-decisions", 10, "cases per seeded board taken through the whole lifecycle before the load")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config.ErrHelp
		}
		return usageError(err.Error())
	}
	mix, err := loadgen.ParseMix(*mixFlag)
	if err != nil {
		return usageError(err.Error())
	}
	if *clients < 1 || *duration < 0 || *nCases < 0 || (*duration == 0 && *nCases == 0) {
		return usageError("bench needs --clients ≥ 1 and a positive --duration or --cases")
	}
	seeding := org.Users > 0 || org.Boards > 0
	switch {
	case seeding && *target != "":
		return usageError("bench --users and --boards seed the in-process server; they cannot be used with --target")
	case seeding && (org.Boards < 1 || org.Boards > 26*26*26 || org.Users < 5*org.Boards || org.Decisions < 0):
		return usageError("bench --users N --boards M needs 1 ≤ M ≤ 17576, N ≥ 5·M (each board's handläggare, ordförande, förvaltningschef, sekreterare and revisor) and --board-decisions ≥ 0")
	}
	base := *target
	var (
		raw float64 // the raw store's best updates/s, 0 when not measured
		srv *benchServer
	)
	if base == "" {
		if srv, err = startBenchServer(ctx, getenv("SAMSTYR_SQLITE_SYNCHRONOUS"), stderr); err != nil {
			return err
		}
		defer srv.close()
		base, *password = srv.url, benchPassword
		fmt.Fprintf(stdout, "In-process server on %s, SQLite store in %s, synchronous=%s (GOMAXPROCS %d)\n\n", srv.url, srv.dir,
			srv.synchronous, runtime.GOMAXPROCS(0))
		if seeding {
			fmt.Fprintf(stdout, "Seeding an organisation of %d people on %d boards:\n", org.Users, org.Boards)
			if err := srv.seedOrg(ctx, stdout, org, *clients); err != nil {
				return err
			}
			fmt.Fprintln(stdout)
		}
		if *baseline > 0 {
			if raw, err = srv.rawBaseline(ctx, stdout, *clients, *baseline); err != nil {
				return err
			}
		}
	} else if *password == "" {
		return usageError("bench --target needs the demo password (--password or SAMSTYR_DEMO_PASSWORD)")
	}
	if srv != nil {
		srv.startWorker()
	}
	// A signature hashes the password (argon2id); when every hashing
	// slot is busy the server answers 429 login_busy with Retry-After, and
	// a client tries again, as a person's browser would (benchPatience).
	// Each signature asks for the password again, counted by the login
	// throttle per address and account: sixteen clients signing as one
	// demo chair from one address would be a password-guessing attack to
	// it. Signers sit at their own desks, so each signature comes from its
	// own address (X-Forwarded-For, believed by the in-process server; a
	// --target server must trust the bench as a proxy).
	cfg := loadgen.Config{BaseURL: base, Password: *password, SpreadSigners: true, Patience: benchPatience}
	stats, acks := loadgen.NewStats(), loadgen.NewAcks()
	// The demo users log in before the load: a login hashes the password
	// with argon2id, a fixed cost that would weigh on a short run.
	tokens := loadgen.NewTokens()
	if err := tokens.LogIn(ctx, cfg, loadgen.DemoPeople); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(stdout, "load average before the run: %s\n", strings.Join(strings.Fields(string(b))[:3], " "))
	}
	fmt.Fprintf(stdout, "HTTP load: %d clients, mix %s, duration %s, cases %d\n", *clients, *mixFlag, *duration, *nCases)
	cpu0 := processCPU()
	writes0, _ := srv.writeStats()
	res, err := loadgen.Run(ctx, cfg, loadgen.RunConfig{Clients: *clients, Duration: *duration, Cases: *nCases, Mix: mix, Seed: *seed, Tokens: tokens}, stats, acks)
	if err != nil {
		return err
	}
	cpu := processCPU() - cpu0
	fmt.Fprintf(stdout, "ran %s; completed flows:", res.Elapsed.Round(time.Millisecond))
	for _, f := range []string{"drafting", "deciding", "auditor", "reads"} {
		fmt.Fprintf(stdout, " %s %d", f, res.Flows[f])
	}
	fmt.Fprintf(stdout, "; cases archived %d\n\n", acks.Completed())
	stats.Print(stdout, res.Elapsed)
	ops, _ := stats.Summary(res.Elapsed)
	writes := 0
	for _, o := range ops {
		for _, w := range writeOps {
			if o.Op == w {
				writes += o.Count
			}
		}
	}
	_, total := stats.Summary(res.Elapsed)
	writeRate := float64(writes) / res.Elapsed.Seconds()
	fmt.Fprintf(stdout, "\nacknowledged-or-refused writes: %d (%.1f/s)\n", writes, writeRate)
	fmt.Fprintln(stdout, "\nSummary:")
	fmt.Fprintf(stdout, "  requests/s %.1f, p50 %s, p99 %s\n", total.PerSecond, round(total.P50), round(total.P99))
	for _, o := range ops {
		if o.Op == "decide" {
			fmt.Fprintf(stdout, "  decide p50 %s, p99 %s (%d decisions)\n", round(o.P50), round(o.P99), o.Count)
		}
	}
	if raw > 0 {
		fmt.Fprintf(stdout, "  HTTP writes/s %.1f = %.1f %% of the raw store's %.1f versioned updates/s (the better of its two rates above)\n",
			writeRate, 100*writeRate/raw, raw)
	}
	if w, ok := srv.writeStats(); ok {
		w.Writes -= writes0.Writes
		w.Commits -= writes0.Commits
		w.Fallbacks -= writes0.Fallbacks
		fmt.Fprintf(stdout, "  SQLite store: %d writes in %d commits (%.2f writes per commit), %d batches fell back\n",
			w.Writes, w.Commits, float64(w.Writes)/float64(max(w.Commits, 1)), w.Fallbacks)
	}
	who := "this process (the clients)"
	if *target == "" {
		who = "this process (server and clients)"
	}
	if total.Count > 0 {
		fmt.Fprintf(stdout, "  CPU time of %s: %.2f s = %.3f ms per request\n", who, cpu.Seconds(),
			float64(cpu)/float64(time.Millisecond)/float64(total.Count))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(stdout, "  load average after the run: %s\n", strings.Join(strings.Fields(string(b))[:3], " "))
	}
	return nil
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// round shortens a latency for the summary.
func round(d time.Duration) time.Duration {
	if d >= 10*time.Millisecond {
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(10 * time.Microsecond)
}

// benchServer is an in-process `samstyr serve` on a temp store.
type benchServer struct {
	a           *app.App
	dir         string
	url         string
	synchronous string // the store's synchronous pragma, as read back
	// startWorker starts the recalculation worker (as serve does). The
	// bench starts it just before the load, so that every run's window
	// holds the same ticks of it, however long the seeding took.
	startWorker func()
	stop        func()
}

// startBenchServer starts the in-process server on a fresh SQLite store
// with the given synchronous mode (SAMSTYR_SQLITE_SYNCHRONOUS; empty for
// the default).
func startBenchServer(ctx context.Context, synchronous string, stderr io.Writer) (*benchServer, error) {
	dir, err := os.MkdirTemp("", "samstyr-bench-")
	if err != nil {
		return nil, err
	}
	env := map[string]string{"SAMSTYR_DATA_DIR": dir, "SAMSTYR_DEMO_PASSWORD": benchPassword, "SAMSTYR_LOG_LEVEL": "warn",
		"SAMSTYR_ADDR": "127.0.0.1:0", "SAMSTYR_SECURE_COOKIES": "false", "SAMSTYR_SQLITE_SYNCHRONOUS": synchronous,
		"SAMSTYR_TRUSTED_PROXIES": "127.0.0.1"}
	cfg, err := config.Load(nil, func(k string) string { return env[k] }, stderr)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	log := platform.NewLogger(stderr, slog.LevelWarn)
	backend, err := app.OpenBackend(ctx, cfg)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	a, err := app.New(ctx, app.Options{Config: cfg, Backend: backend, Clock: platform.SystemClock{}, Log: log})
	if err != nil {
		backend.Close(ctx)
		os.RemoveAll(dir)
		return nil, err
	}
	workerCtx, stopWorker := context.WithCancel(ctx)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		stopWorker()
		backend.Close(ctx)
		os.RemoveAll(dir)
		return nil, err
	}
	mode := cfg.SQLiteSynchronous
	if sb, ok := backend.(*sqlitestore.Backend); ok {
		if mode, err = sb.Synchronous(ctx); err != nil {
			mode = err.Error()
		}
	}
	srv := &http.Server{Handler: a.Engine, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &benchServer{a: a, dir: dir, url: "http://" + ln.Addr().String(), synchronous: mode, startWorker: func() {
		a.StartWorker(workerCtx, cfg.RecalcInterval, log)
	}, stop: func() {
		_ = srv.Close()
		stopWorker()
		backend.Close(context.WithoutCancel(ctx))
		os.RemoveAll(dir)
	}}, nil
}

func (s *benchServer) close() { s.stop() }

// writeStats reads the in-process SQLite store's group-commit counts;
// false for a --target server.
func (s *benchServer) writeStats() (sqlitestore.WriteStats, bool) {
	if s == nil {
		return sqlitestore.WriteStats{}, false
	}
	sb, ok := s.a.Backend.(*sqlitestore.Backend)
	if !ok {
		return sqlitestore.WriteStats{}, false
	}
	return sb.WriteStats(), true
}

// rawBaseline measures the store call every case write is built on: Get
// of a freshly registered case's record and a version-guarded Update
// writing it back, with no HTTP and no domain code; first by one
// goroutine, then by n at once on n cases.
func (s *benchServer) rawBaseline(ctx context.Context, w io.Writer, n int, d time.Duration) (best float64, err error) {
	u, err := s.a.Identity.UserByUsername(ctx, "handlaggare")
	if err != nil {
		return 0, err
	}
	ids := make([]string, n)
	for i := range ids {
		c, err := s.a.Workflow.Cases.Register(ctx, u, cases.Registration{Board: "ITN", Title: fmt.Sprintf("Baslinje %d för versionsstyrd uppdatering", i)})
		if err != nil {
			return 0, err
		}
		ids[i] = c.ID
	}
	b := s.a.Backend
	run := func(workers int) (int, time.Duration, error) {
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			total int
			first error
		)
		deadline := time.Now().Add(d / 2)
		start := time.Now()
		for i := range workers {
			wg.Go(func() {
				k := 0
				for time.Now().Before(deadline) {
					rec, err := b.Get(ctx, repo.CollCases, ids[i])
					if err == nil {
						_, err = b.Update(ctx, repo.CollCases, ids[i], rec.Version, rec.Data)
					}
					if err != nil {
						mu.Lock()
						first = cmpErr(first, err)
						mu.Unlock()
						return
					}
					k++
				}
				mu.Lock()
				total += k
				mu.Unlock()
			})
		}
		wg.Wait()
		return total, time.Since(start), first
	}
	fmt.Fprintln(w, "Raw store baseline (Backend.Get + versioned Backend.Update of a registered case, no HTTP, no domain code):")
	for _, workers := range uniq(1, n) {
		k, el, err := run(workers)
		if err != nil {
			return 0, err
		}
		best = max(best, float64(k)/el.Seconds())
		fmt.Fprintf(w, "  %2d goroutine(s): %7d updates in %s = %8.1f updates/s (%s per update per goroutine)\n",
			workers, k, el.Round(time.Millisecond), float64(k)/el.Seconds(), (el * time.Duration(workers) / time.Duration(max(k, 1))).Round(time.Microsecond))
	}
	fmt.Fprintln(w)
	return best, nil
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

func uniq(a, b int) []int {
	if a == b {
		return []int{a}
	}
	return []int{a, b}
}

// benchPatience is how long a bench client keeps retrying a request
// answered 429 (a busy password-hashing pool) or 5xx; each attempt is
// counted in the table.
const benchPatience = 30 * time.Second
