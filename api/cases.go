package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// caseView is a case as the API shows it: the stored case (without its
// search helpers), its version and the events the caller may fire now.
type caseView struct {
	ID                 string           `json:"id"`
	RegistrationNumber string           `json:"registration_number"`
	Board              string           `json:"board"`
	Year               int              `json:"year"`
	Title              string           `json:"title"`
	Class              string           `json:"class,omitempty"`
	Counterpart        string           `json:"counterpart,omitempty"`
	Description        string           `json:"description,omitempty"`
	Secrecy            *cases.Secrecy   `json:"secrecy,omitempty"`
	OfficerID          string           `json:"officer_id"`
	RegisteredOn       platform.Date    `json:"registered_on"`
	RegisteredAt       time.Time        `json:"registered_at"`
	UpdatedAt          time.Time        `json:"updated_at"`
	State              cases.State      `json:"state"`
	FSMVersion         int              `json:"fsm_version"`
	VoidReason         string           `json:"void_reason,omitempty"`
	Version            int64            `json:"version"`
	AllowedEvents      []string         `json:"allowed_events"`
	Documents          []cases.Document `json:"documents"`
	Memo               *cases.MemoHead  `json:"memo"`
	History            []cases.Event    `json:"history"`
	// JavDeclarations are the jäv declarations, withdrawn ones included.
	JavDeclarations []cases.JavDeclaration `json:"jav_declarations"`
	// Delivery is the e-archive's receipt; a delivered case is read-only.
	Delivery *cases.Delivery `json:"delivery,omitempty"`
	// Submission is the person the memo was submitted to (beslutsklar).
	Submission *cases.Submission `json:"submission,omitempty"`
}

func (s *Server) view(u identity.User, c cases.Case) caseView {
	ev := s.cases.AllowedEvents(u, c)
	if ev == nil {
		ev = []string{}
	}
	jav := c.JavDeclarations
	if jav == nil {
		jav = []cases.JavDeclaration{}
	}
	return caseView{ID: c.ID, RegistrationNumber: c.RegistrationNumber, Board: c.Board, Year: c.Year, Title: c.Title,
		Class: c.Class, Counterpart: c.Counterpart, Description: c.Description, Secrecy: c.Secrecy, OfficerID: c.OfficerID,
		RegisteredOn: c.RegisteredOn, RegisteredAt: c.RegisteredAt, UpdatedAt: c.UpdatedAt, State: c.State,
		FSMVersion: c.FSMVersion, VoidReason: c.VoidReason, Version: c.Version, AllowedEvents: ev,
		Documents: c.Documents, Memo: c.Memo, History: c.History, JavDeclarations: jav, Delivery: c.Delivery,
		Submission: c.Submission}
}

func etag(v int64) string { return `"` + strconv.FormatInt(v, 10) + `"` }

// Faults of the HTTP precondition headers.
var (
	errIfMatchRequired = fault.New(fault.PreconditionRequired, "if_match_required")
	errIfMatchInvalid  = fault.New(fault.Invalid, "invalid_if_match")
)

// ifMatch reads the If-Match header as a version number.
func ifMatch(c *gin.Context) (int64, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return 0, errIfMatchRequired
	}
	h = strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	v, err := strconv.ParseInt(h, 10, 64)
	if err != nil || v < 0 {
		return 0, errIfMatchInvalid.WithDetail("want the ETag you read, e.g. \"3\"")
	}
	return v, nil
}

// idempotencyKey reads the request's Idempotency-Key header, the request
// key of a registration ("" without the header; RegisterOnce checks the
// key). A header sent empty or more than once is invalid_request_key.
func idempotencyKey(c *gin.Context) (string, error) {
	vs := c.Request.Header.Values("Idempotency-Key")
	switch {
	case len(vs) == 0:
		return "", nil
	case len(vs) > 1 || vs[0] == "":
		return "", cases.ErrRequestKeyInvalid
	}
	return vs[0], nil
}

