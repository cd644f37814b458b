// Package admin is the administration's use cases: setting up an
// organisation (samstyr init), its nämnder, people and their accounts,
// roles per board with validity periods, seats per mandate period, bulk
// imports from CSV, the reference data (prisbasbelopp, the
// classification scheme, the letterhead), and the questions a revisor
// asks of the record (who held a role, a seat or a delegation point on a
// date).
//
// Authorization lives here, once, for the API, the web UI and the CLI:
// changes are for the holders of the administrator role; reading the
// records and asking who held what is also for revisorer. Every change is
// written with its record (internal/adminlog) in the same single-document
// update, and the records are covered by `samstyr verify` and the
// ledger's checkpoints.
package admin

import (
	"context"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/seat"
)

// Service is the administration's use cases.
type Service struct {
	id      *identity.Service
	boards  board.Storer
	seats   seat.Storer
	refs    refdata.Storer
	org     OrgStorer
	imports ImportStorer
	orders  *delegation.Service
	subs    delegation.SubStorer
	people  RoleHolders
	clock   platform.Clock
}

// RoleHolders finds, in username order, the users (disabled ones
// included) with an assignment of one of roles on one of boards
// (identity.AllBoards for every board), without reading every user
// (workflow.Engine.RoleHolders, from its cached role snapshot).
type RoleHolders interface {
	RoleHolders(ctx context.Context, boards []string, roles []identity.Role) ([]identity.User, error)
}

// Deps are what the Service needs.
type Deps struct {
	Identity *identity.Service
	Boards   board.Storer
	Seats    seat.Storer
	Refs     refdata.Storer
	Org      OrgStorer
	Imports  ImportStorer
	Orders   *delegation.Service
	Subs     delegation.SubStorer
	// People answers who held a role; nil reads every user.
	People RoleHolders
	Clock  platform.Clock
}

// NewService returns the administration's use cases.
func NewService(d Deps) *Service {
	return &Service{id: d.Identity, boards: d.Boards, seats: d.Seats, refs: d.Refs, org: d.Org, imports: d.Imports,
		orders: d.Orders, subs: d.Subs, people: d.People, clock: d.Clock}
}

// Faults of the administration.
var (
	// ErrNotAdmin refuses a change to anyone but an administrator.
	ErrNotAdmin = fault.New(fault.Forbidden, "admin_only")
	// ErrNotAuditor refuses the record's questions to anyone but a
	// revisor or an administrator.
	ErrNotAuditor = fault.New(fault.Forbidden, "not_permitted")
	// ErrReadOnly refuses every change to a revisor (KL 12 kap.: the
	// revisorer audit and take no part), whatever else they hold; the
	// same code as the case use cases' refusal.
	ErrReadOnly = fault.New(fault.Forbidden, "read_only_role")
)

func (s *Service) today() platform.Date { return platform.DateOf(s.clock.Now()) }

// IsAdmin reports whether u holds the administrator role today (on any
// board; the role is normally held for every board).
func (s *Service) IsAdmin(u identity.User) bool { return holdsAny(u, s.today(), identity.RoleAdmin) }

// MayAudit reports whether u may read the administration's records and
// ask who held what: revisorer and administrators.
func (s *Service) MayAudit(u identity.User) bool {
	return holdsAny(u, s.today(), identity.RoleAdmin, identity.RoleRevisor)
}

func holdsAny(u identity.User, d platform.Date, roles ...identity.Role) bool {
	if u.Disabled {
		return false
	}
	for _, a := range u.RolesOn(d) {
		for _, r := range roles {
			if a.Role == r {
				return true
			}
		}
	}
	return false
}

// requireAdmin is the first check of every change: a revisor changes
// nothing; otherwise the administrator role is needed.
func (s *Service) requireAdmin(u identity.User) error {
	if holdsAny(u, s.today(), identity.RoleRevisor) {
		return ErrReadOnly.WithDetail("%s is revisor", u.Username)
	}
	if !s.IsAdmin(u) {
		return ErrNotAdmin.WithDetail("%s is not administrator", u.Username)
	}
	return nil
}

func (s *Service) requireAuditor(u identity.User) error {
	if !s.MayAudit(u) {
		return ErrNotAuditor.WithDetail("only revisorer and administrators read the administration's records")
	}
	return nil
}
