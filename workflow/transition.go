package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
)

// Fire fires a lifecycle event on a case. ifMatch is the case version the
// client saw: a different one is a 409 with the current version. Then the
// revisor's read-only rule (403), the events no client fires (422: the
// decisions, taken through Decide, and the nämnd's decide, recorded as a
// protocol §), the role policy (403), the machine (422 with the allowed
// events), the event's own guards (422), and finally the state and the
// event are written in one version-guarded update (409 if someone was
// faster).
//
// Fire reads and returns the case document as stored: its History holds
// the newest events only (see cases.Case.Split); Complete gives the whole.
func (e *Cases) Fire(ctx context.Context, u identity.User, caseID, event string, ifMatch int64, note string) (cases.Case, error) {
	return e.FireWith(ctx, u, caseID, event, ifMatch, FireInput{Note: note})
}

// FireWith is Fire with the whole input of the event: for submit, the
// person the memo goes to (see FireInput and submission), checked after
// the role policy and stored with the event in the same update.
func (e *Cases) FireWith(ctx context.Context, u identity.User, caseID, event string, ifMatch int64, in FireInput) (cases.Case, error) {
	c, err := e.loadHead(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	return e.fireWith(ctx, u, c, event, in)
}

// fire runs a client's event on the loaded case c (its version guards
// the write): u may change the board, the event is one a client fires,
// the role policy allows it; then transition.
func (e *core) fire(ctx context.Context, u identity.User, c cases.Case, event, note string) (cases.Case, error) {
	return e.fireWith(ctx, u, c, event, FireInput{Note: note})
}

// fireWith is fire with the event's whole input.
func (e *core) fireWith(ctx context.Context, u identity.User, c cases.Case, event string, in FireInput) (cases.Case, error) {
	if err := e.mayChange(u, c.Board); err != nil {
		return cases.Case{}, err
	}
	if !HasEvent(c.FSMVersion, event) {
		return cases.Case{}, withAllowed(ErrUnknownEvent.WithDetail("%q", event), e.asCases().AllowedEvents(u, c))
	}
	if slices.Contains(decisionEvents, event) {
		return cases.Case{}, withAllowed(ErrUseDecisions.WithDetail("%s is taken with POST /api/v1/cases/{id}/decisions", event),
			e.asCases().AllowedEvents(u, c))
	}
	if slices.Contains(protocolEvents, event) {
		return cases.Case{}, withAllowed(ErrDecidedAtMeeting.WithDetail("a nämnd decides at a sammanträde: record the outcome as a § of the meeting's protocol"),
			e.asCases().AllowedEvents(u, c))
	}
	if err := e.authorize(u, c.Board, event); err != nil {
		return cases.Case{}, err
	}
	if !fieldtext.BlockOK(in.Note) {
		return cases.Case{}, (&fault.Fields{{Field: "/note", Code: fieldtext.Code}}).Err(fault.Unprocessable)
	}
	sub, err := e.submission(ctx, u, c, event, in)
	if err != nil {
		return cases.Case{}, err
	}
	return e.transitionWith(ctx, u, c, event, "", in.Note, sub)
}

// transition runs event on the loaded case c: the machine, the guards,
// then state and event in one update. ref is recorded on the event (the
// protocol paragraph of a meeting's outcome). Callers have authorized u:
// fire for a client's event, the meeting use cases for a protocol's.
func (e *core) transition(ctx context.Context, u identity.User, c cases.Case, event, ref, note string) (cases.Case, error) {
	return e.transitionWith(ctx, u, c, event, ref, note, nil)
}

// transitionWith is transition that, for submit, records sub (nil: no
// recipient named) on the case and its event (Ref "till <name>, <role>").
func (e *core) transitionWith(ctx context.Context, u identity.User, c cases.Case, event, ref, note string, sub *cases.Submission) (cases.Case, error) {
	note = strings.TrimSpace(note)
	to, err := step(ctx, c.FSMVersion, c.State, event, c, ref, note)
	if err != nil {
		var invalid fsm.InvalidEventError
		var canceled fsm.CanceledError
		if errors.As(err, &invalid) {
			return cases.Case{}, withAllowed(ErrEventNotAllowed.WithDetail("%s from %s", event, c.State), e.asCases().AllowedEvents(u, c))
		}
		if errors.As(err, &canceled) && canceled.Err != nil {
			return cases.Case{}, canceled.Err // the guard's answer
		}
		return cases.Case{}, err
	}
	now := e.clock.Now()
	from := c.State
	c.State = to
	c.UpdatedAt = now.UTC()
	if event == "void" {
		c.VoidReason = note
	}
	payload := []any{event, from, c.State, note, memoDigest(c)}
	if event == EventSubmit {
		c.Submission = sub // a new submission replaces an earlier one
		if sub != nil {
			ref = submissionRef(sub)
			payload = append(payload, sub.To, sub.Role)
		}
	}
	indexSubmission(&c)
	if c.State == cases.StateClosed && c.Memo != nil && c.Memo.UpprattadAt == nil {
		// TF 2:10: the memo becomes allmän handling when the case is closed.
		t := now.UTC()
		c.Memo.UpprattadAt, c.Memo.UpprattadRevision, c.Memo.UpprattadReason = &t, c.Memo.Revision, "arendet_avslutat"
	}
	c.Append(cases.Event{At: now, Actor: u.Username, Action: event, From: from, To: c.State, Ref: ref, Note: note,
		DataDigest: cases.DigestJSON(payload)})
	saved, err := e.store.Update(ctx, c)
	if errors.Is(err, fault.ErrVersionConflict) {
		cur, gerr := e.store.GetHead(ctx, c.ID)
		if gerr != nil {
			return cases.Case{}, gerr
		}
		return cases.Case{}, versionConflict(cur.Version)
	}
	return saved, err
}

// guard checks an event's domain preconditions.
func guard(c cases.Case, event, ref, note string) error {
	switch event {
	case EventDecideAtMeeting:
		if ref == "" {
			return ErrDecidedAtMeeting.WithDetail("decide needs the protocol § that records it")
		}
	case "submit":
		if c.Memo == nil {
			f := ErrMemoIncomplete.WithDetail("no tjänsteskrivelse yet")
			f.Fields = []fault.FieldError{{Field: "/memo", Code: "required"}}
			return f
		}
		if !c.Memo.Complete {
			f := ErrMemoIncomplete.WithDetail("revision %d is incomplete", c.Memo.Revision)
			for _, m := range c.Memo.Missing {
				f.Fields = append(f.Fields, fault.FieldError{Field: "/memo/" + m, Code: "required"})
			}
			return f
		}
	case "void":
		if note == "" {
			return ErrReasonRequired.WithDetail("makulering needs a reason")
		}
	}
	return nil
}

func memoDigest(c cases.Case) string {
	if c.Memo == nil {
		return ""
	}
	return c.Memo.Digest
}

// withAllowed attaches the events the user may fire now.
func withAllowed(f *fault.Error, allowed []string) error {
	if allowed == nil {
		allowed = []string{}
	}
	f.Extra = map[string]any{"allowed_events": allowed}
	return f
}
