// Package web is Samstyr's server-rendered Swedish UI: html/template pages
// with embedded assets, plain forms with CSRF tokens and
// POST-redirect-GET, and a cookie session. No JavaScript build step.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/internal/textdiff"
	"github.com/samstyr/samstyr/workflow"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are what the web UI needs.
type Deps struct {
	Identity      *identity.Service
	Boards        board.Storer
	Cases         *workflow.Cases
	Decisions     *workflow.Decisions
	Meetings      *workflow.Meetings
	Costs         *workflow.Costs
	Archive       *workflow.Archive
	Public        *workflow.Public
	Disclosures   *workflow.Disclosures
	Audit         *audit.Service
	Ledger        *audit.Ledger
	Clock         platform.Clock
	Log           *slog.Logger
	SessionTTL    time.Duration
	SecureCookies bool
	MaxUpload     int64
	// SSO is the OIDC provider's client; nil when single sign-on is off.
	SSO *sso.Client
	// Admin is the administration's use cases; Records lists its record
	// chains (repo.Admin).
	Admin   *admin.Service
	Records adminlog.Source
}

// UI holds the parsed pages and dependencies; its methods are handlers.
type UI struct {
	Deps
	pages     map[string]*template.Template
	assetPath string // /static/<checksum>
}

// pageNames are the views; each is parsed with the layout, and start-up
// fails if one is missing or broken.
var pageNames = []string{"login", "home", "error", "cases", "case_new", "case", "memo_edit", "memo_revisions", "delegation", "decision", "inbox", "pending", "allocation", "audit", "audit_report", "meetings", "meeting", "anslagstavla", "verify", "archive", "diarium", "requests", "request", "masking", "request_report", "request_public", "delegation_version", "agreements", "absences", "deadlines"}

