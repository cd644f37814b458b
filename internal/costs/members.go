package costs

import (
	"context"
	"errors"
	"slices"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
)

// MaxUsers bounds a member's user count (no municipality comes near), so
// that the allocation key's sums stay far inside an int64.
const MaxUsers = 100_000_000

// RecordUserCount adds a member's user count on a key date. Earlier
// counts stay as history; for a key date the latest recorded wins. The
// year whose key is taken on that date is split again at once (Rekey):
// a new allocation snapshot, once every member has a count.
func (s *Service) RecordUserCount(ctx context.Context, by, boardCode, member string, uc board.UserCount) (board.Member, error) {
	var fs fault.Fields
	if uc.KeyDate.IsZero() {
		fs.Add("/key_date", "required")
	}
	if uc.Users <= 0 || uc.Users > MaxUsers {
		fs.Add("/users", "invalid_value")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return board.Member{}, err
	}
	for attempt := 0; attempt < 10; attempt++ {
		b, err := s.boards.GetBoard(ctx, boardCode)
		if err != nil {
			return board.Member{}, err
		}
		i := slices.IndexFunc(b.Members, func(m board.Member) bool { return m.Code == member })
		if i < 0 {
			return board.Member{}, fault.New(fault.NotFound, "unknown_member").WithDetail("%s has no member %s", boardCode, member)
		}
		uc.RecordedBy, uc.RecordedAt = by, s.clock.Now().UTC()
		b.Members = slices.Clone(b.Members)
		b.Members[i].UserCounts = append(slices.Clone(b.Members[i].UserCounts), uc)
		saved, err := s.boards.UpdateBoard(ctx, b)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		if err != nil {
			return board.Member{}, err
		}
		if _, _, err := s.Rekey(ctx, boardCode, uc.KeyDate); err != nil {
			// The count is recorded; the worker's rekeyStale makes the
			// snapshot if this one could not.
			return saved.Members[i], err
		}
		return saved.Members[i], nil
	}
	return board.Member{}, fault.ErrVersionConflict
}
