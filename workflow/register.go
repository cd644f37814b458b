package workflow

import (
	"context"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store"
)

// drawAttempts bounds how often Register draws a new number because the
// one it drew was taken meanwhile (by the makulering sweep, after a stall
// longer than its grace period).
const drawAttempts = 3

// Register diarieför a new ärende: it validates the input, draws the next
// diarienummer of the board and year from an atomic counter, and stores
// the case with its first history event. The number is drawn only after
// every check passed. If the number is found taken when the case is stored
// (the makulering sweep recorded it after the registration stalled for
// longer than the grace period, see cases.Sweeper), a new number is drawn;
// if the insert fails otherwise, the number is kept as a makulering, and
// if even that fails the sweep makulerar it later: the series stays
// explained. With r.RequestKey it is idempotent (RegisterOnce).
func (e *Cases) Register(ctx context.Context, u identity.User, r cases.Registration) (cases.Case, error) {
	c, _, err := e.RegisterOnce(ctx, u, r)
	return c, err
}

// RegisterOnce is Register, idempotent per request when r carries a
// RequestKey: if u registered a case with that key before, it returns
// that case (replayed true; nothing is drawn or written), provided u may
// still read it. Two registrations with the same key at once both draw a
// number, but the store lets only one case hold the key: the other keeps
// its number as a makulering (as for any failed insert) and returns the
// winner's case, replayed. A key that is not 1–200 printable ASCII
// characters is cases.ErrRequestKeyInvalid, before anything else. The
// same key with another registration (another title, board, class,
// counterpart, description or sekretessmarkering than the case was
// registered with) is cases.ErrRequestKeyReused: a request sent again is
// the same request.
func (e *Cases) RegisterOnce(ctx context.Context, u identity.User, r cases.Registration) (c cases.Case, replayed bool, err error) {
	if r.RequestKey != "" {
		if !cases.ValidRequestKey(r.RequestKey) {
			return cases.Case{}, false, cases.ErrRequestKeyInvalid
		}
		c, err := e.replay(ctx, u, r)
		if err == nil || fault.From(err).Code != fault.ErrNotFound.Code {
			return c, err == nil, err
		}
	}
	c, err = e.register(ctx, u, r)
	if errors.Is(err, cases.ErrRequestKeyTaken) {
		c, err = e.replay(ctx, u, r)
		return c, err == nil, err
	}
	return c, false, err
}

// replay returns the case u registered with r's request key
// (registeredBy) if r is the registration it was registered with:
// r, checked and completed as register does, must give the registration
// record its first event's digest holds; else cases.ErrRequestKeyReused.
func (e *Cases) replay(ctx context.Context, u identity.User, r cases.Registration) (cases.Case, error) {
	c, err := e.registeredBy(ctx, u, r.RequestKey)
	if err != nil {
		return cases.Case{}, err
	}
	if r.Secrecy != nil {
		s := *r.Secrecy
		r.Secrecy = &s
	}
	if err := r.Validate(platform.DateOf(c.RegisteredAt)); err != nil {
		return cases.Case{}, err
	}
	if err := e.checkClass(ctx, &r); err != nil {
		return cases.Case{}, err
	}
	probe := c
	probe.Title, probe.Class, probe.Counterpart, probe.Description, probe.Secrecy = r.Title, r.Class, r.Counterpart, r.Description, r.Secrecy
	probe.OfficerID, probe.VoidReason = c.CreatedBy, ""
	if len(c.History) == 0 || r.Board != c.Board || cases.DigestJSON(cases.RegistrationRecord(probe)) != c.History[0].DataDigest {
		return cases.Case{}, cases.ErrRequestKeyReused.WithDetail("key already used for %s", c.RegistrationNumber)
	}
	return c, nil
}

// registeredBy returns the case u registered with the request key, if u
// may read it (cases.ErrCaseNotFound if not); fault.ErrNotFound when
// there is none.
func (e *Cases) registeredBy(ctx context.Context, u identity.User, key string) (cases.Case, error) {
	c, err := e.store.GetByRequest(ctx, u.ID, key)
	if err != nil {
		return cases.Case{}, err
	}
	if !e.CanRead(u, c.Board) {
		return cases.Case{}, cases.ErrCaseNotFound.WithDetail("case %s", c.RegistrationNumber)
	}
	return c, nil
}

// register is Register without the request key's lookup: it stores the
// key in the case, and a key found taken on insert is
// cases.ErrRequestKeyTaken after the drawn number was kept as a
// makulering.
func (e *Cases) register(ctx context.Context, u identity.User, r cases.Registration) (cases.Case, error) {
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
	if err := e.checkClass(ctx, &r); err != nil {
		return cases.Case{}, err
	}
	year := today.Year
	prefix := b.SeriesOf().Prefix // the board's diarium series
	for attempt := 1; ; attempt++ {
		seq, err := e.store.NextNumber(ctx, prefix, year)
		if err != nil {
			return cases.Case{}, err
		}
		c := cases.Case{
			ID: platform.NewID(), Board: b.Code, Year: year, Seq: seq,
			RegistrationNumber: cases.FormatNumber(prefix, year, seq),
			Title:              r.Title, TitleFolded: store.Fold(r.Title), Class: r.Class, Counterpart: r.Counterpart,
			Description: r.Description, Secrecy: r.Secrecy, OfficerID: u.ID, CreatedBy: u.ID, RequestKey: r.RequestKey,
			RegisteredOn: today, RegisteredAt: now.UTC(), RegisteredNS: now.UnixNano(), UpdatedAt: now.UTC(),
			State: cases.StateRegistered, FSMVersion: CurrentVersion, Documents: []cases.Document{},
		}
		c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionRegister, To: cases.StateRegistered,
			Ref: c.RegistrationNumber, DataDigest: cases.DigestJSON(cases.RegistrationRecord(c))})
		saved, err := e.store.Insert(ctx, c)
		if err == nil {
			return saved, nil
		}
		if errors.Is(err, cases.ErrNumberTaken) && attempt < drawAttempts {
			continue // the number was makulerat meanwhile: it is explained, draw another
		}
		if errors.Is(err, cases.ErrNumberTaken) {
			return cases.Case{}, fmt.Errorf("register on %s: %w", b.Code, err)
		}
		// Keep the drawn number: record it as makulerat so no gap appears
		// (also when the same request registered meanwhile, request key
		// taken: RegisterOnce then returns that case).
		placeholder := cases.Makulering(platform.NewID(), prefix, year, seq, "registreringen kunde inte slutföras", u.Username, u.ID, now, CurrentVersion)
		if _, perr := e.store.Insert(ctx, placeholder); perr != nil {
			return cases.Case{}, fmt.Errorf("register %s: %w (and keeping the number failed: %v)", c.RegistrationNumber, err, perr)
		}
		return cases.Case{}, fmt.Errorf("register %s: %w", c.RegistrationNumber, err)
	}
}
