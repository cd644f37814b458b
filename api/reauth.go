package api

import (
	"bytes"
	"io"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
)

// signRequest is the body of a signature or justering: the signer's
// password again (an API token alone does not sign).
type signRequest struct {
	Password string `json:"password"`
}

// proof reads the signer's proof from the body; an empty body is an empty
// proof, which the use case refuses with reauth_required.
func (s *Server) proof(c *gin.Context) (identity.Proof, bool) {
	p := identity.Proof{ClientIP: c.ClientIP()}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, 64<<10))
	if err != nil {
		s.abort(c, fault.New(fault.Invalid, "malformed_json").WithDetail("%v", err))
		return p, false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return p, true
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	var req signRequest
	if !s.bind(c, &req) {
		return p, false
	}
	p.Password = req.Password
	return p, true
}
