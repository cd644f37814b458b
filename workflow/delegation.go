package workflow

import (
	"context"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/policies"
)

// Denial reasons of a delegation check (stable codes, also i18n keys).
const (
	ReasonNotDelegate       = "not_delegate"
	ReasonAmountExceeds     = "amount_exceeds_limit"
	ReasonNotDelegable      = "not_delegable"
	ReasonNotInForce        = "delegation_not_in_force"
	ReasonJav               = "jav"
	ReasonRoleNotValid      = "role_not_valid_on_date"
	ReasonSubstituteNoCause = "substitute_without_reason"
	ReasonOutsideFrame      = "outside_budget_frame"
	// ReasonReadOnly: the decider is revisor on the board that day.
	ReasonReadOnly = "read_only_role"
)

// SubstituteReasons are the causes an ersättare cites to decide: the
// delegat's frånvaro or förhinder (a recorded absence) or jäv (a jäv
// declaration on the case).
var SubstituteReasons = []string{"franvaro", "forhinder", "jav"}

// UserDirectory finds users and lists them (for the board's role index).
type UserDirectory interface {
	UserByUsername(ctx context.Context, username string) (identity.User, error)
	User(ctx context.Context, id string) (identity.User, error)
	Users(ctx context.Context) ([]identity.User, error)
}

// WithDelegation gives the engine what decisions need: the order versions,
// the sub-delegations, the Casbin delegation enforcer, the user directory
// and the role stamp that tells when the cached role indexes are stale.
func (e *Engine) WithDelegation(orders *delegation.Service, subs delegation.SubStorer, enf *policies.Delegation, users UserDirectory, stamps RoleStamper) *Engine {
	e.core.orders, e.core.subs, e.core.delegation, e.core.users = orders, subs, enf, users
	e.core.roles = &roleIndexes{users: users, subs: subs, stamps: stamps}
	return e
}

// CheckInput is a "may this user decide this?" question.
type CheckInput struct {
	Board            string
	Username         string
	PointCode        string
	Kind             cases.DecisionKind
	AmountOre        int64
	Date             platform.Date
	CaseID           string // optional: checks jäv on the case
	SubstituteReason string // "franvaro" or "jav" when acting as ersättare
}

// OrderRef identifies the delegationsordning version a check used.
type OrderRef struct {
	ID          string        `json:"id"`
	Number      int           `json:"number"`
	ContentHash string        `json:"content_hash"`
	ValidFrom   platform.Date `json:"valid_from"`
}

// CheckResult is the answer, with the proof or the reasons.
type CheckResult struct {
	Allowed     bool              `json:"allowed"`
	Point       *delegation.Point `json:"point"`
	Version     *OrderRef         `json:"version"`
	MatchedRule []string          `json:"matched_rule"`
	ActingAs    string            `json:"acting_as,omitempty"`
	ActingRole  string            `json:"acting_role,omitempty"`
	LimitOre    *int64            `json:"limit_ore"`
	Reasons     []string          `json:"reasons"`
	// Warnings name reference data missing or due today (a prisbasbelopp
	// to enter before the year it is needed).
	Warnings []refdata.Warning `json:"warnings,omitempty"`
}

