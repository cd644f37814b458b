package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/policies"
)

// WithAbsences gives the engine the store of recorded absences.
func (e *Engine) WithAbsences(st delegation.AbsenceStorer) *Engine {
	e.core.absences = st
	return e
}

// Reasons of a refused substitute: the reason cited is not a recorded
// fact.
const (
	// ReasonSubstituteJavUnrecorded: an ersättare cites jäv, but the
	// person it acts for has no jäv declaration on the case.
	ReasonSubstituteJavUnrecorded = "substitute_jav_not_recorded"
	// ReasonSubstituteAbsenceUnrecorded: an ersättare cites förhinder
	// (frånvaro), but no absence of the person it acts for is recorded on
	// the decision date.
	ReasonSubstituteAbsenceUnrecorded = "substitute_absence_not_recorded"
)

// AbsenceInput is an absence to record.
type AbsenceInput struct {
	Username string
	From, To platform.Date
	Note     string
}

// RecordAbsence records that a person of the board is absent (förhinder)
// from From through To: by the person, or by the board's ordförande or
// sekreterare (record_absence). The record is what an ersättare cites to
// decide in the person's place.
func (e *Decisions) RecordAbsence(ctx context.Context, u identity.User, board string, in AbsenceInput) (delegation.Absence, error) {
	if _, err := e.boards.GetBoard(ctx, board); err != nil {
		return delegation.Absence{}, err
	}
	if err := e.mayChange(u, board); err != nil {
		return delegation.Absence{}, err
	}
	in.Username = strings.TrimSpace(in.Username)
	if in.Username != u.Username && !e.may(u, board, "record_absence") {
		return delegation.Absence{}, ErrNotPermitted.WithDetail("the person, the ordförande or the sekreterare records an absence")
	}
	now := e.clock.Now()
	a := delegation.Absence{ID: platform.NewID(), Board: board, Username: in.Username, From: in.From, To: in.To,
		Note: strings.TrimSpace(in.Note), RecordedBy: u.Username, RecordedAt: now.UTC()}
	var fs fault.Fields
	if err := a.Validate(); err != nil {
		fs = append(fs, fault.From(err).Fields...)
	}
	fieldtext.Line(&fs, "/note", a.Note)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return delegation.Absence{}, err
	}
	if a.Username != "" {
		p, err := e.users.UserByUsername(ctx, a.Username)
		if err != nil || !slices.ContainsFunc(p.Roles, func(r identity.RoleAssignment) bool { return r.Board == board }) {
			return delegation.Absence{}, (&fault.Fields{{Field: "/username", Code: "unknown_user"}}).Err(fault.Unprocessable)
		}
	}
	return e.absences.InsertAbsence(ctx, a)
}

// WithdrawAbsence withdraws an absence recorded by mistake (the record
// stays, marked withdrawn): by whoever may record it.
func (e *Decisions) WithdrawAbsence(ctx context.Context, u identity.User, board, id string) (delegation.Absence, error) {
	for attempt := 0; attempt < 5; attempt++ {
		a, err := e.absences.GetAbsence(ctx, id)
		if err != nil || a.Board != board {
			return delegation.Absence{}, delegation.ErrAbsenceNotFound.WithDetail("%s", id)
		}
		if err := e.mayChange(u, board); err != nil {
			return delegation.Absence{}, err
		}
		if a.Username != u.Username && !e.may(u, board, "record_absence") {
			return delegation.Absence{}, ErrNotPermitted.WithDetail("the person, the ordförande or the sekreterare withdraws an absence")
		}
		if a.WithdrawnAt != nil {
			return a, nil
		}
		now := e.clock.Now().UTC()
		a.WithdrawnBy, a.WithdrawnAt = u.Username, &now
		saved, err := e.absences.UpdateAbsence(ctx, a)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		return saved, err
	}
	return delegation.Absence{}, fault.ErrVersionConflict
}

// Absences lists the board's absence records, for anyone with a role on
// it.
func (e *Decisions) Absences(ctx context.Context, u identity.User, board string) ([]delegation.Absence, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return nil, err
	}
	return e.absences.ListAbsences(ctx, board)
}

// substituteFact checks that the reason an ersättare cites is a recorded
// fact on the decision date: every person it acts for — the holders of the
// roles ranked before the decider's among roles (the delegat and earlier
// ersättare, or the first members appointed for urgent matters) — has an
// active jäv declaration on the case (reason jav) or a recorded absence
// covering the date (franvaro, forhinder). A role nobody holds that day
// is vacant, which is förhinder enough, and a holder who is the board's
// revisor that day decides nothing there anyway. It returns the refusal
// reason, or "".
func (e *core) substituteFact(ctx context.Context, in CheckInput, roles []string, idx policies.RoleIndex, theCase *cases.Case) (string, error) {
	date := in.Date.String()
	rank := slices.IndexFunc(roles, func(r string) bool { return idx.Holds(in.Username, r, date) })
	if rank <= 0 {
		return "", nil // not acting as a ranked ersättare: the model decides
	}
	var principals []string
	for user := range idx {
		if user == in.Username || idx.Holds(user, string(identity.RoleRevisor), date) {
			continue
		}
		if slices.ContainsFunc(roles[:rank], func(r string) bool { return idx.Holds(user, r, date) }) {
			principals = append(principals, user)
		}
	}
	if in.SubstituteReason == "jav" {
		for _, p := range principals {
			if theCase == nil || !theCase.Jav(p) {
				return ReasonSubstituteJavUnrecorded, nil
			}
		}
		return "", nil
	}
	if len(principals) == 0 {
		return "", nil
	}
	if e.absences == nil {
		return ReasonSubstituteAbsenceUnrecorded, nil
	}
	absences, err := e.absences.ListAbsences(ctx, in.Board)
	if err != nil {
		return "", err
	}
	for _, p := range principals {
		if !slices.ContainsFunc(absences, func(a delegation.Absence) bool { return a.Username == p && a.Covers(in.Date) }) {
			return ReasonSubstituteAbsenceUnrecorded, nil
		}
	}
	return "", nil
}
