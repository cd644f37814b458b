package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
	"github.com/samstyr/samstyr/internal/testkit/loadgen"
)

// crashSetup is one crash test: its size, and the store the servers use
// (env is added to the environment of `samstyr serve` and `samstyr verify`;
// empty means SQLite in the data directory).
type crashSetup struct {
	cases, clients, kills int
	env                   []string
}

// sqliteCrash is the crash test's size on SQLite: the issue asks for 1,000
// cases through their whole life by 16 concurrent clients, with at least
// three SIGKILLs.
var sqliteCrash = crashSetup{cases: 1000, clients: 16, kills: 4}

// crashServer is one `samstyr serve` process on a fixed address, so the
// clients find it again after a restart.
type crashServer struct {
	*proc
	exited chan struct{} // closed when the process has ended
	mu     sync.Mutex
	errors []string // ERROR lines the server logged
}

// terminate stops the process with SIGTERM and expects a clean exit.
func (s *crashServer) terminate(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
		if !s.cmd.ProcessState.Success() {
			t.Errorf("exit after SIGTERM: %v", s.cmd.ProcessState)
		}
	case <-time.After(11 * time.Second):
		t.Fatal("no exit within 10 s of SIGTERM")
	}
}

// kill ends the process with SIGKILL.
func (s *crashServer) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.exited
}

func startOn(t *testing.T, dir, addr string, env ...string) *crashServer {
	t.Helper()
	s := &crashServer{proc: &proc{addr: addr, stdout: &bytes.Buffer{}}, exited: make(chan struct{})}
	s.cmd = exec.Command(binary)
	s.cmd.Env = append(os.Environ(), "SAMSTYR_ADDR="+addr, "SAMSTYR_DATA_DIR="+dir, "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1",
		"SAMSTYR_RECALC_INTERVAL=1s", "SAMSTYR_LOG_LEVEL=warn", "SAMSTYR_DNR_GRACE=1s")
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stdout = s.stdout
	stderr, _ := s.cmd.StderrPipe()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.mu.Lock()
			if all.Len() < 64<<10 {
				all.WriteString(sc.Text() + "\n")
			}
			if strings.Contains(sc.Text(), `"level":"ERROR"`) {
				s.errors = append(s.errors, sc.Text())
			}
			s.mu.Unlock()
		}
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); <-s.exited })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			s.mu.Lock()
			defer s.mu.Unlock()
			t.Fatalf("server exited at start: %v\n%s", s.cmd.ProcessState, all.String())
		default:
		}
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("server on %s not ready within 30 s", addr)
	return nil
}

// TestCrashRecoveryKeepsEveryAcknowledgedWrite drives 1,000 cases through
// register → memo → handling → start → submit → delegation decision (a
// third with budget impact) → signature → anmälan → close → archive with
// 16 concurrent clients against a real `samstyr serve` on SQLite, and
// SIGKILLs the server at seeded random moments, restarting it on the same
// directory each time. Requests in flight at a kill may fail; the clients
// re-read and carry on. Afterwards every acknowledged write must be there,
// `samstyr verify` must pass, every budget-impacting decision must have
// exactly one allocation snapshot, and the audit projection must match
// the decisions in the cases. An administrator signs a ledger checkpoint
// every 2 s, so verify also checks checkpoints made before the kills.
// verify also compares every audit record with its decision and requires
// every diarienummer drawn to be held: a number a kill left unstored must
// have been makulerat by the sweep (grace 1 s here). Reproduce a run with
// SAMSTYR_CRASH_SEED.
func TestCrashRecoveryKeepsEveryAcknowledgedWrite(t *testing.T) {
	runCrash(t, sqliteCrash)
}