// Register mounts the UI on r.
func Register(r *gin.Engine, d Deps) error {
	ui := &UI{Deps: d, pages: map[string]*template.Template{}}
	sum, err := assetChecksum()
	if err != nil {
		return err
	}
	ui.assetPath = "/static/" + sum
	funcs := template.FuncMap{
		"t":     func(key string) string { return i18n.T(i18n.Swedish, key) },
		"add":   func(a, b int) int { return a + b },
		"short": func(s string) string { return s[:min(len(s), 16)] },
		"op":    func(o textdiff.Op) string { return o.String() },
		"asset": func(name string) string { return ui.assetPath + "/" + name },
		// local writes an instant as the Stockholm wall clock (who entered
		// a date, and when).
		// isAdmin and mayAudit choose the menu's Administration and
		// Vem innehade? links (internal/admin decides).
		"isAdmin":  func(u *identity.User) bool { return u != nil && d.Admin != nil && d.Admin.IsAdmin(*u) },
		"mayAudit": func(u *identity.User) bool { return u != nil && d.Admin != nil && d.Admin.MayAudit(*u) },
		// Human text (humantext.go): a code's Swedish word, a person's
		// name for a username, Stockholm time, an amount in kronor.
		"label":    label,
		"person":   func(username string) string { return ui.personName(context.Background(), username) },
		"board":    func(code string) string { return ui.boardName(context.Background(), code) },
		"decision": func(u *identity.User, id string) string { return ui.decisionText(context.Background(), u, id) },
		"local":    platform.LocalTime,
		"localDate": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return platform.DateOf(*t).String()
		},
		"kr":    money.Format,
		"count": count,
		// may chooses the menu's jobs (mayOnSomeBoard).
		"may": ui.mayOnSomeBoard,
		// stepUpVia names the provider a person without a local password
		// signs with (a step-up login); "" for the password (stepup.go).
		"stepUpVia": ui.stepUpVia,
	}
	for _, name := range append(pageNames, adminPageNames...) {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, pageFiles(name)...)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		ui.pages[name] = t
	}
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServer(http.FS(static))
	r.GET("/static/:sum/*file", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
		c.Request.URL.Path = c.Param("file")
		files.ServeHTTP(c.Writer, c.Request)
	})
	r.GET("/login", ui.loginForm)
	r.GET("/anslagstavla", ui.anslagstavla)
	r.GET("/anslagstavla/kontrollpunkter.json", ui.publicRoots)
	r.GET("/diarium", ui.diariumPage)
	r.GET("/diarium/begaran", ui.publicRequestPage)
	r.POST("/diarium/begaran", ui.publicRequestSubmit)
	r.GET("/anslagstavla/protokoll/:id", ui.publicProtocol)
	r.POST("/login", ui.login)
	r.GET("/auth/oidc/start", ui.ssoStart)
	r.GET("/auth/oidc/callback", ui.ssoCallback)
	authed := r.Group("/", ui.requireSession())
	authed.GET("/", ui.home)
	authed.POST("/logout", ui.logout)
	authed.GET("/arenden", ui.caseList)
	authed.GET("/arenden/nytt", ui.caseNewForm)
	authed.POST("/arenden", ui.caseCreate)
	authed.GET("/arenden/:id", ui.casePage)
	authed.POST("/arenden/:id/handelse/:event", ui.caseEvent)
	authed.POST("/arenden/:id/handlingar", ui.documentUpload)
	authed.GET("/arenden/:id/handlingar/:no", ui.documentDownload)
	authed.GET("/arenden/:id/tjansteskrivelse", ui.memoEditor)
	authed.POST("/arenden/:id/tjansteskrivelse", ui.memoSave)
	authed.GET("/arenden/:id/tjansteskrivelse.pdf", ui.memoPDF)
	authed.GET("/arenden/:id/versioner", ui.memoRevisions)
	authed.POST("/arenden/:id/beslut", ui.caseDecision)
	authed.POST("/arenden/:id/jav", ui.javDeclare)
	authed.POST("/arenden/:id/jav/aterkalla", ui.javWithdraw)
	authed.POST("/arenden/:id/delgivning", ui.recordNotification)
	authed.POST("/arenden/:id/overklagande", ui.registerAppeal)
	authed.GET("/beslut/:id", ui.decisionPage)
	authed.POST("/beslut/:id/signera", ui.decisionSign)
	authed.GET("/beslut/:id/pdf", ui.decisionPDF)
	authed.GET("/signera", ui.signingInbox)
	authed.GET("/anmalningar", ui.pendingReports)
	authed.POST("/anmalningar", ui.markReported)
	authed.GET("/delegationsordning", ui.orderPage)
	authed.POST("/delegationsordning", ui.orderImport)
	authed.GET("/fordelning", ui.allocationPage)
	authed.GET("/revision", ui.auditPage)
	authed.GET("/revision/export/:format", ui.auditExport)
	authed.GET("/revision/rapport/:name", ui.auditReport)
	authed.GET("/revision/kontroll", ui.verifyPage)
	authed.POST("/revision/kontroll", ui.verifyAgainst)
	authed.GET("/frister", ui.myDeadlines)
	authed.GET("/franvaro", ui.absencePage)
	authed.POST("/franvaro", ui.absenceRecord)
	authed.POST("/franvaro/:id/aterkalla", ui.absenceWithdraw)
	authed.GET("/sammantraden", ui.meetingsPage)
	authed.POST("/sammantraden", ui.meetingPlan)
	authed.GET("/sammantraden/:id", ui.meetingPage)
	authed.GET("/sammantraden/:id/kallelse.pdf", ui.kallelsePDF)
	authed.GET("/sammantraden/:id/protokoll.pdf", func(c *gin.Context) { ui.meetingPDF(c, "protokoll") })
	authed.GET("/sammantraden/:id/utdrag/:no", func(c *gin.Context) { ui.meetingPDF(c, "utdrag") })
	authed.POST("/sammantraden/:id/:action", ui.meetingAction)
	authed.POST("/fordelning", ui.budgetImport)
	authed.GET("/arkiv", ui.archivePage)
	authed.GET("/arkiv/paket", ui.archiveBatchDownload)
	authed.POST("/arkiv/profil", ui.archiveProfileSave)
	authed.POST("/arkiv/plan", ui.archivePlanImport)
	authed.POST("/arkiv/gallring", ui.archiveGallring)
	authed.POST("/arkiv/leverans", ui.archiveDelivery)
	authed.GET("/arenden/:id/arkivpaket", ui.archiveCaseDownload)
	authed.GET("/utlamnande", ui.requestsPage)
	authed.POST("/utlamnande", ui.requestRegister)
	authed.GET("/utlamnande/:id", ui.requestPage)
	authed.POST("/utlamnande/:id/atgard/:action", ui.requestAction)
	authed.GET("/utlamnande/:id/maskering/:no", ui.maskingPage)
	authed.POST("/utlamnande/:id/maskering/:no", ui.maskingSubmit)
	authed.GET("/utlamnande/:id/sida/:no/:page", ui.maskingPreview)
	authed.GET("/utlamnande/:id/avslagsbeslut/:no", ui.refusalPDF)
	authed.GET("/revision/utlamnande", ui.requestReport)
	ui.registerAdmin(authed)
	ui.registerJobs(authed)
	// Added last, this runs only where no route does (a global handler
	// joins the routes registered after it, and the router's NoRoute).
	r.Use(ui.notFound)
	return nil
}

