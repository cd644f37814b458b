package workflow

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/policies"
)

// RoleStamper reads the store's role stamp, which every write of a user
// (its role assignments, its disabled flag) or of a vidaredelegering
// raises, through any instance on the store (repo.RoleStamps).
type RoleStamper interface {
	RoleStamp(ctx context.Context) (int64, error)
}

// roleIndexes caches the role index of every board (who holds which role
// from when to when, vidaredelegeringar included), built from one reading
// of all users and sub-delegations. A check reads the role stamp (one
// record) and uses the cache while the stamp is the one it was built at;
// after a change, the first check rebuilds it while the others wait.
type roleIndexes struct {
	users  UserDirectory
	subs   delegation.SubStorer
	stamps RoleStamper
	mu     sync.Mutex // held while rebuilding
	cur    atomic.Pointer[roleSnapshot]
}

// roleSnapshot is every board's role index as of one stamp. It is never
// changed after it is built; the indexes are shared with the checks.
type roleSnapshot struct {
	stamp  int64
	boards map[string]policies.RoleIndex
	// members are, per board (identity.AllBoards for the assignments on
	// every board) and role, the ids of the users with an assignment of
	// that role there, at any time, disabled users included: the people
	// directory (people.go).
	members map[string]map[identity.Role][]string
}

// board returns the board's current role index (nil when nobody holds a
// role on it). The stamp is read before the users and sub-delegations, so
// a cache labelled with a stamp holds at least every write that raised
// the stamp to it.
func (r *roleIndexes) board(ctx context.Context, board string) (policies.RoleIndex, error) {
	s, err := r.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return s.boards[board], nil
}

// snapshot returns the snapshot of the current role stamp, building it
// when the stamp has moved.
func (r *roleIndexes) snapshot(ctx context.Context) (*roleSnapshot, error) {
	stamp, err := r.stamps.RoleStamp(ctx)
	if err != nil {
		return nil, err
	}
	if s := r.cur.Load(); s != nil && s.stamp == stamp {
		return s, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.cur.Load(); s != nil && s.stamp == stamp {
		return s, nil // rebuilt while this check waited
	}
	s, err := r.build(ctx, stamp)
	if err != nil {
		return nil, err
	}
	r.cur.Store(s)
	return s, nil
}

// build reads every user and sub-delegation into a snapshot labelled stamp.
func (r *roleIndexes) build(ctx context.Context, stamp int64) (*roleSnapshot, error) {
	users, err := r.users.Users(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := r.subs.AllSubDelegations(ctx)
	if err != nil {
		return nil, err
	}
	s := &roleSnapshot{stamp: stamp, boards: map[string]policies.RoleIndex{}, members: map[string]map[identity.Role][]string{}}
	add := func(board, user string, h policies.Holding) {
		idx := s.boards[board]
		if idx == nil {
			idx = policies.RoleIndex{}
			s.boards[board] = idx
		}
		idx[user] = append(idx[user], h)
	}
	for _, u := range users {
		for _, a := range u.Roles {
			s.addMember(a.Board, a.Role, u.ID)
		}
		if u.Disabled {
			continue
		}
		for _, a := range u.Roles {
			add(a.Board, u.Username, policies.Holding{Role: string(a.Role), From: a.ValidFrom.String(), To: a.ValidTo.String()})
		}
	}
	for _, sd := range subs {
		add(sd.Board, sd.ToUser, policies.Holding{Role: delegation.SubRole(sd.PointCode),
			From: sd.ValidFrom.String(), To: sd.ValidTo.String()})
	}
	return s, nil
}

// addMember records that user id has an assignment of role on board
// (once, however many assignments it has).
func (s *roleSnapshot) addMember(board string, role identity.Role, id string) {
	roles := s.members[board]
	if roles == nil {
		roles = map[identity.Role][]string{}
		s.members[board] = roles
	}
	if ids := roles[role]; len(ids) == 0 || ids[len(ids)-1] != id {
		roles[role] = append(ids, id)
	}
}
