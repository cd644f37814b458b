package sso

import (
	"context"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
)

// Faults of a step-up login (a login made again to confirm a signature).
var (
	// ErrStepUpAccount: the provider's login was another account than
	// the signer's own.
	ErrStepUpAccount = fault.New(fault.Forbidden, "sso_stepup_other_account")
	// ErrStepUpStale: the ID token does not show a login made now, for
	// this signature (no auth_time, one before the step-up began, or one
	// older than identity.StepUpMaxAge).
	ErrStepUpStale = fault.New(fault.Unprocessable, "sso_stepup_stale")
)

// StartStepUp begins a step-up login for a signature: like Start (state,
// nonce, PKCE), but asking the provider to let the person log in again
// whatever session they have there (prompt=login, max_age=0), so the ID
// token's auth_time is the moment they proved who they are.
func (c *Client) StartStepUp(ctx context.Context) (string, Pending, error) {
	return c.start(ctx, oauth2.SetAuthURLParam("prompt", "login"), oauth2.SetAuthURLParam("max_age", "0"))
}

// FinishStepUp completes a step-up login at the callback: everything
// Finish checks (state, PKCE, the ID token's signature, issuer, audience,
// expiry, nonce), then that the token is of the account want (the
// signer's own external identity: issuer and subject) and that its
// auth_time is a login made after the step-up began and at most
// identity.StepUpMaxAge ago. It returns that auth_time, the proof's
// identity.Proof.SSOAuthAt.
func (c *Client) FinishStepUp(ctx context.Context, p Pending, q url.Values, want identity.ExternalID) (time.Time, error) {
	idt, err := c.finish(ctx, p, q)
	if err != nil {
		return time.Time{}, err
	}
	if want.Issuer == "" || want.Subject == "" || idt.Issuer != want.Issuer || idt.Subject != want.Subject {
		return time.Time{}, ErrStepUpAccount.WithDetail("the step-up login was %s at %s", idt.Subject, idt.Issuer)
	}
	var claims struct {
		AuthTime float64 `json:"auth_time"`
	}
	if err := idt.Claims(&claims); err != nil {
		return time.Time{}, ErrTokenInvalid.WithDetail("claims: %v", err)
	}
	if claims.AuthTime <= 0 {
		return time.Time{}, ErrStepUpStale.WithDetail("the ID token has no auth_time")
	}
	at := time.Unix(int64(claims.AuthTime), 0).UTC()
	began := p.Expires.Add(-PendingTTL)
	now := c.clock.Now()
	// auth_time has whole seconds: a login in the second the step-up
	// began counts.
	if at.Before(began.Truncate(time.Second).Add(-clockSkew)) || now.Sub(at) > identity.StepUpMaxAge || at.Sub(now) > clockSkew {
		return time.Time{}, ErrStepUpStale.WithDetail("auth_time %s, step-up began %s, now %s",
			at.Format(time.RFC3339), began.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return at, nil
}
