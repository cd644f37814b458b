package workflow

import (
	"context"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/identity"
)

// RoleHolders returns the users — disabled ones included — with an
// assignment of one of roles on one of boards (identity.AllBoards names
// the assignments on every board), at any time, in username order: the
// people a "who held this role" question or a board's list of elected
// members (OParl) looks at. It reads the role stamp and those users, not
// every user: who has which assignment where comes from the role
// snapshot (roleindex.go), which every write of a user rebuilds; the
// users themselves are read fresh, so their names and records are the
// stored ones.
func (e *Engine) RoleHolders(ctx context.Context, boards []string, roles []identity.Role) ([]identity.User, error) {
	return e.core.roleHolders(ctx, boards, roles)
}

func (c *core) roleHolders(ctx context.Context, boards []string, roles []identity.Role) ([]identity.User, error) {
	holds := func(u identity.User) bool {
		return slices.ContainsFunc(u.Roles, func(a identity.RoleAssignment) bool {
			return slices.Contains(boards, a.Board) && slices.Contains(roles, a.Role)
		})
	}
	var out []identity.User
	if c.roles == nil { // no cached role indexes (an engine without delegation): every user
		users, err := c.users.Users(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if holds(u) {
				out = append(out, u)
			}
		}
		return out, nil
	}
	s, err := c.roles.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, b := range boards {
		for _, r := range roles {
			for _, id := range s.members[b][r] {
				if seen[id] {
					continue
				}
				seen[id] = true
				u, err := c.users.User(ctx, id)
				if err != nil {
					return nil, err
				}
				// The snapshot holds every assignment as of its stamp,
				// which every write of a user raises: the stored user
				// is checked again all the same.
				if holds(u) {
					out = append(out, u)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b identity.User) int { return strings.Compare(a.Username, b.Username) })
	return out, nil
}

// roleHolderIDs returns, in any order, the ids of the users with an
// assignment of one of roles on board at any time, from the role snapshot
// (no user read), or from every user without one.
func (c *core) roleHolderIDs(ctx context.Context, board string, roles []identity.Role) ([]string, error) {
	if c.roles == nil {
		users, err := c.roleHolders(ctx, []string{board}, roles)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(users))
		for _, u := range users {
			ids = append(ids, u.ID)
		}
		return ids, nil
	}
	s, err := c.roles.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range roles {
		ids = append(ids, s.members[board][r]...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
