package api

import (
	"archive/zip"
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// The archive's routes: the arkivarie's profile and plan, what the plan
// says of a case, SIP downloads, delivery receipts and gallring runs. The
// rules are workflow.Archive's.

func (s *Server) getArchiveProfile(c *gin.Context) {
	p, err := s.archive.Profile(c.Request.Context(), user(c), c.Param("board"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(p.Version))
	c.JSON(http.StatusOK, profileView{Profile: p, Version: p.Version})
}

// profileView is a profile with its version (the ETag).
type profileView struct {
	earchive.Profile
	Version int64 `json:"version"`
}

type profileRequest struct {
	OrgNumber  string           `json:"org_number"`
	Archive    string           `json:"archive"`
	Agreement  string           `json:"agreement"`
	Contact    *earchive.Person `json:"contact"`
	SchemeName string           `json:"scheme_name"`
	Classes    []earchive.Class `json:"classes"`
}

func (s *Server) saveArchiveProfile(c *gin.Context) {
	version, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req profileRequest
	if !s.bind(c, &req) {
		return
	}
	p, err := s.archive.SaveProfile(c.Request.Context(), user(c), c.Param("board"), version, earchive.Profile{
		OrgNumber: req.OrgNumber, Archive: req.Archive, Agreement: req.Agreement, Contact: req.Contact,
		SchemeName: req.SchemeName, Classes: req.Classes})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(p.Version))
	c.JSON(http.StatusOK, profileView{Profile: p, Version: p.Version})
}

func (s *Server) listRetentionPlans(c *gin.Context) {
	vs, err := s.archive.Plans(c.Request.Context(), user(c), c.Param("board"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": vs})
}

func (s *Server) importRetentionPlan(c *gin.Context) {
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
	in, data, err := workflow.ParsePlanForm(form)
	if err != nil {
		s.abort(c, err)
		return
	}
	v, err := s.archive.ImportPlan(c.Request.Context(), user(c), c.Param("board"), in, bytes.NewReader(data))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, v)
}

func (s *Server) getCaseRetention(c *gin.Context) {
	a, err := s.archive.Assess(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

type gallringRequest struct {
	Decision workflow.GallringDecision `json:"decision"`
	Cases    []string                  `json:"cases"`
}

func (s *Server) runGallring(c *gin.Context) {
	var req gallringRequest
	if !s.bind(c, &req) {
		return
	}
	res, err := s.archive.Gallra(c.Request.Context(), user(c), workflow.GallringInput{Board: c.Param("board"),
		Decision: req.Decision, Cases: req.Cases})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) exportArchivePackage(c *gin.Context) {
	p, err := s.archive.ExportCase(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	var buf bytes.Buffer
	if err := p.WriteZip(&buf); err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+p.ID+`.zip"`)
	c.Data(http.StatusOK, "application/zip", buf.Bytes())
}

func (s *Server) exportArchivePackages(c *gin.Context) {
	var before platform.Date
	if v := c.Query("closed_before"); v != "" {
		d, err := platform.ParseDate(v)
		if err != nil {
			s.abort(c, fault.Fields{{Field: "closed_before", Code: "invalid_date"}}.Err(fault.Invalid))
			return
		}
		before = d
	}
	board := c.Param("board")
	ps, skipped, err := s.archive.ExportBoard(c.Request.Context(), user(c), board, before)
	if err != nil {
		s.abort(c, err)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range ps {
		if err := p.AddToZip(zw); err != nil {
			s.abort(c, err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="e-arkiv-`+board+`.zip"`)
	if len(skipped) > 0 {
		// Delivered, or with nothing left to deliver (every handling weeded).
		c.Header("X-Samstyr-Skipped", strings.Join(skipped, ", "))
	}
	c.Data(http.StatusOK, "application/zip", buf.Bytes())
}

type deliveryRequest struct {
	PackageID  string        `json:"package_id"`
	Archive    string        `json:"archive"`
	Receipt    string        `json:"receipt"`
	ReceivedOn platform.Date `json:"received_on"`
}

func (s *Server) recordDelivery(c *gin.Context) {
	version, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req deliveryRequest
	if !s.bind(c, &req) {
		return
	}
	u := user(c)
	cs, err := s.archive.RecordDelivery(c.Request.Context(), u, c.Param("id"), version, workflow.DeliveryReceipt{
		PackageID: req.PackageID, Archive: req.Archive, Receipt: req.Receipt, ReceivedOn: req.ReceivedOn})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}
