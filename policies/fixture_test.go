package policies

// A generated installation for the delegation check's tests: boards with
// 200-point delegationsordningar (öre, prisbasbelopp and no limits, one or
// two substitutes, two urgent deciders, a few KL 6:38, urgent-only and
// principle points), one adopted order version per board, a RoleIndex of
// users per board with some roles ending or starting mid-2025, and a
// fixed-seed pool of requests (board, point, user, act, amount, date).

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/platform"
)

// fixture is a generated installation and its request pool.
type fixture struct {
	d      *Delegation
	orders map[string]delegation.Order // board → its one adopted version
	roles  map[string]RoleIndex        // board → role index
	reqs   []Request
	rows   [][]string // every Casbin row of every point
}

// fixtureSize is the shape of a fixture.
type fixtureSize struct{ boards, points, users, requests int }

// fixtureBoard is board i's code: "BAA", "BAB", …
func fixtureBoard(i int) string { return fmt.Sprintf("B%c%c", 'A'+i/26, 'A'+i%26) }

// generateFixture builds a fixture from a fixed seed. It checks every order
// with Validate, so the tests use orders Samstyr would accept.
func generateFixture(size fixtureSize, seed uint64) (*fixture, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	d, err := NewDelegation(delegation.PrisbasbeloppOre)
	if err != nil {
		return nil, err
	}
	f := &fixture{d: d, orders: map[string]delegation.Order{}, roles: map[string]RoleIndex{}}
	delegates := []string{"ordforande", "vice_ordforande", "forvaltningschef", "handlaggare", "sekreterare", "ledamot"}
	sections := "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	boards := make([]string, size.boards)
	for b := range boards {
		code := fixtureBoard(b)
		boards[b] = code
		o := delegation.Order{Board: code, Number: 1, ID: delegation.OrderID(code, 1), Status: delegation.StatusAdopted,
			Title: "Delegationsordning " + code, AdoptedRef: code + " 2024-12-12 § 87",
			AdoptedOn: platform.MustParseDate("2024-12-12"), ValidFrom: platform.MustParseDate("2025-01-01"),
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
	}

	acts := []Act{ActDelegate, ActDelegate, ActDelegate, ActDelegate, ActDelegate, ActDelegate,
		ActSubstitute, ActSubstitute, ActUrgent, ActUrgentSubstitute}
	first := platform.MustParseDate("2025-01-01")
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
					names = append(names, holdersOf(f.roles[o.Board], r[0])...)
				}
			}
			if len(names) > 0 {
				slices.Sort(names)
				user = names[rng.IntN(len(names))]
			}
		}
		f.reqs = append(f.reqs, Request{User: user, Order: o, Point: p, Act: act, AmountOre: amount, Date: date,
			Roles: f.roles[o.Board]})
	}
	return f, nil
}

// holdersOf lists the users of ri who hold role on some date.
func holdersOf(ri RoleIndex, role string) []string {
	var out []string
	for u := range ri {
		if ri.HoldsEver(u, role) {
			out = append(out, u)
		}
	}
	return out
}

// stockModel is the delegation model for one enforcer holding every row
// of every board: its matcher must also compare the board, and holds()
// looks the board's role index up itself.
const stockModel = `
[request_definition]
r = sub, dom, obj, act, amount, date

[policy_definition]
p = role, dom, obj, act, limit

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.dom == p.dom && r.obj == p.obj && r.act == p.act && holds(r.sub, p.role, r.dom, r.date) && withinLimit(r.amount, p.limit, r.date)
`

// stockEnforcer is one casbin.Enforcer with every row of every board
// (stockModel): holds over a map of board → RoleIndex, withinLimit as the
// Delegation computes it.
func (f *fixture) stockEnforcer() (*casbin.Enforcer, error) {
	m, err := model.NewModelFromString(stockModel)
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

// TestBenchFixtureAgreesWithStock runs a fixture through the Delegation
// (one enforcer per order version) and through one enforcer holding every
// row of every board: they must give the same answer and match the same
// rule for every request, and the pool must mix allowed and denied
// requests, so both paths are compared.
func TestBenchFixtureAgreesWithStock(t *testing.T) {
	f, err := generateFixture(fixtureSize{boards: 4, points: 200, users: 20, requests: 600}, 7)
	if err != nil {
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
			t.Errorf("request %d (%s %s %s %s %d öre %s): per version %t %v, all rows %t %v",
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
