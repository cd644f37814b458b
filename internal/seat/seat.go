// Package seat models the elected members' seats (mandat) on a board: a
// ledamot's seat, or an ersättare's with the order in which ersättare are
// called in, each held by one person for a part of a mandate period. The
// seats of a board are one document, its Roster, changed by one
// version-guarded update with its record (adminlog), so the rules that
// span seats (a person holds one seat at a time, call-in orders are
// unique) hold under concurrent changes.
//
// Meetings take their members from here: OnDate answers who holds which
// seat on a date, and Quorum how many ledamöter must serve.
package seat

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// Kind is a ledamot's or an ersättare's seat.
type Kind string

// Seat kinds.
const (
	KindLedamot   Kind = "ledamot"
	KindErsattare Kind = "ersattare"
)

// Seat is one mandat held by one person (Holder, a username) from
// ValidFrom through ValidTo (both inclusive) within its mandate Period.
type Seat struct {
	ID     string `json:"id"`
	Holder string `json:"holder"`
	Kind   Kind   `json:"kind"`
	// Order is an ersättare's place in the call-in order (1 first) among
	// the ersättare of the same party; 0 for a ledamot.
	Order     int           `json:"order,omitempty"`
	Party     string        `json:"party,omitempty"`
	Period    string        `json:"period"` // mandatperiod, e.g. "2023-2026"
	ValidFrom platform.Date `json:"valid_from"`
	ValidTo   platform.Date `json:"valid_to"`
}

// ValidOn reports whether the seat is held on d.
func (s Seat) ValidOn(d platform.Date) bool {
	return !d.Before(s.ValidFrom) && (s.ValidTo.IsZero() || !d.After(s.ValidTo))
}

// overlaps reports whether two seats share a day.
func (s Seat) overlaps(o Seat) bool {
	return (s.ValidTo.IsZero() || !s.ValidTo.Before(o.ValidFrom)) && (o.ValidTo.IsZero() || !o.ValidTo.Before(s.ValidFrom))
}

// Roster is every seat a board has had, ended ones included (never
// deleted: who held a seat when is what protocols and revisorer refer to).
type Roster struct {
	Board string `json:"board"`
	Seats []Seat `json:"seats"`
	// Log is the administration's record of the seats (adminlog).
	Log     adminlog.Log `json:"log,omitempty"`
	Version int64        `json:"-"`
}

// ChainID is the id of the roster's record chain.
func (r Roster) ChainID() string { return adminlog.ChainID("seats", r.Board) }

// StateDigest is the digest of the seats ("" for a roster with none).
func (r Roster) StateDigest() string {
	if len(r.Seats) == 0 && len(r.Log) == 0 {
		return ""
	}
	return adminlog.StateDigest(r.Seats)
}

// Record appends a record of a change to r (with what r is now).
func (r *Roster) Record(rec adminlog.Record) {
	if r.Seats == nil {
		r.Seats = []Seat{}
	}
	rec.State = adminlog.StateDigest(r.Seats)
	r.Log.Append(r.ChainID(), rec)
}

// Actions recorded in a roster's chain.
const (
	ActionSeatAdded = "seat_added"
	ActionSeatEnded = "seat_ended"
)

// Lineup is who holds the board's seats on one date: the ledamöter, and
// the ersättare in call-in order (party, then order).
type Lineup struct {
	Date      platform.Date `json:"date"`
	Ledamoter []Seat        `json:"ledamoter"`
	Ersattare []Seat        `json:"ersattare"`
}

// OnDate returns the seats held on d.
func (r Roster) OnDate(d platform.Date) Lineup {
	l := Lineup{Date: d, Ledamoter: []Seat{}, Ersattare: []Seat{}}
	for _, s := range r.Seats {
		if !s.ValidOn(d) {
			continue
		}
		if s.Kind == KindLedamot {
			l.Ledamoter = append(l.Ledamoter, s)
		} else {
			l.Ersattare = append(l.Ersattare, s)
		}
	}
	slices.SortStableFunc(l.Ledamoter, func(a, b Seat) int { return cmp.Compare(a.Holder, b.Holder) })
	slices.SortStableFunc(l.Ersattare, func(a, b Seat) int {
		return cmp.Or(cmp.Compare(a.Party, b.Party), cmp.Compare(a.Order, b.Order), cmp.Compare(a.Holder, b.Holder))
	})
	return l
}

// Quorum is how many ledamöter (or ersättare serving for them) must take
// part for the board to decide: more than half of its ledamöter (KL 6:27).
func (l Lineup) Quorum() int { return len(l.Ledamoter)/2 + 1 }

// Holds returns the seat username holds on d, if any.
func (r Roster) Holds(username string, d platform.Date) (Seat, bool) {
	for _, s := range r.Seats {
		if s.Holder == username && s.ValidOn(d) {
			return s, true
		}
	}
	return Seat{}, false
}

// Seat returns the seat with the given id.
func (r Roster) Seat(id string) (Seat, bool) {
	i := slices.IndexFunc(r.Seats, func(s Seat) bool { return s.ID == id })
	if i < 0 {
		return Seat{}, false
	}
	return r.Seats[i], true
}

