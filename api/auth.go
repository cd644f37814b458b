package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/identity"
)

const (
	ctxUser       = "samstyr.user"
	ctxCredential = "samstyr.credential"
)

// authenticate resolves the bearer token into the request's user. No
// answer to an authenticated operation may be stored by a browser or
// proxy (Cache-Control: no-store), downloads and PDFs included.
func (s *Server) authenticate(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	h := c.GetHeader("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return identity.ErrUnauthenticated
	}
	u, cred, err := s.id.Resolve(c.Request.Context(), identity.KindAPIToken, strings.TrimSpace(token))
	if err != nil {
		return err
	}
	c.Set(ctxUser, u)
	c.Set(ctxCredential, cred)
	return nil
}

// user returns the authenticated user of the request.
func user(c *gin.Context) identity.User {
	u, _ := c.Get(ctxUser)
	return u.(identity.User)
}

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type tokenResponse struct {
	AccessToken string    `json:"access_token"`
	TokenType   string    `json:"token_type"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// createToken issues a bearer token: for a username and password (JSON),
// or, form-encoded, for an OIDC ID token by token exchange.
func (s *Server) createToken(c *gin.Context) {
	if c.ContentType() == "application/x-www-form-urlencoded" {
		s.exchangeToken(c)
		return
	}
	var req tokenRequest
	if !s.bind(c, &req) {
		return
	}
	u, err := s.id.Authenticate(c.Request.Context(), req.Username, req.Password, c.ClientIP())
	if err != nil {
		s.abort(c, err)
		return
	}
	secret, cred, err := s.id.IssueToken(c.Request.Context(), u, s.tokenTTL, "password")
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, tokenResponse{AccessToken: secret, TokenType: "Bearer", ExpiresAt: cred.ExpiresAt})
}

func (s *Server) revokeToken(c *gin.Context) {
	cred, _ := c.Get(ctxCredential)
	if err := s.id.Revoke(c.Request.Context(), cred.(identity.Credential)); err != nil {
		s.abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
