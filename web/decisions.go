package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

type decisionPageData struct {
	Case         cases.Case
	Decision     cases.Decision
	KindText     string
	Amount       string
	Verification workflow.Verification
	MaySign      bool
	Flash        string
	SignError    string
	// Proof is the delegation proof in words; DecidedAt and Signatures in
	// Stockholm time; ReportTo the word for whom the decision is reported
	// to; Checks the verification as Swedish sentences.
	Proof, DecidedAt, ReportTo, Role string
	Checks                           []checkRow
	Signatures                       []string
	// Legal is the decision's appeal routes and laga kraft.
	Legal *legalData
	// Backdated is set when the decision date was entered on a later day
	// than the decision was taken.
	Backdated bool
}

func (ui *UI) decisionPage(c *gin.Context) {
	cs, d, err := ui.Decisions.DecisionOf(c.Request.Context(), currentUser(c), c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.renderDecision(c, cs, d, "", http.StatusOK)
}

// renderDecision shows the decision page; signErr is the refusal of a
// signature just tried, shown next to the password field.
func (ui *UI) renderDecision(c *gin.Context, cs cases.Case, d cases.Decision, signErr string, status int) {
	u := currentUser(c)
	v, err := ui.Decisions.VerifyDecision(c.Request.Context(), u, d.ID)
	if err != nil {
		ui.failed(c, err)
		return
	}
	data := decisionPageData{Case: cs, Decision: d, KindText: kindText(d.Kind), Amount: money.Format(d.AmountOre), Verification: v,
		MaySign: d.DeciderID == u.ID && !d.Signed() && ui.Cases.MayChange(u, cs.Board), Flash: flashes[c.Query("meddelande")],
		SignError: signErr, Proof: ui.Decisions.ProofText(c.Request.Context(), cs, d), Backdated: d.DecidedOn != platform.DateOf(d.DecidedAt),
		DecidedAt: platform.LocalTime(d.DecidedAt), ReportTo: label("report_to", d.ReportTo), Role: workflow.RoleWord(d.ActingRole),
		Checks: checkRows(v, d.Signed())}
	for _, sg := range d.Signatures {
		data.Signatures = append(data.Signatures, "Signerat "+platform.LocalTime(sg.SignedAt)+" av "+d.DeciderName+
			" med nyckel "+sg.KeyID+" ("+label("signature_method", sg.Method)+")")
	}
	if l, err := ui.legalSection(c, cs, d.ID, "/beslut/"+d.ID); err == nil {
		data.Legal = &l
	}
	ui.render(c, status, "decision", view{Title: "Beslut " + cs.RegistrationNumber, User: &u, CSRF: currentSession(c).CSRF, Data: data})
}

// decisionSign signs with the password typed again, or starts a single
// sign-on step-up for a person without a password (stepup.go); a refusal
// (a wrong password, jäv, already signed) shows on the decision page.
func (ui *UI) decisionSign(c *gin.Context) {
	u := currentUser(c)
	act := stepUpAct{Kind: stepUpDecision, ID: c.Param("id"), Digest: c.PostForm("digest")}
	if ui.startStepUp(c, act, ui.stepUpRefused(c, act)) {
		return
	}
	proof := identity.Proof{Password: c.PostForm("password"), ClientIP: c.ClientIP()}
	_, d, err := ui.Decisions.Sign(c.Request.Context(), u, c.Param("id"), proof)
	if err != nil {
		f := fault.From(err)
		if f.Kind == fault.Internal || f.Kind == fault.NotFound {
			ui.failed(c, err)
			return
		}
		cs, cur, lerr := ui.Decisions.DecisionOf(c.Request.Context(), u, c.Param("id"))
		if lerr != nil {
			ui.failed(c, err)
			return
		}
		ui.renderDecision(c, cs, cur, problemText(err), statusOf(f))
		return
	}
	c.Redirect(http.StatusSeeOther, "/beslut/"+d.ID+"?meddelande=signerat")
}

func (ui *UI) decisionPDF(c *gin.Context) {
	cs, d, err := ui.Decisions.DecisionOf(c.Request.Context(), currentUser(c), c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	pdf, err := ui.Decisions.RenderDecisionPDF(c.Request.Context(), cs, d)
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Data(http.StatusOK, "application/pdf", pdf)
}

type inboxRow struct {
	ID, Number, Title, Kind, Point, At string
}

func (ui *UI) signingInbox(c *gin.Context) {
	u := currentUser(c)
	items, err := ui.Decisions.SigningInbox(c.Request.Context(), u)
	if err != nil {
		ui.failed(c, err)
		return
	}
	var rows []inboxRow
	for _, it := range items {
		rows = append(rows, inboxRow{ID: it.Decision.ID, Number: it.Case.RegistrationNumber, Title: it.Case.Title,
			Kind: kindText(it.Decision.Kind), Point: it.Decision.PointCode,
			At: it.Decision.DecidedAt.In(platform.Stockholm).Format("2006-01-02 15:04")})
	}
	ui.render(c, http.StatusOK, "inbox", view{Title: "Att signera", User: &u, CSRF: currentSession(c).CSRF,
		Data: map[string]any{"Rows": rows, "Flash": flashes[c.Query("meddelande")]}})
}

type pendingRow struct {
	ID, Number, Title, Kind, Point, Decider, At string
	Age                                         int
	Urgent, Unsigned                            bool
}

func (ui *UI) pendingReports(c *gin.Context) { ui.renderPending(c, http.StatusOK, "") }

// renderPending shows the decisions to report; errText is the refusal of
// the form just sent, shown next to it.
func (ui *UI) renderPending(c *gin.Context, status int, errText string) {
	u := currentUser(c)
	board, opts := ui.userBoard(c)
	var rows []pendingRow
	if board != "" {
		ps, err := ui.Decisions.PendingReports(c.Request.Context(), u, board)
		if err != nil {
			ui.failed(c, err)
			return
		}
		for _, p := range ps {
			rows = append(rows, pendingRow{ID: p.Decision.ID, Number: p.Case.RegistrationNumber, Title: p.Case.Title,
				Kind: kindText(p.Decision.Kind), Point: p.Decision.PointCode, Decider: p.Decision.DeciderName,
				At: p.Decision.DecidedOn.String(), Age: p.AgeDays, Urgent: p.Decision.Kind == cases.KindUrgent, Unsigned: p.Unsigned})
		}
	}
	ui.render(c, status, "pending", view{Title: "Delegationsbeslut att anmäla", User: &u, CSRF: currentSession(c).CSRF,
		Data: map[string]any{"Rows": rows, "Board": board, "Boards": opts, "MayReport": board != "" && ui.Cases.May(u, board, "report_decisions"),
			"Flash": flashes[c.Query("meddelande")], "Error": errText}})
}

func (ui *UI) markReported(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	if _, err := ui.Decisions.MarkReported(c.Request.Context(), u, board, c.PostFormArray("decision"), c.PostForm("meeting_ref")); err != nil {
		if f := fault.From(err); f.Kind != fault.Internal {
			ui.renderPending(c, statusOf(f), problemText(err))
			return
		}
		ui.failed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/anmalningar?namnd="+board+"&meddelande=anmalda")
}
