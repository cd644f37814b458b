package repo

import (
	"context"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/store"
)

// peopleSearchField is the field every user document carries, derived
// from the user in the same write: the folded name (store.Fold) and the
// username on two lines, which the people list searches with OpContains
// (a search text, folded, has no line break, so it matches within the
// name or within the username, never across them).
const peopleSearchField = "search_folded"

// peopleSearch is u's peopleSearchField.
func peopleSearch(u identity.User) string {
	return store.Fold(u.Name) + "\n" + store.Fold(u.Username)
}

// FindUsers returns one page of the users whose name or username contains
// f.Text (folded; every user when empty), ordered by username, and how
// many match: a Count and one Find of the page, never every user.
func (r Identity) FindUsers(ctx context.Context, f identity.UserFilter) ([]identity.User, int64, error) {
	var where []store.Cond
	if q := store.Fold(f.Text); q != "" {
		where = append(where, store.Cond{Field: peopleSearchField, Op: store.OpContains, Value: q})
	}
	total, err := r.b.Count(ctx, CollUsers, where)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || int64(f.Offset) >= total {
		return []identity.User{}, total, nil
	}
	us, err := find(ctx, r.b, CollUsers, store.Query{Where: where, Sort: []store.SortKey{{Field: "username"}},
		Limit: f.Limit, Offset: f.Offset}, setUserV)
	return us, total, err
}

// UsersByUsername returns the users with the given usernames, in username
// order (the unknown ones are left out), with one read from the username
// index.
func (r Identity) UsersByUsername(ctx context.Context, usernames []string) ([]identity.User, error) {
	if len(usernames) == 0 {
		return []identity.User{}, nil
	}
	return find(ctx, r.b, CollUsers, store.Query{Where: []store.Cond{{Field: "username", Op: store.OpIn, Value: usernames}},
		Sort: []store.SortKey{{Field: "username"}}}, setUserV)
}

// fillPeopleSearch is migration 21's data step: every user stored
// without search_folded gets it (fillField).
func fillPeopleSearch(ctx context.Context, b store.Backend) error {
	return fillField(ctx, b, CollUsers, peopleSearchField, func(rec store.Record) (any, bool, error) {
		var u identity.User
		err := rec.Decode(&u)
		return peopleSearch(u), err == nil, err
	})
}