// PeriodOf returns the mandate period a date falls in: the four years
// from 1 January after an ordinary election (2023-2026, 2027-2030, …).
func PeriodOf(d platform.Date) string {
	start := 2023 + 4*floorDiv(d.Year-2023, 4)
	return fmt.Sprintf("%d-%d", start, start+3)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// periodBounds returns the first and last day of a period "YYYY-YYYY" of
// four years, and whether it is one.
func periodBounds(p string) (platform.Date, platform.Date, bool) {
	var a, b int
	if _, err := fmt.Sscanf(p, "%4d-%4d", &a, &b); err != nil || fmt.Sprintf("%d-%d", a, b) != p || b != a+3 ||
		a < platform.MinYear || b > platform.MaxYear {
		return platform.Date{}, platform.Date{}, false
	}
	return platform.Date{Year: a, Month: 1, Day: 1}, platform.Date{Year: b, Month: 12, Day: 31}, true
}

// MaxParty bounds a party's name (characters).
const MaxParty = 100

// Faults of this package.
var (
	ErrOverlap       = fault.New(fault.Conflict, "seat_overlaps")
	ErrOrderTaken    = fault.New(fault.Conflict, "seat_order_taken")
	ErrUnknownSeat   = fault.New(fault.NotFound, "unknown_seat")
	errFieldRequired = "required"
)

// Normalize fills a new seat's defaults: the period of its first day, and
// the period's last day as its last day when none is given.
func (s *Seat) Normalize() {
	s.Party = strings.TrimSpace(s.Party)
	if s.Period == "" && !s.ValidFrom.IsZero() {
		s.Period = PeriodOf(s.ValidFrom)
	}
	if _, end, ok := periodBounds(s.Period); ok && s.ValidTo.IsZero() {
		s.ValidTo = end
	}
}

// Check validates one seat on its own (path is its field prefix, "" or
// "/seats/3"): a holder, a kind, a call-in order for an ersättare only, a
// party, a period of four years that holds the seat's days, and a last
// day not before the first.
func (s Seat) Check(fs *fault.Fields, path string) {
	if s.Holder == "" {
		fs.Add(path+"/holder", errFieldRequired)
	}
	switch s.Kind {
	case KindLedamot:
		if s.Order != 0 {
			fs.Add(path+"/order", "order_only_for_ersattare")
		}
	case KindErsattare:
		if s.Order < 1 || s.Order > 99 {
			fs.Add(path+"/order", "invalid_order")
		}
	default:
		fs.Add(path+"/kind", "invalid_seat_kind")
	}
	if utf8.RuneCountInString(s.Party) > MaxParty {
		fs.Add(path+"/party", "too_long")
	}
	fieldtext.Line(fs, path+"/party", s.Party)
	switch {
	case s.ValidFrom.IsZero():
		fs.Add(path+"/valid_from", errFieldRequired)
	case !s.ValidFrom.InRange():
		fs.Add(path+"/valid_from", "invalid_date")
	}
	if !s.ValidTo.IsZero() && !s.ValidFrom.IsZero() && s.ValidTo.Before(s.ValidFrom) {
		fs.Add(path+"/valid_to", "valid_to_before_valid_from")
		return
	}
	first, last, ok := periodBounds(s.Period)
	switch {
	case !ok:
		fs.Add(path+"/period", "invalid_period")
	case !s.ValidFrom.IsZero() && (s.ValidFrom.Before(first) || s.ValidFrom.After(last)):
		fs.Add(path+"/valid_from", "outside_period")
	case !s.ValidTo.IsZero() && s.ValidTo.After(last):
		fs.Add(path+"/valid_to", "outside_period")
	}
}

// Conflict returns the fault of adding s to the roster: a seat the same
// person holds on a shared day (seat_overlaps), or an ersättare's call-in
// order another ersättare of the same party holds on a shared day
// (seat_order_taken); nil when none.
func (r Roster) Conflict(s Seat) error {
	for _, o := range r.Seats {
		if o.ID == s.ID || !o.overlaps(s) {
			continue
		}
		if o.Holder == s.Holder {
			f := ErrOverlap.WithDetail("%s holds seat %s from %s to %s", s.Holder, o.ID, o.ValidFrom, o.ValidTo)
			f.Fields = []fault.FieldError{{Field: "/valid_from", Code: ErrOverlap.Code, Detail: "overlaps seat " + o.ID}}
			return f
		}
		if s.Kind == KindErsattare && o.Kind == KindErsattare && o.Order == s.Order && o.Party == s.Party {
			f := ErrOrderTaken.WithDetail("ersättare %d of %q is %s", s.Order, s.Party, o.Holder)
			f.Fields = []fault.FieldError{{Field: "/order", Code: ErrOrderTaken.Code, Detail: "held by " + o.Holder}}
			return f
		}
	}
	return nil
}

// Storer is what the seats need from storage.
type Storer interface {
	// GetRoster loads a board's roster; a board without one gives an
	// empty Roster with Version 0.
	GetRoster(ctx context.Context, board string) (Roster, error)
	// PutRoster inserts (Version 0) or updates a roster, version-guarded.
	PutRoster(ctx context.Context, r Roster) (Roster, error)
	// ListRosters returns every board's roster.
	ListRosters(ctx context.Context) ([]Roster, error)
}

// NewID returns a new seat id: "s" and 12 random hex digits.
func NewID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "s" + hex.EncodeToString(b)
}
