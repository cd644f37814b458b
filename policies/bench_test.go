package policies

// The decision check benchmark of the delegation issue: "decision check
// p99 with 10,000 points over 50 boards, side by side with one stock
// casbin.Enforcer holding all rows (goal: p99 ≤ 20 µs and ≥ 50× faster
// than the stock setup)".
//
// 50 boards × 200 points (öre, prisbasbelopp and no limits, one or two
// substitutes, two urgent deciders, a few KL 6:38, urgent-only and
// principle points), one adopted order version per board, a RoleIndex of
// 20 users per board with some roles ending or starting mid-2025, and a
// fixed-seed pool of 10,000 requests (board, point, user, act, amount,
// date). Both benchmarks time one check per operation, in the same order,
// and report the p50, p95 and p99 latency in ns:
//
//	go test -run '^$' -bench DelegationCheck -benchtime=3000x -count=3 ./policies/
//	go test -run '^$' -bench StockEnforcer -benchtime=300x -count=3 ./policies/
//
// BenchmarkDelegationCheckFloor (floor_test.go) matches the first command
// too and reports, from the same process, what this machine allows for an
// operation of the check's size.
//
// The stock enforcer scans every row for each request (about 15 ms a
// check), so keep its -benchtime a small iteration count: 3000x takes
// about 45 s a run. Setup (generation, warming the per-point enforcers,
// loading the stock enforcer) takes about a second and is done once per
// process.

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/platform/civil"
)

// benchFixture is a generated installation and its request pool.
type benchFixture struct {
	d      *Delegation
	orders map[string]delegation.Order // board → its one adopted version
	roles  map[string]RoleIndex        // board → role index
	reqs   []Request
	rows   [][]string // every Casbin row of every point
	want   []bool     // the per-point enforcers' answers, from the warm-up
}

// benchSize is the shape of a fixture.
type benchSize struct{ boards, points, users, requests int }

// benchFull is the size the issue names.
var benchFull = benchSize{boards: 50, points: 200, users: 20, requests: 10_000}

// benchBoardCode is board i's code: "BAA", "BAB", …
func benchBoardCode(i int) string { return fmt.Sprintf("B%c%c", 'A'+i/26, 'A'+i%26) }

// benchGenerate builds a fixture from a fixed seed. It checks every order
// with Validate, so the benchmark measures orders Samstyr would accept.
func benchGenerate(size benchSize, seed uint64) (*benchFixture, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	d, err := NewDelegation(delegation.PrisbasbeloppOre)
	if err != nil {
		return nil, err
	}
	f := &benchFixture{d: d, orders: map[string]delegation.Order{}, roles: map[string]RoleIndex{}}
	delegates := []string{"ordforande", "vice_ordforande", "forvaltningschef", "handlaggare", "sekreterare", "ledamot"}
	sections := "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	boards := make([]string, size.boards)
	for b := range boards {
		code := benchBoardCode(b)
		boards[b] = code
		o := delegation.Order{Board: code, Number: 1, ID: delegation.OrderID(code, 1), Status: delegation.StatusAdopted,
			Title: "Delegationsordning " + code, AdoptedRef: code + " 2024-12-12 § 87",
			AdoptedOn: civil.MustParse("2024-12-12"), ValidFrom: civil.MustParse("2025-01-01"),
			ExcludePrinciple: b%2 == 0, UrgentDeciders: []string{"ordforande", "vice_ordforande"}}
		for i := range size.points {
			p := delegation.Point{Code: fmt.Sprintf("%c%d", sections[i/20], i%20+1), Matter: "Ärendegrupp",
				ReportTo: delegation.ReportBoard}
			p.Delegate = delegates[rng.IntN(len(delegates))]
			n := 1 + rng.IntN(2) // one or two substitutes
			for _, s := range rng.Perm(len(delegates)) {
				if delegates[s] != p.Delegate && len(p.Substitutes) < n {
					p.Substitutes = append(p.Substitutes, delegates[s])
				}
			}
			switch r := rng.IntN(100); {
			case r < 40:
				p.Limit = &delegation.Limit{Ore: int64(10_000+rng.IntN(1_990_000)) * 100}
			case r < 80:
				p.Limit = &delegation.Limit{PBBCents: []int64{100, 250, 500, 1000, 2000}[rng.IntN(5)]}
			}
			switch r := rng.IntN(100); {
			case r < 3:
				p.Excluded = []delegation.Category{delegation.CatToCouncil}
			case r < 5:
				p.UrgentOnly, p.Delegate, p.Substitutes = true, "ordforande", []string{"vice_ordforande"}
			case r < 10:
				p.Principle = true
			}
			o.Points = append(o.Points, p)
		}
		if err := o.Validate(); err != nil {
			return nil, fmt.Errorf("generated order %s: %w", o.ID, err)
		}
		o.ContentHash = o.Hash()
		f.orders[code] = o
		for _, p := range o.Points {
			f.rows = append(f.rows, Rules(o, p)...)
		}

		idx := RoleIndex{}
		others := []string{"ledamot", "ersattare", "handlaggare", "sekreterare", "forvaltningschef", "revisor"}
		for u := range size.users {
			name := fmt.Sprintf("%s-u%02d", code, u)
			var roles []string
			switch u {
			case 0:
				roles = []string{"ordforande", "ledamot"}
			case 1:
				roles = []string{"vice_ordforande", "ledamot"}
			case 2:
				roles = []string{"forvaltningschef"}
			default:
				roles = []string{others[rng.IntN(len(others))]}
			}
			for _, r := range roles {
				h := Holding{Role: r, From: "2023-01-01"}
				switch rng.IntN(8) {
				case 0:
					h.To = "2025-06-30" // left mid-term
				case 1:
					h.From = "2025-07-01" // joined mid-term
				}
				idx[name] = append(idx[name], h)
			}
		}
		f.roles[code] = idx
		d.SetRoles(code, idx)
	}

	acts := []Act{ActDelegate, ActDelegate, ActDelegate, ActDelegate, ActDelegate, ActDelegate,
		ActSubstitute, ActSubstitute, ActUrgent, ActUrgentSubstitute}
	first := civil.MustParse("2025-01-01")
	for range size.requests {
		o := f.orders[boards[rng.IntN(len(boards))]]
		p := o.Points[rng.IntN(len(o.Points))]
		date := first.AddDays(rng.IntN(730)).String() // 2025 and 2026: both years have a prisbasbelopp
		amount := int64(rng.IntN(100_000_00))
		if l, ok := d.LimitOre(p.Limit, date); ok {
			amount = rng.Int64N(2*l + 1) // about half within the limit
		}
		act := acts[rng.IntN(len(acts))]
		user := fmt.Sprintf("%s-u%02d", o.Board, rng.IntN(size.users))
		if rng.IntN(3) > 0 {
			// Mostly someone a rule names asks (who may still be out of
			// role that day, over the limit or the wrong act).
			var names []string
			for _, r := range Rules(o, p) {
				if r[3] == string(act) {
					names = append(names, benchHolders(f.roles[o.Board], r[0])...)
				}
			}
			if len(names) > 0 {
				slices.Sort(names)
				user = names[rng.IntN(len(names))]
			}
		}
		f.reqs = append(f.reqs, Request{User: user, Order: o, Point: p, Act: act, AmountOre: amount, Date: date})
	}
	return f, nil
}

