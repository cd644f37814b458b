package policies

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/samstyr/samstyr/internal/delegation"
)

//go:embed delegation_model.conf
var delegationModel string

// Act is how a decider claims the authority to decide.
type Act string

// The acts the delegation model knows.
const (
	ActDelegate   Act = "delegate"   // as the point's delegat
	ActSubstitute Act = "substitute" // as an ersättare, with a recorded reason
	// ActSubdelegate is a decision under a vidaredelegering (KL 7:6).
	ActSubdelegate Act = "subdelegate"
	ActUrgent      Act = "urgent" // ordförandebeslut i brådskande ärende (KL 6:39)
	// ActUrgentSubstitute is an urgent decision by a later appointed member
	// (usually the vice ordförande) when the first is absent or jävig.
	ActUrgentSubstitute Act = "urgent_substitute"
)

// Holding is one role a user holds on a board, valid From through To
// (ISO dates, inclusive; To "" is open-ended).
type Holding struct {
	Role, From, To string
}

// RoleIndex maps a username to the roles they hold on one board.
type RoleIndex map[string][]Holding

// Holds reports whether user holds role on date (ISO "YYYY-MM-DD", which
// compares correctly as a string).
func (ri RoleIndex) Holds(user, role, date string) bool {
	for _, h := range ri[user] {
		if h.Role == role && h.From <= date && (h.To == "" || date <= h.To) {
			return true
		}
	}
	return false
}

// HoldsEver reports whether user holds role on any date.
func (ri RoleIndex) HoldsEver(user, role string) bool {
	for _, h := range ri[user] {
		if h.Role == role {
			return true
		}
	}
	return false
}

// Delegation enforces delegationsordningar. It keeps one Casbin enforcer
// per adopted order version (board, version and content), holding the
// rules of every point and act of that version; the request names the
// point and the act, and the matcher compares them. Adopted versions never
// change, so an enforcer is built on first use and kept.
type Delegation struct {
	pbb       delegation.PBBTable
	model     model.Model
	mu        sync.RWMutex
	enforcers map[versionKey]*casbin.Enforcer
}

// NewDelegation returns an enforcer factory. pbb (öre per year) converts
// limits in prisbasbelopp when a request brings no table of its own
// (Request.PBB); the service passes the maintained table with every
// request and nil here, tests a fixed table.
func NewDelegation(pbb map[int]int64) (*Delegation, error) {
	m, err := model.NewModelFromString(delegationModel)
	if err != nil {
		return nil, fmt.Errorf("policies: delegation model: %w", err)
	}
	return &Delegation{pbb: delegation.PBBTable(pbb), model: m, enforcers: map[versionKey]*casbin.Enforcer{}}, nil
}

// Rules returns the Casbin rules of one point of an order version.
func Rules(o delegation.Order, p delegation.Point) [][]string {
	var out [][]string
	limit := "*"
	if p.Limit != nil {
		if p.Limit.PBBCents > 0 {
			limit = "pbb:" + strconv.FormatInt(p.Limit.PBBCents, 10)
		} else {
			limit = "ore:" + strconv.FormatInt(p.Limit.Ore, 10)
		}
	}
	if Delegable(o, p) {
		out = append(out, []string{p.Delegate, o.Board, p.Code, string(ActDelegate), limit})
		for _, s := range p.Substitutes {
			out = append(out, []string{s, o.Board, p.Code, string(ActSubstitute), limit})
		}
		if p.SubdelegationAllowed {
			out = append(out, []string{delegation.SubRole(p.Code), o.Board, p.Code, string(ActSubdelegate), limit})
		}
	}
	for i, r := range o.UrgentDeciders {
		act := ActUrgent
		if i > 0 {
			act = ActUrgentSubstitute
		}
		out = append(out, []string{r, o.Board, p.Code, string(act), "*"})
	}
	return out
}

// Delegable reports whether the point's matter may be decided on
// delegation at all: not urgent-only, no KL 6:38 category, and not a
// matter of principle when the board excludes those.
func Delegable(o delegation.Order, p delegation.Point) bool {
	return !p.UrgentOnly && len(p.Excluded) == 0 && !(p.Principle && o.ExcludePrinciple)
}

// versionKey names one adopted order version: the content hash makes a
// re-adopted or corrected text a different enforcer.
type versionKey struct{ order, content string }

