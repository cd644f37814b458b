package loadgen_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/loadgen"
)

// loseAnswers wraps the real engine: the first request of each kind that
// matches is applied in full, but its answer never reaches the client —
// the connection is cut (odd kinds) or a 502 comes back (even kinds), as
// when the server dies between its commit and its reply.
type loseAnswers struct {
	next  http.Handler
	mu    sync.Mutex
	kinds []string
	lost  map[string]bool
}

func (l *loseAnswers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := ""
	for _, k := range l.kinds {
		m, suffix, _ := strings.Cut(k, " ")
		if r.Method == m && strings.HasSuffix(r.URL.Path, suffix) {
			kind = k
		}
	}
	l.mu.Lock()
	drop := kind != "" && !l.lost[kind]
	if drop {
		l.lost[kind] = true
	}
	n := len(l.lost)
	l.mu.Unlock()
	if !drop {
		l.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	l.next.ServeHTTP(rec, r)
	if rec.Code >= 300 {
		panic("the dropped request itself failed: " + rec.Body.String())
	}
	if n%2 == 1 {
		panic(http.ErrAbortHandler) // cut the connection
	}
	w.WriteHeader(http.StatusBadGateway)
}

func TestLifecycleSurvivesLostAnswers(t *testing.T) {
	env := apptest.New(t)
	lose := &loseAnswers{next: env.App.Engine, lost: map[string]bool{}, kinds: []string{
		"POST /api/v1/cases", "PUT /memo", "POST /documents", "POST /events/start", "POST /events/submit",
		"POST /decisions", "POST /signatures", "POST /reports", "POST /events/close", "POST /events/archive"}}
	srv := httptest.NewServer(lose)
	defer srv.Close()
	stats, acks := loadgen.NewStats(), loadgen.NewAcks()
	cl := loadgen.NewClient(loadgen.Config{BaseURL: srv.URL, Password: apptest.DemoPassword, Patience: 10 * time.Second}, stats, acks, nil)
	spec := loadgen.SpecFor(6) // handling and budget impact, A16
	if !spec.Document || !spec.Budget || spec.Point != "A16" {
		t.Fatalf("spec 6 = %+v", spec)
	}
	id, err := cl.Lifecycle(t.Context(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(lose.lost) != len(lose.kinds) {
		t.Fatalf("only %d of %d answers were lost: %v", len(lose.lost), len(lose.kinds), lose.lost)
	}
	// The lost registration was sent again: two cases, one acknowledged
	// and archived, the other left registrerad.
	if n, _ := env.Backend.Count(t.Context(), repo.CollCases, nil); n != 2 {
		t.Errorf("%d cases stored, want 2 (the unacknowledged registration and the retried one)", n)
	}
	c := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: env.Token("handlaggare")}).JSON(t)
	if c["state"] != "arkiverad" || len(c["documents"].([]any)) != 1 || c["memo"].(map[string]any)["revision"] != float64(1) {
		t.Errorf("case after lost answers: state %v, %d documents, memo %v", c["state"], len(c["documents"].([]any)), c["memo"])
	}
	decided := 0
	for _, e := range c["history"].([]any) {
		if e.(map[string]any)["action"] == "decide_delegated" {
			decided++
		}
	}
	d := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + id + "-b1", Token: env.Token("revisor")}).JSON(t)
	if decided != 1 || len(d["signatures"].([]any)) != 1 || d["report"] == nil {
		t.Errorf("%d decisions; decision %v", decided, d)
	}
	cs, ds := acks.Cases(), acks.Decisions()
	if len(cs) != 1 || cs[0].ID != id || cs[0].State != "arkiverad" || cs[0].Documents != 1 || cs[0].MemoRevision != 1 {
		t.Errorf("acknowledged cases = %+v", cs)
	}
	if len(ds) != 1 || ds[0].ID != id+"-b1" || !ds[0].Signed || !ds[0].Reported || len(ds[0].BudgetYears) != 1 || ds[0].BudgetYears[0] != 2026 {
		t.Errorf("acknowledged decisions = %+v", ds)
	}
	_, total := stats.Summary(time.Second)
	if total.Errors != len(lose.kinds) {
		t.Errorf("%d failed requests recorded, want %d (one per lost answer)", total.Errors, len(lose.kinds))
	}
	if total.Conflicts == 0 {
		t.Error("no 409: the retries of If-Match writes whose answer was lost must conflict")
	}
}

