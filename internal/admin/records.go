package admin

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// Question is "who held X on board B on date D": a role (the chair is
// the role ordförande), a delegation point of the order in force, or the
// seats (all, or one kind: ledamot, ersattare).
type Question struct {
	Board string        `json:"board"`
	Date  platform.Date `json:"date"`
	Role  string        `json:"role,omitempty"`
	Point string        `json:"point,omitempty"`
	Seat  string        `json:"seat,omitempty"`
}

// Holder is one answer: who, in what capacity, from when to when, and the
// records that established it.
type Holder struct {
	Capacity  string        `json:"capacity"` // role, delegate, substitute, subdelegate, ledamot, ersattare
	Username  string        `json:"username"`
	Name      string        `json:"name"`
	Role      string        `json:"role,omitempty"`
	SeatID    string        `json:"seat_id,omitempty"`
	Party     string        `json:"party,omitempty"`
	Order     int           `json:"order,omitempty"`
	ValidFrom platform.Date `json:"valid_from"`
	ValidTo   platform.Date `json:"valid_to"`
	Source    string        `json:"source,omitempty"` // "oidc" for a role from the identity provider's claims
	Note      string        `json:"note,omitempty"`
	Records   []RecordRef   `json:"records"`
	// ChainOK says whether the holder's record chain verifies and matches
	// the stored state (false: the answer rests on a changed record).
	ChainOK bool `json:"chain_ok"`
}

// OrderRef names the delegationsordning version a point answer used.
type OrderRef struct {
	Number      int           `json:"number"`
	ContentHash string        `json:"content_hash"`
	ValidFrom   platform.Date `json:"valid_from"`
	Delegate    string        `json:"delegate"`
	Substitutes []string      `json:"substitutes"`
}

// Answer is the answer to a Question.
type Answer struct {
	Question Question  `json:"question"`
	Order    *OrderRef `json:"order,omitempty"`
	Holders  []Holder  `json:"holders"`
	AskedAt  time.Time `json:"asked_at"`
}

// WhoHeld answers who held a role, a delegation point or the seats of a
// board on a date, from the stored assignments and the records that made
// them (a revisor or an administrator).
func (s *Service) WhoHeld(ctx context.Context, u identity.User, q Question) (Answer, error) {
	if err := s.requireAuditor(u); err != nil {
		return Answer{}, err
	}
	q.Board, q.Role, q.Point, q.Seat = strings.TrimSpace(q.Board), strings.TrimSpace(q.Role), strings.TrimSpace(q.Point), strings.TrimSpace(q.Seat)
	var fs fault.Fields
	n := 0
	for _, x := range []string{q.Role, q.Point, q.Seat} {
		if x != "" {
			n++
		}
	}
	if n != 1 {
		fs.Add("/role", "ask_one_of_role_point_seat")
	}
	if q.Role != "" && !identity.Role(q.Role).Valid() {
		fs.Add("/role", "unknown_role")
	}
	if q.Seat != "" && q.Seat != string(seat.KindLedamot) && q.Seat != string(seat.KindErsattare) && q.Seat != "all" && !strings.HasPrefix(q.Seat, "s") {
		fs.Add("/seat", "invalid_seat_kind")
	}
	if q.Date.IsZero() {
		fs.Add("/date", "required")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Answer{}, err
	}
	if _, err := s.boards.GetBoard(ctx, q.Board); err != nil {
		return Answer{}, err
	}
	ans := Answer{Question: q, Holders: []Holder{}, AskedAt: s.clock.Now().UTC()}
	switch {
	case q.Role != "":
		users, err := s.holdersOf(ctx, q.Board, q.Role)
		if err != nil {
			return Answer{}, err
		}
		ans.Holders = roleHolders(users, q.Board, q.Role, q.Date, "role")
	case q.Point != "":
		if err := s.pointHolders(ctx, &ans); err != nil {
			return Answer{}, err
		}
	default:
		r, err := s.seats.GetRoster(ctx, q.Board)
		if err != nil {
			return Answer{}, err
		}
		chainOK := adminlog.Verify(r.ChainID(), r.Log, r.StateDigest()) == nil
		for _, st := range r.Seats {
			if !st.ValidOn(q.Date) || (q.Seat != "all" && q.Seat != string(st.Kind) && q.Seat != st.ID) {
				continue
			}
			name, err := s.nameOf(ctx, st.Holder)
			if err != nil {
				return Answer{}, err
			}
			h := Holder{Capacity: string(st.Kind), Username: st.Holder, Name: name, SeatID: st.ID, Party: st.Party,
				Order: st.Order, ValidFrom: st.ValidFrom, ValidTo: st.ValidTo, ChainOK: chainOK, Records: []RecordRef{}}
			for _, rec := range r.Log {
				if rec.Ref == st.ID {
					h.Records = append(h.Records, RecordRef{Chain: r.ChainID(), Record: rec})
				}
			}
			ans.Holders = append(ans.Holders, h)
		}
	}
	return ans, nil
}