// benchHolders lists the users of ri who hold role on some date.
func benchHolders(ri RoleIndex, role string) []string {
	var out []string
	for u := range ri {
		if ri.HoldsEver(u, role) {
			out = append(out, u)
		}
	}
	return out
}

// warm builds every enforcer the pool needs and records its answers.
func (f *benchFixture) warm() error {
	f.want = make([]bool, len(f.reqs))
	for i, r := range f.reqs {
		ok, _, err := f.d.Enforce(r)
		if err != nil {
			return err
		}
		f.want[i] = ok
	}
	return nil
}

// stockEnforcer is one plain casbin.Enforcer with the same model text and
// every row of every board, and the same functions registered once: holds
// over a map of board → RoleIndex, withinLimit as the per-point enforcers
// compute it.
func (f *benchFixture) stockEnforcer() (*casbin.Enforcer, error) {
	// All boards, points and acts share this enforcer, so its matcher
	// must compare the board, the point and the act, which the per-act
	// model omits, and holds() must be told the board.
	text := strings.Replace(delegationModel, "\nm = holds(r.sub, p.role, r.date)",
		"\nm = r.dom == p.dom && r.obj == p.obj && r.act == p.act && holds(r.sub, p.role, r.dom, r.date)", 1)
	if text == delegationModel {
		return nil, fmt.Errorf("stock model: matcher line not found")
	}
	m, err := model.NewModelFromString(text)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, err
	}
	e.AddFunction("holds", func(args ...any) (any, error) {
		if len(args) != 4 {
			return false, fmt.Errorf("holds: want 4 arguments")
		}
		user, _ := args[0].(string)
		role, _ := args[1].(string)
		board, _ := args[2].(string)
		date, _ := args[3].(string)
		return f.roles[board].Holds(user, role, date), nil
	})
	e.AddFunction("withinLimit", func(args ...any) (any, error) {
		if len(args) != 3 {
			return false, fmt.Errorf("withinLimit: want 3 arguments")
		}
		s, _ := args[0].(string)
		limit, _ := args[1].(string)
		date, _ := args[2].(string)
		amount, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return false, fmt.Errorf("withinLimit: amount %q is not whole öre", s)
		}
		return f.d.WithinLimit(amount, limit, date)
	})
	if ok, err := e.AddPolicies(f.rows); err != nil || !ok {
		return nil, fmt.Errorf("add %d rows: %v (added %t)", len(f.rows), err, ok)
	}
	return e, nil
}

func stockEnforce(e *casbin.Enforcer, r Request) (bool, []string, error) {
	return e.EnforceEx(r.User, r.Order.Board, r.Point.Code, string(r.Act), strconv.FormatInt(r.AmountOre, 10), r.Date)
}