// CheckDelegation answers whether in.Username may decide the matter under
// the delegationsordning in force on in.Date. Casbin decides (EnforceEx on
// the order version's enforcer, whose matched rule is the proof); the
// reasons of a denial are then worked out rule by rule so the user learns
// why. With in.CaseID the question is about that case: its jäv
// declarations, and at least the value of its memo's budget impact as the
// amount.
func (e *Decisions) CheckDelegation(ctx context.Context, in CheckInput) (CheckResult, error) {
	res := CheckResult{Reasons: []string{}, MatchedRule: []string{}}
	if e.orders == nil {
		return res, fault.New(fault.Internal, "internal").WithDetail("delegation not configured")
	}
	if in.Kind == "" {
		in.Kind = cases.KindDelegation
	}
	if in.Kind != cases.KindDelegation && in.Kind != cases.KindUrgent {
		return res, (&fault.Fields{{Field: "/kind", Code: "invalid_kind"}}).Err(fault.Unprocessable)
	}
	if in.AmountOre < 0 {
		return res, (&fault.Fields{{Field: "/amount_ore", Code: "negative_amount"}}).Err(fault.Unprocessable)
	}
	if !money.InRange(in.AmountOre) {
		return res, (&fault.Fields{{Field: "/amount_ore", Code: money.CodeTooLarge}}).Err(fault.Unprocessable)
	}
	if in.SubstituteReason != "" && !slices.Contains(SubstituteReasons, in.SubstituteReason) {
		return res, (&fault.Fields{{Field: "/substitute_reason", Code: "invalid_substitute_reason"}}).Err(fault.Unprocessable)
	}
	decider, err := e.users.UserByUsername(ctx, in.Username)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return res, (&fault.Fields{{Field: "/user", Code: "unknown_user"}}).Err(fault.Unprocessable)
		}
		return res, err
	}
	order, err := e.orders.InForce(ctx, in.Board, in.Date)
	if err != nil {
		if fault.From(err).Code == delegation.ErrNotInForce.Code {
			res.Reasons = append(res.Reasons, ReasonNotInForce)
			return res, nil
		}
		return res, err
	}
	res.Version = &OrderRef{ID: order.ID, Number: order.Number, ContentHash: order.ContentHash, ValidFrom: order.ValidFrom}
	point, ok := order.Point(in.PointCode)
	if !ok {
		return res, delegation.ErrUnknownPoint.WithDetail("%s has no point %q in version %d", in.Board, in.PointCode, order.Number)
	}
	res.Point = &point
	var limit *delegation.Limit // an urgent decision (KL 6:39) has none
	if in.Kind == cases.KindDelegation {
		limit = point.Limit
	}
	pbb, warnings, err := e.reference(ctx, in.Date, limit)
	if err != nil {
		return res, err
	}
	res.Warnings = warnings
	// The case, when the question is about one: the value of its memo's
	// budget impact is the least amount checked (a smaller stated amount
	// does not sidestep the limit), its jäv declarations say who may not
	// decide.
	var theCase *cases.Case
	if in.CaseID != "" {
		c, err := e.store.Get(ctx, in.CaseID)
		if err != nil {
			if fault.From(err).Kind == fault.NotFound {
				return res, cases.ErrCaseNotFound.WithDetail("case %s", in.CaseID)
			}
			return res, err
		}
		if c.Board != in.Board {
			return res, cases.ErrCaseNotFound.WithDetail("case %s is not on %s", in.CaseID, in.Board)
		}
		theCase = &c
		if c.Memo != nil {
			in.AmountOre = cases.CheckedAmount(in.AmountOre, c.Memo.BudgetImpact)
		}
	}
	date := in.Date.String()
	if l, ok := e.delegation.LimitOreIn(point.Limit, date, pbb); ok && in.Kind == cases.KindDelegation {
		res.LimitOre = &l
	}
	idx, err := e.roles.board(ctx, in.Board)
	if err != nil {
		return res, err
	}
	act := policies.ActDelegate
	switch {
	case in.Kind == cases.KindUrgent:
		act = policies.ActUrgent
		if (len(order.UrgentDeciders) == 0 || !idx.Holds(in.Username, order.UrgentDeciders[0], date)) && in.SubstituteReason != "" {
			act = policies.ActUrgentSubstitute
		}
	case !idx.Holds(in.Username, point.Delegate, date) && idx.Holds(in.Username, delegation.SubRole(point.Code), date):
		act = policies.ActSubdelegate
	case !idx.Holds(in.Username, point.Delegate, date) && in.SubstituteReason != "":
		act = policies.ActSubstitute
	}
	allowed, rule, err := e.delegation.Enforce(policies.Request{User: in.Username, Order: order, Point: point, Act: act,
		AmountOre: in.AmountOre, Date: date, Roles: idx, PBB: pbb})
	if err != nil {
		return res, err
	}
	res.Reasons = e.explain(order, point, idx, in, act, pbb)
	if act == policies.ActSubdelegate {
		l, ok, err := e.subLimit(ctx, in)
		if err != nil {
			return res, err
		}
		if ok && in.AmountOre > l {
			res.Reasons = append(res.Reasons, ReasonAmountExceeds)
		}
	}
	if in.SubstituteReason != "" && (act == policies.ActSubstitute || act == policies.ActUrgentSubstitute) {
		roles := append([]string{point.Delegate}, point.Substitutes...)
		if act == policies.ActUrgentSubstitute {
			roles = order.UrgentDeciders
		}
		reason, err := e.substituteFact(ctx, in, roles, idx, theCase)
		if err != nil {
			return res, err
		}
		if reason != "" {
			res.Reasons = append(res.Reasons, reason)
		}
	}
	jav := theCase != nil && theCase.Jav(in.Username)
	if theCase != nil && in.Kind == cases.KindDelegation && theCase.Memo != nil && cases.OutsideFrame(theCase.Memo.BudgetImpact) {
		res.Reasons = append(res.Reasons, ReasonOutsideFrame)
	}
	if jav {
		res.Reasons = append(res.Reasons, ReasonJav)
	}
	if decider.ReadOnlyOn(in.Board, in.Date) {
		res.Reasons = append(res.Reasons, ReasonReadOnly) // whatever the index says, the revisor decides nothing
	}
	res.Allowed = allowed && len(res.Reasons) == 0
	if res.Allowed {
		res.MatchedRule, res.ActingAs, res.ActingRole, res.Reasons = rule, string(act), rule[0], []string{}
	} else if len(res.Reasons) == 0 {
		res.Reasons = []string{ReasonNotDelegate} // Casbin said no and no rule below names why
	}
	return res, nil
}