// notFound answers an address no page serves (a mistyped link, an old
// bookmark, a method no form uses) with the Swedish error page, with
// the menu for who is logged in, instead of the router's English text;
// /api/ is the API's (its NoRoute answers with problem+json).
func (ui *UI) notFound(c *gin.Context) {
	c.Next()
	if c.Writer.Written() || c.Writer.Status() != http.StatusNotFound || strings.HasPrefix(c.Request.URL.Path, "/api/") {
		return
	}
	v := view{Title: "Sidan finns inte", Error: t("not_found")}
	if secret, err := c.Cookie(sessionCookie); err == nil {
		if u, sess, err := ui.Identity.Resolve(c.Request.Context(), identity.KindWebSession, secret); err == nil {
			v.User, v.CSRF = &u, sess.CSRF
		}
	}
	ui.render(c, http.StatusNotFound, "error", v)
}

// assetChecksum hashes every static file, so asset URLs change whenever
// an asset does and may be cached forever.
func assetChecksum() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		h.Write([]byte(p))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

// view is the data every page gets.
type view struct {
	Title string
	User  *identity.User
	CSRF  string
	Error string
	Data  any
	// posted is the form a refused POST to postedPath sent (render
	// fills both), for Kept.
	posted     url.Values
	postedPath string
}

// Kept is what the user typed into field of the form posting to action
// when the page answers that form's refusal, and def otherwise: a
// refused form shows again as it was sent, not as stored. Never for a
// password.
func (v view) Kept(action, field, def string) string {
	path, _, _ := strings.Cut(action, "?")
	if v.posted == nil || path != v.postedPath {
		return def
	}
	return v.posted.Get(field)
}

// KeptChecked tells whether the refused form posting to action had the
// checkbox field with value checked (Kept for a list of checkboxes).
func (v view) KeptChecked(action, field, value string) bool {
	path, _, _ := strings.Cut(action, "?")
	return v.posted != nil && path == v.postedPath && slices.Contains(v.posted[field], value)
}

// render writes a page; a template error is logged and becomes a 500.
func (ui *UI) render(c *gin.Context, status int, page string, v view) {
	if status >= http.StatusBadRequest && c.Request.Method == http.MethodPost {
		v.posted, v.postedPath = c.Request.PostForm, c.Request.URL.Path
	}
	var buf bytes.Buffer
	if err := ui.pages[page].Execute(&buf, v); err != nil {
		ui.Log.ErrorContext(c.Request.Context(), "render", "page", page, "err", err.Error())
		c.String(http.StatusInternalServerError, "Internt fel")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
