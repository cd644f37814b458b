// Package identity knows who is acting: users (local accounts with
// argon2id passwords), their roles per nämnd with validity periods, API
// tokens, web sessions and login throttling. Other login methods (OIDC)
// plug in by resolving a User and calling StartSession or IssueToken.
//
// Passwords are hashed at DefaultPasswordCost (argon2id, 19 MiB, t=2,
// p=1). WithPasswordCost(InsecureTestPasswordCost) is the test kits'
// switch to a cheap cost (internal/testkit/apptest, the workflow tests);
// no setting or environment variable selects it, and each hash carries
// its cost, so VerifyPassword checks either.
package identity

import (
	"context"
	"regexp"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Role is a function a user holds on a board.
type Role string

// The roles Samstyr knows. Swedish terms in the glossary (DOMAIN.md).
const (
	RoleHandlaggare      Role = "handlaggare"      // handläggare: drafts cases and memos
	RoleOrdforande       Role = "ordforande"       // ordförande: chairs the board, signs
	RoleViceOrdforande   Role = "vice_ordforande"  // vice ordförande: the chair's substitute
	RoleSekreterare      Role = "sekreterare"      // nämndsekreterare: registry, meetings, protocol
	RoleForvaltningschef Role = "forvaltningschef" // förvaltningschef (e.g. IT-chef)
	RoleLedamot          Role = "ledamot"          // ledamot: member of the board
	RoleErsattare        Role = "ersattare"        // ersättare: substitute member
	RoleRevisor          Role = "revisor"          // revisor: reads everything, changes nothing
	RoleAdmin            Role = "admin"            // systemadministratör
	RoleArkivarie        Role = "arkivarie"        // arkivarie: delivers to the e-archive, runs gallring under the plan
	RoleRegistrator      Role = "registrator"      // registrator: diarieför ärenden och handlingar
)

// Roles lists every role in display order.
var Roles = []Role{RoleHandlaggare, RoleOrdforande, RoleViceOrdforande, RoleSekreterare,
	RoleForvaltningschef, RoleLedamot, RoleErsattare, RoleRevisor, RoleAdmin, RoleArkivarie, RoleRegistrator}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// AllBoards is the board code of an assignment that covers every board
// (only for admin and revisor).
const AllBoards = "*"

// RoleAssignment gives a user a role on a board from ValidFrom through
// ValidTo (both inclusive; a zero ValidTo means open-ended).
type RoleAssignment struct {
	// ID names the assignment for ending it (RoleID when empty: older
	// assignments were stored without one).
	ID        string        `json:"id,omitempty"`
	Board     string        `json:"board"`
	Role      Role          `json:"role"`
	ValidFrom platform.Date `json:"valid_from"`
	ValidTo   platform.Date `json:"valid_to"`
	// Source is empty for assignments made in Samstyr and SourceOIDC for
	// those derived from the identity provider's claims at login.
	Source string `json:"source,omitempty"`
}

// ValidOn reports whether the assignment holds on date d.
func (a RoleAssignment) ValidOn(d platform.Date) bool {
	return !d.Before(a.ValidFrom) && (a.ValidTo.IsZero() || !d.After(a.ValidTo))
}

// User is a person who can log in. One document per user; its role
// assignments live inside it.
type User struct {
	ID           string           `json:"id"`
	Username     string           `json:"username"`
	Name         string           `json:"name"`
	Title        string           `json:"title,omitempty"` // befattning, e.g. "IT-chef"
	Email        string           `json:"email,omitempty"`
	PasswordHash string           `json:"password_hash,omitempty"`
	Disabled     bool             `json:"disabled"`
	Roles        []RoleAssignment `json:"roles"`
	// External links the user to an account at an OIDC provider; nil for
	// local accounts.
	External  *ExternalID `json:"external,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	// Log is the administration's record of the account (adminlog):
	// who created it, changed it, granted and ended its roles.
	Log     adminlog.Log `json:"log,omitempty"`
	Version int64        `json:"-"`
}

// RolesOn returns the assignments valid on date d.
func (u User) RolesOn(d platform.Date) []RoleAssignment {
	var out []RoleAssignment
	for _, a := range u.Roles {
		if a.ValidOn(d) {
			out = append(out, a)
		}
	}
	return out
}

// HasRole reports whether u holds role on board on date d (an AllBoards
// assignment counts for every board).
func (u User) HasRole(board string, role Role, d platform.Date) bool {
	for _, a := range u.RolesOn(d) {
		if a.Role == role && (a.Board == board || a.Board == AllBoards) {
			return true
		}
	}
	return false
}

// ReadOnlyOn reports whether u is revisor on board on date d (an
// AllBoards assignment counts for every board). A revisor audits the
// board and changes nothing on it, whatever else they hold.
func (u User) ReadOnlyOn(board string, d platform.Date) bool { return u.HasRole(board, RoleRevisor, d) }

// CredentialKind tells API tokens from web sessions.
type CredentialKind string

// Credential kinds.
const (
	KindAPIToken   CredentialKind = "api_token"
	KindWebSession CredentialKind = "web_session"
)

// Credential is an issued API token or web session. Its ID is the SHA-256
// digest of the secret the client holds; the secret itself is never stored.
type Credential struct {
	ID        string         `json:"id"`
	Kind      CredentialKind `json:"kind"`
	UserID    string         `json:"user_id"`
	CSRF      string         `json:"csrf,omitempty"` // web sessions: synchroniser token
	CreatedAt time.Time      `json:"created_at"`
	ExpiresAt time.Time      `json:"expires_at"`
	RevokedAt *time.Time     `json:"revoked_at,omitempty"`
	Method    string         `json:"method"` // "password" or "oidc"
	Version   int64          `json:"-"`
}

// Storer is what identity needs from storage. Get* return fault.ErrNotFound
// for a missing record; Update* are version-guarded and return
// fault.ErrVersionConflict when the stored version moved on.
type Storer interface {
	InsertUser(ctx context.Context, u User) (User, error)
	GetUser(ctx context.Context, id string) (User, error)
	GetUserByUsername(ctx context.Context, username string) (User, error)
	// GetUserByExternal loads the user linked to an OIDC provider account.
	GetUserByExternal(ctx context.Context, id ExternalID) (User, error)
	UpdateUser(ctx context.Context, u User) (User, error)
	ListUsers(ctx context.Context) ([]User, error)
	// FindUsers returns one page of the users matching f, in username
	// order, and how many match, without reading the others.
	FindUsers(ctx context.Context, f UserFilter) ([]User, int64, error)
	// UsersByUsername returns the users with the given usernames, in
	// username order; unknown usernames are left out.
	UsersByUsername(ctx context.Context, usernames []string) ([]User, error)
	// CountUsers returns how many users there are.
	CountUsers(ctx context.Context) (int64, error)
	InsertCredential(ctx context.Context, c Credential) (Credential, error)
	GetCredential(ctx context.Context, id string) (Credential, error)
	UpdateCredential(ctx context.Context, c Credential) (Credential, error)
	// CountAttempts adds delta to the login attempt counter key of the
	// throttle window that starts at window and lasts length, in one
	// atomic write that never conflicts, and returns the new count.
	CountAttempts(ctx context.Context, key string, window time.Time, length time.Duration, delta int64) (int64, error)
	// PurgeAttempts deletes up to limit counters of windows that ended
	// before t, and returns how many it deleted.
	PurgeAttempts(ctx context.Context, t time.Time, limit int) (int, error)
}

// UserFilter asks for one page of the users: those whose name or username
// contains Text, compared case-insensitively (store.Fold; every user when
// Text is empty), Limit of them after skipping Offset.
type UserFilter struct {
	Text          string
	Offset, Limit int
}

// Faults returned by this package.
var (
	ErrInvalidCredentials = fault.New(fault.Unauthenticated, "invalid_credentials")
	ErrUnauthenticated    = fault.New(fault.Unauthenticated, "unauthenticated")
	ErrTokenExpired       = fault.New(fault.Unauthenticated, "token_expired")
	ErrTooManyAttempts    = fault.New(fault.TooMany, "too_many_attempts")
	ErrUsernameTaken      = fault.New(fault.Conflict, "username_taken")
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// ValidUsername reports whether s is an acceptable username: 2–64 lower-case
// ASCII letters, digits, dots, dashes and underscores.
func ValidUsername(s string) bool { return usernamePattern.MatchString(s) }
