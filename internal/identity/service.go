package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Service is the identity use cases: create users, authenticate, issue and
// resolve tokens and sessions.
type Service struct {
	store    Storer
	clock    platform.Clock
	throttle ThrottlePolicy
	cost     PasswordCost
	// hashers is the password-hashing pool (a slot per token), waiters
	// the room of attempts waiting for a slot.
	hashers chan struct{}
	waiters chan struct{}
	// checks counts password verifications; lastPurge is when expired
	// attempt counters were last purged (Unix nanoseconds).
	checks    atomic.Int64
	lastPurge atomic.Int64
}

// NewService returns a Service on st, taking time from clk and limiting
// logins by tp. It hashes new passwords at DefaultPasswordCost unless an
// option says otherwise.
func NewService(st Storer, clk platform.Clock, tp ThrottlePolicy, opts ...Option) *Service {
	s := &Service{store: st, clock: clk, throttle: tp, cost: productionCost(), hashers: make(chan struct{}, tp.hashers()),
		waiters: make(chan struct{}, tp.hashWaiters())}
	for _, o := range opts {
		o(s)
	}
	if s.cost.MemoryKiB < 8*argonThreads || s.cost.Time == 0 {
		panic(fmt.Sprintf("identity: password cost m=%d,t=%d too low for argon2id", s.cost.MemoryKiB, s.cost.Time))
	}
	dummyHash(s.cost) // made now, so no login waits for it
	return s
}

// Option adjusts a Service as NewService makes it.
type Option func(*Service)

// WithPasswordCost makes the service hash new passwords (and the unknown
// user's stand-in) at c instead of DefaultPasswordCost. Test kits use it
// with InsecureTestPasswordCost; production code never does.
func WithPasswordCost(c PasswordCost) Option { return func(s *Service) { s.cost = c } }

// NewUser is the input to CreateUser.
type NewUser struct {
	Username string
	Name     string
	Title    string
	Email    string
	Password string
	// NoPassword creates an account without a password, which logs in
	// only through single sign-on (its first login links it).
	NoPassword bool
	Roles      []RoleAssignment
	// Actor is who creates the account (recorded; "" is SystemActor),
	// Note why or through what (an import's row).
	Actor string
	Note  string
}

// CreateUser validates and stores a new account, with the record of its
// creation (adminlog) in the same write.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	var fs fault.Fields
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	nu.Name, nu.Title, nu.Email = strings.TrimSpace(nu.Name), strings.TrimSpace(nu.Title), strings.TrimSpace(nu.Email)
	if !ValidUsername(nu.Username) {
		fs.Add("/username", "invalid_username")
	}
	CheckProfile(&fs, nu.Name, nu.Title, nu.Email)
	switch {
	case nu.NoPassword && nu.Password != "":
		fs.Add("/password", "password_with_sso_only")
	case !nu.NoPassword:
		if code := PasswordProblem(nu.Password, nu.Username, nu.Name); code != "" {
			fs.Add("/password", code)
		}
	}
	for i := range nu.Roles {
		a := &nu.Roles[i]
		CheckRole(&fs, fmt.Sprintf("/roles/%d", i), *a)
		if a.ID == "" {
			a.ID = NewRoleID()
		}
		a.Source = ""
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return User{}, err
	}
	hash := ""
	if !nu.NoPassword {
		h, err := s.hash(ctx, nu.Password)
		if err != nil {
			return User{}, err
		}
		hash = h
	}
	u := User{ID: platform.NewID(), Username: nu.Username, Name: strings.TrimSpace(nu.Name), Title: nu.Title, Email: nu.Email,
		PasswordHash: hash, Roles: nu.Roles, CreatedAt: s.clock.Now().UTC()}
	s.record(&u, nu.Actor, ActionUserCreated, "", nil, map[string]any{"account": u.View(), "roles": u.LocalRoles()}, nu.Note)
	return s.store.InsertUser(ctx, u)
}

// hash hashes a new password in a slot of the hashing pool, waiting for
// one: setting a password is rare and never anonymous.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	select {
	case s.hashers <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.hashers }()
	return s.cost.Hash(password)
}

// User returns the user with the given id.
func (s *Service) User(ctx context.Context, id string) (User, error) { return s.store.GetUser(ctx, id) }

// UserByUsername returns the user with the given username.
func (s *Service) UserByUsername(ctx context.Context, username string) (User, error) {
	return s.store.GetUserByUsername(ctx, strings.ToLower(username))
}

// Users lists every user.
func (s *Service) Users(ctx context.Context) ([]User, error) { return s.store.ListUsers(ctx) }

// FindUsers returns one page of the users matching f, in username order,
// and how many match.
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]User, int64, error) {
	return s.store.FindUsers(ctx, f)
}

// UsersByUsername returns the users with the given usernames (lower-cased),
// in username order; unknown usernames are left out.
func (s *Service) UsersByUsername(ctx context.Context, usernames []string) ([]User, error) {
	low := make([]string, len(usernames))
	for i, n := range usernames {
		low[i] = strings.ToLower(n)
	}
	return s.store.UsersByUsername(ctx, low)
}

// CountUsers returns how many users there are, without reading them.
func (s *Service) CountUsers(ctx context.Context) (int64, error) { return s.store.CountUsers(ctx) }

// Authenticate checks a username and password, counting the attempt
// before the check against the limits of ThrottlePolicy. Every failure
// looks the same to the caller (invalid_credentials) except throttling
// (too_many_attempts) and a full hashing pool (login_busy).
func (s *Service) Authenticate(ctx context.Context, username, password, clientIP string) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	a, err := s.begin(ctx, username, clientIP)
	if err != nil {
		return User{}, err
	}
	u, err := s.check(ctx, a, username, password)
	if err == nil {
		a.GiveBack(ctx)
	}
	return u, err
}

// check runs a counted attempt: the per-account slow-down, then the
// password check in a slot of the hashing pool. An attempt that is not
// checked (no free slot, the client gone, the store failing) is given
// back; a failed check stays counted.
func (s *Service) check(ctx context.Context, a *Attempt, username, password string) (User, error) {
	if a.delay > 0 {
		if err := sleep(ctx, a.delay); err != nil {
			a.GiveBack(ctx)
			return User{}, err
		}
	}
	release, ok := s.hashSlot(ctx)
	if !ok {
		a.GiveBack(ctx)
		return User{}, ErrLoginBusy
	}
	defer release()
	u, err := s.store.GetUserByUsername(ctx, username)
	switch {
	case errors.Is(err, fault.ErrNotFound) || !ValidUsername(username):
		_, _ = s.verify(dummyHash(s.cost), password) // same cost as a real check
		return User{}, ErrInvalidCredentials
	case err != nil:
		a.GiveBack(ctx)
		return User{}, err
	}
	ok, err = s.verify(u.PasswordHash, password)
	if err != nil || !ok || u.Disabled {
		return User{}, ErrInvalidCredentials
	}
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