var (
	benchOnce  sync.Once
	benchFix   *benchFixture
	benchStock *casbin.Enforcer
	benchErr   error
)

// benchSetup generates the full fixture once per process (and the stock
// enforcer with it), warmed, so -count repeats do not rebuild it.
func benchSetup(b *testing.B) *benchFixture {
	b.Helper()
	benchOnce.Do(func() {
		t0 := time.Now()
		f, err := benchGenerate(benchFull, 1)
		if err == nil {
			err = f.warm()
		}
		t1 := time.Now()
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		var stock *casbin.Enforcer
		if err == nil {
			stock, err = f.stockEnforcer()
		}
		benchFix, benchStock, benchErr = f, stock, err
		if err == nil {
			allowed := 0
			for _, w := range f.want {
				if w {
					allowed++
				}
			}
			b.Logf("fixture: %d boards, %d points, %d rows, %d requests (%d allowed); generated and warmed in %v "+
				"(heap %d MiB), stock enforcer loaded in %v", len(f.orders), len(f.orders)*benchFull.points, len(f.rows),
				len(f.reqs), allowed, t1.Sub(t0).Round(time.Millisecond), ms.HeapAlloc>>20, time.Since(t1).Round(time.Millisecond))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchFix
}

// reportLatencies reports the p50, p95 and p99 of per-operation latencies.
func reportLatencies(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(q float64) float64 { return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Nanoseconds()) }
	b.ReportMetric(at(0.50), "p50-ns")
	b.ReportMetric(at(0.95), "p95-ns")
	b.ReportMetric(at(0.99), "p99-ns")
}

// BenchmarkDelegationCheck times policies.Delegation.Enforce (the cached
// per-board, per-version, per-point enforcers) on the request pool.
func BenchmarkDelegationCheck(b *testing.B) {
	f := benchSetup(b)
	timeChecks(b, f, len(f.reqs))
}

// timeChecks times b.N checks, one at a time, cycling over the first n
// requests of the pool, and reports their latencies; every answer must be
// the warm-up's.
func timeChecks(b *testing.B, f *benchFixture, n int) {
	lat := make([]time.Duration, b.N)
	runtime.GC() // finish the set-up's garbage collection before timing
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := i % n
		t0 := time.Now()
		ok, _, err := f.d.Enforce(f.reqs[k])
		lat[i] = time.Since(t0)
		if err != nil || ok != f.want[k] {
			b.Fatalf("request %d: %t, %v; the warm-up said %t", k, ok, err, f.want[k])
		}
	}
	b.StopTimer()
	reportLatencies(b, lat)
}

// BenchmarkStockEnforcerAllRows times one stock casbin.Enforcer holding
// every row of every board on the same requests in the same order.
func BenchmarkStockEnforcerAllRows(b *testing.B) {
	f := benchSetup(b)
	e := benchStock
	lat := make([]time.Duration, b.N)
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := i % len(f.reqs)
		t0 := time.Now()
		ok, _, err := stockEnforce(e, f.reqs[k])
		lat[i] = time.Since(t0)
		if err != nil || ok != f.want[k] {
			b.Fatalf("request %d: %t, %v; the per-point enforcer said %t", k, ok, err, f.want[k])
		}
	}
	b.StopTimer()
	reportLatencies(b, lat)
}

// TestBenchFixtureAgreesWithStock runs a small fixture of the benchmark's
// shape through both setups: they must give the same answer and match the
// same rule for every request, and the pool must mix allowed and denied
// requests, so the benchmark measures both paths.
func TestBenchFixtureAgreesWithStock(t *testing.T) {
	f, err := benchGenerate(benchSize{boards: 4, points: 200, users: 20, requests: 600}, 7)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.warm(); err != nil {
		t.Fatal(err)
	}
	stock, err := f.stockEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	if got, floor := len(f.rows), 4*200*3; got < floor {
		t.Errorf("%d rows for 800 points, want at least %d (delegate, substitute, urgent deciders)", got, floor)
	}
	allowed := 0
	acts := map[Act]int{}
	for i, r := range f.reqs {
		ok1, rule1, err1 := f.d.Enforce(r)
		ok2, rule2, err2 := stockEnforce(stock, r)
		if err1 != nil || err2 != nil {
			t.Fatalf("request %d: %v / %v", i, err1, err2)
		}
		if ok1 != ok2 || !slices.Equal(rule1, rule2) {
			t.Errorf("request %d (%s %s %s %s %d öre %s): per point %t %v, stock %t %v",
				i, r.User, r.Order.Board, r.Point.Code, r.Act, r.AmountOre, r.Date, ok1, rule1, ok2, rule2)
		}
		if ok1 {
			allowed++
			acts[r.Act]++
		}
	}
	if allowed < len(f.reqs)/20 || allowed > len(f.reqs)*19/20 {
		t.Errorf("%d of %d requests allowed: the pool should mix both answers", allowed, len(f.reqs))
	}
	for _, a := range []Act{ActDelegate, ActSubstitute, ActUrgent, ActUrgentSubstitute} {
		if acts[a] == 0 {
			t.Errorf("no request allowed as %s", a)
		}
	}
}
