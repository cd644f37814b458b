package workflow

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform/ids"
	"github.com/samstyr/samstyr/internal/store"
)

// Register diarieför a new ärende: it validates the input, draws the next
// diarienummer of the board and year from an atomic counter, and stores
// the case with its first history event. The number is drawn only after
// every check passed, and if the insert still fails the number is kept as
// a makulerad placeholder, so the series stays gapless.
func (e *Engine) Register(ctx context.Context, u identity.User, r cases.Registration) (cases.Case, error) {
	now := e.clock.Now()
	today := e.today()
	if err := r.Validate(today); err != nil {
		return cases.Case{}, err
	}
	b, err := e.boards.GetBoard(ctx, r.Board)
	if err != nil {
		if fault.From(err).Kind == fault.NotFound {
			return cases.Case{}, (&fault.Fields{{Field: "/board", Code: "unknown_board"}}).Err(fault.Unprocessable)
		}
		return cases.Case{}, err
	}
	if err := e.authorize(u, b.Code, "register"); err != nil {
		return cases.Case{}, err
	}
	year := today.Year
	seq, err := e.store.NextNumber(ctx, b.Code, year)
	if err != nil {
		return cases.Case{}, err
	}
	c := cases.Case{
		ID: ids.New(), Board: b.Code, Year: year, Seq: seq,
		RegistrationNumber: cases.FormatNumber(b.Code, year, seq),
		Title:              r.Title, TitleFolded: store.Fold(r.Title), Class: r.Class, Counterpart: r.Counterpart,
		Description: r.Description, Secrecy: r.Secrecy, OfficerID: u.ID, CreatedBy: u.ID,
		RegisteredOn: today, RegisteredAt: now.UTC(), RegisteredNS: now.UnixNano(), UpdatedAt: now.UTC(),
		State: cases.StateRegistered, FSMVersion: CurrentVersion, Documents: []cases.Document{},
	}
	c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionRegister, To: cases.StateRegistered,
		Ref: c.RegistrationNumber, DataDigest: cases.DigestJSON(registrationRecord(c))})
	saved, err := e.store.Insert(ctx, c)
	if err == nil {
		return saved, nil
	}
	// Keep the drawn number: record it as makulerat so no gap appears.
	placeholder := cases.Case{ID: ids.New(), Board: c.Board, Year: year, Seq: seq,
		RegistrationNumber: c.RegistrationNumber, Title: "Makulerat diarienummer",
		TitleFolded: "makulerat diarienummer", CreatedBy: u.ID, RegisteredOn: today, RegisteredAt: now.UTC(), RegisteredNS: now.UnixNano(),
		UpdatedAt: now.UTC(), State: cases.StateVoided, FSMVersion: CurrentVersion, Documents: []cases.Document{},
		VoidReason: "registreringen kunde inte slutföras"}
	placeholder.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionRegister, To: cases.StateVoided,
		Ref: c.RegistrationNumber, Note: placeholder.VoidReason, DataDigest: cases.DigestJSON(registrationRecord(placeholder))})
	if _, perr := e.store.Insert(ctx, placeholder); perr != nil {
		return cases.Case{}, fmt.Errorf("register %s: %w (and keeping the number failed: %v)", c.RegistrationNumber, err, perr)
	}
	return cases.Case{}, fmt.Errorf("register %s: %w", c.RegistrationNumber, err)
}

// registrationRecord is what the registration event's digest covers.
func registrationRecord(c cases.Case) any {
	return []any{c.ID, c.RegistrationNumber, c.Board, c.Title, c.Class, c.Counterpart, c.Description, c.Secrecy,
		c.OfficerID, c.RegisteredOn, c.VoidReason}
}
