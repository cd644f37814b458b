package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
)

type revisionView struct {
	No        int        `json:"no"`
	Digest    string     `json:"digest"`
	AuthorID  string     `json:"author_id"`
	CreatedAt time.Time  `json:"created_at"`
	Complete  bool       `json:"complete"`
	Missing   []string   `json:"missing"`
	Memo      cases.Memo `json:"memo"`
}

func revView(r cases.MemoRevision) revisionView {
	missing := r.Memo.MissingSections()
	if missing == nil {
		missing = []string{}
	}
	return revisionView{No: r.No, Digest: r.Digest, AuthorID: r.AuthorID, CreatedAt: r.CreatedAt,
		Complete: len(missing) == 0, Missing: missing, Memo: r.Memo}
}

func (s *Server) getMemo(c *gin.Context) {
	_, rev, err := s.cases.Revision(c.Request.Context(), user(c), c.Param("id"), 0)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(int64(rev.No)))
	c.JSON(http.StatusOK, revView(rev))
}

func (s *Server) saveMemo(c *gin.Context) {
	rev, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var m cases.Memo
	if !s.bind(c, &m) {
		return
	}
	_, saved, err := s.cases.SaveMemo(c.Request.Context(), user(c), c.Param("id"), int(rev), m)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(int64(saved.No)))
	c.JSON(http.StatusOK, revView(saved))
}

func (s *Server) listRevisions(c *gin.Context) {
	cs, err := s.cases.Case(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	items := []cases.RevisionRef{}
	if cs.Memo != nil {
		items = cs.Memo.Revisions
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

func (s *Server) getRevision(c *gin.Context) {
	_, rev, err := s.cases.Revision(c.Request.Context(), user(c), c.Param("id"), pathInt(c, "no"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, revView(rev))
}

func (s *Server) diffRevisions(c *gin.Context) {
	from, _ := strconv.Atoi(c.Query("from"))
	to, _ := strconv.Atoi(c.Query("to"))
	u := user(c)
	_, a, err := s.cases.Revision(c.Request.Context(), u, c.Param("id"), from)
	if err != nil {
		s.abort(c, err)
		return
	}
	_, b, err := s.cases.Revision(c.Request.Context(), u, c.Param("id"), to)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"from": from, "to": to, "sections": cases.DiffMemos(a.Memo, b.Memo)})
}

func (s *Server) memoPDF(c *gin.Context) {
	no := 0
	if v := c.Query("revision"); v != "" {
		no, _ = strconv.Atoi(v)
	}
	u := user(c)
	cs, rev, err := s.cases.Revision(c.Request.Context(), u, c.Param("id"), no)
	if err != nil {
		s.abort(c, err)
		return
	}
	pdf, err := s.cases.RenderMemoPDF(c.Request.Context(), cs, rev)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="tjansteskrivelse-`+strings.NewReplacer(" ", "-", "/", "-").Replace(cs.RegistrationNumber)+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}

type dispatchRequest struct {
	Recipient string `json:"recipient"`
}

func (s *Server) dispatchMemo(c *gin.Context) {
	version, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req dispatchRequest
	if !s.bind(c, &req) {
		return
	}
	u := user(c)
	cs, err := s.cases.DispatchMemo(c.Request.Context(), u, c.Param("id"), version, req.Recipient)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}
