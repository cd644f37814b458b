package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

func (s *Server) caseLegalForce(c *gin.Context) {
	fs, err := s.decisions.CaseLegalForce(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": fs})
}

type notificationRequest struct {
	Decision   string        `json:"decision"`
	Party      string        `json:"party"`
	NotifiedOn platform.Date `json:"notified_on"`
	Manner     string        `json:"manner"`
}

func (s *Server) recordNotification(c *gin.Context) {
	var req notificationRequest
	s.caseLegalChange(c, &req, func(v int64) error {
		_, err := s.decisions.RecordNotification(c.Request.Context(), user(c), c.Param("id"), v, workflow.NotificationInput(req))
		return err
	}, req.decision)
}

func (r *notificationRequest) decision() string { return r.Decision }

type decisionAppealRequest struct {
	Decision   string        `json:"decision"`
	Route      string        `json:"route"`
	Party      string        `json:"party"`
	ReceivedOn platform.Date `json:"received_on"`
	ReceivedBy string        `json:"received_by"`
}

func (r *decisionAppealRequest) decision() string { return r.Decision }

func (s *Server) registerDecisionAppeal(c *gin.Context) {
	var req decisionAppealRequest
	s.caseLegalChange(c, &req, func(v int64) error {
		_, err := s.decisions.RegisterDecisionAppeal(c.Request.Context(), user(c), c.Param("id"), v, workflow.AppealInput(req))
		return err
	}, req.decision)
}

// caseLegalChange runs a version-guarded change of a case's appeal record
// and answers with the decision's legal force after it.
func (s *Server) caseLegalChange(c *gin.Context, body any, fn func(v int64) error, ref func() string) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if !s.bind(c, body) {
		return
	}
	if err := fn(v); err != nil {
		s.abort(c, err)
		return
	}
	f, err := s.decisions.LegalForce(c.Request.Context(), user(c), c.Param("id"), ref())
	if err != nil {
		s.abort(c, err)
		return
	}
	cs, err := s.cases.Case(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusCreated, f)
}

type absenceRequest struct {
	Username string        `json:"username"`
	From     platform.Date `json:"from"`
	To       platform.Date `json:"to"`
	Note     string        `json:"note"`
}

func (s *Server) listAbsences(c *gin.Context) {
	as, err := s.decisions.Absences(c.Request.Context(), user(c), c.Param("board"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": as})
}

func (s *Server) recordAbsence(c *gin.Context) {
	var req absenceRequest
	if !s.bind(c, &req) {
		return
	}
	a, err := s.decisions.RecordAbsence(c.Request.Context(), user(c), c.Param("board"), workflow.AbsenceInput(req))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func (s *Server) withdrawAbsence(c *gin.Context) {
	a, err := s.decisions.WithdrawAbsence(c.Request.Context(), user(c), c.Param("board"), c.Param("absence"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (s *Server) myDeadlines(c *gin.Context) {
	ds, err := s.meetings.PersonDeadlines(c.Request.Context(), user(c))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": ds})
}
