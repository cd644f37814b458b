package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// publicCheckpoints publishes every signed checkpoint (no login): the
// roots anyone may keep outside Samstyr, for `samstyr verify --against`.
func (s *Server) publicCheckpoints(c *gin.Context) {
	from, _ := strconv.Atoi(c.DefaultQuery("from", "1")) // the document bounds it
	roots, err := s.ledger.Roots(c.Request.Context(), from)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, roots)
}
