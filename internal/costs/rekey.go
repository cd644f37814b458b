package costs

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// keyRef names the state of a board's user counts on key date k: how many
// recordings its members have for that date (counts are only appended, so
// each recording gives a new number) and the latest one's time (a
// trigger's Ref, so a recording gives one snapshot, however often it is
// applied). The time alone was not enough: two recordings in the same
// instant of the clock (or the same millisecond, as the Mongo backend
// stores times) named the same state, and the second made no snapshot.
// ok is false when no member has a count for k.
func keyRef(b board.Board, k platform.Date) (ref string, at time.Time, ok bool) {
	n := 0
	for _, m := range b.Members {
		for _, uc := range m.UserCounts {
			if uc.KeyDate == k {
				ok = true
				n++
				if uc.RecordedAt.After(at) {
					at = uc.RecordedAt
				}
			}
		}
	}
	return fmt.Sprintf("user_count:%s:%d:%d", k, n, at.UnixNano()), at, ok
}

// KeyYear is the operating year whose allocation key is taken on keyDate
// under the board's agreements, if any (the agreement covering the year
// after keyDate, whose key date that is: 1 January 2025 governs 2026 under
// the seed agreement).
func (s *Service) KeyYear(ctx context.Context, boardCode string, keyDate platform.Date) (int, bool, error) {
	as, err := s.agreements.ListAgreements(ctx, boardCode)
	if err != nil {
		return 0, false, err
	}
	year := keyDate.Year + 1 // a key date lies in the year before the operating year
	ag, ok := agreement.For(as, year)
	return year, ok && ag.KeyDate(year) == keyDate, nil
}

// Rekey makes a new allocation snapshot of the year whose key is taken on
// keyDate, now that a member's user count for it was recorded or
// corrected: at once, without waiting for the next decision or import. It
// is idempotent (one snapshot per recording), and does nothing while the
// key is incomplete (a member without a count) or no year uses keyDate.
func (s *Service) Rekey(ctx context.Context, boardCode string, keyDate platform.Date) (Snapshot, bool, error) {
	year, ok, err := s.KeyYear(ctx, boardCode, keyDate)
	if err != nil || !ok {
		return Snapshot{}, false, err
	}
	b, err := s.boards.GetBoard(ctx, boardCode)
	if err != nil {
		return Snapshot{}, false, err
	}
	if _, _, err := s.key(ctx, b, year); err != nil {
		if fault.From(err).Code == ErrNoUserCounts.Code {
			return Snapshot{}, false, nil
		}
		return Snapshot{}, false, err
	}
	ref, at, _ := keyRef(b, keyDate)
	snap, err := s.Apply(ctx, boardCode, year, Trigger{Kind: TriggerUserCount, Ref: ref, At: at})
	return snap, err == nil, err
}

// rekeyStale repairs what a recording of a user count left undone (its
// process died before the snapshot): every year of a joint board whose
// latest snapshot was taken with other user counts than the ones now
// recorded for its key date gets its new snapshot. Years without any
// snapshot are left alone (Rekey starts them).
func (s *Service) rekeyStale(ctx context.Context) error {
	bs, err := s.boards.ListBoards(ctx)
	if err != nil {
		return err
	}
	for _, b := range bs {
		if b.Kind != board.KindJointBoard {
			continue
		}
		var dates []platform.Date
		for _, m := range b.Members {
			for _, uc := range m.UserCounts {
				if !slices.Contains(dates, uc.KeyDate) {
					dates = append(dates, uc.KeyDate)
				}
			}
		}
		for _, k := range dates {
			year, ok, err := s.KeyYear(ctx, b.Code, k)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			h, err := s.store.GetHead(ctx, YearID(b.Code, year))
			if err != nil && fault.From(err).Kind == fault.NotFound || err == nil && len(h.Triggers) == 0 {
				continue
			}
			if err != nil {
				return err
			}
			last, err := s.store.GetSnapshot(ctx, SnapshotID(b.Code, year, len(h.Triggers)))
			if err != nil && fault.From(err).Kind != fault.NotFound {
				return err
			}
			if err == nil && last.Key.KeyDate == k && sameUsers(last.Key.Users, usersOn(b, k)) {
				continue
			}
			if _, _, err := s.Rekey(ctx, b.Code, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// usersOn is each member's latest recorded user count for key date k.
func usersOn(b board.Board, k platform.Date) map[string]int64 {
	out := map[string]int64{}
	for _, m := range b.Members {
		for _, uc := range m.UserCounts {
			if uc.KeyDate == k {
				out[m.Code] = uc.Users
			}
		}
	}
	return out
}

// sameUsers reports whether every member counted in a has the same count
// in b.
func sameUsers(a, b map[string]int64) bool {
	for code, n := range a {
		if b[code] != n {
			return false
		}
	}
	return true
}
