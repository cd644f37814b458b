package admin

import (
	"context"
	"errors"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// Roster returns a board's seats, ended ones included (public
// information: anyone logged in may read it).
func (s *Service) Roster(ctx context.Context, code string) (seat.Roster, error) {
	if _, err := s.boards.GetBoard(ctx, code); err != nil {
		return seat.Roster{}, err
	}
	return s.seats.GetRoster(ctx, code)
}

// SeatsOn answers who holds which seat of the board on date d: the
// ledamöter, and the ersättare in call-in order. Meetings take their
// members, quorum (Lineup.Quorum) and the ersättare to call in from it.
func (s *Service) SeatsOn(ctx context.Context, code string, d platform.Date) (seat.Lineup, error) {
	r, err := s.Roster(ctx, code)
	if err != nil {
		return seat.Lineup{}, err
	}
	return r.OnDate(d), nil
}

// checkHolder refuses a seat for a person who has no account.
func (s *Service) checkHolder(ctx context.Context, username string) error {
	if username == "" {
		return nil // Check names the missing holder
	}
	_, err := s.id.UserByUsername(ctx, username)
	if errors.Is(err, fault.ErrNotFound) {
		return (&fault.Fields{{Field: "/holder", Code: "unknown_user"}}).Err(fault.Unprocessable)
	}
	return err
}

// AddSeat gives a person a seat on a board for (a part of) a mandate
// period (an administrator). A person holds one seat of a board at a time
// (seat_overlaps), and among the ersättare of a party each call-in order
// is held by one at a time (seat_order_taken).
func (s *Service) AddSeat(ctx context.Context, u identity.User, code string, st seat.Seat) (seat.Roster, seat.Seat, error) {
	if err := s.requireAdmin(u); err != nil {
		return seat.Roster{}, st, err
	}
	if _, err := s.boards.GetBoard(ctx, code); err != nil {
		return seat.Roster{}, st, err
	}
	if err := s.checkHolder(ctx, st.Holder); err != nil {
		return seat.Roster{}, st, err
	}
	st.ID = seat.NewID()
	r, err := s.editRoster(ctx, code, func(r *seat.Roster) error { return addSeat(r, u.Username, s.clock.Now(), st, "") })
	st, _ = r.Seat(st.ID)
	return r, st, err
}

// addSeat checks st against the roster and appends it with its record.
func addSeat(r *seat.Roster, actor string, at time.Time, st seat.Seat, note string) error {
	st.Normalize()
	var fs fault.Fields
	st.Check(&fs, "")
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	if _, ok := r.Seat(st.ID); ok {
		return fault.New(fault.Conflict, "seat_exists").WithDetail("seat %s exists", st.ID)
	}
	if err := r.Conflict(st); err != nil {
		return err
	}
	r.Seats = append(r.Seats, st)
	r.Record(adminlog.Record{At: at, Actor: actor, Action: seat.ActionSeatAdded, Ref: st.ID, After: adminlog.JSON(st), Note: note})
	return nil
}

// editRoster loads a board's roster, applies fn and writes it, retrying
// on a concurrent write.
func (s *Service) editRoster(ctx context.Context, code string, fn func(r *seat.Roster) error) (seat.Roster, error) {
	for range 5 {
		r, err := s.seats.GetRoster(ctx, code)
		if err != nil {
			return r, err
		}
		if err := fn(&r); err != nil {
			return seat.Roster{}, err
		}
		saved, err := s.seats.PutRoster(ctx, r)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		return saved, err
	}
	return seat.Roster{}, fault.ErrVersionConflict
}

// EndSeat sets the last day of a seat (an administrator); seats are never
// deleted.
func (s *Service) EndSeat(ctx context.Context, u identity.User, code, id string, validTo platform.Date) (seat.Roster, seat.Seat, error) {
	if err := s.requireAdmin(u); err != nil {
		return seat.Roster{}, seat.Seat{}, err
	}
	if _, err := s.boards.GetBoard(ctx, code); err != nil {
		return seat.Roster{}, seat.Seat{}, err
	}
	var ended seat.Seat
	r, err := s.editRoster(ctx, code, func(r *seat.Roster) error {
		i := -1
		for j, x := range r.Seats {
			if x.ID == id {
				i = j
			}
		}
		if i < 0 {
			return seat.ErrUnknownSeat.WithDetail("%s has no seat %s", code, id)
		}
		before := r.Seats[i]
		var fs fault.Fields
		switch {
		case validTo.IsZero():
			fs.Add("/valid_to", "required")
		case !validTo.InRange():
			fs.Add("/valid_to", "invalid_date")
		case validTo.Before(before.ValidFrom):
			fs.Add("/valid_to", "valid_to_before_valid_from")
		case !before.ValidTo.IsZero() && validTo.After(before.ValidTo):
			fs.Add("/valid_to", "seat_end_after_term")
		}
		if err := fs.Err(fault.Unprocessable); err != nil {
			return err
		}
		r.Seats[i].ValidTo = validTo
		ended = r.Seats[i]
		r.Record(adminlog.Record{At: s.clock.Now(), Actor: u.Username, Action: seat.ActionSeatEnded, Ref: id,
			Before: adminlog.JSON(before), After: adminlog.JSON(ended)})
		return nil
	})
	return r, ended, err
}