// roleHolders lists who held role on board (or on every board) on d.
func roleHolders(users []identity.User, board, role string, d platform.Date, capacity string) []Holder {
	out := []Holder{}
	for _, x := range users {
		chainOK := adminlog.Verify(x.ChainID(), x.Log, x.StateDigest()) == nil
		for _, a := range x.Roles {
			if string(a.Role) != role || (a.Board != board && a.Board != identity.AllBoards) || !a.ValidOn(d) {
				continue
			}
			id := identity.RoleID(a)
			h := Holder{Capacity: capacity, Username: x.Username, Name: x.Name, Role: role, ValidFrom: a.ValidFrom, ValidTo: a.ValidTo,
				Source: a.Source, ChainOK: chainOK, Records: []RecordRef{}}
			for _, rec := range x.Log {
				if rec.Ref == id {
					h.Records = append(h.Records, RecordRef{Chain: x.ChainID(), Record: rec})
				}
			}
			if len(h.Records) == 0 && a.Source != identity.SourceOIDC {
				// Granted with the account, or found at the upgrade: the
				// creation or baseline record holds it.
				for _, rec := range x.Log {
					if rec.Action == identity.ActionUserCreated || rec.Action == identity.ActionBaseline {
						h.Records = append(h.Records, RecordRef{Chain: x.ChainID(), Record: rec})
					}
				}
			}
			if a.Source == identity.SourceOIDC {
				h.Note = "roll från identitetsleverantörens anspråk vid inloggning"
			}
			out = append(out, h)
		}
	}
	return out
}

// pointHolders answers a delegation point: the version in force on the
// date, who held its delegate's and substitutes' roles, and who held a
// vidaredelegering of it.
func (s *Service) pointHolders(ctx context.Context, ans *Answer) error {
	q := ans.Question
	o, err := s.orders.InForce(ctx, q.Board, q.Date)
	if err != nil {
		return err
	}
	p, ok := o.Point(q.Point)
	if !ok {
		return (&fault.Fields{{Field: "/point", Code: "unknown_point"}}).Err(fault.Unprocessable)
	}
	ans.Order = &OrderRef{Number: o.Number, ContentHash: o.ContentHash, ValidFrom: o.ValidFrom, Delegate: p.Delegate, Substitutes: p.Substitutes}
	if ans.Order.Substitutes == nil {
		ans.Order.Substitutes = []string{}
	}
	users, err := s.holdersOf(ctx, q.Board, append([]string{p.Delegate}, p.Substitutes...)...)
	if err != nil {
		return err
	}
	ans.Holders = append(ans.Holders, roleHolders(users, q.Board, p.Delegate, q.Date, "delegate")...)
	for _, r := range p.Substitutes {
		ans.Holders = append(ans.Holders, roleHolders(users, q.Board, r, q.Date, "substitute")...)
	}
	subs, err := s.subs.ListSubDelegations(ctx, q.Board)
	if err != nil && !errors.Is(err, fault.ErrNotFound) {
		return err
	}
	for _, sd := range subs {
		if sd.PointCode != p.Code || q.Date.Before(sd.ValidFrom) || (!sd.ValidTo.IsZero() && q.Date.After(sd.ValidTo)) {
			continue
		}
		name, err := s.nameOf(ctx, sd.ToUser)
		if err != nil {
			return err
		}
		ans.Holders = append(ans.Holders, Holder{Capacity: "subdelegate", Username: sd.ToUser, Name: name,
			Role: delegation.SubRole(p.Code), ValidFrom: sd.ValidFrom, ValidTo: sd.ValidTo, ChainOK: true, Records: []RecordRef{},
			Note: "vidaredelegerad av " + sd.GivenBy + " " + sd.GivenAt.Format(time.DateOnly)})
	}
	return nil
}

// holdersOf returns in username order the users (disabled ones included)
// with an assignment of one of roles on board or on every board: what
// roleHolders looks at. Without a RoleHolders it reads every user.
func (s *Service) holdersOf(ctx context.Context, board string, roles ...string) ([]identity.User, error) {
	if s.people == nil {
		return s.id.Users(ctx)
	}
	rs := make([]identity.Role, len(roles))
	for i, r := range roles {
		rs[i] = identity.Role(r)
	}
	return s.people.RoleHolders(ctx, []string{board, identity.AllBoards}, rs)
}

// nameOf returns the name of the user with exactly this username ("" for
// none).
func (s *Service) nameOf(ctx context.Context, username string) (string, error) {
	if username == "" {
		return "", nil
	}
	u, err := s.id.UserByUsername(ctx, username)
	switch {
	case err == nil && u.Username == username:
		return u.Name, nil
	case err == nil || fault.From(err).Kind == fault.NotFound:
		return "", nil
	}
	return "", err
}
