// Package api is Samstyr's JSON API on Gin under /api/v1. Every route is
// declared in openapi.yaml; requests are checked against that document
// (authentication, size, content type, schema) before a handler runs.
// Handlers translate between JSON and the domain and hold no domain rules.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/workflow"
)

// Deps are what the API needs.
type Deps struct {
	Identity     *identity.Service
	Boards       board.Storer
	Cases        *workflow.Cases
	Decisions    *workflow.Decisions
	Meetings     *workflow.Meetings
	Costs        *workflow.Costs
	Archive      *workflow.Archive
	Public       *workflow.Public
	Disclosures  *workflow.Disclosures
	Audit        *audit.Service
	Ledger       *audit.Ledger
	Clock        platform.Clock
	Log          *slog.Logger
	Spec         *Spec
	MaxBodyBytes int64
	// MaxUploadBytes bounds a multipart upload (a handling's file).
	MaxUploadBytes int64
	TokenTTL       time.Duration
	// SSO verifies ID tokens for the token exchange; nil when single
	// sign-on is off.
	SSO *sso.Client
	// Admin is the administration's use cases; Records lists its record
	// chains (repo.Admin).
	Admin   *admin.Service
	Records adminlog.Source
}

// Server holds the API's dependencies; its methods are the handlers.
type Server struct {
	id        *identity.Service
	boards    board.Storer
	cases     *workflow.Cases
	decisions *workflow.Decisions
	meetings  *workflow.Meetings
	costs     *workflow.Costs
	archive   *workflow.Archive
	public    *workflow.Public
	disclose  *workflow.Disclosures
	audit     *audit.Service
	ledger    *audit.Ledger
	clock     platform.Clock
	log       *slog.Logger
	spec      *Spec
	maxBody   int64
	maxUpload int64
	tokenTTL  time.Duration
	sso       *sso.Client
	admin     *admin.Service
	records   adminlog.Source
}

