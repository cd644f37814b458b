package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// The account changes of the administration. They hold the rules of an
// account (valid fields, the password rule, roles that do not overlap) and
// write each change with its record (adminlog) in one update; who may make
// them is decided by the use case that calls them (internal/admin).

// Actions recorded in a user's chain.
const (
	ActionUserCreated     = "user_created"
	ActionUserChanged     = "user_changed"
	ActionPasswordReset   = "password_reset"
	ActionPasswordChanged = "password_changed"
	ActionRoleGranted     = "role_granted"
	ActionRoleEnded       = "role_ended"
	ActionBaseline        = "baseline"
)

// SystemActor records changes no person made (start-up, migrations).
const SystemActor = "system"

// Faults of the account administration.
var (
	ErrWrongPassword = fault.New(fault.Unprocessable, "current_password_wrong")
	ErrNoLocalLogin  = fault.New(fault.Unprocessable, "no_local_password")
	ErrUnknownRole   = fault.New(fault.NotFound, "unknown_role_assignment")
	ErrUnknownUser   = fault.New(fault.NotFound, "unknown_user")
)

// MaxEmail and MaxName bound an e-mail address and a name (characters).
const (
	MaxEmail = 254
	MaxName  = 200
)

// ChainID is the id of the user's record chain.
func (u User) ChainID() string { return adminlog.ChainID("user", u.ID) }

// RoleID returns a's id, or for an assignment stored without one a stable
// id derived from its board, role, first day and source.
func RoleID(a RoleAssignment) string {
	if a.ID != "" {
		return a.ID
	}
	sum := sha256.Sum256([]byte(a.Board + "|" + string(a.Role) + "|" + a.ValidFrom.String() + "|" + a.Source))
	return "r" + hex.EncodeToString(sum[:5])
}

// LocalRoles returns the assignments made in Samstyr (not derived from an
// identity provider's claims), each with its id.
func (u User) LocalRoles() []RoleAssignment {
	var out []RoleAssignment
	for _, a := range u.Roles {
		if a.Source != SourceOIDC {
			a.ID = RoleID(a)
			out = append(out, a)
		}
	}
	return out
}

// SSORoles returns the assignments derived from the identity provider's
// claims at login.
func (u User) SSORoles() []RoleAssignment {
	var out []RoleAssignment
	for _, a := range u.Roles {
		if a.Source == SourceOIDC {
			a.ID = RoleID(a)
			out = append(out, a)
		}
	}
	return out
}

// HasPassword reports whether the account can log in with a password.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// accountState is what the administration sets on an account: the state
// its records vouch for. The name of an account whose name the identity
// provider keeps (linked or without a password) is not part of it, nor
// are roles from claims; the password is there as a digest of its hash.
type accountState struct {
	Username string           `json:"username"`
	Name     string           `json:"name,omitempty"`
	Title    string           `json:"title,omitempty"`
	Email    string           `json:"email,omitempty"`
	Disabled bool             `json:"disabled,omitempty"`
	Password string           `json:"password,omitempty"`
	Roles    []RoleAssignment `json:"roles"`
}

func (u User) accountState() accountState {
	s := accountState{Username: u.Username, Title: u.Title, Email: u.Email, Disabled: u.Disabled, Roles: u.LocalRoles()}
	if s.Roles == nil {
		s.Roles = []RoleAssignment{}
	}
	if u.External == nil && u.PasswordHash != "" {
		s.Name = u.Name
	}
	if u.PasswordHash != "" {
		sum := sha256.Sum256([]byte(u.PasswordHash))
		s.Password = hex.EncodeToString(sum[:])
	}
	return s
}

// StateDigest is the digest of what the administration set on u, "" for
// an account it never touched (created at a single sign-on login, with
// only the roles its claims give).
func (u User) StateDigest() string {
	s := u.accountState()
	if len(u.Log) == 0 && s.Password == "" && len(s.Roles) == 0 && !s.Disabled && s.Email == "" && s.Title == "" {
		return ""
	}
	return adminlog.StateDigest(s)
}

// AccountView is the part of an account a record shows before and after a
// change (never the password hash).
type AccountView struct {
	Username    string `json:"username"`
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Email       string `json:"email,omitempty"`
	Disabled    bool   `json:"disabled"`
	HasPassword bool   `json:"has_password"`
}

// View returns the account's view.
func (u User) View() AccountView {
	return AccountView{Username: u.Username, Name: u.Name, Title: u.Title, Email: u.Email, Disabled: u.Disabled, HasPassword: u.HasPassword()}
}

// record appends a record of a change to u, stating what u is now.
func (s *Service) record(u *User, actor, action, ref string, before, after any, note string) {
	if actor == "" {
		actor = SystemActor
	}
	u.Log.Append(u.ChainID(), adminlog.Record{At: s.clock.Now(), Actor: actor, Action: action, Ref: ref,
		Before: adminlog.JSON(before), After: adminlog.JSON(after), Note: note, State: adminlog.StateDigest(u.accountState())})
}