// explain lists why a request fails, looking at each condition the model
// combines. It never decides: Casbin does.
func (e *core) explain(o delegation.Order, p delegation.Point, idx policies.RoleIndex, in CheckInput, act policies.Act, pbb delegation.PBBTable) []string {
	var out []string
	date := in.Date.String()
	roleReason := func(roles []string, needCause bool) {
		for i, r := range roles {
			if idx.Holds(in.Username, r, date) {
				if needCause && i > 0 && in.SubstituteReason == "" {
					out = append(out, ReasonSubstituteNoCause)
				}
				return
			}
		}
		for _, r := range roles {
			if idx.HoldsEver(in.Username, r) {
				out = append(out, ReasonRoleNotValid)
				return
			}
		}
		out = append(out, ReasonNotDelegate)
	}
	if in.Kind == cases.KindUrgent {
		roleReason(o.UrgentDeciders, true)
		return out
	}
	if !policies.Delegable(o, p) {
		out = append(out, ReasonNotDelegable)
	}
	switch {
	case idx.Holds(in.Username, p.Delegate, date):
	case p.SubdelegationAllowed && idx.Holds(in.Username, delegation.SubRole(p.Code), date):
	case slices.ContainsFunc(p.Substitutes, func(r string) bool { return idx.Holds(in.Username, r, date) }):
		if in.SubstituteReason == "" {
			out = append(out, ReasonSubstituteNoCause)
		}
	default:
		roles := append([]string{p.Delegate}, p.Substitutes...)
		if p.SubdelegationAllowed {
			roles = append(roles, delegation.SubRole(p.Code))
		}
		roleReason(roles, false)
	}
	if p.Limit != nil {
		if l, ok := e.delegation.LimitOreIn(p.Limit, date, pbb); !ok || in.AmountOre > l {
			out = append(out, ReasonAmountExceeds)
		}
	}
	return out
}

// reasonsFault is the 403 for a denied decision, naming the reasons.
func reasonsFault(res CheckResult) error {
	f := fault.New(fault.Forbidden, "decision_not_allowed").WithDetail("%s", strings.Join(res.Reasons, ", "))
	f.Extra = map[string]any{"reasons": res.Reasons}
	if slices.Contains(res.Reasons, ReasonJav) {
		f.Code = ReasonJav
	}
	return f
}

