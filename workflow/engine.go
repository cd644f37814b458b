package workflow

import (
	"context"
	"slices"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/oparl"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/redact"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/policies"
)

// core is what every use case shares: the stores, the clock, the
// workflow policy and the authorization built on the users' roles. Each
// aggregate's use cases (Cases, Decisions, Meetings, Costs) embed it.
type core struct {
	store      cases.Storer
	boards     board.Storer
	policy     *policies.Workflow
	clock      platform.Clock
	maxUpload  int64
	orders     *delegation.Service
	subs       delegation.SubStorer
	delegation *policies.Delegation
	users      UserDirectory
	roles      *roleIndexes // every board's role index, cached (roleindex.go)
	signer     signing.Signer
	reauth     Confirmer
	observers  []func(context.Context, cases.Case)
	meetings   meeting.Storer
	costs      *costs.Service
	// raw is the case store without the delivered-case guard (store
	// wraps it, see archive_guard.go): only the delivery receipt writes
	// through it.
	raw     cases.Storer
	archive archiveDeps
	// The public routes and requests for allmän handling (public.go,
	// disclosure.go): the OParl site, the request store and the masking
	// engine.
	site        oparl.Site
	disclosures disclosure.Storer
	redactor    *redact.Engine
	absences    delegation.AbsenceStorer
	seats       SeatSource     // seats.go
	refs        refdata.Storer // reference.go
}

// Cases is the use cases of an ärende: registration, the lifecycle, the
// tjänsteskrivelse, handlingar and jäv.
type Cases struct{ *core }

// Decisions is the use cases of a decision: the delegationsordning it is
// taken under (versions, checks, vidaredelegering), taking, signing,
// reporting and re-checking it.
type Decisions struct{ *core }

// Meetings is the use cases of a sammanträde: planning, attendance, the
// protocol's paragraphs, justering, notices and appeals. The rules
// themselves are the meeting's (internal/meeting).
type Meetings struct{ *core }

// Costs is the use cases of a joint board's cost allocation: agreements,
// user counts and budget imports.
type Costs struct{ *core }

// Archive is the use cases of the archive: the board's archive profile
// and informationshanteringsplan, what the plan says about a case, SIP
// export to the e-archive, delivery receipts and gallring (archive*.go).
type Archive struct{ *core }

// Engine is the workflow's use cases, one type per aggregate, sharing one
// core; internal/app builds it and hands the parts to the API, the web UI
// and the CLI.
type Engine struct {
	Cases       *Cases
	Decisions   *Decisions
	Meetings    *Meetings
	Costs       *Costs
	Archive     *Archive
	Public      *Public
	Disclosures *Disclosures
	core        *core
}

// Observe registers fn to be told of every case written with a decision,
// signature or report (the audit projection). fn runs after the write has
// succeeded; a failure there is repaired by the projection's catch-up.
func (e *Engine) Observe(fn func(context.Context, cases.Case)) {
	e.core.observers = append(e.core.observers, fn)
}

func (e *core) notify(ctx context.Context, c cases.Case) {
	for _, fn := range e.observers {
		fn(ctx, c)
	}
}

// NewEngine returns an Engine. maxUpload bounds a handling's file size.
func NewEngine(st cases.Storer, boards board.Storer, policy *policies.Workflow, clk platform.Clock, maxUpload int64) *Engine {
	c := &core{store: deliveredGuard{st}, raw: st, boards: boards, policy: policy, clock: clk, maxUpload: maxUpload}
	return &Engine{Cases: &Cases{c}, Decisions: &Decisions{c}, Meetings: &Meetings{c}, Costs: &Costs{c}, Archive: &Archive{c},
		Public: &Public{c}, Disclosures: &Disclosures{c}, core: c}
}

// Faults of the workflow.
var (
	ErrNotPermitted     = fault.New(fault.Forbidden, "not_permitted")
	ErrEventNotAllowed  = fault.New(fault.Unprocessable, "event_not_allowed")
	ErrUnknownEvent     = fault.New(fault.Unprocessable, "unknown_event")
	ErrMemoIncomplete   = fault.New(fault.Unprocessable, "memo_incomplete")
	ErrMemoLocked       = fault.New(fault.Unprocessable, "memo_locked")
	ErrReasonRequired   = fault.New(fault.Unprocessable, "reason_required")
	ErrCaseClosed       = fault.New(fault.Unprocessable, "case_closed")
	ErrFileTooLarge     = fault.New(fault.TooLarge, "file_too_large")
	ErrFileTypeRejected = fault.New(fault.Unprocessable, "file_type_not_allowed")
	ErrUseDecisions     = fault.New(fault.Unprocessable, "use_decisions_endpoint")
	ErrDecidedAtMeeting = fault.New(fault.Unprocessable, "decided_at_meeting")
)

// today is the Stockholm date now.
func (e *core) today() platform.Date { return platform.DateOf(e.clock.Now()) }

