package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
)

// RFC 8693 token exchange identifiers.
const (
	grantTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
	tokenTypeIDToken   = "urn:ietf:params:oauth:token-type:id_token"
	tokenTypeAccess    = "urn:ietf:params:oauth:token-type:access_token"
)

// exchangeParams are the form fields a token exchange may carry; audience,
// resource and scope are accepted and ignored (a Samstyr token has one
// audience and the user's roles decide its reach).
var exchangeParams = map[string]bool{"grant_type": true, "subject_token": true, "subject_token_type": true,
	"requested_token_type": true, "audience": true, "resource": true, "scope": true}

var errUnsupportedGrant = fault.New(fault.Invalid, "unsupported_grant_type")

type exchangeResponse struct {
	AccessToken     string    `json:"access_token"`
	TokenType       string    `json:"token_type"`
	ExpiresAt       time.Time `json:"expires_at"`
	ExpiresIn       int64     `json:"expires_in"`
	IssuedTokenType string    `json:"issued_token_type"`
}

// exchangeToken is RFC 8693 token exchange: an ID token that our OIDC
// provider issued to our client id (subject_token) becomes a Samstyr
// bearer token for the user its claims map to (provisioned just in time,
// as at a web login). Problems carry the OAuth "error" too.
func (s *Server) exchangeToken(c *gin.Context) {
	form, err := parseExchange(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if s.sso == nil {
		s.abort(c, oauthError(errUnsupportedGrant.WithDetail("single sign-on is not configured"), "unsupported_grant_type"))
		return
	}
	ctx := c.Request.Context()
	// A bad token costs us a signature check and may make go-oidc fetch
	// the provider's keys again: count the attempt against the address
	// before any work, like a password login, refuse it while the address
	// is over its limit, and give it back unless the token was bad.
	attempt, err := s.id.BeginAttempt(ctx, c.ClientIP())
	if err != nil {
		s.abort(c, err)
		return
	}
	el, err := s.sso.VerifyIDToken(ctx, form.Get("subject_token"))
	if err != nil {
		if errors.Is(err, sso.ErrUnavailable) {
			attempt.GiveBack(ctx)
			s.unavailable(c, err)
			return
		}
		s.abort(c, oauthError(err, "invalid_grant"))
		return
	}
	attempt.GiveBack(ctx)
	u, err := s.id.ProvisionExternal(ctx, el)
	if err != nil {
		s.abort(c, oauthError(err, "invalid_grant"))
		return
	}
	secret, cred, err := s.id.IssueToken(ctx, u, s.tokenTTL, sso.Method)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, exchangeResponse{AccessToken: secret, TokenType: "Bearer", ExpiresAt: cred.ExpiresAt,
		ExpiresIn: int64(cred.ExpiresAt.Sub(cred.CreatedAt).Seconds()), IssuedTokenType: tokenTypeAccess})
}

// parseExchange reads and checks the form (its size and content type were
// checked against the OpenAPI document already).
func parseExchange(c *gin.Context) (url.Values, error) {
	if err := c.Request.ParseForm(); err != nil {
		return nil, oauthError(errInvalidRequest.WithDetail("form: %v", err), "invalid_request")
	}
	form := c.Request.PostForm
	var fs fault.Fields
	for _, k := range slices.Sorted(maps.Keys(form)) {
		switch {
		case !exchangeParams[k]:
			fs.Add("/"+k, "unknown_field")
		case len(form[k]) > 1:
			fs.Add("/"+k, "invalid_value")
		}
	}
	if len(fs) > 0 {
		return nil, oauthError(fs.Err(fault.Invalid), "invalid_request")
	}
	if g := form.Get("grant_type"); g != grantTokenExchange {
		return nil, oauthError(errUnsupportedGrant.WithDetail("grant_type %q: only %s", g, grantTokenExchange), "unsupported_grant_type")
	}
	if form.Get("subject_token") == "" {
		fs.Add("/subject_token", "required")
	}
	if form.Get("subject_token_type") != tokenTypeIDToken {
		fs.Add("/subject_token_type", "invalid_value")
	}
	if rt := form.Get("requested_token_type"); rt != "" && rt != tokenTypeAccess {
		fs.Add("/requested_token_type", "invalid_value")
	}
	if len(fs) > 0 {
		return nil, oauthError(fs.Err(fault.Invalid), "invalid_request")
	}
	return form, nil
}

// oauthError adds RFC 6749's "error" member to a client fault's problem
// document, for OAuth clients that read it; other errors pass unchanged.
func oauthError(err error, code string) error {
	if !httpx.IsClientFault(err) {
		return err
	}
	f := *fault.From(err)
	f.Extra = map[string]any{"error": code}
	return &f
}

// unavailable answers 503 (with Retry-After) when the OIDC provider cannot
// be reached: not the client's fault, and not ours either.
func (s *Server) unavailable(c *gin.Context, err error) {
	lang := i18n.Negotiate(c.GetHeader("Accept-Language"))
	p := httpx.NewProblem(err, lang)
	s.log.WarnContext(c.Request.Context(), "oidc provider unavailable", "err", err.Error())
	body := map[string]any{"type": p.Type, "title": p.Title, "status": http.StatusServiceUnavailable, "code": p.Code,
		"instance": c.Request.URL.Path, "error": "temporarily_unavailable"}
	if id := platform.RequestID(c.Request.Context()); id != "" {
		body["request_id"] = id
	}
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(body)
	c.Header("Retry-After", "30")
	c.Header("Content-Language", lang)
	c.Abort()
	c.Data(http.StatusServiceUnavailable, "application/problem+json; charset=utf-8", buf.Bytes())
}
