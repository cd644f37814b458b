package repo

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/store"
)

// Identity stores users, credentials and login attempt counters.
type Identity struct{ b store.Backend }

var _ identity.Storer = Identity{}

// NewIdentity returns the identity storage on b.
func NewIdentity(b store.Backend) Identity { return Identity{b} }

func setUserV(u *identity.User, v int64)       { u.Version = v }
func setCredV(c *identity.Credential, v int64) { c.Version = v }

// InsertUser stores a new user; a taken username is username_taken. It
// raises the role stamp (RoleStamps) after the write.
func (r Identity) InsertUser(ctx context.Context, u identity.User) (identity.User, error) {
	if err := insert(ctx, r.b, CollUsers, u.ID, &u, setUserV, identity.ErrUsernameTaken); err != nil {
		return u, err
	}
	return u, bumpRoleStamp(ctx, r.b)
}

// GetUser loads a user by id.
func (r Identity) GetUser(ctx context.Context, id string) (identity.User, error) {
	var u identity.User
	return u, get(ctx, r.b, CollUsers, id, &u, setUserV)
}

// GetUserByUsername loads a user by username.
func (r Identity) GetUserByUsername(ctx context.Context, username string) (identity.User, error) {
	us, err := find(ctx, r.b, CollUsers, store.Query{Where: []store.Cond{store.Eq("username", username)}, Limit: 1}, setUserV)
	if err != nil {
		return identity.User{}, err
	}
	if len(us) == 0 {
		return identity.User{}, fault.ErrNotFound.WithDetail("user %q", username)
	}
	return us[0], nil
}

// GetUserByExternal loads the user linked to an OIDC provider account
// (issuer and subject).
func (r Identity) GetUserByExternal(ctx context.Context, id identity.ExternalID) (identity.User, error) {
	us, err := find(ctx, r.b, CollUsers, store.Query{Where: []store.Cond{store.Eq("external.issuer", id.Issuer),
		store.Eq("external.subject", id.Subject)}, Limit: 1}, setUserV)
	if err != nil {
		return identity.User{}, err
	}
	if len(us) == 0 {
		return identity.User{}, fault.ErrNotFound.WithDetail("no user linked to %s at %s", id.Subject, id.Issuer)
	}
	return us[0], nil
}

// UpdateUser writes u if its version is current. It raises the role stamp
// (RoleStamps) after the write: roles and the disabled flag live on the
// user.
func (r Identity) UpdateUser(ctx context.Context, u identity.User) (identity.User, error) {
	if err := update(ctx, r.b, CollUsers, u.ID, u.Version, &u, setUserV, identity.ErrUsernameTaken); err != nil {
		return u, err
	}
	return u, bumpRoleStamp(ctx, r.b)
}

// ListUsers returns every user ordered by username.
func (r Identity) ListUsers(ctx context.Context) ([]identity.User, error) {
	return find(ctx, r.b, CollUsers, store.Query{Sort: []store.SortKey{{Field: "username"}}}, setUserV)
}

// CountUsers returns how many users there are, without reading them.
func (r Identity) CountUsers(ctx context.Context) (int64, error) {
	return r.b.Count(ctx, CollUsers, nil)
}

// InsertCredential stores a new token or session.
func (r Identity) InsertCredential(ctx context.Context, c identity.Credential) (identity.Credential, error) {
	err := insert(ctx, r.b, CollCredentials, c.ID, &c, setCredV, nil)
	return c, err
}

// GetCredential loads a credential by the digest of its secret.
func (r Identity) GetCredential(ctx context.Context, id string) (identity.Credential, error) {
	var c identity.Credential
	return c, get(ctx, r.b, CollCredentials, id, &c, setCredV)
}

// UpdateCredential writes c if its version is current.
func (r Identity) UpdateCredential(ctx context.Context, c identity.Credential) (identity.Credential, error) {
	err := update(ctx, r.b, CollCredentials, c.ID, c.Version, &c, setCredV, nil)
	return c, err
}

// attempts is a login attempt counter of one throttle window: Key (e.g.
// "pair:anna|192.0.2.1") and the window's start and end in Unix seconds.
type attempts struct {
	Key     string `json:"key"`
	Window  int64  `json:"window"`
	Expires int64  `json:"expires"`
	N       int64  `json:"n"`
}

// CountAttempts adds delta to the counter of key in the window starting at
// window, with the kernel's atomic Increment (one document per key and
// window, so a new window starts from zero).
func (r Identity) CountAttempts(ctx context.Context, key string, window time.Time, length time.Duration, delta int64) (int64, error) {
	id := key + "@" + strconv.FormatInt(window.Unix(), 10)
	init, err := store.Encode(attempts{Key: key, Window: window.Unix(), Expires: window.Add(length).Unix()})
	if err != nil {
		return 0, err
	}
	rec, err := r.b.Increment(ctx, CollThrottles, id, "n", delta, init)
	if err != nil {
		return 0, mapErr(err, nil)
	}
	var a attempts
	if err := rec.Decode(&a); err != nil {
		return 0, err
	}
	return a.N, nil
}

// PurgeAttempts deletes up to limit counters whose window ended before t.
// A counter changed meanwhile is left for the next purge.
func (r Identity) PurgeAttempts(ctx context.Context, t time.Time, limit int) (int, error) {
	recs, err := r.b.Find(ctx, CollThrottles, store.Query{Where: []store.Cond{{Field: "expires", Op: store.OpLt, Value: t.Unix()}}, Limit: limit})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, rec := range recs {
		err := r.b.Delete(ctx, CollThrottles, rec.ID, rec.Version)
		switch {
		case err == nil:
			n++
		case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
		default:
			return n, err
		}
	}
	return n, nil
}

// dropLockoutThrottles deletes the throttle documents of the lockout
// scheme before migration 11 (one per key, without a window end): the
// windowed counters replace them. It stops when a batch deletes nothing
// (an older instance still writing them during an upgrade).
func dropLockoutThrottles(ctx context.Context, b store.Backend) error {
	for {
		recs, err := b.Find(ctx, CollThrottles, store.Query{Where: []store.Cond{store.Eq("expires", nil)}, Limit: 500})
		if err != nil || len(recs) == 0 {
			return err
		}
		deleted := 0
		for _, rec := range recs {
			err := b.Delete(ctx, CollThrottles, rec.ID, rec.Version)
			switch {
			case err == nil:
				deleted++
			case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
			default:
				return err
			}
		}
		if deleted == 0 {
			return nil
		}
	}
}
