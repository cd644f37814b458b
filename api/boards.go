package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/board"
)

// BoardLister lists boards; board.Storer satisfies it.
type BoardLister interface {
	ListBoards(ctx context.Context) ([]board.Board, error)
}

func (s *Server) listBoards(c *gin.Context) {
	bs, err := s.boards.ListBoards(c.Request.Context())
	if err != nil {
		s.abort(c, err)
		return
	}
	if bs == nil {
		bs = []board.Board{}
	}
	c.JSON(http.StatusOK, gin.H{"items": bs})
}

func (s *Server) getBoard(c *gin.Context) {
	b, err := s.boards.GetBoard(c.Request.Context(), c.Param("board"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}
