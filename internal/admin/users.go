package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// UserInput creates an account. An empty Password makes an account
// without one, which logs in only through single sign-on.
type UserInput struct {
	Username, Name, Title, Email string
	Password                     string
	// Roles are granted with the account (the demo and imports).
	Roles []identity.RoleAssignment
	Note  string
}

// checkBoards refuses roles on boards that do not exist (path prefix is
// where the roles are, e.g. "/roles/%d" or "").
func (s *Service) checkBoards(ctx context.Context, roles []identity.RoleAssignment, path func(i int) string) error {
	var fs fault.Fields
	for i, a := range roles {
		if a.Board == "" || a.Board == identity.AllBoards {
			continue
		}
		_, err := s.boards.GetBoard(ctx, a.Board)
		if errors.Is(err, board.ErrUnknownBoard) {
			fs.Add(path(i)+"/board", "unknown_board")
		} else if err != nil {
			return err
		}
	}
	return fs.Err(fault.Unprocessable)
}

// CreateUser creates a person's account (an administrator): username,
// name, e-mail, optionally a password (the password rule applies) and
// roles. A taken username is username_taken.
func (s *Service) CreateUser(ctx context.Context, u identity.User, in UserInput) (identity.User, error) {
	if err := s.requireAdmin(u); err != nil {
		return identity.User{}, err
	}
	if err := s.checkBoards(ctx, in.Roles, func(i int) string { return fmt.Sprintf("/roles/%d", i) }); err != nil {
		return identity.User{}, err
	}
	nu, err := s.id.CreateUser(ctx, identity.NewUser{Username: in.Username, Name: in.Name, Title: in.Title, Email: in.Email,
		Password: in.Password, NoPassword: in.Password == "", Roles: in.Roles, Actor: u.Username, Note: in.Note})
	if errors.Is(err, identity.ErrUsernameTaken) {
		f := identity.ErrUsernameTaken.WithDetail("username %q is taken", in.Username)
		f.Fields = []fault.FieldError{{Field: "/username", Code: identity.ErrUsernameTaken.Code}}
		return identity.User{}, f
	}
	return nu, err
}

// Users lists every account (an administrator).
func (s *Service) Users(ctx context.Context, u identity.User) ([]identity.User, error) {
	if err := s.requireAuditor(u); err != nil {
		return nil, err
	}
	return s.id.Users(ctx)
}

// User returns one account (an administrator or a revisor).
func (s *Service) User(ctx context.Context, u identity.User, username string) (identity.User, error) {
	if err := s.requireAuditor(u); err != nil {
		return identity.User{}, err
	}
	x, err := s.id.UserByUsername(ctx, username)
	if errors.Is(err, fault.ErrNotFound) {
		return x, identity.ErrUnknownUser.WithDetail("user %q", username)
	}
	return x, err
}

// UpdateUser changes an account's name, title, e-mail, or disables or
// enables it (an administrator; accounts are never deleted). An
// administrator cannot disable their own account.
func (s *Service) UpdateUser(ctx context.Context, u identity.User, username string, version int64, p identity.AccountPatch) (identity.User, error) {
	if err := s.requireAdmin(u); err != nil {
		return identity.User{}, err
	}
	if p.Disabled != nil && *p.Disabled && username == u.Username {
		return identity.User{}, (&fault.Fields{{Field: "/disabled", Code: "cannot_disable_self"}}).Err(fault.Unprocessable)
	}
	return s.id.UpdateAccount(ctx, u.Username, username, version, p, "")
}

// ResetPassword sets a new password for an account (an administrator).
func (s *Service) ResetPassword(ctx context.Context, u identity.User, username, password string) (identity.User, error) {
	if err := s.requireAdmin(u); err != nil {
		return identity.User{}, err
	}
	return s.id.ResetPassword(ctx, u.Username, username, password, "")
}

// ChangeOwnPassword changes u's own password (anyone with a password).
func (s *Service) ChangeOwnPassword(ctx context.Context, u identity.User, current, next string) (identity.User, error) {
	return s.id.ChangeOwnPassword(ctx, u, current, next)
}

// GrantRole gives an account a role on a board for a period (an
// administrator). The board must exist; a period sharing a day with the
// account's other assignment of the same role and board is role_overlaps.
func (s *Service) GrantRole(ctx context.Context, u identity.User, username string, a identity.RoleAssignment) (identity.User, identity.RoleAssignment, error) {
	if err := s.requireAdmin(u); err != nil {
		return identity.User{}, a, err
	}
	if err := s.checkBoards(ctx, []identity.RoleAssignment{a}, func(int) string { return "" }); err != nil {
		return identity.User{}, a, err
	}
	return s.id.GrantRole(ctx, u.Username, username, a, "")
}

// EndRole sets the last day of a role assignment (an administrator); it
// is never deleted.
func (s *Service) EndRole(ctx context.Context, u identity.User, username, roleID string, validTo platform.Date) (identity.User, identity.RoleAssignment, error) {
	if err := s.requireAdmin(u); err != nil {
		return identity.User{}, identity.RoleAssignment{}, err
	}
	return s.id.EndRole(ctx, u.Username, username, roleID, validTo, "")
}