// TestCrashRecoveryOnMongoUnderContention is the crash test on the Mongo
// backend: FerretDB on PostgreSQL with the driver's normal pool (see
// ferrettest.PostgresURI), so the server's concurrent requests meet in the
// store as they would on MongoDB. It is smaller than the SQLite run (the
// FerretDB harness filters most queries in Go), and skips without
// PostgreSQL unless SAMSTYR_REQUIRE_POSTGRES=1.
func TestCrashRecoveryOnMongoUnderContention(t *testing.T) {
	uri := ferrettest.PostgresURI(t)
	db := ferrettest.OpenPostgres(t) // a fresh database, dropped when the test ends
	runCrash(t, crashSetup{cases: 100, clients: 8, kills: 3, env: []string{"SAMSTYR_MONGODB_URI=" + uri,
		"SAMSTYR_MONGODB_DATABASE=" + db.Database(), "SAMSTYR_DEMO=true", "SAMSTYR_MASTER_KEY=" + apptest.TestMasterKey}})
}

// runCrash runs the crash test described at
// TestCrashRecoveryKeepsEveryAcknowledgedWrite with setup cs.
func runCrash(t *testing.T, cs crashSetup) {
	if testing.Short() {
		t.Skip("the crash tests run in the full suite, not under -short")
	}
	crashCases, crashClients, crashKills := cs.cases, cs.clients, cs.kills
	began := time.Now()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("SAMSTYR_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("SAMSTYR_CRASH_SEED: %v", err)
		}
	}
	t.Logf("seed %d (rerun with SAMSTYR_CRASH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir, addr := t.TempDir(), freeAddr(t)
	srv := startOn(t, dir, addr, cs.env...)
	var crashed []*crashServer

	stats, acks := loadgen.NewStats(), loadgen.NewAcks()
	cfg := loadgen.Config{BaseURL: "http://" + addr, Password: "gemensam-demo-1", Patience: 45 * time.Second}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	type outcome struct {
		res loadgen.Result
		err error
	}
	// An administrator signs a ledger checkpoint every 2 s (the on-demand
	// endpoint), so the kills also hit checkpoints in the making and
	// verify checks checkpoints made before them.
	admin := login(t, srv.proc, "admin")
	var checkpoints atomic.Int64
	cpDone := make(chan struct{})
	go func() {
		defer close(cpDone)
		for ctx.Err() == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/audit/checkpoints", nil)
			req.Header.Set("Authorization", "Bearer "+admin)
			if res, err := http.DefaultClient.Do(req); err == nil {
				if res.StatusCode == http.StatusCreated {
					checkpoints.Add(1)
				}
				res.Body.Close()
			}
		}
	}()
	done := make(chan outcome, 1)
	go func() {
		res, err := loadgen.Run(ctx, cfg, loadgen.RunConfig{Clients: crashClients, Cases: crashCases,
			Mix: loadgen.Mix{Deciding: 1}, Seed: seed}, stats, acks)
		done <- outcome{res, err}
	}()

	// Kill k happens once a seeded random number of cases in the k-th
	// stretch of the run is archived, plus a random few milliseconds, so
	// the kills land at different steps of different cases.
	stretch := crashCases / crashKills
	var runOut *outcome
	for k := range crashKills {
		at := k*stretch + stretch/5 + rng.IntN(stretch*3/5)
		jitter := time.Duration(rng.IntN(250)) * time.Millisecond
		for acks.Completed() < at && runOut == nil {
			select {
			case o := <-done:
				runOut = &o
			case <-time.After(5 * time.Millisecond):
			}
		}
		if runOut != nil {
			t.Fatalf("the run ended before kill %d (at %d archived cases): %v", k+1, at, runOut.err)
		}
		time.Sleep(jitter)
		n := acks.Completed()
		srv.kill(t)
		killedAt := time.Since(began)
		crashed = append(crashed, srv)
		pause := time.Duration(rng.IntN(300)) * time.Millisecond
		time.Sleep(pause)
		restart := time.Now()
		srv = startOn(t, dir, addr, cs.env...)
		t.Logf("kill %d: SIGKILL at %s with %d cases archived (target %d + %s); down %s, restarted in %s",
			k+1, killedAt.Round(time.Millisecond), n, at, jitter, pause, time.Since(restart).Round(time.Millisecond))
	}
	if runOut == nil {
		o := <-done
		runOut = &o
	}
	cancel()
	<-cpDone
	if runOut.err != nil {
		t.Fatalf("load run: %v", runOut.err)
	}
	if got := acks.Completed(); got != crashCases {
		t.Fatalf("%d cases archived, want %d", got, crashCases)
	}
	ops, total := stats.Summary(runOut.res.Elapsed)
	var failed []string
	for _, o := range ops {
		if o.Errors > 0 {
			failed = append(failed, fmt.Sprintf("%s %d", o.Op, o.Errors))
		}
	}
	t.Logf("load: %d cases archived in %s by %d clients, %d requests (%d answered 409), %d failed at the kills (%s)",
		crashCases, runOut.res.Elapsed.Round(time.Millisecond), crashClients, total.Count+total.Errors, total.Conflicts, total.Errors, strings.Join(failed, ", "))

	checkStart := time.Now()
	checkAll(t, srv.proc, acks, crashCases)
	time.Sleep(3 * time.Second) // two sweeps (each 1 s apart) after the last registration
	srv.terminate(t)
	verify := exec.Command(binary, "verify", "--data-dir", dir)
	if len(cs.env) > 0 {
		verify = exec.Command(binary, "verify")
		verify.Env = append(os.Environ(), cs.env...)
	}
	out, err := verify.CombinedOutput()
	var nCases, nEvents, nCheckpoints int64
	fmt.Sscanf(string(out), "Kontrollerade %d ärenden, %d händelser och %d kontrollpunkter.", &nCases, &nEvents, &nCheckpoints)
	if err != nil || !strings.Contains(string(out), "Inga avvikelser") || nCheckpoints < checkpoints.Load() || checkpoints.Load() == 0 {
		t.Errorf("samstyr verify after the crashes (%d checkpoints acknowledged): %v\n%s", checkpoints.Load(), err, out)
	}
	t.Logf("checks: %s; %d checkpoints acknowledged; samstyr verify: %s", time.Since(checkStart).Round(time.Millisecond),
		checkpoints.Load(), strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]))
	var serverCPU time.Duration
	for _, s := range append(crashed, srv) {
		serverCPU += s.cmd.ProcessState.UserTime() + s.cmd.ProcessState.SystemTime()
	}
	t.Logf("CPU: servers %s (all %d processes), this test process %s so far", serverCPU.Round(time.Millisecond), len(crashed)+1, selfCPU().Round(time.Millisecond))
	for _, s := range append(crashed, srv) {
		s.mu.Lock()
		for _, l := range s.errors {
			t.Errorf("server logged an error: %s", l)
		}
		s.mu.Unlock()
	}
	t.Logf("crash test took %s", time.Since(began).Round(time.Millisecond))
}

