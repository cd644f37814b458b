package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/redact"
)

// Disclosures is the use cases of a request for allmän handling (begäran
// om utlämnande, TF 2 kap.): registering it, the outcome for each handling
// asked for (released whole, released masked with a masked copy stored as
// a new handling, or refused by a written decision under the
// delegationsordning), the list of open requests with their deadlines,
// and the revisor's report. The board's registry and officials handle
// requests (the role policy's handle_disclosure: handläggare,
// nämndsekreterare, förvaltningschef); its revisor reads them and changes
// nothing; a refusal is taken by whoever the delegationsordning allows.
type Disclosures struct{ *core }

// WithDisclosure gives the engine the request store and the engine that
// makes masked copies of PDFs.
func (e *Engine) WithDisclosure(st disclosure.Storer, masker *redact.Engine) *Engine {
	e.core.disclosures, e.core.redactor = st, masker
	return e
}

// actionDisclosure is the role policy's action for handling requests.
const actionDisclosure = "handle_disclosure"

// RequestInput is a request to register.
type RequestInput struct {
	Board      string
	ReceivedAt time.Time
	Channel    disclosure.Channel
	Form       disclosure.Form
	Asked      string
	Requester  *disclosure.Requester // nil: anonymous (TF 2:18)
	Items      []RequestItemInput
}

// RequestItemInput is one handling asked for: a registered handling by
// diarienummer and löpnummer (0: the ärende as a whole, or not yet
// identified), and what the requester asked for in their words (for an
// identified handling it defaults to its reference).
type RequestItemInput struct {
	RegistrationNumber string
	DocumentNo         int
	Description        string
}

// MayHandle reports whether u may handle requests on board today.
func (e *Disclosures) MayHandle(u identity.User, board string) bool {
	return e.may(u, board, actionDisclosure)
}

// mayRead checks that u may read the requests of board: a handler, or the
// board's revisor. Anyone else learns nothing (not found).
func (e *Disclosures) mayRead(u identity.User, board, id string) error {
	if e.may(u, board, actionDisclosure) || e.readOnly(u, board) {
		return nil
	}
	return disclosure.ErrRequestNotFound.WithDetail("request %s", id)
}

// Register records a request for allmän handling: the time it came in,
// the channel, what was asked for, the requester if they gave a name (or
// nobody), and the handlingar asked for, each resolved to its ärende when
// a diarienummer is given. It gets the next reference of the board's
// requests for the year ("ITN UB 2026/3"). Nothing is stored unless every
// field is valid.
func (e *Disclosures) Register(ctx context.Context, u identity.User, in RequestInput) (disclosure.Request, error) {
	if err := e.authorize(u, strings.TrimSpace(in.Board), actionDisclosure); err != nil {
		return disclosure.Request{}, err
	}
	return e.register(ctx, in, u.Username)
}

// register checks and stores a request registered by the user named by
// (empty: sent by the public web form).
func (e *core) register(ctx context.Context, in RequestInput, by string) (disclosure.Request, error) {
	now := e.clock.Now()
	reg := disclosure.Registration{Board: strings.TrimSpace(in.Board), ReceivedAt: in.ReceivedAt, Channel: in.Channel, Form: in.Form,
		Asked: in.Asked, Requester: in.Requester}
	var fs fault.Fields
	for i, it := range in.Items {
		item := disclosure.ItemInput{DocumentNo: it.DocumentNo, Description: it.Description}
		dnr := strings.TrimSpace(it.RegistrationNumber)
		at := "/items/" + strconv.Itoa(i)
		switch {
		case dnr == "" && it.DocumentNo != 0:
			fs.Add(at+"/registration_number", "required")
		case dnr != "":
			c, err := e.registered(ctx, reg.Board, dnr)
			if err != nil {
				if fault.From(err).Kind == fault.Internal {
					return disclosure.Request{}, err
				}
				fs.Add(at+"/registration_number", fault.From(err).Code)
				break
			}
			if it.DocumentNo < 0 || it.DocumentNo > len(c.Documents) {
				fs.Add(at+"/document_no", cases.ErrDocumentNotFound.Code)
			}
			item.CaseID = c.ID
			if strings.TrimSpace(item.Description) == "" {
				item.Description = c.RegistrationNumber
				if it.DocumentNo > 0 {
					item.Description += ", " + cases.DocumentRef(it.DocumentNo)
				}
			}
		}
		reg.Items = append(reg.Items, item)
	}
	req, err := disclosure.New(platform.NewID(), reg, by, now.UTC())
	if err != nil {
		fs = append(fs, fault.From(err).Fields...)
	}
	if len(fs) > 0 {
		return disclosure.Request{}, fs.Err(fault.Unprocessable)
	}
	req.ReceivedAt = req.ReceivedAt.UTC()
	year := platform.DateOf(req.ReceivedAt).Year
	seq, err := e.disclosures.NextRequestNumber(ctx, req.Board, year)
	if err != nil {
		return disclosure.Request{}, err
	}
	req.Ref = fmt.Sprintf("%s UB %d/%d", req.Board, year, seq)
	return e.disclosures.InsertRequest(ctx, req)
}