func TestRunMixedFlows(t *testing.T) {
	env := apptest.New(t)
	stats, acks := loadgen.NewStats(), loadgen.NewAcks()
	cfg := loadgen.Config{BaseURL: env.Server.URL, Password: apptest.DemoPassword}
	res, err := loadgen.Run(t.Context(), cfg, loadgen.RunConfig{Clients: 4, Cases: 24, Mix: loadgen.Mix{Drafting: 1, Deciding: 2, Auditor: 1, Reads: 1}, Seed: 7}, stats, acks)
	if err != nil {
		t.Fatal(err)
	}
	if res.Flows["drafting"]+res.Flows["deciding"] != 24 || res.Flows["deciding"] != acks.Completed() {
		t.Errorf("flows %v, %d archived", res.Flows, acks.Completed())
	}
	n, _ := env.Backend.Count(t.Context(), repo.CollCases, []store.Cond{store.Eq("board", "ITN")})
	if n != 24 || len(acks.Cases()) != 24 {
		t.Errorf("%d cases stored, %d acknowledged, want 24", n, len(acks.Cases()))
	}
	if len(acks.Decisions()) != acks.Completed() {
		t.Errorf("%d decisions for %d archived cases", len(acks.Decisions()), acks.Completed())
	}
	ops, total := stats.Summary(res.Elapsed)
	if total.Errors != 0 || total.Count == 0 || total.P50 <= 0 || total.P50 > total.P99 || total.P99 > total.Max {
		t.Errorf("total = %+v", total)
	}
	seen := map[string]bool{}
	for _, o := range ops {
		seen[o.Op] = true
		if o.Op == "login" && o.Count > 5 {
			t.Errorf("%d logins by 4 clients; the run shares one per demo user (5 users)", o.Count)
		}
	}
	for _, op := range []string{"register", "memo_save", "document_add", "start", "submit", "decide", "sign", "report", "close", "archive", "case_get"} {
		if !seen[op] {
			t.Errorf("no %s recorded: %v", op, seen)
		}
	}
	var b strings.Builder
	stats.Print(&b, res.Elapsed)
	if !strings.Contains(b.String(), "p99") || !strings.Contains(b.String(), "total") {
		t.Errorf("printed summary:\n%s", b.String())
	}
}

func TestRunStopsAfterItsDuration(t *testing.T) {
	env := apptest.New(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	res, err := loadgen.Run(ctx, loadgen.Config{BaseURL: env.Server.URL, Password: apptest.DemoPassword},
		loadgen.RunConfig{Clients: 2, Duration: 700 * time.Millisecond, Mix: loadgen.Mix{Auditor: 1, Reads: 1}}, loadgen.NewStats(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Elapsed > 5*time.Second || res.Flows["auditor"]+res.Flows["reads"] == 0 {
		t.Errorf("run of 700 ms: %s, flows %v", res.Elapsed, res.Flows)
	}
}

func TestStatsPercentiles(t *testing.T) {
	s := loadgen.NewStats()
	for i := 100; i >= 1; i-- {
		s.Record("x", time.Duration(i)*time.Millisecond, 200)
	}
	s.Record("x", time.Second, 0)   // transport error: counted, not a sample
	s.Record("x", time.Second, 503) // 5xx: the same
	s.Record("y", time.Millisecond, 409)
	ops, total := s.Summary(10 * time.Second)
	x := ops[0]
	if x.Count != 100 || x.Errors != 2 || x.P50 != 50*time.Millisecond || x.P95 != 95*time.Millisecond ||
		x.P99 != 99*time.Millisecond || x.Max != 100*time.Millisecond || x.PerSecond != 10 {
		t.Errorf("x = %+v", x)
	}
	if total.Count != 101 || total.Conflicts != 1 || total.Errors != 2 {
		t.Errorf("total = %+v", total)
	}
}

func TestParseMix(t *testing.T) {
	m, err := loadgen.ParseMix("drafting=3, deciding=2,auditor=1")
	if err != nil || m != (loadgen.Mix{Drafting: 3, Deciding: 2, Auditor: 1}) {
		t.Errorf("mix = %+v, %v", m, err)
	}
	for _, bad := range []string{"", "drafting", "drafting=x", "voting=1", "drafting=-1", "drafting=0,reads=0"} {
		if _, err := loadgen.ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q) accepted", bad)
		}
	}
	if loadgen.StateRank("arkiverad") <= loadgen.StateRank("beslutad") || loadgen.StateRank("makulerad") != -1 {
		t.Error("StateRank order")
	}
}