// getJSON reads path as user; the checks run after the last restart, so
// any failure is one.
func getJSON(t *testing.T, p *proc, token, path string, v any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+p.addr+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("GET %s: %v", path, err)
		return 0
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == 200 {
		if err := json.Unmarshal(b, v); err != nil {
			t.Errorf("GET %s: %v", path, err)
		}
	}
	return res.StatusCode
}

// parallel runs fn for every item with 16 goroutines.
func parallel[T any](items []T, fn func(T)) {
	var wg sync.WaitGroup
	ch := make(chan T)
	for range 16 {
		wg.Go(func() {
			for it := range ch {
				fn(it)
			}
		})
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
}

type crashCase struct {
	ID                 string `json:"id"`
	RegistrationNumber string `json:"registration_number"`
	State              string `json:"state"`
	Version            int64  `json:"version"`
	Memo               *struct {
		Revision int `json:"revision"`
	} `json:"memo"`
	Documents []json.RawMessage `json:"documents"`
	History   []struct {
		Action string `json:"action"`
		Ref    string `json:"ref"`
		Actor  string `json:"actor"`
	} `json:"history"`
}

type crashDecision struct {
	ID           string            `json:"id"`
	PointCode    string            `json:"point_code"`
	AmountOre    int64             `json:"amount_ore"`
	Signatures   []json.RawMessage `json:"signatures"`
	Report       *json.RawMessage  `json:"report"`
	BudgetImpact []json.RawMessage `json:"budget_impact"`
}

// checkAll reads every case of the board (acknowledged or not: a
// registration whose answer a kill swallowed was sent again) and every
// decision in them, and checks the acknowledged writes, the allocation
// snapshots and the audit projection against them.
func checkAll(t *testing.T, p *proc, acks *loadgen.Acks, crashCases int) {
	token, rev := login(t, p, "handlaggare"), login(t, p, "revisor")
	all := map[string]crashCase{}
	for page := 1; ; page++ {
		var pg struct {
			Items []crashCase `json:"items"`
		}
		if code := getJSON(t, p, token, fmt.Sprintf("/api/v1/cases?board=ITN&per_page=100&page=%d", page), &pg); code != 200 {
			t.Fatalf("list cases page %d: %d", page, code)
		}
		for _, c := range pg.Items {
			all[c.ID] = c
		}
		if len(pg.Items) < 100 {
			break
		}
	}
	voided, swept := 0, 0
	for _, c := range all {
		if c.State == "makulerad" {
			voided++
			if len(c.History) > 0 && c.History[0].Actor == "samstyr" {
				swept++
			}
		}
	}
	t.Logf("%d cases on the board, %d of them makulerade diarienummer (%d by the sweep, numbers a kill left unstored)", len(all), voided, swept)
	cs := acks.Cases()
	for _, a := range cs {
		c, ok := all[a.ID]
		if !ok {
			t.Errorf("acknowledged case %s (%s, version %d, %s) is gone", a.Dnr, a.ID, a.Version, a.State)
			continue
		}
		memoRev := 0
		if c.Memo != nil {
			memoRev = c.Memo.Revision
		}
		if c.RegistrationNumber != a.Dnr || c.Version < a.Version || loadgen.StateRank(c.State) < loadgen.StateRank(a.State) ||
			memoRev < a.MemoRevision || len(c.Documents) < a.Documents {
			t.Errorf("case %s lost an acknowledged write: have %s v%d %s memo %d docs %d, acknowledged %s v%d %s memo %d docs %d",
				a.ID, c.RegistrationNumber, c.Version, c.State, memoRev, len(c.Documents), a.Dnr, a.Version, a.State, a.MemoRevision, a.Documents)
		}
	}
	var refs []string
	decisionCase := map[string]string{}
	for _, c := range all {
		for _, e := range c.History {
			if e.Action == "decide_delegated" || e.Action == "decide_urgent" || e.Action == "decision" {
				refs = append(refs, e.Ref)
				decisionCase[e.Ref] = c.ID
			}
		}
	}
	var mu sync.Mutex
	decisions := map[string]crashDecision{}
	parallel(refs, func(id string) {
		var d crashDecision
		if code := getJSON(t, p, token, "/api/v1/decisions/"+id, &d); code != 200 {
			t.Errorf("decision %s in the history of case %s: GET %d", id, decisionCase[id], code)
			return
		}
		mu.Lock()
		decisions[id] = d
		mu.Unlock()
	})
	ds := acks.Decisions()
	for _, a := range ds {
		d, ok := decisions[a.ID]
		if !ok || decisionCase[a.ID] != a.CaseID {
			t.Errorf("acknowledged decision %s of case %s is gone", a.ID, a.CaseID)
			continue
		}
		if (a.Signed && len(d.Signatures) == 0) || (a.Reported && d.Report == nil) || d.PointCode != a.PointCode {
			t.Errorf("decision %s lost an acknowledged write: signed %d, reported %v; acknowledged signed %v, reported %v",
				a.ID, len(d.Signatures), d.Report != nil, a.Signed, a.Reported)
		}
	}
	t.Logf("%d cases on the board, %d decisions in them; checked %d acknowledged cases and %d acknowledged decisions",
		len(all), len(decisions), len(cs), len(ds))
	if len(ds) != crashCases {
		t.Errorf("%d acknowledged decisions, want one per case (%d)", len(ds), crashCases)
	}

	// Snapshots: the endpoint first runs the pending recalculations.
	var snaps struct {
		Items []struct {
			ID      string `json:"id"`
			Trigger struct {
				Kind string `json:"kind"`
				Ref  string `json:"ref"`
			} `json:"trigger"`
		} `json:"items"`
	}
	if code := getJSON(t, p, rev, "/api/v1/boards/ITN/allocations/2026/snapshots", &snaps); code != 200 {
		t.Fatalf("snapshots 2026: %d", code)
	}
	perDecision := map[string]int{}
	for _, s := range snaps.Items {
		if s.Trigger.Kind == "decision" {
			perDecision[s.Trigger.Ref]++
		}
	}
	budget := 0
	for id, d := range decisions {
		want := 0
		if len(d.BudgetImpact) > 0 {
			want, budget = 1, budget+1
		}
		if perDecision[id] != want {
			t.Errorf("decision %s (budget impact %v) has %d allocation snapshots, want %d", id, len(d.BudgetImpact) > 0, perDecision[id], want)
		}
	}
	for ref := range perDecision {
		if _, ok := decisions[ref]; !ok {
			t.Errorf("snapshot triggered by %s, which is no decision in any case", ref)
		}
	}
	t.Logf("%d budget-impacting decisions, %d snapshots of 2026", budget, len(snaps.Items))
	if budget < crashCases/3 {
		t.Errorf("only %d decisions with budget impact, want at least %d", budget, crashCases/3)
	}

	// The audit projection: exactly the decisions in the cases, with the
	// same signature, anmälan and budget facts.
	records := map[string]map[string]any{}
	cursor := ""
	for {
		var pg struct {
			Items []map[string]any `json:"items"`
			Next  string           `json:"next"`
		}
		if code := getJSON(t, p, rev, "/api/v1/audit/decisions?limit=500"+cursor, &pg); code != 200 {
			t.Fatalf("audit search: %d", code)
		}
		for _, r := range pg.Items {
			id, _ := r["id"].(string)
			if _, dup := records[id]; dup {
				t.Errorf("audit search returned %s twice", id)
			}
			records[id] = r
		}
		if pg.Next == "" {
			break
		}
		cursor = "&cursor=" + pg.Next
	}
	for id, d := range decisions {
		r, ok := records[id]
		if !ok {
			t.Errorf("decision %s is missing from the audit projection", id)
			continue
		}
		if r["case_id"] != decisionCase[id] || r["point_code"] != d.PointCode || r["signed"] != (len(d.Signatures) > 0) ||
			r["reported"] != (d.Report != nil) || r["budget_impact"] != (len(d.BudgetImpact) > 0) || r["amount_ore"] != float64(d.AmountOre) {
			t.Errorf("projection of %s = %v; the case says point %s signed %v reported %v budget %v amount %d", id, r,
				d.PointCode, len(d.Signatures) > 0, d.Report != nil, len(d.BudgetImpact) > 0, d.AmountOre)
		}
	}
	for id := range records {
		if _, ok := decisions[id]; !ok {
			t.Errorf("audit projection has %s, which is no decision in any case", id)
		}
	}
	t.Logf("audit projection: %d records, %d decisions", len(records), len(decisions))
}

// selfCPU is the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
