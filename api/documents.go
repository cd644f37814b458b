package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/workflow"
)

func (s *Server) addDocument(c *gin.Context) {
	form, err := c.MultipartForm()
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.abort(c, errBodyTooLarge)
			return
		}
		s.abort(c, errInvalidRequest.WithDetail("multipart form: %v", err))
		return
	}
	defer form.RemoveAll()
	d, data, err := workflow.ParseDocumentForm(form)
	if err != nil {
		s.abort(c, err)
		return
	}
	cs, doc, err := s.cases.AddDocument(c.Request.Context(), user(c), c.Param("id"), d, data)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.Header("Location", "/api/v1/cases/"+cs.ID+"/documents/"+strconv.Itoa(doc.No)+"/content")
	c.JSON(http.StatusCreated, doc)
}

func (s *Server) documentContent(c *gin.Context) {
	d, data, err := s.cases.Document(c.Request.Context(), user(c), c.Param("id"), pathInt(c, "no"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+urlPathEscape(d.FileName))
	c.Header("X-Content-SHA256", d.SHA256)
	c.Data(http.StatusOK, d.ContentType, data)
}

func urlPathEscape(s string) string { return url.PathEscape(s) }