// ValidEmail reports whether s is one plain e-mail address.
func ValidEmail(s string) bool {
	if utf8.RuneCountInString(s) > MaxEmail || !fieldtext.LineOK(s) {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && strings.Contains(s, "@")
}

// CheckProfile validates a person's name, title and e-mail address as
// CreateUser does (fields /name, /title, /email), so that a caller can
// refuse them before writing anything else.
func CheckProfile(fs *fault.Fields, name, title, email string) {
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		fs.Add("/name", "required")
	case n > MaxName:
		fs.Add("/name", "too_long")
	}
	fieldtext.Line(fs, "/name", name)
	if utf8.RuneCountInString(title) > MaxName {
		fs.Add("/title", "too_long")
	}
	fieldtext.Line(fs, "/title", title)
	if email != "" && !ValidEmail(email) {
		fs.Add("/email", "invalid_email")
	}
}

// CheckRole validates an assignment to be granted (at path, e.g. "" or
// "/roles/0"): a known role, a board (every board only for admin and
// revisor), a first day and a last day not before it.
func CheckRole(fs *fault.Fields, path string, a RoleAssignment) {
	if !a.Role.Valid() {
		fs.Add(path+"/role", "unknown_role")
	}
	if a.Board == "" || (a.Board == AllBoards && a.Role != RoleAdmin && a.Role != RoleRevisor) {
		fs.Add(path+"/board", "invalid_board")
	}
	switch {
	case a.ValidFrom.IsZero():
		fs.Add(path+"/valid_from", "required")
	case !a.ValidFrom.InRange():
		fs.Add(path+"/valid_from", "invalid_date")
	}
	if !a.ValidTo.IsZero() && !a.ValidFrom.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		fs.Add(path+"/valid_to", "valid_to_before_valid_from")
	} else if !a.ValidTo.IsZero() && !a.ValidTo.InRange() {
		fs.Add(path+"/valid_to", "invalid_date")
	}
}

// overlaps reports whether two periods (zero end: open) share a day.
func overlaps(aFrom, aTo, bFrom, bTo platform.Date) bool {
	return (aTo.IsZero() || !aTo.Before(bFrom)) && (bTo.IsZero() || !bTo.Before(aFrom))
}

// RoleOverlap returns the local assignment of the same role on the same
// board that shares a day with a, if any.
func (u User) RoleOverlap(a RoleAssignment) (RoleAssignment, bool) {
	for _, x := range u.LocalRoles() {
		if x.Board == a.Board && x.Role == a.Role && x.ID != a.ID && overlaps(x.ValidFrom, x.ValidTo, a.ValidFrom, a.ValidTo) {
			return x, true
		}
	}
	return RoleAssignment{}, false
}

// edit loads the user by username, applies fn and writes the user with
// fn's record, retrying on a concurrent write unless the caller named
// the version it saw (then a moved version is a conflict).
func (s *Service) edit(ctx context.Context, username string, version int64, fn func(u *User) error) (User, error) {
	for range 5 {
		u, err := s.store.GetUserByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
		if errors.Is(err, fault.ErrNotFound) {
			return User{}, ErrUnknownUser.WithDetail("user %q", username)
		}
		if err != nil {
			return User{}, err
		}
		if version != 0 && u.Version != version {
			return User{}, fault.ErrVersionConflict.WithDetail("user %s is at version %d", u.Username, u.Version)
		}
		if err := fn(&u); err != nil {
			return User{}, err
		}
		u, err = s.store.UpdateUser(ctx, u)
		if errors.Is(err, fault.ErrVersionConflict) && version == 0 {
			continue
		}
		return u, err
	}
	return User{}, fault.ErrVersionConflict
}

// AccountPatch changes an account's profile; nil fields stay as they are.
type AccountPatch struct {
	Name     *string
	Title    *string
	Email    *string
	Disabled *bool
}

// UpdateAccount changes name, title, e-mail or the disabled flag of an
// account (never deleting it: decisions and records name it). version 0
// applies the patch to the newest version.
func (s *Service) UpdateAccount(ctx context.Context, actor, username string, version int64, p AccountPatch, note string) (User, error) {
	return s.edit(ctx, username, version, func(u *User) error {
		before := u.View()
		if p.Name != nil {
			u.Name = strings.TrimSpace(*p.Name)
		}
		if p.Title != nil {
			u.Title = strings.TrimSpace(*p.Title)
		}
		if p.Email != nil {
			u.Email = strings.TrimSpace(*p.Email)
		}
		if p.Disabled != nil {
			u.Disabled = *p.Disabled
		}
		var fs fault.Fields
		CheckProfile(&fs, u.Name, u.Title, u.Email)
		if err := fs.Err(fault.Unprocessable); err != nil {
			return err
		}
		s.record(u, actor, ActionUserChanged, "", before, u.View(), note)
		return nil
	})
}

// ResetPassword sets a new password on an account (an administrator's
// reset). The password rule applies (PasswordProblem).
func (s *Service) ResetPassword(ctx context.Context, actor, username, password, note string) (User, error) {
	var hash string
	return s.edit(ctx, username, 0, func(u *User) error {
		if code := PasswordProblem(password, u.Username, u.Name); code != "" {
			return (&fault.Fields{{Field: "/password", Code: code}}).Err(fault.Unprocessable)
		}
		if hash == "" {
			h, err := s.hash(ctx, password)
			if err != nil {
				return err
			}
			hash = h
		}
		had := u.HasPassword()
		u.PasswordHash = hash
		s.record(u, actor, ActionPasswordReset, "", map[string]bool{"has_password": had}, map[string]bool{"has_password": true}, note)
		return nil
	})
}

