package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/workflow"
)

// registerJobs mounts the pages for the jobs that once were API-only:
// expediering of a memo, the decision file for offline verification,
// review and adoption of a delegationsordning version with its downloads,
// vidaredelegering, samverkansavtal and user counts, laglighetsprövning
// and the revisor's checkpoints. Every rule stays in the use cases.
func (ui *UI) registerJobs(authed *gin.RouterGroup) {
	authed.POST("/arenden/:id/tjansteskrivelse/expediera", ui.memoDispatch)
	authed.GET("/beslut/:id/export", ui.decisionExport)
	authed.GET("/delegationsordning/:board/:version", ui.orderVersionPage)
	authed.POST("/delegationsordning/:board/:version/anta", ui.orderAdopt)
	authed.GET("/delegationsordning/:board/:version/export/:format", ui.orderExport)
	authed.POST("/delegationsordning/vidaredelegering", ui.subDelegate)
	authed.GET("/fordelning/avtal", ui.agreementsPage)
	authed.POST("/fordelning/avtal", ui.agreementAdd)
	authed.POST("/fordelning/anvandare", ui.userCountRecord)
	authed.POST("/revision/kontrollpunkt", ui.checkpointMake)
}

func init() {
	for k, v := range map[string]string{
		"antagen":           "Versionen är antagen och gäller från det angivna datumet.",
		"vidaredelegerad":   "Beslutanderätten är vidaredelegerad.",
		"avtal":             "Den nya versionen av samverkansavtalet är sparad.",
		"anvandare":         "Antalet användare är registrerat och fördelningen räknas om.",
		"kontrollpunkt":     "En ny kontrollpunkt är signerad.",
		"overklagande":      "Överklagandet är registrerat. Besluten vinner inte laga kraft förrän domstolen har prövat det.",
		"utdrag_expedierat": "Protokollsutdraget är expedierat och registrerat som utgående handling.",
	} {
		flashes[k] = v
	}
	for k, v := range map[string]string{
		"/recipient": "Mottagare", "/adopted_ref": "Beslutsparagraf", "/adopted_on": "Antagen den",
		"/valid_from": "Gäller från", "/valid_to": "Gäller till och med", "/user": "Till", "/point_code": "Delegationspunkt",
		"/limit": "Beloppsgräns", "/members": "Medlemskommuner", "/host": "Värdkommun", "/key_day": "Nyckeldag",
		"/key_month": "Nyckelmånad", "/key_mode": "Fördelningsnyckel", "/invoicing": "Fakturering", "/exclusions": "Undantag",
		"/key_date": "Nyckeldatum", "/users": "Antal användare", "/member": "Kommun", "/received": "Inkom den",
		"/court": "Domstol", "/paragraph": "Paragraf", "/invoicing/*": "Faktureringsregel %d",
	} {
		fieldLabels[k] = v
	}
}

// decisionExport downloads a decision with its case's history and
// signatures as JSON, for `samstyr verify-decision` away from the
// service (the same file as the API's export).
func (ui *UI) decisionExport(c *gin.Context) {
	cs, d, err := ui.Decisions.DecisionOf(c.Request.Context(), currentUser(c), c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="beslut-`+d.ID+`.json"`)
	c.JSON(http.StatusOK, workflow.Export(cs, d))
}

// dispatchForm is the "Expediera" form on the case page.
type dispatchForm struct {
	Recipient, Error string
}

// dispatchSection offers the expediering form to those who may send the
// memo out; after a refusal it shows the posted recipient and the reason.
func (ui *UI) dispatchSection(c *gin.Context, u identity.User, cs cases.Case, d *caseData) {
	if cs.Memo == nil || !ui.Cases.May(u, cs.Board, "dispatch_memo") {
		return
	}
	f := &dispatchForm{}
	if v, ok := c.Get("dispatchForm"); ok {
		f = v.(*dispatchForm)
	}
	d.Dispatch = f
}

// memoDispatch records that the memo was sent outside the authority
// (expedierad); a refusal shows the case page with the reason at the form.
func (ui *UI) memoDispatch(c *gin.Context) {
	u := currentUser(c)
	id := c.Param("id")
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	recipient := c.PostForm("recipient")
	if _, err := ui.Cases.DispatchMemo(c.Request.Context(), u, id, version, recipient); err != nil {
		fe := faultOf(err)
		cs, lerr := ui.Cases.Case(c.Request.Context(), u, id)
		if fe.Kind == fault.Internal || lerr != nil {
			ui.failed(c, err)
			return
		}
		c.Set("dispatchForm", &dispatchForm{Recipient: strings.TrimSpace(recipient), Error: problemText(err)})
		ui.renderCase(c, cs, nil, statusOf(fe))
		return
	}
	c.Redirect(http.StatusSeeOther, "/arenden/"+id+"?meddelande=expedierad#memo-heading")
}
