package repo

import (
	"context"
	"errors"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/store"
)

// Identity stores users, credentials and login throttles.
type Identity struct{ b store.Backend }

var _ identity.Storer = Identity{}

// NewIdentity returns the identity storage on b.
func NewIdentity(b store.Backend) Identity { return Identity{b} }

func setUserV(u *identity.User, v int64)         { u.Version = v }
func setCredV(c *identity.Credential, v int64)   { c.Version = v }
func setThrottleV(t *identity.Throttle, v int64) { t.Version = v }

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

// GetThrottle loads a throttle counter.
func (r Identity) GetThrottle(ctx context.Context, key string) (identity.Throttle, error) {
	var t identity.Throttle
	return t, get(ctx, r.b, CollThrottles, key, &t, setThrottleV)
}

// PutThrottle inserts (version 0) or updates a throttle counter; a lost
// race is a version conflict for the caller to retry.
func (r Identity) PutThrottle(ctx context.Context, t identity.Throttle) (identity.Throttle, error) {
	if t.Version == 0 {
		err := insert(ctx, r.b, CollThrottles, t.Key, &t, setThrottleV, fault.ErrVersionConflict)
		if errors.Is(err, fault.ErrVersionConflict) {
			return t, fault.ErrVersionConflict
		}
		return t, err
	}
	err := update(ctx, r.b, CollThrottles, t.Key, t.Version, &t, setThrottleV, nil)
	return t, err
}
