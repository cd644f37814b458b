package admin

import (
	"context"
	"errors"
	"slices"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/seat"
)

// Overview is what the Administration's start page shows.
type Overview struct {
	Organisation *Organisation
	Warnings     []refdata.Warning
	Boards       []board.Board
	Users        int
}

// Overview returns the set-up at a glance (an administrator): the
// organisation (nil before it is recorded), the reference data missing or
// due, the boards and how many accounts there are.
func (s *Service) Overview(ctx context.Context, u identity.User) (Overview, error) {
	if err := s.requireAdmin(u); err != nil {
		return Overview{}, err
	}
	var ov Overview
	o, err := s.org.GetOrganisation(ctx)
	switch {
	case err == nil:
		ov.Organisation = &o
	case !errors.Is(err, fault.ErrNotFound):
		return ov, err
	}
	if ov.Warnings, err = s.Warnings(ctx); err != nil {
		return ov, err
	}
	if ov.Boards, err = s.boards.ListBoards(ctx); err != nil {
		return ov, err
	}
	n, err := s.id.CountUsers(ctx)
	ov.Users = int(n)
	return ov, err
}

// BoardAdmin is a board as its administration page shows it.
type BoardAdmin struct {
	Board  board.Board
	Roster seat.Roster
	Boards []board.Board // parents to choose from
	// Holders are the accounts of the roster's seat holders (their
	// names), not every person: the seat form finds a person with People.
	Holders []identity.User
}

// BoardAdmin returns a board with its seats and their holders' accounts
// (an administrator).
func (s *Service) BoardAdmin(ctx context.Context, u identity.User, code string) (BoardAdmin, error) {
	if err := s.requireAdmin(u); err != nil {
		return BoardAdmin{}, err
	}
	b, err := s.boards.GetBoard(ctx, code)
	if err != nil {
		return BoardAdmin{}, err
	}
	r, err := s.seats.GetRoster(ctx, code)
	if err != nil {
		return BoardAdmin{}, err
	}
	bs, err := s.boards.ListBoards(ctx)
	if err != nil {
		return BoardAdmin{}, err
	}
	holders := make([]string, 0, len(r.Seats))
	for _, st := range r.Seats {
		holders = append(holders, st.Holder)
	}
	slices.Sort(holders)
	holders = slices.Compact(holders)
	us, err := s.id.UsersByUsername(ctx, holders)
	return BoardAdmin{Board: b, Roster: r, Boards: bs, Holders: us}, err
}