// subLimit is the narrower limit of the user's sub-delegation on the
// date, if it sets one (a limit in prisbasbelopp without the year's
// value is reference_value_missing).
func (e *core) subLimit(ctx context.Context, in CheckInput) (int64, bool, error) {
	subs, err := e.subs.ListSubDelegations(ctx, in.Board)
	if err != nil {
		return 0, false, nil
	}
	for _, sd := range subs {
		if sd.ToUser == in.Username && sd.PointCode == in.PointCode && sd.Limit != nil && !in.Date.Before(sd.ValidFrom) &&
			(sd.ValidTo.IsZero() || !in.Date.After(sd.ValidTo)) {
			pbb, err := e.pbbFor(ctx, in.Date, sd.Limit)
			if err != nil {
				return 0, false, err
			}
			l, ok := e.delegation.LimitOreIn(sd.Limit, in.Date.String(), pbb)
			return l, ok, nil
		}
	}
	return 0, false, nil
}

// SubDelegationInput is a vidaredelegering to create.
type SubDelegationInput struct {
	PointCode string
	ToUser    string
	ValidFrom platform.Date
	ValidTo   platform.Date
	Limit     *delegation.Limit
}

// SubDelegate lets the förvaltningschef pass a point on to an employee
// (KL 7:6), where the point in force allows it: to an official holding a
// role on the board today and from the first day (handläggare or
// sekreterare), never to its revisor.
func (e *Decisions) SubDelegate(ctx context.Context, u identity.User, board string, in SubDelegationInput) (delegation.SubDelegation, error) {
	today := e.today()
	if _, err := e.boards.GetBoard(ctx, board); err != nil {
		return delegation.SubDelegation{}, err
	}
	if err := e.mayChange(u, board); err != nil {
		return delegation.SubDelegation{}, err
	}
	if !u.HasRole(board, identity.RoleForvaltningschef, today) {
		return delegation.SubDelegation{}, delegation.ErrNotManager.WithDetail("%s is not förvaltningschef on %s", u.Username, board)
	}
	order, err := e.orders.InForce(ctx, board, today)
	if err != nil {
		return delegation.SubDelegation{}, err
	}
	p, ok := order.Point(in.PointCode)
	if !ok {
		return delegation.SubDelegation{}, delegation.ErrUnknownPoint.WithDetail("%s", in.PointCode)
	}
	to, err := e.users.UserByUsername(ctx, in.ToUser)
	if err != nil {
		return delegation.SubDelegation{}, (&fault.Fields{{Field: "/user", Code: "unknown_user"}}).Err(fault.Unprocessable)
	}
	if to.HasRole(board, identity.RoleForvaltningschef, today) {
		return delegation.SubDelegation{}, (&fault.Fields{{Field: "/user", Code: "invalid_subdelegate"}}).Err(fault.Unprocessable)
	}
	for _, d := range []platform.Date{today, in.ValidFrom} {
		if !d.IsZero() && !official(to, board, d) {
			return delegation.SubDelegation{}, (&fault.Fields{{Field: "/user", Code: "not_board_official"}}).Err(fault.Unprocessable)
		}
	}
	sd := delegation.SubDelegation{Board: board, PointCode: p.Code, ToUser: to.Username, ValidFrom: in.ValidFrom,
		ValidTo: in.ValidTo, Limit: in.Limit, GivenBy: u.Username, GivenAt: e.clock.Now().UTC(), OrderID: order.ID}
	if err := delegation.ValidateSub(sd, p); err != nil {
		return delegation.SubDelegation{}, err
	}
	sd.ID = delegation.SubID(board, p.Code, to.Username, in.ValidFrom)
	return e.subs.InsertSubDelegation(ctx, sd)
}

// subdelegateRoles are the officials (employees) a förvaltningschef may
// pass a point on to (KL 7:6: "en annan anställd").
var subdelegateRoles = []identity.Role{identity.RoleHandlaggare, identity.RoleSekreterare}

// official reports whether p is an official of the board on date d (holds
// one of subdelegateRoles on that very board) and not its revisor.
func official(p identity.User, board string, d platform.Date) bool {
	if p.ReadOnlyOn(board, d) {
		return false
	}
	for _, a := range p.RolesOn(d) {
		if a.Board == board && slices.Contains(subdelegateRoles, a.Role) {
			return true
		}
	}
	return false
}

// SubDelegations lists a board's sub-delegations.
func (e *Decisions) SubDelegations(ctx context.Context, u identity.User, board string) ([]delegation.SubDelegation, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return nil, err
	}
	return e.subs.ListSubDelegations(ctx, board)
}