// registered finds a registered ärende of board by diarienummer.
func (e *core) registered(ctx context.Context, board, dnr string) (cases.Case, error) {
	if _, _, _, err := cases.ParseNumber(dnr); err != nil {
		return cases.Case{}, fault.New(fault.Unprocessable, "invalid_registration_number")
	}
	c, err := e.store.GetByNumber(ctx, dnr)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return c, cases.ErrCaseNotFound
		}
		return c, err
	}
	if c.Board != board || c.State == cases.StateVoided {
		return cases.Case{}, cases.ErrCaseNotFound
	}
	return c, nil
}

// Request returns a request u may read.
func (e *Disclosures) Request(ctx context.Context, u identity.User, id string) (disclosure.Request, error) {
	r, err := e.disclosures.GetRequest(ctx, id)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return r, disclosure.ErrRequestNotFound.WithDetail("request %s", id)
		}
		return r, err
	}
	if err := e.mayRead(u, r.Board, id); err != nil {
		return disclosure.Request{}, err
	}
	return r, nil
}

// OpenRequest is a request awaiting an answer, with its deadlines as they
// stand today.
type OpenRequest struct {
	Request disclosure.Request `json:"request"`
	// TargetOn is the day it should be answered (the day it came in, or
	// the next working day); EscalateOn the last day before escalation.
	TargetOn   platform.Date         `json:"target_on"`
	EscalateOn platform.Date         `json:"escalate_on"`
	Timeliness disclosure.Timeliness `json:"timeliness"`
	// Overdue is set once the target day has passed: a request left
	// untouched for one working day.
	Overdue         bool `json:"overdue"`
	WorkingDaysLate int  `json:"working_days_late"`
}

func (e *core) openRequest(r disclosure.Request, today platform.Date) OpenRequest {
	tl := r.Timeliness(today)
	return OpenRequest{Request: r, TargetOn: r.TargetOn(), EscalateOn: r.EscalateOn(), Timeliness: tl,
		Overdue: tl != disclosure.OnTime, WorkingDaysLate: r.WorkingDaysLate(today)}
}

// OpenRequests lists the requests of board awaiting an answer, oldest
// first, with their deadlines and whether each is overdue today.
func (e *Disclosures) OpenRequests(ctx context.Context, u identity.User, board string) ([]OpenRequest, error) {
	if err := e.mayRead(u, board, board); err != nil {
		return nil, ErrNotPermitted.WithDetail("requests on %s", board)
	}
	rs, err := e.disclosures.ListOpenRequests(ctx, board)
	if err != nil {
		return nil, err
	}
	today := e.today()
	out := make([]OpenRequest, 0, len(rs))
	for _, r := range rs {
		out = append(out, e.openRequest(r, today))
	}
	return out, nil
}

// MyOpenRequests lists the open requests u is to answer — those of every
// board where u handles requests today — with their deadlines, overdue
// ones first, for the person's list of things to do.
func (e *Disclosures) MyOpenRequests(ctx context.Context, u identity.User) ([]OpenRequest, error) {
	rs, err := e.openOnBoardsOf(ctx, u)
	if err != nil {
		return nil, err
	}
	today := e.today()
	var late, onTime []OpenRequest
	for _, r := range rs {
		if !e.may(u, r.Board, actionDisclosure) {
			continue
		}
		o := e.openRequest(r, today)
		if o.Overdue {
			late = append(late, o)
		} else {
			onTime = append(onTime, o)
		}
	}
	return append(late, onTime...), nil
}