// rolesOn returns the names of the roles u holds on board today.
func (e *core) rolesOn(u identity.User, boardCode string) []string {
	var out []string
	for _, a := range u.RolesOn(e.today()) {
		if a.Board == boardCode || a.Board == identity.AllBoards {
			out = append(out, string(a.Role))
		}
	}
	return out
}

// CanRead reports whether u may see the board's cases: any role on it
// today.
func (e *core) CanRead(u identity.User, boardCode string) bool {
	return len(e.rolesOn(u, boardCode)) > 0
}

// load fetches a case the user may read. A case on a board the user has
// no role on is reported as not found, so its existence does not leak.
func (e *core) load(ctx context.Context, u identity.User, id string) (cases.Case, error) {
	c, err := e.loadHead(ctx, u, id)
	if err != nil {
		return c, err
	}
	return e.store.Complete(ctx, c)
}

// loadHead is load without the archived history: the case document as
// stored, enough to append an event and write the case.
func (e *core) loadHead(ctx context.Context, u identity.User, id string) (cases.Case, error) {
	c, err := e.store.GetHead(ctx, id)
	if err != nil {
		if fault.From(err).Code == fault.ErrNotFound.Code {
			return c, cases.ErrCaseNotFound.WithDetail("case %s", id)
		}
		return c, err
	}
	if !e.CanRead(u, c.Board) {
		return cases.Case{}, cases.ErrCaseNotFound.WithDetail("case %s", id)
	}
	return c, nil
}

// Case returns one case by id.
func (e *Cases) Case(ctx context.Context, u identity.User, id string) (cases.Case, error) {
	return e.load(ctx, u, id)
}

// Complete returns c with its whole history (c itself when it is whole):
// for a case Fire returned.
func (e *Cases) Complete(ctx context.Context, c cases.Case) (cases.Case, error) {
	return e.store.Complete(ctx, c)
}

// CaseByNumber returns one case by diarienummer.
func (e *Cases) CaseByNumber(ctx context.Context, u identity.User, dnr string) (cases.Case, error) {
	if _, _, _, err := cases.ParseNumber(dnr); err != nil {
		return cases.Case{}, fault.New(fault.Invalid, "invalid_registration_number").WithDetail("%v", err)
	}
	c, err := e.store.GetByNumber(ctx, dnr)
	if err != nil {
		if fault.From(err).Code == fault.ErrNotFound.Code {
			return c, cases.ErrCaseNotFound.WithDetail("case %s", dnr)
		}
		return c, err
	}
	if !e.CanRead(u, c.Board) {
		return cases.Case{}, cases.ErrCaseNotFound.WithDetail("case %s", dnr)
	}
	return c, nil
}

// List returns a page of the cases the user may read: of f.Board if set
// (nothing when the user has no role there), else of every board the user
// holds a role on today.
func (e *Cases) List(ctx context.Context, u identity.User, f cases.Filter) ([]cases.Case, int64, error) {
	all := false
	var boards []string
	for _, a := range u.RolesOn(e.today()) {
		if a.Board == identity.AllBoards {
			all = true
		} else if !slices.Contains(boards, a.Board) {
			boards = append(boards, a.Board)
		}
	}
	switch {
	case f.Board != "":
		if !e.CanRead(u, f.Board) {
			return nil, 0, nil
		}
		f.Boards = []string{f.Board}
	case all:
		f.Boards = nil
	case len(boards) == 0:
		return nil, 0, nil
	default:
		f.Boards = boards
	}
	return e.store.List(ctx, f)
}

// AllowedEvents returns the events u may fire on c now: allowed by the
// definition from c's state and by the role policy.
func (e *Cases) AllowedEvents(u identity.User, c cases.Case) []string {
	var out []string
	for _, ev := range Definition(c.FSMVersion) {
		if slices.Contains(ev.Src, string(c.State)) && !internalEvent(ev.Name) && e.may(u, c.Board, ev.Name) {
			out = append(out, ev.Name)
		}
	}
	return out
}

// versionConflict is the 409 fault carrying the case's current version.
func versionConflict(current int64) error {
	f := *fault.ErrVersionConflict
	f.Extra = map[string]any{"current_version": current}
	return &f
}

// MayEditMemo reports whether u may save a memo revision on c now.
func (e *Cases) MayEditMemo(u identity.User, c cases.Case) bool {
	return e.MemoEditError(u, c) == nil
}

// MayAddDocument reports whether u may register a handling on c now.
func (e *Cases) MayAddDocument(u identity.User, c cases.Case) bool {
	return acceptsDocuments(c.State) && e.may(u, c.Board, "add_document")
}

// May reports whether u may perform action on board today: not its
// revisor, and the role policy allows it.
func (e *core) May(u identity.User, board, action string) bool { return e.may(u, board, action) }

// The aggregates' use cases as seen from the core, for a use case of one
// aggregate that asks another (a meeting's agenda lists the decisions to
// report; a decision reads its case's memo).
func (e *core) asCases() *Cases         { return &Cases{e} }
func (e *core) asDecisions() *Decisions { return &Decisions{e} }
func (e *core) asMeetings() *Meetings   { return &Meetings{e} }