// Register mounts the API on r under /api/v1.
func Register(r *gin.Engine, d Deps) *Server {
	s := &Server{id: d.Identity, boards: d.Boards, cases: d.Cases, decisions: d.Decisions, meetings: d.Meetings, costs: d.Costs, archive: d.Archive, public: d.Public, disclose: d.Disclosures, audit: d.Audit, ledger: d.Ledger, clock: d.Clock, log: d.Log, spec: d.Spec,
		maxBody: d.MaxBodyBytes, maxUpload: d.MaxUploadBytes, tokenTTL: d.TokenTTL, sso: d.SSO, admin: d.Admin, records: d.Records}
	g := r.Group("/api/v1", publicCORS(), s.validate())
	g.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", s.spec.JSON) })
	g.POST("/auth/token", s.createToken)
	g.DELETE("/auth/token", s.revokeToken)
	g.GET("/me", s.getMe)
	g.GET("/me/deadlines", s.myDeadlines)
	g.GET("/boards", s.listBoards)
	g.GET("/boards/:board", s.getBoard)
	g.GET("/boards/:board/cases/:year/:seq", s.getCaseByNumber)
	g.GET("/cases", s.listCases)
	g.GET("/me/desk", s.getDesk)
	g.POST("/cases", s.registerCase)
	g.GET("/cases/:id", s.getCase)
	g.POST("/cases/:id/events/:event", s.fireEvent)
	g.GET("/cases/:id/history", s.caseHistory)
	g.GET("/cases/:id/memo", s.getMemo)
	g.PUT("/cases/:id/memo", s.saveMemo)
	g.GET("/cases/:id/memo/revisions", s.listRevisions)
	g.GET("/cases/:id/memo/revisions/:no", s.getRevision)
	g.GET("/cases/:id/memo/diff", s.diffRevisions)
	g.GET("/cases/:id/memo/pdf", s.memoPDF)
	g.POST("/cases/:id/memo/dispatch", s.dispatchMemo)
	g.POST("/cases/:id/documents", s.addDocument)
	g.GET("/cases/:id/documents/:no/content", s.documentContent)
	g.POST("/cases/:id/decisions", s.decide)
	g.POST("/cases/:id/jav", s.declareJav)
	g.POST("/cases/:id/jav/withdrawals", s.withdrawJav)
	g.GET("/cases/:id/legal-force", s.caseLegalForce)
	g.POST("/cases/:id/notifications", s.recordNotification)
	g.POST("/cases/:id/appeals", s.registerDecisionAppeal)
	g.GET("/boards/:board/absences", s.listAbsences)
	g.POST("/boards/:board/absences", s.recordAbsence)
	g.POST("/boards/:board/absences/:absence/withdrawal", s.withdrawAbsence)
	g.GET("/boards/:board/delegation-orders", s.listOrders)
	g.POST("/boards/:board/delegation-orders", s.createOrder)
	g.GET("/boards/:board/delegation-orders/in-force", s.orderInForce)
	g.GET("/boards/:board/delegation-orders/:version", s.getOrder)
	g.PUT("/boards/:board/delegation-orders/:version", s.updateOrder)
	g.POST("/boards/:board/delegation-orders/:version/adoption", s.adoptOrder)
	g.POST("/boards/:board/delegation-checks", s.checkDelegation)
	g.GET("/boards/:board/subdelegations", s.listSubdelegations)
	g.POST("/boards/:board/subdelegations", s.subdelegate)
	g.GET("/boards/:board/reports/pending", s.pendingReports)
	g.GET("/boards/:board/members", s.listMembers)
	g.POST("/boards/:board/members/:member/user-counts", s.recordUserCount)
	g.GET("/boards/:board/agreements", s.listAgreements)
	g.POST("/boards/:board/agreements", s.addAgreement)
	g.GET("/boards/:board/budget/:year", s.getBudgetYear)
	g.POST("/boards/:board/budget/:year", s.importBudget)
	g.GET("/boards/:board/allocations/:year", s.getAllocation)
	g.GET("/boards/:board/allocations/:year/snapshots", s.listSnapshots)
	g.POST("/boards/:board/reports", s.markReported)
	g.GET("/audit/decisions", s.auditSearch)
	g.GET("/audit/decisions/export", s.auditExport)
	g.GET("/audit/reports/:report", s.auditReport)
	g.GET("/audit/verify", s.auditVerify)
	g.POST("/audit/checkpoints", s.makeCheckpoint)
	g.GET("/boards/:board/meetings", s.listMeetings)
	g.POST("/boards/:board/meetings", s.planMeeting)
	g.GET("/meetings/:id", s.getMeeting)
	g.PUT("/meetings/:id/attendance", s.setAttendance)
	g.PUT("/meetings/:id/justerare", s.setJusterare)
	g.PUT("/meetings/:id/status", s.setMeetingStatus)
	g.POST("/meetings/:id/agenda-moves", s.moveAgendaItem)
	g.POST("/meetings/:id/agenda-items", s.addAgendaItem)
	g.DELETE("/meetings/:id/agenda-items/:index", s.removeAgendaItem)
	g.PUT("/meetings/:id/justering", s.setJusteringDate)
	g.POST("/meetings/:id/paragraphs", s.recordParagraph)
	g.POST("/meetings/:id/signatures", s.justera)
	g.POST("/meetings/:id/notices", s.postNotice)
	g.POST("/meetings/:id/appeals", s.registerAppeal)
	g.POST("/meetings/:id/kallelse", s.sendKallelse)
	g.GET("/public/notices", s.publicNotices)
	g.GET("/public/checkpoints", s.publicCheckpoints)
	g.GET("/public/diarium", s.publicDiarium)
	g.GET("/public/oparl/*path", s.publicOParl)
	g.POST("/boards/:board/disclosure-requests", s.registerRequest)
	g.GET("/boards/:board/disclosure-requests", s.openRequests)
	g.GET("/boards/:board/disclosure-requests/report", s.requestReport)
	g.GET("/me/disclosure-requests", s.myOpenRequests)
	g.GET("/disclosure-requests/:id", s.getRequest)
	g.POST("/disclosure-requests/:id/withdrawal", s.withdrawRequest)
	g.PUT("/disclosure-requests/:id/delay-reason", s.setDelayReason)
	g.POST("/disclosure-requests/:id/items/:no/release", s.releaseItem)
	g.POST("/disclosure-requests/:id/items/:no/masking", s.maskItem)
	g.GET("/disclosure-requests/:id/items/:no/pages/:page", s.previewItem)
	g.POST("/disclosure-requests/:id/refusals", s.refuseItems)
	g.GET("/disclosure-requests/:id/refusals/:no", s.getRefusal)
	g.GET("/disclosure-requests/:id/refusals/:no/pdf", s.refusalPDF)
	g.POST("/disclosure-requests/:id/refusals/:no/notification", s.notifyRefusal)
	g.GET("/meetings/:id/protocol.pdf", s.protocolPDF)
	g.GET("/meetings/:id/kallelse.pdf", s.kallelsePDF)
	g.GET("/meetings/:id/paragraphs/:no/extract.pdf", s.extractPDF)
	g.GET("/decisions/inbox", s.signingInbox)
	g.GET("/decisions/:decision", s.getDecision)
	g.POST("/decisions/:decision/signatures", s.signDecision)
	g.GET("/decisions/:decision/verification", s.verifyDecision)
	g.GET("/decisions/:decision/compliance", s.decisionCompliance)
	g.GET("/decisions/:decision/export", s.exportDecision)
	g.GET("/decisions/:decision/pdf", s.decisionPDF)
	g.GET("/boards/:board/archive-profile", s.getArchiveProfile)
	g.PUT("/boards/:board/archive-profile", s.saveArchiveProfile)
	g.GET("/boards/:board/retention-plans", s.listRetentionPlans)
	g.POST("/boards/:board/retention-plans", s.importRetentionPlan)
	g.POST("/boards/:board/gallring", s.runGallring)
	g.GET("/boards/:board/archive-packages", s.exportArchivePackages)
	g.GET("/cases/:id/retention", s.getCaseRetention)
	g.GET("/cases/:id/archive-package", s.exportArchivePackage)
	g.POST("/cases/:id/delivery", s.recordDelivery)
	s.registerAdmin(g)
	// Anything else under /api/ is answered by the validator (404/405 as
	// problem+json); this catches what never reaches a group route.
	r.NoRoute(func(c *gin.Context) {
		if len(c.Request.URL.Path) >= 5 && c.Request.URL.Path[:5] == "/api/" {
			s.validate()(c)
		}
	})
	return s
}

// abort writes err as a problem.
func (s *Server) abort(c *gin.Context, err error) { httpx.AbortWithProblem(c, s.log, err) }

// bind decodes the (already validated) JSON body into v, rejecting unknown
// fields as a second line of defence.
func (s *Server) bind(c *gin.Context, v any) bool {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		s.abort(c, fault.New(fault.Invalid, "malformed_json").WithDetail("%v", err))
		return false
	}
	return true
}
