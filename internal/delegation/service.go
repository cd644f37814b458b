package delegation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Service manages a board's delegationsordning versions.
type Service struct {
	store Storer
	clock platform.Clock
}

// NewService returns the order service.
func NewService(st Storer, clk platform.Clock) *Service { return &Service{store: st, clock: clk} }

// OrderID is the id of version number of a board's order.
func OrderID(board string, number int) string { return fmt.Sprintf("%s/%d", board, number) }

// Draft is the editable content of an order version.
type Draft struct {
	Title            string
	ValidFrom        platform.Date
	ExcludePrinciple bool
	UrgentDeciders   []string
	Points           []Point
}

// CreateDraft stores a new draft version with the next number.
func (s *Service) CreateDraft(ctx context.Context, board, by string, d Draft) (Order, error) {
	orders, err := s.store.ListOrders(ctx, board)
	if err != nil {
		return Order{}, err
	}
	if d.ValidFrom.IsZero() {
		// Provisional: adoption sets the real date.
		d.ValidFrom = platform.DateOf(s.clock.Now()).AddDays(1)
	}
	o := Order{Board: board, Number: len(orders) + 1, Status: StatusDraft, Title: strings.TrimSpace(d.Title),
		ValidFrom: d.ValidFrom, ExcludePrinciple: d.ExcludePrinciple, UrgentDeciders: d.UrgentDeciders,
		Points: d.Points, CreatedBy: by, CreatedAt: s.clock.Now().UTC()}
	o.ID = OrderID(board, o.Number)
	if o.Title == "" {
		o.Title = fmt.Sprintf("Delegationsordning version %d", o.Number)
	}
	if err := o.Validate(); err != nil {
		return Order{}, err
	}
	saved, err := s.store.InsertOrder(ctx, o)
	if errors.Is(err, ErrOrderNumberTaken) {
		return Order{}, fault.ErrVersionConflict.WithDetail("another draft took number %d", o.Number)
	}
	return saved, err
}

// UpdateDraft replaces the content of a draft; adopted versions refuse.
func (s *Service) UpdateDraft(ctx context.Context, board string, number int, ifMatch int64, d Draft) (Order, error) {
	o, err := s.Get(ctx, board, number)
	if err != nil {
		return o, err
	}
	if o.Status != StatusDraft {
		return Order{}, ErrOrderAdopted
	}
	if o.Version != ifMatch {
		f := *fault.ErrVersionConflict
		f.Extra = map[string]any{"current_version": o.Version}
		return Order{}, &f
	}
	o.Title, o.ValidFrom, o.ExcludePrinciple, o.UrgentDeciders, o.Points = strings.TrimSpace(d.Title), d.ValidFrom,
		d.ExcludePrinciple, d.UrgentDeciders, d.Points
	if err := o.Validate(); err != nil {
		return Order{}, err
	}
	return s.store.UpdateOrder(ctx, o)
}

// Adoption is the board decision that adopts a version.
type Adoption struct {
	Ref       string        // e.g. "ITN 2025-11-20 § 45"
	AdoptedOn platform.Date // date of the adopting decision
	ValidFrom platform.Date // in force from
}

// Adopt makes a draft immutable and schedules it to come into force.
func (s *Service) Adopt(ctx context.Context, board string, number int, ifMatch int64, a Adoption) (Order, error) {
	o, err := s.Get(ctx, board, number)
	if err != nil {
		return o, err
	}
	if o.Status != StatusDraft {
		return Order{}, ErrOrderAdopted
	}
	if o.Version != ifMatch {
		f := *fault.ErrVersionConflict
		f.Extra = map[string]any{"current_version": o.Version}
		return Order{}, &f
	}
	var fs fault.Fields
	if strings.TrimSpace(a.Ref) == "" {
		fs.Add("/adopted_ref", "required")
	}
	if a.AdoptedOn.IsZero() || a.AdoptedOn.After(platform.DateOf(s.clock.Now())) {
		fs.Add("/adopted_on", "invalid_date")
	}
	if a.ValidFrom.IsZero() || a.ValidFrom.Before(a.AdoptedOn) {
		fs.Add("/valid_from", "invalid_date")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Order{}, err
	}
	o.Status, o.AdoptedRef, o.AdoptedOn, o.ValidFrom = StatusAdopted, strings.TrimSpace(a.Ref), a.AdoptedOn, a.ValidFrom
	if err := o.Validate(); err != nil {
		return Order{}, err
	}
	o.ContentHash = o.Hash()
	return s.store.UpdateOrder(ctx, o)
}

// Get returns version number of a board's order.
func (s *Service) Get(ctx context.Context, board string, number int) (Order, error) {
	o, err := s.store.GetOrder(ctx, OrderID(board, number))
	if err != nil && fault.From(err).Kind == fault.NotFound {
		return o, ErrOrderNotFound.WithDetail("%s version %d", board, number)
	}
	return o, err
}

// List returns every version of a board's order, oldest first.
func (s *Service) List(ctx context.Context, board string) ([]Order, error) {
	return s.store.ListOrders(ctx, board)
}

// InForce returns the version in force on date.
func (s *Service) InForce(ctx context.Context, board string, date platform.Date) (Order, error) {
	orders, err := s.store.ListOrders(ctx, board)
	if err != nil {
		return Order{}, err
	}
	o, ok := InForce(orders, date)
	if !ok {
		return Order{}, ErrNotInForce.WithDetail("%s on %s", board, date)
	}
	return o, nil
}

// InForce picks, among a board's versions, the adopted one in force on
// date: the latest valid_from on or before date (the higher number wins a
// tie).
func InForce(orders []Order, date platform.Date) (Order, bool) {
	var best Order
	found := false
	for _, o := range orders {
		if o.Status != StatusAdopted || o.ValidFrom.After(date) {
			continue
		}
		if !found || o.ValidFrom.After(best.ValidFrom) || (o.ValidFrom == best.ValidFrom && o.Number > best.Number) {
			best, found = o, true
		}
	}
	return best, found
}

// Phase is an order version's place in its life, derived on a date.
type Phase string

// Phases of an order version.
const (
	PhaseDraft      Phase = "draft"      // utkast
	PhaseAdopted    Phase = "adopted"    // antagen, not yet in force
	PhaseInForce    Phase = "in_force"   // gällande
	PhaseSuperseded Phase = "superseded" // ersatt
)

// PhaseOn returns the phase of o on date, given all of the board's orders.
func PhaseOn(o Order, all []Order, date platform.Date) Phase {
	if o.Status == StatusDraft {
		return PhaseDraft
	}
	if o.ValidFrom.After(date) {
		return PhaseAdopted
	}
	if cur, ok := InForce(all, date); ok && cur.ID == o.ID {
		return PhaseInForce
	}
	return PhaseSuperseded
}

// Hash is the SHA-256 of the version's content (everything the board
// adopted), recorded on adoption and kept in every decision's proof.
func (o Order) Hash() string {
	pts := append([]Point(nil), o.Points...)
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Code < pts[j].Code })
	return digestJSON([]any{"samstyr-delegationsordning-v1", o.Board, o.Number, o.Title, o.AdoptedRef, o.AdoptedOn,
		o.ValidFrom, o.ExcludePrinciple, o.UrgentDeciders, pts})
}