// enforcer returns the enforcer of an order version. It is built once,
// completely, under the write lock and never changed afterwards, so
// concurrent checks need no lock of their own (Enforce on a
// casbin.Enforcer only writes its matcher cache, a sync.Map).
func (d *Delegation) enforcer(o delegation.Order) (*casbin.Enforcer, error) {
	key := versionKey{o.ID, o.ContentHash}
	d.mu.RLock()
	e, ok := d.enforcers[key]
	d.mu.RUnlock()
	if ok {
		return e, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.enforcers[key]; ok {
		return e, nil
	}
	e, err := casbin.NewEnforcer(d.model.Copy())
	if err != nil {
		return nil, err
	}
	e.AddFunction("holds", holds)
	e.AddFunction("withinLimit", func(args ...any) (any, error) {
		if len(args) != 4 {
			return false, fmt.Errorf("withinLimit: want 4 arguments")
		}
		// The amount travels as a decimal string: Casbin's expression
		// engine would turn a number into a float64.
		s, _ := args[0].(string)
		limit, _ := args[1].(string)
		date, _ := args[2].(string)
		pbb, _ := args[3].(delegation.PBBTable)
		amount, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return false, fmt.Errorf("withinLimit: amount %q is not whole öre", s)
		}
		return d.WithinLimitIn(amount, limit, date, pbb)
	})
	for _, p := range o.Points {
		for _, r := range Rules(o, p) {
			// AddPolicy skips a row the version already has (a role
			// named twice), as a set of rules would.
			if _, err := e.AddPolicy(r); err != nil {
				return nil, err
			}
		}
	}
	d.enforcers[key] = e
	return e, nil
}

// holds is the model's holds(roles, user, role, date): whether the user
// holds the role on the date in the request's role index.
func holds(args ...any) (any, error) {
	if len(args) != 4 {
		return false, fmt.Errorf("holds: want 4 arguments")
	}
	idx, _ := args[0].(RoleIndex)
	user, _ := args[1].(string)
	role, _ := args[2].(string)
	date, _ := args[3].(string)
	return idx.Holds(user, role, date), nil
}

// WithinLimit compares an amount in öre with a rule's limit: "*", "ore:N"
// or "pbb:N" (hundredths of the prisbasbelopp of the date's year), with
// the table NewDelegation was given.
func (d *Delegation) WithinLimit(amount int64, limit, date string) (bool, error) {
	return d.WithinLimitIn(amount, limit, date, nil)
}

// WithinLimitIn is WithinLimit converting with the table pbb (nil: the
// table NewDelegation was given).
func (d *Delegation) WithinLimitIn(amount int64, limit, date string, pbb delegation.PBBTable) (bool, error) {
	if limit == "*" {
		return true, nil
	}
	kind, num, ok := strings.Cut(limit, ":")
	n, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil {
		return false, fmt.Errorf("withinLimit: bad limit %q", limit)
	}
	switch kind {
	case "ore":
		return amount <= n, nil
	case "pbb":
		ore, ok := d.LimitOreIn(&delegation.Limit{PBBCents: n}, date, pbb)
		if !ok {
			return false, nil // no prisbasbelopp for that year: no authority can be shown
		}
		return amount <= ore, nil
	}
	return false, fmt.Errorf("withinLimit: bad limit %q", limit)
}

// LimitOre converts a limit to öre for the year of date (ISO) with the
// table NewDelegation was given. ok is false when the year's
// prisbasbelopp is not in it.
func (d *Delegation) LimitOre(l *delegation.Limit, date string) (int64, bool) {
	return d.LimitOreIn(l, date, nil)
}

// LimitOreIn is LimitOre converting with the table pbb (nil: the table
// NewDelegation was given), rounding down to the öre (Limit.OreFor).
func (d *Delegation) LimitOreIn(l *delegation.Limit, date string, pbb delegation.PBBTable) (int64, bool) {
	if l == nil {
		return 0, false
	}
	if pbb == nil {
		pbb = d.pbb
	}
	year, err := strconv.Atoi(date[:min(4, len(date))])
	if err != nil {
		return 0, false
	}
	return l.OreFor(year, pbb)
}

// Request is one delegation question put to Casbin.
type Request struct {
	User      string // username
	Order     delegation.Order
	Point     delegation.Point
	Act       Act
	AmountOre int64
	Date      string    // ISO
	Roles     RoleIndex // the roles held on the order's board
	// PBB is the prisbasbelopp table to convert limits with (nil: the
	// table NewDelegation was given).
	PBB delegation.PBBTable
}

// Enforce asks the order version's enforcer; it returns whether a rule
// allowed the request and which one (the proof a decision keeps).
func (d *Delegation) Enforce(req Request) (bool, []string, error) {
	switch req.Act {
	case ActDelegate, ActSubstitute, ActSubdelegate, ActUrgent, ActUrgentSubstitute:
	default:
		return false, nil, fmt.Errorf("policies: unknown act %q", req.Act)
	}
	e, err := d.enforcer(req.Order)
	if err != nil {
		return false, nil, err
	}
	pbb := req.PBB
	if pbb == nil {
		pbb = d.pbb
	}
	if pbb == nil {
		pbb = delegation.PBBTable{}
	}
	return e.EnforceEx(req.User, req.Point.Code, string(req.Act), strconv.FormatInt(req.AmountOre, 10), req.Date, req.Roles, pbb)
}
