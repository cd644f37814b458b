package policies

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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

// Delegation enforces delegationsordningar. It keeps one small Casbin
// enforcer per board, order version, point and act (built on first use
// and cached: adopted versions never change), and one role index per
// board, swapped atomically when role assignments are reloaded.
type Delegation struct {
	pbb       map[int]int64
	model     model.Model
	mu        sync.RWMutex
	enforcers map[enforcerKey]*pointEnforcer
	roles     sync.Map // board → *atomic.Pointer[RoleIndex]
}

// NewDelegation returns an enforcer factory using the prisbasbelopp values
// (öre per year) to convert limits.
func NewDelegation(pbb map[int]int64) (*Delegation, error) {
	m, err := model.NewModelFromString(delegationModel)
	if err != nil {
		return nil, fmt.Errorf("policies: delegation model: %w", err)
	}
	return &Delegation{pbb: pbb, model: m}, nil
}

func (d *Delegation) roleSlot(board string) *atomic.Pointer[RoleIndex] {
	v, _ := d.roles.LoadOrStore(board, &atomic.Pointer[RoleIndex]{})
	return v.(*atomic.Pointer[RoleIndex])
}

// SetRoles replaces the role index of a board.
func (d *Delegation) SetRoles(board string, idx RoleIndex) { d.roleSlot(board).Store(&idx) }

// Roles returns the current role index of a board (empty if never set).
func (d *Delegation) Roles(board string) RoleIndex {
	if p := d.roleSlot(board).Load(); p != nil {
		return *p
	}
	return RoleIndex{}
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

// enforcerKey names one act on one point of one adopted order version:
// the content hash makes a re-adopted or corrected text a different
// enforcer.
type enforcerKey struct {
	board, order, content, point string
	act                          Act
}

// pointEnforcer is the Casbin enforcer of one act on one point, with the
// request values that never change for it boxed once.
type pointEnforcer struct {
	e                 *casbin.Enforcer
	board, point, act any
}

// enforcer returns the cached enforcer of one act on one point of an
// adopted order. An enforcer is built once, completely, under the write
// lock and never changed afterwards, so concurrent Enforce calls need no
// lock of their own (a plain casbin.Enforcer only writes its matcher
// cache, a sync.Map).
func (d *Delegation) enforcer(o delegation.Order, p delegation.Point, act Act) (*pointEnforcer, error) {
	key := enforcerKey{o.Board, o.ID, o.ContentHash, p.Code, act}
	d.mu.RLock()
	pe, ok := d.enforcers[key]
	d.mu.RUnlock()
	if ok {
		return pe, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if pe, ok := d.enforcers[key]; ok {
		return pe, nil
	}
	m := d.model.Copy()
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, err
	}
	slot := d.roleSlot(o.Board)
	e.AddFunction("holds", func(args ...any) (any, error) {
		if len(args) != 3 {
			return false, fmt.Errorf("holds: want 3 arguments")
		}
		idx := slot.Load()
		if idx == nil {
			return false, nil
		}
		user, _ := args[0].(string)
		role, _ := args[1].(string)
		date, _ := args[2].(string)
		if role == "" {
			// An act without rows on this point: Casbin evaluates the
			// matcher once with empty row values, and that must deny.
			return false, nil
		}
		return idx.Holds(user, role, date), nil
	})
	e.AddFunction("withinLimit", func(args ...any) (any, error) {
		if len(args) != 3 {
			return false, fmt.Errorf("withinLimit: want 3 arguments")
		}
		// The amount travels as a decimal string: Casbin's expression
		// engine would turn a number into a float64.
		s, _ := args[0].(string)
		limit, _ := args[1].(string)
		date, _ := args[2].(string)
		amount, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return false, fmt.Errorf("withinLimit: amount %q is not whole öre", s)
		}
		return d.WithinLimit(amount, limit, date)
	})
	for _, r := range Rules(o, p) {
		if r[3] != string(act) {
			continue
		}
		if _, err := e.AddPolicy(toAny(r)...); err != nil {
			return nil, err
		}
	}
	if d.enforcers == nil {
		d.enforcers = make(map[enforcerKey]*pointEnforcer)
	}
	pe = &pointEnforcer{e: e, board: o.Board, point: p.Code, act: string(act)}
	d.enforcers[key] = pe
	return pe, nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// WithinLimit compares an amount in öre with a rule's limit: "*", "ore:N"
// or "pbb:N" (hundredths of the prisbasbelopp of the date's year).
func (d *Delegation) WithinLimit(amount int64, limit, date string) (bool, error) {
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
		ore, ok := d.LimitOre(&delegation.Limit{PBBCents: n}, date)
		if !ok {
			return false, nil // no prisbasbelopp for that year: no authority can be shown
		}
		return amount <= ore, nil
	}
	return false, fmt.Errorf("withinLimit: bad limit %q", limit)
}

// LimitOre converts a limit to öre for the year of date (ISO). ok is false
// when the year's prisbasbelopp is not configured.
func (d *Delegation) LimitOre(l *delegation.Limit, date string) (int64, bool) {
	if l == nil {
		return 0, false
	}
	if l.PBBCents == 0 {
		return l.Ore, true
	}
	year, err := strconv.Atoi(date[:min(4, len(date))])
	v, ok := d.pbb[year]
	if err != nil || !ok {
		return 0, false
	}
	return l.PBBCents * v / 100, true
}

// Request is one delegation question put to Casbin.
type Request struct {
	User      string // username
	Order     delegation.Order
	Point     delegation.Point
	Act       Act
	AmountOre int64
	Date      string // ISO
}

// Enforce asks the point's enforcer; it returns whether a rule allowed the
// request and which one (the proof a decision keeps).
func (d *Delegation) Enforce(req Request) (bool, []string, error) {
	switch req.Act {
	case ActDelegate, ActSubstitute, ActSubdelegate, ActUrgent, ActUrgentSubstitute:
	default:
		// Enforcers are cached by act: an unknown one must not add any.
		return false, nil, fmt.Errorf("policies: unknown act %q", req.Act)
	}
	pe, err := d.enforcer(req.Order, req.Point, req.Act)
	if err != nil {
		return false, nil, err
	}
	return pe.e.EnforceEx(req.User, pe.board, pe.point, pe.act, strconv.FormatInt(req.AmountOre, 10), req.Date)
}
