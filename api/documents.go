package api

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// ParseDocumentForm reads a handling's metadata and file from a multipart
// form (shared by the API and the web UI).
func ParseDocumentForm(form *multipart.Form) (workflow.NewDocument, []byte, error) {
	var fs fault.Fields
	get := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	d := workflow.NewDocument{Direction: cases.Direction(get("direction")), Party: get("party"), Description: get("description")}
	if v := get("date"); v != "" {
		date, err := platform.ParseDate(v)
		if err != nil {
			fs.Add("/date", "invalid_date")
		}
		d.Date = date
	}
	if ref := get("secrecy_reference"); ref != "" {
		date, err := platform.ParseDate(get("secrecy_date"))
		if err != nil {
			fs.Add("/secrecy_date", "invalid_date")
		}
		d.Secrecy = &cases.Secrecy{Reference: ref, Date: date}
	}
	files := form.File["file"]
	if len(files) != 1 {
		fs.Add("/file", "required")
		return d, nil, fs.Err(fault.Unprocessable)
	}
	d.FileName = files[0].Filename
	f, err := files[0].Open()
	if err != nil {
		return d, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return d, nil, err
	}
	return d, data, fs.Err(fault.Unprocessable)
}

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
	d, data, err := ParseDocumentForm(form)
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