// openOnBoardsOf lists the open requests of the boards u holds a role
// on today, oldest first: those of one board from its index, not every
// board's (every board's only for a role on every board).
func (e *Disclosures) openOnBoardsOf(ctx context.Context, u identity.User) ([]disclosure.Request, error) {
	var boards []string
	for _, a := range u.RolesOn(e.today()) {
		if a.Board == identity.AllBoards {
			return e.disclosures.ListOpenRequests(ctx, "")
		}
		if !slices.Contains(boards, a.Board) && e.may(u, a.Board, actionDisclosure) {
			boards = append(boards, a.Board)
		}
	}
	var out []disclosure.Request
	for _, b := range boards {
		rs, err := e.disclosures.ListOpenRequests(ctx, b)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	slices.SortStableFunc(out, func(a, b disclosure.Request) int {
		if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Report is the revisor's report of the board's requests received from
// from to to (both inclusive): handling times, lateness, and what was
// masked or refused under which lagrum. The board's revisor and its
// handlers may read it; it names no requester.
func (e *Disclosures) Report(ctx context.Context, u identity.User, board string, from, to platform.Date) (disclosure.Report, error) {
	if err := e.mayRead(u, board, board); err != nil {
		return disclosure.Report{}, ErrNotPermitted.WithDetail("requests on %s", board)
	}
	var fs fault.Fields
	if from.IsZero() {
		fs.Add("/from", "required")
	}
	if to.IsZero() {
		fs.Add("/to", "required")
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		fs.Add("/to", "inverted_range")
	}
	if err := fs.Err(fault.Invalid); err != nil {
		return disclosure.Report{}, err
	}
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, platform.Stockholm)
	end := time.Date(to.Year, to.Month, to.Day, 0, 0, 0, 0, platform.Stockholm).AddDate(0, 0, 1)
	rs, err := e.disclosures.ListRequests(ctx, board, start, end)
	if err != nil {
		return disclosure.Report{}, err
	}
	return disclosure.BuildReport(rs, from, to, e.today()), nil
}

// changeRequest loads request id for a change by a handler, checks the
// version the client read, applies fn and writes the request in one
// version-guarded update.
func (e *Disclosures) changeRequest(ctx context.Context, u identity.User, id string, ifMatch int64, fn func(r *disclosure.Request) error) (disclosure.Request, error) {
	r, err := e.Request(ctx, u, id)
	if err != nil {
		return r, err
	}
	if err := e.authorize(u, r.Board, actionDisclosure); err != nil {
		return disclosure.Request{}, err
	}
	if r.Version != ifMatch {
		return disclosure.Request{}, versionConflict(r.Version)
	}
	if err := fn(&r); err != nil {
		return disclosure.Request{}, err
	}
	saved, err := e.disclosures.UpdateRequest(ctx, r)
	if errors.Is(err, fault.ErrVersionConflict) {
		return disclosure.Request{}, versionConflict(r.Version)
	}
	return saved, err
}

// Release records that item no is released whole (lämnas ut) after the
// secrecy review found nothing secret in it.
func (e *Disclosures) Release(ctx context.Context, u identity.User, id string, ifMatch int64, no int) (disclosure.Request, error) {
	return e.changeRequest(ctx, u, id, ifMatch, func(r *disclosure.Request) error {
		return r.Decide(no, disclosure.OutcomeInput{Kind: disclosure.OutcomeReleased}, u.Username, e.clock.Now().UTC())
	})
}

// Withdraw records that the requester withdrew the request.
func (e *Disclosures) Withdraw(ctx context.Context, u identity.User, id string, ifMatch int64) (disclosure.Request, error) {
	return e.changeRequest(ctx, u, id, ifMatch, func(r *disclosure.Request) error { return r.Withdraw(e.clock.Now().UTC()) })
}

// SetDelayReason records why the request could not be answered the same
// day.
func (e *Disclosures) SetDelayReason(ctx context.Context, u identity.User, id string, ifMatch int64, reason string) (disclosure.Request, error) {
	return e.changeRequest(ctx, u, id, ifMatch, func(r *disclosure.Request) error { return r.SetDelayReason(reason) })
}
