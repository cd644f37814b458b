package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// EventSubmit hands the memo on: the case becomes beslutsklar and, when
// the handläggare names one, goes to a recipient's "Att göra".
const EventSubmit = "submit"

// Faults of the recipient named when submitting (field /submit_to).
var (
	// ErrRecipientRequired: the form that sends a memo on needs a recipient.
	ErrRecipientRequired = fault.New(fault.Unprocessable, "submit_recipient_required")
	// ErrRecipientUnknown: no active account has that username.
	ErrRecipientUnknown = fault.New(fault.Unprocessable, "submit_recipient_unknown")
	// ErrRecipientNotEligible: the person holds no role on the case's
	// board today that decides the case or puts it on an agenda.
	ErrRecipientNotEligible = fault.New(fault.Unprocessable, "submit_recipient_not_eligible")
	// ErrRecipientOnlyOnSubmit: a recipient is named with another event.
	ErrRecipientOnlyOnSubmit = fault.New(fault.Unprocessable, "submit_recipient_only_on_submit")
)

// FieldSubmitTo is the field of the recipient, in field errors.
const FieldSubmitTo = "/submit_to"

// FireInput is what a client sends with an event: a note (the reason of a
// makulering) and, for submit, the username of the person the memo goes
// to. RequireRecipient refuses a submit without one (the web form asks
// for it; older API clients may submit to no one by name).
type FireInput struct {
	Note             string
	SubmitTo         string
	RequireRecipient bool
}

// Recipient is a person a memo may be submitted to on a board on a day:
// a beslutsfattare (a role the delegationsordning in force names as
// delegate, substitute or urgent decider) or the sekreterare, who puts
// the case on a meeting's agenda.
type Recipient struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	// RoleName is the role in Swedish, lower case ("ordförande").
	RoleName string `json:"role_name"`
}

// deciderRoles are the roles of board's order in force on day that decide
// a matter: delegates, substitutes and urgent deciders (none without an
// order in force).
func (e *core) deciderRoles(ctx context.Context, board string, day platform.Date) ([]identity.Role, error) {
	if e.orders == nil {
		return nil, nil
	}
	order, err := e.orders.InForce(ctx, board, day)
	if errors.Is(err, delegation.ErrNotInForce) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []identity.Role
	add := func(r string) {
		role := identity.Role(r)
		if role.Valid() && role != identity.RoleRevisor && !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	for _, p := range order.Points {
		add(p.Delegate)
		for _, s := range p.Substitutes {
			add(s)
		}
	}
	for _, r := range order.UrgentDeciders {
		add(r)
	}
	return out, nil
}

// recipientRole is the role that makes p a recipient on board on day
// (deciding roles first, in identity.Roles order; then sekreterare), or
// "" when p is none: disabled, a revisor of the board, or without such
// a role there.
func recipientRole(p identity.User, board string, day platform.Date, deciders []identity.Role) identity.Role {
	if p.Disabled || p.ReadOnlyOn(board, day) {
		return ""
	}
	for _, r := range identity.Roles {
		if r != identity.RoleSekreterare && slices.Contains(deciders, r) && p.HasRole(board, r, day) {
			return r
		}
	}
	if p.HasRole(board, identity.RoleSekreterare, day) {
		return identity.RoleSekreterare
	}
	return ""
}

// Recipients lists who a memo on board may be submitted to today, by
// name. It is empty for a user who may not submit there (read-only).
func (e *Cases) Recipients(ctx context.Context, u identity.User, board string) ([]Recipient, error) {
	if e.mayChange(u, board) != nil || e.users == nil {
		return nil, nil
	}
	day := e.today()
	deciders, err := e.deciderRoles(ctx, board, day)
	if err != nil {
		return nil, err
	}
	users, err := e.users.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []Recipient
	for _, p := range users {
		if r := recipientRole(p, board, day, deciders); r != "" {
			out = append(out, recipientOf(p, r))
		}
	}
	slices.SortFunc(out, func(a, b Recipient) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func recipientOf(p identity.User, r identity.Role) Recipient {
	return Recipient{Username: p.Username, Name: p.Name, Role: string(r), RoleName: strings.ToLower(delegation.RoleLabel(string(r)))}
}

// submission checks the recipient named for event on c and returns the
// record to store (nil: none named, and none required).
func (e *core) submission(ctx context.Context, u identity.User, c cases.Case, event string, in FireInput) (*cases.Submission, error) {
	to := strings.TrimSpace(in.SubmitTo)
	field := func(f *fault.Error, _ string) error {
		// The field's code is the fault's: its text says it all.
		f.Fields = []fault.FieldError{{Field: FieldSubmitTo, Code: f.Code}}
		return f
	}
	if event != EventSubmit {
		if to != "" {
			return nil, field(ErrRecipientOnlyOnSubmit.WithDetail("a recipient is named only when submitting"), "not_allowed")
		}
		return nil, nil
	}
	if to == "" {
		if in.RequireRecipient {
			return nil, field(ErrRecipientRequired.WithDetail("name the person the memo goes to"), "required")
		}
		return nil, nil
	}
	if e.users == nil {
		return nil, field(ErrRecipientUnknown.WithDetail("%q", to), "unknown")
	}
	p, err := e.users.UserByUsername(ctx, to)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return nil, field(ErrRecipientUnknown.WithDetail("%q", to), "unknown")
		}
		return nil, err
	}
	if p.Disabled {
		return nil, field(ErrRecipientUnknown.WithDetail("%q", to), "unknown")
	}
	day := e.today()
	deciders, err := e.deciderRoles(ctx, c.Board, day)
	if err != nil {
		return nil, err
	}
	r := recipientRole(p, c.Board, day, deciders)
	if r == "" {
		return nil, field(ErrRecipientNotEligible.WithDetail("%q decides no case and keeps no agenda on %s on %s", to, c.Board, day), "not_eligible")
	}
	now := e.clock.Now()
	return &cases.Submission{To: p.Username, ToName: p.Name, Role: string(r), By: u.Username, At: now.UTC(), On: platform.DateOf(now)}, nil
}

// indexSubmission keeps AwaitingDecisionBy in step with the case: the
// recipient while the case is beslutsklar, else "".
func indexSubmission(c *cases.Case) {
	c.AwaitingDecisionBy = ""
	if c.State == cases.StateReady && c.Submission != nil {
		c.AwaitingDecisionBy = c.Submission.To
	}
}

// submissionRef is the event's reference to its recipient, in words
// ("till Anna Lindqvist, ordförande").
func submissionRef(s *cases.Submission) string {
	if s == nil {
		return ""
	}
	return "till " + s.ToName + ", " + strings.ToLower(delegation.RoleLabel(s.Role))
}

// Submitted is a case waiting on its recipient's desk.
type Submitted struct {
	Case       cases.Case
	Submission cases.Submission
}

// submittedTo lists the beslutsklara cases submitted to u on boards u
// may read and act on, oldest submission first.
func (e *core) submittedTo(ctx context.Context, u identity.User) ([]Submitted, error) {
	cs, err := e.store.ListBy(ctx, "awaiting_decision_by", u.Username)
	if err != nil {
		return nil, err
	}
	var out []Submitted
	for _, c := range cs {
		if c.State != cases.StateReady || c.Submission == nil || c.Submission.To != u.Username ||
			!e.CanRead(u, c.Board) || e.readOnly(u, c.Board) {
			continue
		}
		out = append(out, Submitted{Case: c, Submission: *c.Submission})
	}
	slices.SortStableFunc(out, func(a, b Submitted) int { return a.Submission.At.Compare(b.Submission.At) })
	return out, nil
}
