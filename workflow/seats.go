package workflow

import (
	"context"
	"slices"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// SeatSource answers who holds which seat (mandat) of a board on a date:
// the administration (admin.Service.SeatsOn).
type SeatSource interface {
	SeatsOn(ctx context.Context, board string, d platform.Date) (seat.Lineup, error)
}

// WithSeats gives the engine the boards' seats, which meetings take their
// members, quorum, tjänstgörande ersättare, justerare and kallelse
// recipients from.
func (e *Engine) WithSeats(s SeatSource) *Engine {
	e.core.seats = s
	return e
}

// meetingSeats are the seats of a meeting of board on date: from the
// seats in force that day (reading only their holders); a board with no
// seat at all (an installation from before seats were administered) from
// the roles that give one (reading every user).
func (e *core) meetingSeats(ctx context.Context, board string, date platform.Date) ([]meeting.Seat, error) {
	if e.seats != nil {
		l, err := e.seats.SeatsOn(ctx, board, date)
		if err != nil {
			return nil, err
		}
		if len(l.Ledamoter)+len(l.Ersattare) > 0 {
			var holders []identity.User
			for _, s := range append(slices.Clone(l.Ledamoter), l.Ersattare...) {
				h, err := e.users.UserByUsername(ctx, s.Holder)
				if err != nil && fault.From(err).Kind != fault.NotFound {
					return nil, err
				}
				if err == nil {
					holders = append(holders, h)
				}
			}
			return meeting.SeatsFromLineup(l, holders, board, date), nil
		}
	}
	users, err := e.users.Users(ctx)
	if err != nil {
		return nil, err
	}
	return meeting.SeatsFor(users, board, date), nil
}

// SetJusterare appoints the meeting's justerare, before the meeting is
// closed: members who serve at it (a present ledamot or a serving
// ersättare).
func (e *Meetings) SetJusterare(ctx context.Context, u identity.User, id string, ifMatch int64, justerare []string) (meeting.Meeting, error) {
	return e.AppointJusterare(ctx, u, id, ifMatch, justerare, platform.Date{})
}

// AppointJusterare is SetJusterare with the day set for the justering
// (tid för justering, not before the meeting; zero keeps the day set
// before), which the protocol prints under "Val av justerare och tid för
// justering".
func (e *Meetings) AppointJusterare(ctx context.Context, u identity.User, id string, ifMatch int64, justerare []string, on platform.Date) (meeting.Meeting, error) {
	return e.changeMeeting(ctx, u, id, ifMatch, func(m *meeting.Meeting) error {
		if m.Status != meeting.StatusPlanned && m.Status != meeting.StatusOpen {
			return meeting.ErrWrongStatus.WithDetail("the justerare of a %s meeting do not change", m.Status)
		}
		var fs fault.Fields
		if len(justerare) == 0 {
			fs.Add("/justerare", "required")
		}
		m.CheckJusterare(&fs, justerare)
		if err := fs.Err(fault.Unprocessable); err != nil {
			return err
		}
		m.Justerare = justerare
		return m.SetJusteringPlan(on)
	})
}

// JusterareChoices are the seats of a meeting of board planned for date
// among whom the secretary chooses justerare when planning it: those who
// serve as attendance starts (every ledamot present).
func (e *Meetings) JusterareChoices(ctx context.Context, u identity.User, board string, date platform.Date) ([]meeting.Seat, error) {
	if err := e.authorize(u, board, "manage_meetings"); err != nil {
		return nil, err
	}
	seats, err := e.meetingSeats(ctx, board, date)
	if err != nil {
		return nil, err
	}
	var out []meeting.Seat
	for _, s := range seats {
		if s.Serving() {
			out = append(out, s)
		}
	}
	return out, nil
}
