package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
)

// Jäv (KL 6:28–32, 7:4): a person who is jävig may not take part in the
// handling of the case. The person discloses it themselves; the
// ordförande or the sekreterare records it for a member or official of
// the board (a contested jäv is the nämnd's to decide, and the chair or
// secretary records the outcome). Each declaration has a ground; it can
// be withdrawn, as an event naming who withdrew it and why. Once the case
// is decided (beslutad and later), closed, archived or voided, the jäv
// question is settled with the decision and nothing is declared or
// withdrawn any more.

// ErrJavClosed refuses jäv declarations and withdrawals after the
// decision.
var ErrJavClosed = fault.New(fault.Unprocessable, "jav_after_decision")

// javOpen reports whether jäv may still be declared or withdrawn in a
// case in state st: before the decision.
func javOpen(st cases.State) bool {
	switch st {
	case cases.StateDecided, cases.StateExecuted, cases.StateClosed, cases.StateArchived, cases.StateVoided:
		return false
	}
	return true
}

// onBoard reports whether p holds a role on board today other than
// revisor: a member or an official of the board. An all-boards
// assignment (the administrator) does not make anyone either.
func (e *core) onBoard(p identity.User, board string) bool {
	for _, a := range p.RolesOn(e.today()) {
		if a.Board == board && a.Role != identity.RoleRevisor {
			return true
		}
	}
	return false
}

// mayRecordJav reports whether u may record jäv for someone else on the
// board: its ordförande or sekreterare (role policy action record_jav).
func (e *core) mayRecordJav(u identity.User, board string) bool {
	return e.may(u, board, "record_jav")
}

// DeclareJav records that person is jävig in the case, on ground. The
// person declares it themselves, or the ordförande or sekreterare records
// it for a member or official of the board; never once the case is
// decided. From then on the person may not decide, sign or edit the memo
// of the case.
func (e *Cases) DeclareJav(ctx context.Context, u identity.User, caseID string, ifMatch int64, person, ground string) (cases.Case, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	if err := e.mayChange(u, c.Board); err != nil {
		return cases.Case{}, err
	}
	person, ground = strings.TrimSpace(person), strings.TrimSpace(ground)
	if person != u.Username && !e.mayRecordJav(u, c.Board) {
		return cases.Case{}, ErrNotPermitted.WithDetail("jäv is declared by the person or recorded by the ordförande or sekreterare of %s", c.Board)
	}
	if !javOpen(c.State) {
		return cases.Case{}, ErrJavClosed.WithDetail("%s is %s", c.RegistrationNumber, c.State)
	}
	var fs fault.Fields
	if p, err := e.users.UserByUsername(ctx, person); err != nil {
		if fault.From(err).Kind != fault.NotFound {
			return cases.Case{}, err
		}
		fs.Add("/person", "unknown_user")
	} else if !e.onBoard(p, c.Board) {
		fs.Add("/person", "not_on_board")
	}
	checkReason(&fs, "/ground", ground)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return cases.Case{}, err
	}
	if c.Jav(person) {
		return c, nil
	}
	now := e.clock.Now()
	c.JavDeclarations = append(slices.Clone(c.JavDeclarations), cases.JavDeclaration{Person: person, Ground: ground,
		DeclaredBy: u.Username, At: now.UTC()})
	c.HasJav = true
	c.UpdatedAt = now.UTC()
	c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionJav, Ref: person, Note: ground,
		DataDigest: cases.Digest(person + "\n" + ground)})
	return e.writeJav(ctx, c)
}

// WithdrawJav withdraws person's jäv declaration in the case, for reason.
// The ordförande or sekreterare withdraws any; the person withdraws the
// one they declared themselves (not one recorded for them). The
// declaration stays on record, marked withdrawn by whom, when and why.
func (e *Cases) WithdrawJav(ctx context.Context, u identity.User, caseID string, ifMatch int64, person, reason string) (cases.Case, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	if err := e.mayChange(u, c.Board); err != nil {
		return cases.Case{}, err
	}
	person, reason = strings.TrimSpace(person), strings.TrimSpace(reason)
	i, ok := c.ActiveJav(person)
	if ok && !e.mayWithdraw(u, c, c.JavDeclarations[i]) {
		return cases.Case{}, ErrNotPermitted.WithDetail("the ordförande or sekreterare withdraws jäv, or the person the jäv they declared")
	}
	if !javOpen(c.State) {
		return cases.Case{}, ErrJavClosed.WithDetail("%s is %s", c.RegistrationNumber, c.State)
	}
	var fs fault.Fields
	if !ok {
		fs.Add("/person", "jav_not_declared")
	}
	checkReason(&fs, "/reason", reason)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return cases.Case{}, err
	}
	now := e.clock.Now()
	at := now.UTC()
	c.JavDeclarations = slices.Clone(c.JavDeclarations)
	j := &c.JavDeclarations[i]
	j.WithdrawnAt, j.WithdrawnBy, j.WithdrawReason = &at, u.Username, reason
	c.UpdatedAt = at
	c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionJavWithdrawn, Ref: person, Note: reason,
		DataDigest: cases.Digest(person + "\n" + reason)})
	return e.writeJav(ctx, c)
}

// mayWithdraw reports whether u may withdraw declaration j of case c.
func (e *core) mayWithdraw(u identity.User, c cases.Case, j cases.JavDeclaration) bool {
	return e.mayRecordJav(u, c.Board) || (j.Person == u.Username && j.DeclaredBy == u.Username && e.MayChange(u, c.Board))
}

// checkReason requires a ground or reason of at most maxMemoLine
// characters.
func checkReason(fs *fault.Fields, field, s string) {
	switch {
	case s == "":
		fs.Add(field, "required")
	case utf8.RuneCountInString(s) > maxMemoLine:
		fs.Add(field, "too_long")
	case !fieldtext.BlockOK(s):
		fs.Add(field, fieldtext.Code)
	}
}

// writeJav writes the case after a jäv change.
func (e *core) writeJav(ctx context.Context, c cases.Case) (cases.Case, error) {
	saved, err := e.store.Update(ctx, c)
	if errors.Is(err, fault.ErrVersionConflict) {
		return cases.Case{}, versionConflict(c.Version)
	}
	return saved, err
}

// JavChoices are whom u may declare jävig in c now: every member and
// official of the board for its ordförande or sekreterare, themselves
// for anyone else on the board, nobody once the case is decided or for
// its revisor. Those already jäviga are left out.
func (e *Cases) JavChoices(ctx context.Context, u identity.User, c cases.Case) ([]identity.User, error) {
	if !javOpen(c.State) || !e.MayChange(u, c.Board) || !e.CanRead(u, c.Board) {
		return nil, nil
	}
	if !e.mayRecordJav(u, c.Board) {
		if e.onBoard(u, c.Board) && !c.Jav(u.Username) {
			return []identity.User{u}, nil
		}
		return nil, nil
	}
	users, err := e.users.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []identity.User
	for _, p := range users {
		if !p.Disabled && e.onBoard(p, c.Board) && !c.Jav(p.Username) {
			out = append(out, p)
		}
	}
	return out, nil
}

// MayWithdrawJav reports whether u may withdraw person's declaration in
// force in c now.
func (e *Cases) MayWithdrawJav(u identity.User, c cases.Case, person string) bool {
	i, ok := c.ActiveJav(person)
	return ok && javOpen(c.State) && e.mayWithdraw(u, c, c.JavDeclarations[i])
}