// ChangeOwnPassword changes u's own password after checking the current
// one; the password rule applies to the new one.
func (s *Service) ChangeOwnPassword(ctx context.Context, u User, current, next string) (User, error) {
	if !u.HasPassword() {
		return User{}, ErrNoLocalLogin
	}
	if code := PasswordProblem(next, u.Username, u.Name); code != "" {
		return User{}, (&fault.Fields{{Field: "/new_password", Code: code}}).Err(fault.Unprocessable)
	}
	release, ok := s.hashSlot(ctx)
	if !ok {
		return User{}, ErrLoginBusy
	}
	good, err := s.verify(u.PasswordHash, current)
	release()
	if err != nil || !good {
		return User{}, (&fault.Fields{{Field: "/current_password", Code: ErrWrongPassword.Code}}).Err(fault.Unprocessable)
	}
	hash, err := s.hash(ctx, next)
	if err != nil {
		return User{}, err
	}
	return s.edit(ctx, u.Username, 0, func(x *User) error {
		if x.ID != u.ID || x.PasswordHash != u.PasswordHash {
			return fault.ErrVersionConflict.WithDetail("the password was changed meanwhile")
		}
		x.PasswordHash = hash
		s.record(x, u.Username, ActionPasswordChanged, "", nil, nil, "")
		return nil
	})
}

// GrantRole gives the user a role on a board for a period. It refuses an
// assignment that shares a day with another of the same role and board
// (role_overlaps). The board's existence is the caller's to check.
func (s *Service) GrantRole(ctx context.Context, actor, username string, a RoleAssignment, note string) (User, RoleAssignment, error) {
	a.Source = ""
	var fs fault.Fields
	CheckRole(&fs, "", a)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return User{}, a, err
	}
	if a.ID == "" {
		a.ID = NewRoleID()
	}
	u, err := s.edit(ctx, username, 0, func(u *User) error {
		for _, x := range u.LocalRoles() {
			if x.ID == a.ID {
				return fault.New(fault.Conflict, "role_exists").WithDetail("assignment %s exists", a.ID)
			}
		}
		if x, ok := u.RoleOverlap(a); ok {
			f := fault.New(fault.Conflict, "role_overlaps").WithDetail("%s already holds %s on %s from %s", u.Username, a.Role, a.Board, x.ValidFrom)
			f.Fields = []fault.FieldError{{Field: "/valid_from", Code: "role_overlaps", Detail: "overlaps assignment " + x.ID}}
			return f
		}
		u.Roles = append(u.Roles, a)
		s.record(u, actor, ActionRoleGranted, a.ID, nil, a, note)
		return nil
	})
	return u, a, err
}

// EndRole sets the last day of a role assignment made in Samstyr (it is
// never deleted: the history of who held what stays).
func (s *Service) EndRole(ctx context.Context, actor, username, roleID string, validTo platform.Date, note string) (User, RoleAssignment, error) {
	var ended RoleAssignment
	u, err := s.edit(ctx, username, 0, func(u *User) error {
		i := slices.IndexFunc(u.Roles, func(a RoleAssignment) bool { return RoleID(a) == roleID })
		if i < 0 {
			return ErrUnknownRole.WithDetail("%s has no role assignment %s", u.Username, roleID)
		}
		a := u.Roles[i]
		if a.Source == SourceOIDC {
			return fault.New(fault.Unprocessable, "role_from_sso").WithDetail("roles from the identity provider end at its next login")
		}
		var fs fault.Fields
		switch {
		case validTo.IsZero():
			fs.Add("/valid_to", "required")
		case !validTo.InRange():
			fs.Add("/valid_to", "invalid_date")
		case validTo.Before(a.ValidFrom):
			fs.Add("/valid_to", "valid_to_before_valid_from")
		}
		if err := fs.Err(fault.Unprocessable); err != nil {
			return err
		}
		before := a
		before.ID = RoleID(a)
		a.ID = before.ID
		a.ValidTo = validTo
		u.Roles[i] = a
		ended = a
		s.record(u, actor, ActionRoleEnded, a.ID, before, a, note)
		return nil
	})
	return u, ended, err
}

// Baseline records the account as it is, for an account that has no
// record yet (the state an upgrade found). It is idempotent.
func (u *User) Baseline(at func() adminlog.Record) bool {
	if len(u.Log) > 0 || u.StateDigest() == "" {
		return false
	}
	r := at()
	r.Action, r.After, r.State = ActionBaseline, adminlog.JSON(u.View()), adminlog.StateDigest(u.accountState())
	u.Log.Append(u.ChainID(), r)
	return true
}

// NewRoleID returns a new role assignment id: "r" and 12 random hex
// digits.
func NewRoleID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "r" + hex.EncodeToString(b)
}
