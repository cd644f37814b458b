package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/redact"
	"github.com/samstyr/samstyr/workflow"
)

// requestView is a request for allmän handling as the API shows it: the
// stored request, its version and status, its deadlines today, and its
// refusal decisions with their besvärshänvisning.
type requestView struct {
	disclosure.Request
	Version    int64                  `json:"version"`
	Status     disclosure.Status      `json:"status"`
	TargetOn   platform.Date          `json:"target_on"`
	EscalateOn platform.Date          `json:"escalate_on"`
	Timeliness disclosure.Timeliness  `json:"timeliness"`
	Overdue    bool                   `json:"overdue"`
	Decisions  []workflow.RefusalView `json:"decisions"`
}

func (s *Server) requestView(c *gin.Context, r disclosure.Request) (requestView, bool) {
	ds, err := s.disclose.RefusalViews(c.Request.Context(), r)
	if err != nil {
		s.abort(c, err)
		return requestView{}, false
	}
	tl := r.Timeliness(platform.DateOf(s.clock.Now()))
	return requestView{Request: r, Version: r.Version, Status: r.Status(), TargetOn: r.TargetOn(), EscalateOn: r.EscalateOn(),
		Timeliness: tl, Overdue: tl != disclosure.OnTime, Decisions: ds}, true
}

// answerRequest writes a request with its ETag.
func (s *Server) answerRequest(c *gin.Context, status int, r disclosure.Request) {
	v, ok := s.requestView(c, r)
	if !ok {
		return
	}
	c.Header("ETag", etag(r.Version))
	c.JSON(status, v)
}

type requestItemBody struct {
	RegistrationNumber string `json:"registration_number"`
	DocumentNo         int    `json:"document_no"`
	Description        string `json:"description"`
}

type registerRequestBody struct {
	ReceivedAt time.Time             `json:"received_at"`
	Channel    string                `json:"channel"`
	Form       string                `json:"form"`
	Asked      string                `json:"asked"`
	Requester  *disclosure.Requester `json:"requester"`
	Items      []requestItemBody     `json:"items"`
}

func (s *Server) registerRequest(c *gin.Context) {
	var b registerRequestBody
	if !s.bind(c, &b) {
		return
	}
	in := workflow.RequestInput{Board: c.Param("board"), ReceivedAt: b.ReceivedAt, Channel: disclosure.Channel(b.Channel),
		Form: disclosure.Form(b.Form), Asked: b.Asked, Requester: b.Requester}
	for _, it := range b.Items {
		in.Items = append(in.Items, workflow.RequestItemInput{RegistrationNumber: it.RegistrationNumber, DocumentNo: it.DocumentNo, Description: it.Description})
	}
	r, err := s.disclose.Register(c.Request.Context(), user(c), in)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Location", "/api/v1/disclosure-requests/"+r.ID)
	s.answerRequest(c, http.StatusCreated, r)
}

