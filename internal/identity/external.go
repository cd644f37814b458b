package identity

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// SourceOIDC marks a role assignment derived from an OIDC provider's
// claims; such assignments are replaced at every login.
const SourceOIDC = "oidc"

// ExternalID is the account at an OIDC provider a user is linked to: the
// provider's issuer and its stable subject identifier ("sub").
type ExternalID struct {
	Issuer  string `json:"issuer"`
	Subject string `json:"subject"`
}

// ExternalLogin is a verified login at an OIDC provider, with the roles
// its claims map to (only Board and Role of each are read).
type ExternalLogin struct {
	ID       ExternalID
	Username string
	Name     string
	Roles    []RoleAssignment
}

// externalUsernamePattern also allows "@": providers such as Entra ID
// give user principal names (anna.svensson@kommun.se) as usernames. Such
// accounts have no password, so the local login never sees them.
var externalUsernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{1,63}$`)

// ValidExternalUsername reports whether s is an acceptable username for an
// SSO account: like ValidUsername, and "@" is allowed too.
func ValidExternalUsername(s string) bool { return externalUsernamePattern.MatchString(s) }

// isASCII reports whether s has only ASCII characters.
func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Faults of just-in-time provisioning.
var (
	ErrExternalUsername = fault.New(fault.Forbidden, "sso_invalid_username")
	ErrExternalNoRoles  = fault.New(fault.Forbidden, "sso_no_roles")
	ErrExternalConflict = fault.New(fault.Conflict, "sso_account_conflict")
	ErrExternalDisabled = fault.New(fault.Forbidden, "sso_account_disabled")
)

// ProvisionExternal creates or updates the user behind an external login
// (just-in-time provisioning). The user is found by its provider account
// (issuer and subject), else by username for a first login; a local
// account of that name, or one linked to another external account, is
// never taken over (sso_account_conflict), but an account the
// administration created for single sign-on (SSOOnly) is linked. The user's name is refreshed
// and its OIDC-derived role assignments are replaced by el.Roles: new
// ones start today, ones no longer granted end yesterday (kept as
// history), and assignments made in Samstyr are left alone. A user left
// with no role valid today (its claims map to none and it holds no role
// made in Samstyr) is updated (its OIDC roles closed) and then refused
// with sso_no_roles; a new user whose claims map to no role is not
// created.
func (s *Service) ProvisionExternal(ctx context.Context, el ExternalLogin) (User, error) {
	// Check the claim as sent before folding its case: strings.ToLower
	// would turn look-alikes such as the Kelvin sign into ASCII letters
	// and so into somebody else's username.
	raw := strings.TrimSpace(el.Username)
	el.Username = strings.ToLower(raw)
	if !ValidExternalUsername(el.Username) || !isASCII(raw) {
		return User{}, ErrExternalUsername.WithDetail("username %q", el.Username)
	}
	if el.ID.Issuer == "" || el.ID.Subject == "" {
		return User{}, ErrExternalConflict.WithDetail("login without issuer or subject")
	}
	name := strings.TrimSpace(el.Name)
	if name == "" {
		name = el.Username
	}
	for range 5 {
		today := platform.DateOf(s.clock.Now())
		// The provider's account (issuer and subject) identifies the user;
		// the username claim only names a new one. A user renamed at the
		// provider keeps its Samstyr account and username (decisions and
		// history name it), instead of getting a second account.
		u, err := s.store.GetUserByExternal(ctx, el.ID)
		if errors.Is(err, fault.ErrNotFound) {
			u, err = s.store.GetUserByUsername(ctx, el.Username)
		}
		switch {
		case errors.Is(err, fault.ErrNotFound):
			if len(el.Roles) == 0 {
				return User{}, ErrExternalNoRoles
			}
			id := el.ID
			u, err = s.store.InsertUser(ctx, User{ID: platform.NewID(), Username: el.Username, Name: name, External: &id,
				Roles: MergeExternalRoles(nil, el.Roles, today), CreatedAt: s.clock.Now().UTC()})
			if errors.Is(err, ErrUsernameTaken) {
				continue // created meanwhile by a parallel login: update it instead
			}
			return u, err
		case err != nil:
			return User{}, err
		}
		link := u.External == nil && SSOOnly(u)
		if !link && (u.External == nil || *u.External != el.ID) {
			return User{}, ErrExternalConflict.WithDetail("username %q belongs to another account", el.Username)
		}
		if u.Disabled {
			return User{}, ErrExternalDisabled
		}
		roles := MergeExternalRoles(u.Roles, el.Roles, today)
		if link || u.Name != name || !slices.Equal(roles, u.Roles) {
			if link {
				id := el.ID
				u.External = &id
			}
			u.Name, u.Roles = name, roles
			u, err = s.store.UpdateUser(ctx, u)
			if errors.Is(err, fault.ErrVersionConflict) {
				continue
			}
			if err != nil {
				return User{}, err
			}
		}
		if len(u.RolesOn(today)) == 0 {
			return User{}, ErrExternalNoRoles
		}
		return u, nil
	}
	return User{}, fault.ErrVersionConflict
}

// SSOOnly reports whether u is an account the administration created
// without a password, for single sign-on: its first login at the
// provider links it (a local account with a password never is).
func SSOOnly(u User) bool { return u.PasswordHash == "" && len(u.Log) > 0 }

// MergeExternalRoles returns existing with its OIDC-derived assignments
// replaced by granted (Board and Role read) as of today. Assignments made
// in Samstyr are kept as they are; an OIDC assignment still granted is
// kept with its start date; one no longer granted ends yesterday (or is
// dropped if it began today); a newly granted one starts today. Ended OIDC
// assignments stay as history.
func MergeExternalRoles(existing, granted []RoleAssignment, today platform.Date) []RoleAssignment {
	type key struct {
		board string
		role  Role
	}
	want := map[key]bool{}
	var order []key
	for _, g := range granted {
		k := key{g.Board, g.Role}
		if !want[k] {
			want[k] = true
			order = append(order, k)
		}
	}
	out := []RoleAssignment{}
	held := map[key]bool{}
	for _, a := range existing {
		k := key{a.Board, a.Role}
		current := a.ValidTo.IsZero() || !a.ValidTo.Before(today)
		switch {
		case a.Source != SourceOIDC || !current:
			out = append(out, a)
		case want[k] && !held[k]:
			held[k] = true
			out = append(out, a)
		default:
			a.ValidTo = today.AddDays(-1)
			if !a.ValidTo.Before(a.ValidFrom) {
				out = append(out, a)
			}
		}
	}
	for _, k := range order {
		if !held[k] {
			out = append(out, RoleAssignment{Board: k.board, Role: k.role, ValidFrom: today, Source: SourceOIDC})
		}
	}
	return out
}
