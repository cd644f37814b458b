package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/platform"
)

// Service is the identity use cases: create users, authenticate, issue and
// resolve tokens and sessions.
type Service struct {
	store    Storer
	clock    platform.Clock
	throttle ThrottlePolicy
}

// NewService returns a Service on st, taking time from clk.
func NewService(st Storer, clk platform.Clock, tp ThrottlePolicy) *Service {
	return &Service{store: st, clock: clk, throttle: tp}
}

// NewUser is the input to CreateUser.
type NewUser struct {
	Username string
	Name     string
	Title    string
	Password string
	Roles    []RoleAssignment
}

// CreateUser validates and stores a new local account.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	var fs fault.Fields
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	if !ValidUsername(nu.Username) {
		fs.Add("/username", "invalid_username")
	}
	if strings.TrimSpace(nu.Name) == "" {
		fs.Add("/name", "required")
	}
	if len(nu.Password) < MinPasswordLength {
		fs.Add("/password", "password_too_short")
	}
	for i, a := range nu.Roles {
		if !a.Role.Valid() {
			fs.Add(fmt.Sprintf("/roles/%d/role", i), "unknown_role")
		}
		if a.Board == "" || (a.Board == AllBoards && a.Role != RoleAdmin && a.Role != RoleRevisor) {
			fs.Add(fmt.Sprintf("/roles/%d/board", i), "invalid_board")
		}
		if a.ValidFrom.IsZero() || (!a.ValidTo.IsZero() && a.ValidTo.Before(a.ValidFrom)) {
			fs.Add(fmt.Sprintf("/roles/%d/valid_from", i), "invalid_period")
		}
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return User{}, err
	}
	return s.store.InsertUser(ctx, User{
		ID: platform.NewID(), Username: nu.Username, Name: strings.TrimSpace(nu.Name), Title: nu.Title,
		PasswordHash: hash, Roles: nu.Roles, CreatedAt: s.clock.Now().UTC(),
	})
}

// User returns the user with the given id.
func (s *Service) User(ctx context.Context, id string) (User, error) { return s.store.GetUser(ctx, id) }

// UserByUsername returns the user with the given username.
func (s *Service) UserByUsername(ctx context.Context, username string) (User, error) {
	return s.store.GetUserByUsername(ctx, strings.ToLower(username))
}

// Users lists every user.
func (s *Service) Users(ctx context.Context) ([]User, error) { return s.store.ListUsers(ctx) }

// Authenticate checks a username and password, with login throttling per
// account and per client address. Every failure looks the same to the
// caller (invalid_credentials) except throttling (too_many_attempts).
func (s *Service) Authenticate(ctx context.Context, username, password, clientIP string) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	keys := []string{"ip:" + clientIP}
	if ValidUsername(username) {
		keys = append(keys, "user:"+username)
	}
	if err := s.checkThrottle(ctx, keys); err != nil {
		return User{}, err
	}
	u, err := s.store.GetUserByUsername(ctx, username)
	switch {
	case errors.Is(err, fault.ErrNotFound) || !ValidUsername(username):
		_, _ = VerifyPassword(dummyHash, password) // same cost as a real check
		return User{}, s.fail(ctx, keys)
	case err != nil:
		return User{}, err
	}
	ok, err := VerifyPassword(u.PasswordHash, password)
	if err != nil || !ok || u.Disabled {
		return User{}, s.fail(ctx, keys)
	}
	s.reset(ctx, "user:"+username)
	return u, nil
}

// IssueToken creates an API token for u valid for ttl and returns the
// secret the client presents as "Authorization: Bearer …".
func (s *Service) IssueToken(ctx context.Context, u User, ttl time.Duration, method string) (string, Credential, error) {
	return s.issue(ctx, u, KindAPIToken, "sst_", ttl, method)
}

// StartSession creates a web session for u and returns the cookie value.
// A new session id is drawn on every login (no session fixation).
func (s *Service) StartSession(ctx context.Context, u User, ttl time.Duration, method string) (string, Credential, error) {
	return s.issue(ctx, u, KindWebSession, "sss_", ttl, method)
}

func (s *Service) issue(ctx context.Context, u User, kind CredentialKind, prefix string, ttl time.Duration, method string) (string, Credential, error) {
	secret := platform.Secret(prefix, 32)
	now := s.clock.Now().UTC()
	c := Credential{ID: platform.Digest(secret), Kind: kind, UserID: u.ID, CreatedAt: now,
		ExpiresAt: now.Add(ttl), Method: method}
	if kind == KindWebSession {
		c.CSRF = platform.Secret("", 32)
	}
	c, err := s.store.InsertCredential(ctx, c)
	if err != nil {
		return "", Credential{}, err
	}
	return secret, c, nil
}

// Resolve returns the user and credential behind a token or session
// secret of the given kind. Unknown, revoked and wrong-kind secrets give
// unauthenticated; expired ones token_expired.
func (s *Service) Resolve(ctx context.Context, kind CredentialKind, secret string) (User, Credential, error) {
	if secret == "" || len(secret) > 200 {
		return User{}, Credential{}, ErrUnauthenticated
	}
	c, err := s.store.GetCredential(ctx, platform.Digest(secret))
	if errors.Is(err, fault.ErrNotFound) {
		return User{}, Credential{}, ErrUnauthenticated
	}
	if err != nil {
		return User{}, Credential{}, err
	}
	if c.Kind != kind || c.RevokedAt != nil {
		return User{}, Credential{}, ErrUnauthenticated
	}
	if !s.clock.Now().Before(c.ExpiresAt) {
		return User{}, Credential{}, ErrTokenExpired
	}
	u, err := s.store.GetUser(ctx, c.UserID)
	if errors.Is(err, fault.ErrNotFound) || (err == nil && u.Disabled) {
		return User{}, Credential{}, ErrUnauthenticated
	}
	return u, c, err
}

// Revoke ends a token or session now. Revoking twice is not an error.
func (s *Service) Revoke(ctx context.Context, c Credential) error {
	for range 5 {
		if c.RevokedAt != nil {
			return nil
		}
		now := s.clock.Now().UTC()
		c.RevokedAt = &now
		_, err := s.store.UpdateCredential(ctx, c)
		if !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
		if c, err = s.store.GetCredential(ctx, c.ID); err != nil {
			return err
		}
	}
	return fault.ErrVersionConflict
}
