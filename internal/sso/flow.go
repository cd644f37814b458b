package sso

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// PendingTTL is how long a started login may take at the provider.
const PendingTTL = 10 * time.Minute

// Pending is a started login, kept by the browser in a short-lived
// HttpOnly cookie until the callback: the state that ties the callback to
// this browser, the nonce the ID token must carry, and the PKCE verifier
// that only this browser's callback can present.
type Pending struct {
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Expires  time.Time `json:"e"`
}

// Encode returns p as a cookie value.
func (p Pending) Encode() string {
	b, _ := json.Marshal(p)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodePending reads a cookie value written by Encode.
func DecodePending(s string) (Pending, error) {
	var p Pending
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(s) > 1024 || json.Unmarshal(b, &p) != nil || p.State == "" || p.Nonce == "" || p.Verifier == "" {
		return Pending{}, ErrState.WithDetail("no or malformed login cookie")
	}
	return p, nil
}

// Start begins a login: it returns the provider's authorization URL to
// send the browser to, and the Pending to keep in its cookie.
func (c *Client) Start(ctx context.Context) (string, Pending, error) {
	return c.start(ctx)
}

func (c *Client) start(ctx context.Context, opts ...oauth2.AuthCodeOption) (string, Pending, error) {
	d, err := c.discover(ctx)
	if err != nil {
		return "", Pending{}, err
	}
	p := Pending{State: platform.Secret("", 24), Nonce: platform.Secret("", 24), Verifier: oauth2.GenerateVerifier(),
		Expires: c.clock.Now().Add(PendingTTL).UTC()}
	opts = append([]oauth2.AuthCodeOption{oidc.Nonce(p.Nonce), oauth2.S256ChallengeOption(p.Verifier)}, opts...)
	return d.oauth.AuthCodeURL(p.State, opts...), p, nil
}

// Finish completes a login at the callback with the callback's query: it
// checks the state against p, exchanges the code (with p's PKCE
// verifier), verifies the ID token (signature, issuer, audience, expiry,
// nonce, and the access token hash when present) and maps its claims.
func (c *Client) Finish(ctx context.Context, p Pending, q url.Values) (identity.ExternalLogin, error) {
	idt, err := c.finish(ctx, p, q)
	if err != nil {
		return identity.ExternalLogin{}, err
	}
	return c.login(idt)
}

// finish is Finish up to the verified ID token.
func (c *Client) finish(ctx context.Context, p Pending, q url.Values) (*oidc.IDToken, error) {
	state := q.Get("state")
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(p.State)) != 1 {
		return nil, ErrState.WithDetail("state does not match this browser's login")
	}
	if !c.clock.Now().Before(p.Expires) {
		return nil, ErrState.WithDetail("the login was started more than %s ago", PendingTTL)
	}
	if e := q.Get("error"); e != "" {
		return nil, ErrDenied.WithDetail("provider: %.100s: %.200s", e, q.Get("error_description"))
	}
	code := q.Get("code")
	if code == "" {
		return nil, ErrCodeRejected.WithDetail("no code in the callback")
	}
	d, err := c.discover(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := d.oauth.Exchange(c.httpContext(ctx), code, oauth2.VerifierOption(p.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return nil, ErrCodeRejected.WithDetail("token endpoint: %s %s", re.ErrorCode, re.ErrorDescription)
		}
		return nil, ErrUnavailable.WithDetail("token endpoint: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, ErrTokenInvalid.WithDetail("the token response has no id_token")
	}
	idt, err := d.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, verifyError(err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(p.Nonce)) != 1 {
		return nil, ErrTokenInvalid.WithDetail("the ID token's nonce is not this login's")
	}
	if err := c.authorisedParty(idt); err != nil {
		return nil, err
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, ErrTokenInvalid.WithDetail("at_hash: %v", err)
		}
	}
	return idt, nil
}

// VerifyIDToken checks an ID token presented to the API for a token
// exchange: signed by the provider's keys, issued by it, for our client id
// (and, when it names several audiences, authorised for us), not expired;
// then maps its claims. There is no nonce to check: the login was the
// presenting client's.
func (c *Client) VerifyIDToken(ctx context.Context, raw string) (identity.ExternalLogin, error) {
	d, err := c.discover(ctx)
	if err != nil {
		return identity.ExternalLogin{}, err
	}
	idt, err := d.verifier.Verify(ctx, raw)
	if err != nil {
		return identity.ExternalLogin{}, verifyError(err)
	}
	if err := c.authorisedParty(idt); err != nil {
		return identity.ExternalLogin{}, err
	}
	// A token exchange must be made right after the login that produced
	// the ID token: an older one (kept in a log or a browser's storage)
	// would otherwise stay a credential until it expires, and could bring
	// back roles the provider has withdrawn since.
	now := c.clock.Now()
	if age := now.Sub(idt.IssuedAt); idt.IssuedAt.IsZero() || age > MaxExchangeAge || age < -clockSkew {
		return identity.ExternalLogin{}, ErrTokenInvalid.WithDetail("the ID token was issued at %s; exchange one at most %v old",
			idt.IssuedAt.UTC().Format(time.RFC3339), MaxExchangeAge)
	}
	return c.login(idt)
}

// MaxExchangeAge is how old an ID token may be when it is exchanged.
const MaxExchangeAge = 5 * time.Minute

// clockSkew is how far in the future an ID token's issue time may be.
const clockSkew = time.Minute

// authorisedParty checks the azp claim: with several audiences it must be
// present, and whenever present it must name our client id (OIDC Core
// 3.1.3.7), so another client's token that merely lists us is refused.
func (c *Client) authorisedParty(idt *oidc.IDToken) error {
	var az struct {
		AZP string `json:"azp"`
	}
	if err := idt.Claims(&az); err != nil {
		return ErrTokenInvalid.WithDetail("claims: %v", err)
	}
	if (len(idt.Audience) > 1 || az.AZP != "") && az.AZP != c.cfg.ClientID {
		return ErrTokenInvalid.WithDetail("the ID token was issued to %q, not to us", az.AZP)
	}
	return nil
}
