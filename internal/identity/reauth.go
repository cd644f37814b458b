package identity

import (
	"context"
	"errors"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
)

// Proof is what a person gives to confirm an act that binds them (a
// signature on a decision, the justering of a protocol): the password
// again, or a single sign-on login just made for the purpose (step-up,
// with prompt=login and max_age=0).
type Proof struct {
	// Password is the person's password, typed again.
	Password string
	// ClientIP counts a password attempt against the login throttle.
	ClientIP string
	// SSOAuthAt is the auth_time of an ID token the caller verified for
	// this user (issuer and subject matched) during a step-up login; it
	// counts when at most StepUpMaxAge old.
	SSOAuthAt time.Time
}

// StepUpMaxAge is how old a single sign-on step-up login may be to
// confirm a signature.
const StepUpMaxAge = 5 * time.Minute

// Faults of a confirmation. Both carry the field /password.
var (
	ErrReauthRequired = fault.New(fault.Unprocessable, "reauth_required")
	ErrReauthFailed   = fault.New(fault.Unprocessable, "reauth_failed")
)

func reauthFault(f *fault.Error) error {
	e := *f
	e.Fields = []fault.FieldError{{Field: "/password", Code: f.Code}}
	return &e
}

// Confirm checks that the person acting as u is u now: their password
// (counted against the login throttle like a login, so it cannot be
// guessed faster there) or a fresh single sign-on step-up. Nothing else
// confirms: an open session or an API token alone does not.
func (s *Service) Confirm(ctx context.Context, u User, p Proof) error {
	if p.Password == "" {
		if !p.SSOAuthAt.IsZero() && u.External != nil {
			age := s.clock.Now().Sub(p.SSOAuthAt)
			if age >= -time.Minute && age <= StepUpMaxAge {
				return nil
			}
		}
		return reauthFault(ErrReauthRequired)
	}
	a, err := s.begin(ctx, u.Username, p.ClientIP)
	if err != nil {
		return err
	}
	got, err := s.check(ctx, a, u.Username, p.Password)
	if errors.Is(err, ErrInvalidCredentials) {
		return reauthFault(ErrReauthFailed)
	}
	if err != nil {
		return err
	}
	if got.ID != u.ID {
		return reauthFault(ErrReauthFailed)
	}
	a.GiveBack(ctx)
	return nil
}