func (s *Server) getRequest(c *gin.Context) {
	r, err := s.disclose.Request(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	s.answerRequest(c, http.StatusOK, r)
}

func (s *Server) openRequests(c *gin.Context) {
	rs, err := s.disclose.OpenRequests(c.Request.Context(), user(c), c.Param("board"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": nonNil(rs)})
}

func (s *Server) myOpenRequests(c *gin.Context) {
	rs, err := s.disclose.MyOpenRequests(c.Request.Context(), user(c))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": nonNil(rs)})
}

func nonNil(rs []workflow.OpenRequest) []workflow.OpenRequest {
	if rs == nil {
		return []workflow.OpenRequest{}
	}
	return rs
}

func (s *Server) requestReport(c *gin.Context) {
	from, err1 := platform.ParseDate(c.Query("from"))
	to, err2 := platform.ParseDate(c.Query("to"))
	if err1 != nil || err2 != nil {
		var fs fault.Fields
		if err1 != nil {
			fs.Add("query/from", "invalid_date")
		}
		if err2 != nil {
			fs.Add("query/to", "invalid_date")
		}
		s.abort(c, fs.Err(fault.Invalid))
		return
	}
	rep, err := s.disclose.Report(c.Request.Context(), user(c), c.Param("board"), from, to)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// requestChange runs a version-guarded change of a request and answers
// with it.
func (s *Server) requestChange(c *gin.Context, body any, fn func(v int64) (disclosure.Request, error)) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if body != nil && !s.bind(c, body) {
		return
	}
	r, err := fn(v)
	if err != nil {
		s.abort(c, err)
		return
	}
	s.answerRequest(c, http.StatusOK, r)
}

// itemNo reads the path's item or decision number (the document bounds it).
func itemNo(c *gin.Context, name string) int {
	n, _ := strconv.Atoi(c.Param(name))
	return n
}

func (s *Server) withdrawRequest(c *gin.Context) {
	s.requestChange(c, nil, func(v int64) (disclosure.Request, error) {
		return s.disclose.Withdraw(c.Request.Context(), user(c), c.Param("id"), v)
	})
}

func (s *Server) setDelayReason(c *gin.Context) {
	var b struct {
		Reason string `json:"reason"`
	}
	s.requestChange(c, &b, func(v int64) (disclosure.Request, error) {
		return s.disclose.SetDelayReason(c.Request.Context(), user(c), c.Param("id"), v, b.Reason)
	})
}

func (s *Server) releaseItem(c *gin.Context) {
	s.requestChange(c, nil, func(v int64) (disclosure.Request, error) {
		return s.disclose.Release(c.Request.Context(), user(c), c.Param("id"), v, itemNo(c, "no"))
	})
}

type maskBody struct {
	Lagrum  []string        `json:"lagrum"`
	Strings []string        `json:"strings"`
	Regions []redact.Region `json:"regions"`
}

func (s *Server) maskItem(c *gin.Context) {
	var b maskBody
	s.requestChange(c, &b, func(v int64) (disclosure.Request, error) {
		r, _, err := s.disclose.Mask(c.Request.Context(), user(c), c.Param("id"), v, itemNo(c, "no"),
			workflow.MaskInput{Lagrum: b.Lagrum, Strings: b.Strings, Regions: b.Regions})
		return r, err
	})
}

func (s *Server) previewItem(c *gin.Context) {
	p, err := s.disclose.Preview(c.Request.Context(), user(c), c.Param("id"), itemNo(c, "no"), itemNo(c, "page"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("X-Page-Count", strconv.Itoa(p.Pages))
	c.Header("X-Page-Size", strconv.FormatFloat(p.Width, 'f', 2, 64)+"x"+strconv.FormatFloat(p.Height, 'f', 2, 64))
	c.Data(http.StatusOK, "image/png", p.PNG)
}

type refusalBody struct {
	Items            []int    `json:"items"`
	Lagrum           []string `json:"lagrum"`
	Reasoning        string   `json:"reasoning"`
	PointCode        string   `json:"point_code"`
	SubstituteReason string   `json:"substitute_reason"`
	Court            string   `json:"court"`
	// Password is the decider's password again: a refusal is signed when
	// it is made (an API token alone does not sign).
	Password string `json:"password"`
}

func (s *Server) refuseItems(c *gin.Context) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var b refusalBody
	if !s.bind(c, &b) {
		return
	}
	r, d, err := s.disclose.Refuse(c.Request.Context(), user(c), c.Param("id"), v, workflow.RefusalInput{Items: b.Items,
		Lagrum: b.Lagrum, Reasoning: b.Reasoning, PointCode: b.PointCode, SubstituteReason: b.SubstituteReason, Court: b.Court},
		identity.Proof{Password: b.Password, ClientIP: c.ClientIP()})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Location", "/api/v1/disclosure-requests/"+r.ID+"/refusals/"+strconv.Itoa(d.No))
	s.answerRequest(c, http.StatusCreated, r)
}

func (s *Server) getRefusal(c *gin.Context) {
	_, d, err := s.disclose.Refusal(c.Request.Context(), user(c), c.Param("id"), itemNo(c, "no"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

func (s *Server) refusalPDF(c *gin.Context) {
	pdf, err := s.disclose.RefusalPDF(c.Request.Context(), user(c), c.Param("id"), itemNo(c, "no"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", "inline; filename=avslagsbeslut.pdf")
	c.Data(http.StatusOK, "application/pdf", pdf)
}

func (s *Server) notifyRefusal(c *gin.Context) {
	var b struct {
		NotifiedOn platform.Date `json:"notified_on"`
	}
	s.requestChange(c, &b, func(v int64) (disclosure.Request, error) {
		return s.disclose.Notify(c.Request.Context(), user(c), c.Param("id"), v, itemNo(c, "no"), b.NotifiedOn)
	})
}
