package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/internal/testkit/loadgen"
)

// orgSize is the organisation `samstyr bench --users --boards` seeds
// before the load, beside the demo board ITN that the load runs on.
type orgSize struct {
	Users     int // people, each with roles on one of the boards
	Boards    int // boards, each with an adopted delegationsordning
	Decisions int // cases per board taken through the whole lifecycle
}

// seatRoles are the roles of a seeded board's people in the order they
// are filled: the first five people of a board are the ones its cases
// need (benchPeople), the rest ledamöter, ersättare and handläggare.
var seatRoles = [][]identity.Role{
	{identity.RoleHandlaggare},
	{identity.RoleOrdforande, identity.RoleLedamot},
	{identity.RoleForvaltningschef},
	{identity.RoleSekreterare},
	{identity.RoleRevisor},
	{identity.RoleViceOrdforande, identity.RoleLedamot},
	{identity.RoleLedamot}, {identity.RoleErsattare}, {identity.RoleHandlaggare},
}

// seedBoardCode is the code of seeded board i: "N" and three letters
// (board codes are capital letters only).
func seedBoardCode(i int) string {
	return fmt.Sprintf("N%c%c%c", 'A'+i/676%26, 'A'+i/26%26, 'A'+i%26)
}

// seedUsername is seeded person j, who sits on board j mod boards.
func seedUsername(j int) string { return fmt.Sprintf("person%05d", j) }

// seedOrder is a seeded board's delegationsordning: the demo's points
// (A16, B3, C1, D1) and 60 more (V1–V60), so an order has the size of a
// real one.
func seedOrder() delegation.Draft {
	d := demo.Order()
	d.Title = "Delegationsordning (bench)"
	delegates := []string{"forvaltningschef", "handlaggare", "ordforande"}
	for i := range 60 {
		p := delegation.Point{Code: fmt.Sprintf("V%d", i+1), Section: "V Verksamhet",
			Matter: fmt.Sprintf("Beslut i verksamhetsfråga %d", i+1), Delegate: delegates[i%3], ReportTo: delegation.ReportBoard}
		if i%4 == 0 {
			p.Limit = &delegation.Limit{PBBCents: int64(100 * (1 + i%5))}
		}
		if i%3 == 0 {
			p.Substitutes = []string{"ordforande"}
		}
		d.Points = append(d.Points, p)
	}
	return d
}

