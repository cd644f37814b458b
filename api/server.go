// Package api is Samstyr's JSON API on Gin under /api/v1. Every route is
// declared in openapi.yaml; requests are checked against that document
// (authentication, size, content type, schema) before a handler runs.
// Handlers translate between JSON and the domain and hold no domain rules.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform/clock"
)

// Deps are what the API needs.
type Deps struct {
	Identity     *identity.Service
	Boards       board.Storer
	Clock        clock.Clock
	Log          *slog.Logger
	Spec         *Spec
	MaxBodyBytes int64
	TokenTTL     time.Duration
}

// Server holds the API's dependencies; its methods are the handlers.
type Server struct {
	id       *identity.Service
	boards   board.Storer
	clock    clock.Clock
	log      *slog.Logger
	spec     *Spec
	maxBody  int64
	tokenTTL time.Duration
}

// Register mounts the API on r under /api/v1.
func Register(r *gin.Engine, d Deps) *Server {
	s := &Server{id: d.Identity, boards: d.Boards, clock: d.Clock, log: d.Log, spec: d.Spec,
		maxBody: d.MaxBodyBytes, tokenTTL: d.TokenTTL}
	g := r.Group("/api/v1", s.validate())
	g.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", s.spec.JSON) })
	g.POST("/auth/token", s.createToken)
	g.DELETE("/auth/token", s.revokeToken)
	g.GET("/me", s.getMe)
	g.GET("/boards", s.listBoards)
	g.GET("/boards/:board", s.getBoard)
	// Anything else under /api/ is answered by the validator (404/405 as
	// problem+json); this catches what never reaches a group route.
	r.NoRoute(func(c *gin.Context) {
		if len(c.Request.URL.Path) >= 5 && c.Request.URL.Path[:5] == "/api/" {
			s.validate()(c)
		}
	})
	return s
}

// abort writes err as a problem.
func (s *Server) abort(c *gin.Context, err error) { httpx.AbortWithProblem(c, s.log, err) }

// bind decodes the (already validated) JSON body into v, rejecting unknown
// fields as a second line of defence.
func (s *Server) bind(c *gin.Context, v any) bool {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		s.abort(c, fault.New(fault.Invalid, "malformed_json").WithDetail("%v", err))
		return false
	}
	return true
}
