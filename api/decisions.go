package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

type decideRequest struct {
	Kind             cases.DecisionKind `json:"kind"`
	PointCode        string             `json:"point_code"`
	AmountOre        int64              `json:"amount_ore"`
	Clauses          []string           `json:"clauses"`
	SubstituteReason string             `json:"substitute_reason"`
	Corrects         string             `json:"corrects"`
	AmountReason     string             `json:"amount_reason"`
	DecidedOn        platform.Date      `json:"decided_on"`
}

func (s *Server) decide(c *gin.Context) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req decideRequest
	if !s.bind(c, &req) {
		return
	}
	cs, d, err := s.decisions.Decide(c.Request.Context(), user(c), c.Param("id"), v, workflow.DecisionInput(req))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.Header("Location", "/api/v1/decisions/"+d.ID)
	c.JSON(http.StatusCreated, d)
}

type javRequest struct {
	Person string `json:"person"`
	Ground string `json:"ground"`
}

func (s *Server) declareJav(c *gin.Context) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req javRequest
	if !s.bind(c, &req) {
		return
	}
	u := user(c)
	cs, err := s.cases.DeclareJav(c.Request.Context(), u, c.Param("id"), v, req.Person, req.Ground)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}

type javWithdrawalRequest struct {
	Person string `json:"person"`
	Reason string `json:"reason"`
}

func (s *Server) withdrawJav(c *gin.Context) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req javWithdrawalRequest
	if !s.bind(c, &req) {
		return
	}
	u := user(c)
	cs, err := s.cases.WithdrawJav(c.Request.Context(), u, c.Param("id"), v, req.Person, req.Reason)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, s.view(u, cs))
}

// inboxItem is a decision awaiting the caller's signature.
type inboxItem struct {
	CaseID             string         `json:"case_id"`
	RegistrationNumber string         `json:"registration_number"`
	Title              string         `json:"title"`
	Decision           cases.Decision `json:"decision"`
}

func (s *Server) signingInbox(c *gin.Context) {
	items, err := s.decisions.SigningInbox(c.Request.Context(), user(c))
	if err != nil {
		s.abort(c, err)
		return
	}
	out := make([]inboxItem, 0, len(items))
	for _, it := range items {
		out = append(out, inboxItem{CaseID: it.Case.ID, RegistrationNumber: it.Case.RegistrationNumber, Title: it.Case.Title, Decision: it.Decision})
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// decisionView is a decision with its legal force on today: its appeal
// routes, whether it is laga kraft and since when, and its time limits.
type decisionView struct {
	cases.Decision
	LegalForce workflow.DecisionForce `json:"legal_force"`
}

func (s *Server) getDecision(c *gin.Context) {
	_, d, err := s.decisions.DecisionOf(c.Request.Context(), user(c), c.Param("decision"))
	if err != nil {
		s.abort(c, err)
		return
	}
	f, err := s.decisions.DecisionLegalForce(c.Request.Context(), user(c), d.ID)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, decisionView{Decision: d, LegalForce: f})
}

func (s *Server) signDecision(c *gin.Context) {
	proof, ok := s.proof(c)
	if !ok {
		return
	}
	_, d, err := s.decisions.Sign(c.Request.Context(), user(c), c.Param("decision"), proof)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, d)
}

func (s *Server) verifyDecision(c *gin.Context) {
	v, err := s.decisions.VerifyDecision(c.Request.Context(), user(c), c.Param("decision"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) decisionCompliance(c *gin.Context) {
	r, err := s.decisions.RecheckCompliance(c.Request.Context(), user(c), c.Param("decision"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *Server) exportDecision(c *gin.Context) {
	cs, d, err := s.decisions.DecisionOf(c.Request.Context(), user(c), c.Param("decision"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="beslut-`+d.ID+`.json"`)
	c.JSON(http.StatusOK, workflow.Export(cs, d))
}

func (s *Server) decisionPDF(c *gin.Context) {
	cs, d, err := s.decisions.DecisionOf(c.Request.Context(), user(c), c.Param("decision"))
	if err != nil {
		s.abort(c, err)
		return
	}
	pdf, err := s.decisions.RenderDecisionPDF(c.Request.Context(), cs, d)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// pendingView is one decision waiting to be reported.
type pendingView struct {
	CaseID             string         `json:"case_id"`
	RegistrationNumber string         `json:"registration_number"`
	Title              string         `json:"title"`
	AgeDays            int            `json:"age_days"`
	Unsigned           bool           `json:"unsigned"` // "ej signerat"
	Decision           cases.Decision `json:"decision"`
}

func (s *Server) pendingReports(c *gin.Context) {
	board := c.Param("board")
	ps, err := s.decisions.PendingReports(c.Request.Context(), user(c), board)
	if err != nil {
		s.abort(c, err)
		return
	}
	out := make([]pendingView, 0, len(ps))
	for _, p := range ps {
		out = append(out, pendingView{CaseID: p.Case.ID, RegistrationNumber: p.Case.RegistrationNumber, Title: p.Case.Title,
			AgeDays: p.AgeDays, Unsigned: p.Unsigned, Decision: p.Decision})
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

type reportRequest struct {
	DecisionIDs []string `json:"decision_ids"`
	MeetingRef  string   `json:"meeting_ref"`
}

func (s *Server) markReported(c *gin.Context) {
	board := c.Param("board")
	var req reportRequest
	if !s.bind(c, &req) {
		return
	}
	n, err := s.decisions.MarkReported(c.Request.Context(), user(c), board, req.DecisionIDs, req.MeetingRef)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"marked": n})
}
