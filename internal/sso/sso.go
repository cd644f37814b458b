// Package sso is single sign-on (inloggning med organisationskonto) through
// an OpenID Connect provider such as Entra ID or Keycloak: the
// authorization code flow with state, nonce and PKCE for the web, ID token
// verification for the API's token exchange, and the mapping of the ID
// token's claims to a Samstyr username and role assignments.
//
// The provider's discovery document is fetched lazily, at the first login
// (serve also tries once at start, in the background), and a failed fetch
// is retried at the next login after a short pause; until it succeeds,
// SSO logins fail with sso_unavailable and local accounts still work.
package sso

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Method is the credential method of sessions and tokens issued after an
// SSO login.
const Method = "oidc"

// Faults of SSO logins. ErrUnavailable is the provider being unreachable
// (not the client's fault; the web and API answer 503).
var (
	ErrState        = fault.New(fault.Invalid, "sso_state_invalid")
	ErrDenied       = fault.New(fault.Forbidden, "sso_denied")
	ErrCodeRejected = fault.New(fault.Invalid, "sso_code_rejected")
	ErrTokenInvalid = fault.New(fault.Unauthenticated, "sso_token_invalid")
	ErrClaims       = fault.New(fault.Forbidden, "sso_claims_missing")
	ErrUnavailable  = fault.New(fault.Internal, "sso_unavailable")
)

// DefaultRetryPause is how long a failed discovery is remembered before
// the next login tries again.
const DefaultRetryPause = 5 * time.Second

// Client talks to one OIDC provider. It is safe for concurrent use.
type Client struct {
	cfg   config.OIDC
	clock platform.Clock
	log   *slog.Logger
	http  *http.Client
	// RetryPause is how long a failed discovery is remembered.
	RetryPause time.Duration

	mu       sync.Mutex
	ready    *discovered
	lastErr  error
	failedAt time.Time // wall time; discovery is about the network, not the domain clock
}

type discovered struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New returns a client for cfg (which must be enabled); nothing is
// fetched until the first use. ID token expiry is checked against clk.
func New(cfg config.OIDC, clk platform.Clock, log *slog.Logger) *Client {
	return &Client{cfg: cfg, clock: clk, log: log, RetryPause: DefaultRetryPause,
		http: &http.Client{Timeout: 10 * time.Second}}
}

// Issuer returns the configured issuer URL.
func (c *Client) Issuer() string { return c.cfg.Issuer }

// Warm fetches the discovery document now, logging the outcome; serve
// calls it once at start so a misconfiguration shows in the log early.
func (c *Client) Warm(ctx context.Context) {
	if _, err := c.discover(ctx); err != nil {
		c.log.WarnContext(ctx, "oidc discovery failed (retried at the next SSO login)", "issuer", c.cfg.Issuer, "err", err.Error())
		return
	}
	c.log.InfoContext(ctx, "oidc provider discovered", "issuer", c.cfg.Issuer)
}

func (c *Client) discover(ctx context.Context) (*discovered, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ready != nil {
		return c.ready, nil
	}
	if c.lastErr != nil && time.Since(c.failedAt) < c.RetryPause {
		return nil, ErrUnavailable.WithDetail("discovery failed %s ago: %v", time.Since(c.failedAt).Round(time.Millisecond), c.lastErr)
	}
	dctx, cancel := context.WithTimeout(oidc.ClientContext(context.WithoutCancel(ctx), c.http), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, c.cfg.Issuer)
	if err != nil {
		c.lastErr, c.failedAt = err, time.Now()
		return nil, ErrUnavailable.WithDetail("discovery: %v", err)
	}
	c.ready = &discovered{
		oauth: oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: c.cfg.RedirectURL, Scopes: c.cfg.Scopes},
		verifier: p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.clock.Now}),
	}
	c.lastErr = nil
	return c.ready, nil
}

// httpContext carries our HTTP client (with its timeout) to oauth2.
func (c *Client) httpContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.http)
}

// verifyError sorts a verification failure: keys that could not be
// fetched are the provider's problem, everything else the token's.
func verifyError(err error) error {
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return ErrTokenInvalid.WithDetail("the ID token expired at %s", expired.Expiry.UTC().Format(time.RFC3339))
	case isKeyFetch(err):
		return ErrUnavailable.WithDetail("%v", err)
	}
	return ErrTokenInvalid.WithDetail("%v", err)
}

// isKeyFetch reports whether go-oidc could not fetch the provider's keys.
// Only the start of the message counts: later parts quote the token's own
// header, which the presenter chooses.
func isKeyFetch(err error) bool {
	return strings.HasPrefix(err.Error(), "failed to verify signature: fetching keys")
}