type registrationRequest struct {
	Board       string         `json:"board"`
	Title       string         `json:"title"`
	Class       string         `json:"class"`
	Counterpart string         `json:"counterpart"`
	Description string         `json:"description"`
	Secrecy     *cases.Secrecy `json:"secrecy"`
}

func (s *Server) registerCase(c *gin.Context) {
	var req registrationRequest
	if !s.bind(c, &req) {
		return
	}
	key, err := idempotencyKey(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	u := user(c)
	cs, replayed, err := s.cases.RegisterOnce(c.Request.Context(), u, cases.Registration{Board: req.Board, Title: req.Title,
		Class: req.Class, Counterpart: req.Counterpart, Description: req.Description, Secrecy: req.Secrecy, RequestKey: key})
	if err != nil {
		s.abort(c, err)
		return
	}
	if replayed {
		c.Header("Idempotent-Replayed", "true")
	}
	c.Header("ETag", etag(cs.Version))
	c.Header("Location", "/api/v1/cases/"+cs.ID)
	c.JSON(http.StatusCreated, s.view(u, cs))
}

func (s *Server) getCase(c *gin.Context) {
	u := user(c)
	cs, err := s.cases.Case(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}

func (s *Server) getCaseByNumber(c *gin.Context) {
	u := user(c)
	year, _ := strconv.Atoi(c.Param("year"))
	seq, _ := strconv.ParseInt(c.Param("seq"), 10, 64)
	cs, err := s.cases.CaseByNumber(c.Request.Context(), u, cases.FormatNumber(c.Param("board"), year, seq))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}

func (s *Server) listCases(c *gin.Context) {
	u := user(c)
	page, _ := strconv.Atoi(c.DefaultQuery("page", "1"))
	per, _ := strconv.Atoi(c.DefaultQuery("per_page", "25"))
	f := cases.Filter{Board: c.Query("board"), State: cases.State(c.Query("state")), Query: c.Query("q"), Page: page, PerPage: per}
	if c.Query("mine") == "true" {
		f.OfficerID = u.ID
	}
	list, total, err := s.cases.List(c.Request.Context(), u, f)
	if err != nil {
		s.abort(c, err)
		return
	}
	items := make([]caseView, 0, len(list))
	for _, cs := range list {
		items = append(items, s.view(u, cs))
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": total, "page": page, "per_page": per})
}

// eventRequest is the body of an event: a note, and for submit the
// username of the person the memo goes to (optional here, for older
// clients; the web form requires it).
type eventRequest struct {
	Note     string `json:"note"`
	SubmitTo string `json:"submit_to"`
}

func (s *Server) fireEvent(c *gin.Context) {
	version, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req eventRequest
	if c.Request.ContentLength != 0 && !s.bind(c, &req) {
		return
	}
	u := user(c)
	cs, err := s.cases.FireWith(c.Request.Context(), u, c.Param("id"), c.Param("event"), version,
		workflow.FireInput{Note: req.Note, SubmitTo: req.SubmitTo})
	if err != nil {
		s.abort(c, err)
		return
	}
	if cs, err = s.cases.Complete(c.Request.Context(), cs); err != nil { // the response shows the whole history
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}

type historyView struct {
	CaseID             string            `json:"case_id"`
	RegistrationNumber string            `json:"registration_number"`
	Verified           bool              `json:"verified"`
	Problem            *cases.ChainError `json:"problem"`
	Events             []cases.Event     `json:"events"`
}

func (s *Server) caseHistory(c *gin.Context) {
	cs, err := s.cases.Case(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	problem := cs.Verify()
	c.JSON(http.StatusOK, historyView{CaseID: cs.ID, RegistrationNumber: cs.RegistrationNumber,
		Verified: problem == nil, Problem: problem, Events: cs.History})
}

// pathInt reads a positive integer path parameter (already validated by
// the OpenAPI schema).
func pathInt(c *gin.Context, name string) int {
	n, err := strconv.Atoi(c.Param(name))
	if err != nil {
		panic(fmt.Sprintf("api: %s not validated", name))
	}
	return n
}