// seedOrg seeds the organisation through the use cases: boards through
// the board store (as the demo load does; boards have no use case of
// their own), each with a delegationsordning created and adopted through
// delegation.Service, its people provisioned as single sign-on accounts
// through identity.Service.ProvisionExternal (no password, so no
// argon2id hash each; they get API tokens through identity.Service), and
// org.Decisions cases per board taken through the whole lifecycle by the
// load generator over HTTP, decided by the board's own people. Nothing is
// written to the store directly.
func (s *benchServer) seedOrg(ctx context.Context, w io.Writer, org orgSize, clients int) error {
	start := time.Now()
	a := s.a
	now := time.Now().UTC()
	for i := range org.Boards {
		code := seedBoardCode(i)
		_, err := a.Boards.InsertBoard(ctx, board.Board{Code: code, Name: fmt.Sprintf("Nämnd %d", i+1), Kind: board.KindBoard,
			Organisation: "Benchmarks kommun", Members: []board.Member{}, CreatedAt: now})
		if err != nil && !errors.Is(err, board.ErrBoardExists) {
			return fmt.Errorf("seed board %s: %w", code, err)
		}
		o, err := a.Orders.CreateDraft(ctx, code, "bench", seedOrder())
		if err != nil {
			return fmt.Errorf("seed order of %s: %w", code, err)
		}
		if _, err := a.Orders.Adopt(ctx, code, o.Number, o.Version, delegation.Adoption{Ref: code + " 2024-12-12 § 1",
			AdoptedOn: platform.MustParseDate("2024-12-12"), ValidFrom: platform.MustParseDate("2025-01-01")}); err != nil {
			return fmt.Errorf("adopt the order of %s: %w", code, err)
		}
	}
	fmt.Fprintf(w, "  %d boards with adopted delegationsordningar (%d points each) in %s\n", org.Boards, len(seedOrder().Points),
		time.Since(start).Round(time.Millisecond))
	t := time.Now()
	people := make([]identity.User, org.Users)
	if err := forEach(ctx, clients, org.Users, func(j int) error {
		seat := seatRoles[min(j/org.Boards, len(seatRoles)-1)]
		code := seedBoardCode(j % org.Boards)
		var roles []identity.RoleAssignment
		for _, r := range seat {
			roles = append(roles, identity.RoleAssignment{Board: code, Role: r})
		}
		name := seedUsername(j)
		u, err := a.Identity.ProvisionExternal(ctx, identity.ExternalLogin{ID: identity.ExternalID{Issuer: "https://idp.bench.invalid", Subject: name},
			Username: name, Name: fmt.Sprintf("Person %d", j), Roles: roles})
		people[j] = u
		return err
	}); err != nil {
		return fmt.Errorf("seed people: %w", err)
	}
	fmt.Fprintf(w, "  %d people provisioned with roles (single sign-on accounts) in %s\n", org.Users, time.Since(t).Round(time.Millisecond))
	if org.Decisions == 0 {
		return nil
	}
	t = time.Now()
	tokens := loadgen.NewTokens()
	for j := range min(org.Users, len(seatRoles[:5])*org.Boards) {
		tok, _, err := a.Identity.IssueToken(ctx, people[j], time.Hour, sso.Method)
		if err != nil {
			return err
		}
		tokens.Set(people[j].Username, tok)
	}
	// Signing asks for the password again (or a single sign-on step-up,
	// which the bench has no identity provider for): the deciders (the
	// chair under A16 and the manager under B3 of each board) get the
	// bench password, one argon2id hash each.
	if err := forEach(ctx, clients, max(0, min(2*org.Boards, org.Users-org.Boards)), func(k int) error {
		_, err := a.Identity.ResetPassword(ctx, "bench", people[org.Boards+k].Username, benchPassword, "bench: deciders sign with a password")
		return err
	}); err != nil {
		return fmt.Errorf("seed the deciders' passwords: %w", err)
	}
	var archived atomic.Int64
	if err := forEach(ctx, clients, org.Boards*org.Decisions, func(k int) error {
		i, n := k%org.Boards, k/org.Boards
		p := func(seat int) string { return seedUsername(seat*org.Boards + i) }
		cfg := loadgen.Config{BaseURL: s.url, Board: seedBoardCode(i), Password: benchPassword, SpreadSigners: true, Patience: benchPatience,
			People: loadgen.People{Officer: p(0), Chair: p(1), Manager: p(2), Secretary: p(3), Auditor: p(4)}}
		spec := loadgen.SpecFor(n + 1)
		spec.Budget = false // the seeded boards have no budget
		if _, err := loadgen.NewClient(cfg, nil, nil, tokens).Lifecycle(ctx, spec); err != nil {
			return err
		}
		archived.Add(1)
		return nil
	}); err != nil {
		return fmt.Errorf("seed decisions: %w", err)
	}
	fmt.Fprintf(w, "  %d cases decided, signed, reported and archived over HTTP (%d per board) in %s\n", archived.Load(), org.Decisions,
		time.Since(t).Round(time.Millisecond))
	return nil
}

// forEach calls fn(0) … fn(n-1) from up to workers goroutines and
// returns the first error.
func forEach(ctx context.Context, workers, n int, fn func(int) error) error {
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range max(1, min(workers, n)) {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= n || ctx.Err() != nil {
					return
				}
				if err := fn(k); err != nil {
					mu.Lock()
					first = cmpErr(first, err)
					mu.Unlock()
					next.Store(int64(n)) // stop the others
					return
				}
			}
		})
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
