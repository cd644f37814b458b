package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/workflow"
)

// publicCORS opens the public routes (/api/v1/public/…) to scripts on any
// origin: they need no credentials and hold only what internal/public lets
// anyone see (OParl asks for it).
func publicCORS() gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/v1/public/") {
			c.Header("Access-Control-Allow-Origin", "*")
		}
		c.Next()
	}
}

// publicDiarium searches the public e-diarium (no login).
func (s *Server) publicDiarium(c *gin.Context) {
	page, err := s.public.Diarium(c.Request.Context(), workflow.DiariumQuery{Text: c.Query("q"), Board: c.Query("board"),
		From: c.Query("from"), To: c.Query("to"), Number: c.Query("dnr"), Page: c.Query("page"), PerPage: c.Query("per_page")})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}

// oparlPrefix is where the OParl API lives.
const oparlPrefix = "/api/v1/public/oparl"

// publicOParl answers every path of the read-only OParl API (no login):
// objects and list pages as JSON, files as their bytes.
func (s *Server) publicOParl(c *gin.Context) {
	path := c.Param("path")
	if strings.HasSuffix(path, "/access") || strings.HasSuffix(path, "/download") {
		f, err := s.public.OParlFile(c.Request.Context(), path)
		if err != nil {
			s.abort(c, err)
			return
		}
		disposition := "inline"
		if f.Download {
			disposition = "attachment"
		}
		c.Header("Content-Disposition", disposition+"; filename*=UTF-8''"+url.PathEscape(f.FileName))
		c.Data(http.StatusOK, f.MimeType, f.Data)
		return
	}
	obj, err := s.public.OParl(c.Request.Context(), path, c.Request.URL.Query())
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, obj)
}
