package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// legalData is the "Överklagande och laga kraft" section of the case and
// decision pages: each decision's appeal routes, delgivningar, time limits
// and legal force, and the forms to record a delgivning or an appeal.
type legalData struct {
	Forces    []workflow.DecisionForce
	CaseID    string
	Version   int64
	MayRecord bool
	CSRF      string
	Today     string
	Manners   []string
	Back      string // the page to return to after a form
	// Appeals are the överklaganden registered against these decisions,
	// with who registered them.
	Appeals []cases.Appeal
	// FormError is the refusal of the delgivning or appeal form just
	// sent, in Swedish: by form ("delgivning", "overklagande") for the
	// form as a whole, by form and field ("delgivning/notified_on") next
	// to the field it names. Posted keeps what was typed in that form, by
	// the same keys.
	FormError map[string]string
	Posted    map[string]string
}

// Label names a decision of the section as a person knows it: the
// board's decision by its § reference, a delegated or urgent one by its
// kind, diarienummer and day (its id is internal).
func (l legalData) Label(ref string) string {
	for _, f := range l.Forces {
		if f.Ref != ref {
			continue
		}
		switch f.Kind {
		case "namnd":
			return "Nämndens beslut " + f.Ref
		case "urgent":
			return "Brådskande ordförandebeslut " + f.RegistrationNumber + ", " + f.DecidedOn.String()
		}
		return "Delegationsbeslut " + f.RegistrationNumber + ", " + f.DecidedOn.String()
	}
	return ref
}

// legalForms are the fields of the delgivning and appeal forms by the
// fault field that names them, with their labels as the forms show them.
var legalForms = map[string]map[string]string{
	"delgivning": {"/decision": "Beslut", "/party": "Part", "/notified_on": "Delgiven", "/manner": "Sätt"},
	"overklagande": {"/decision": "Beslut", "/route": "Väg", "/party": "Klagande part", "/received_on": "Inkom",
		"/received_by": "Inkom till"},
}

// legalRefusalKey carries a refused delgivning or appeal form on the
// request to the legal section of the page re-rendered for it.
const legalRefusalKey = "legalRefusal"

// legalRefusal is a refused delgivning or appeal form: the messages and
// the values typed, keyed as legalData.FormError and Posted.
type legalRefusal struct {
	errs, posted map[string]string
}

// refusalOf words err for form: each field the form has next to that
// field with its label, the rest (a stale version, a missing right) for
// the form as a whole.
func refusalOf(c *gin.Context, form string, err error) legalRefusal {
	r := legalRefusal{errs: map[string]string{}, posted: map[string]string{}}
	labels := legalForms[form]
	for field := range labels {
		r.posted[form+field] = c.PostForm(strings.TrimPrefix(field, "/"))
	}
	f := fault.From(err)
	var rest []string
	for _, fe := range f.Fields {
		if l, ok := labels[fe.Field]; ok {
			r.errs[form+fe.Field] = l + ": " + t(fe.Code)
			continue
		}
		rest = append(rest, swedishField(fe.Field)+": "+strings.TrimSuffix(t(fe.Code), ".")+".")
	}
	if len(f.Fields) == 0 {
		rest = append(rest, problemText(err))
	} else if len(rest) > 0 {
		rest = append([]string{t(f.Code)}, rest...)
	}
	if len(rest) > 0 {
		r.errs[form] = strings.Join(rest, " ")
	}
	return r
}

// legalRefused shows an expected refusal of the delgivning or appeal
// form (form "delgivning" or "overklagande") on the page it was sent
// from, the decision page or the case page, next to the field it names,
// with the status of the fault; the person stays on the case. An
// internal fault or a case that cannot be read gets the error page.
func (ui *UI) legalRefused(c *gin.Context, form string, err error) {
	f := fault.From(err)
	if f.Kind == fault.Internal || f.Kind == fault.NotFound {
		ui.failed(c, err)
		return
	}
	r := refusalOf(c, form, err)
	c.Set(legalRefusalKey, r)
	if id, ok := strings.CutPrefix(legalBackPath(c), "/beslut/"); ok {
		if cs, d, lerr := ui.Decisions.DecisionOf(c.Request.Context(), currentUser(c), id); lerr == nil && cs.ID == c.Param("id") {
			ui.renderDecision(c, cs, d, "", statusOf(f))
			return
		}
	}
	ui.caseRefused(c, c.Param("id"), form, err)
}

// legalSection works the section out for the case (only decision ref
// when given).
func (ui *UI) legalSection(c *gin.Context, cs cases.Case, ref, back string) (legalData, error) {
	u := currentUser(c)
	fs, err := ui.Decisions.CaseLegalForce(c.Request.Context(), u, cs.ID)
	if err != nil {
		return legalData{}, err
	}
	if ref != "" {
		var only []workflow.DecisionForce
		for _, f := range fs {
			if f.Ref == ref {
				only = append(only, f)
			}
		}
		fs = only
	}
	var appeals []cases.Appeal
	for _, a := range cs.Appeals {
		if ref == "" || a.Decision == ref {
			appeals = append(appeals, a)
		}
	}
	l := legalData{Forces: fs, Appeals: appeals, CaseID: cs.ID, Version: cs.Version, CSRF: currentSession(c).CSRF,
		MayRecord: ui.Cases.MayChange(u, cs.Board) && ui.Cases.May(u, cs.Board, "record_notification"),
		Today:     platform.DateOf(ui.Clock.Now()).String(), Manners: cases.NotificationManners, Back: back}
	if r, ok := c.Get(legalRefusalKey); ok {
		l.FormError, l.Posted = r.(legalRefusal).errs, r.(legalRefusal).posted
	}
	return l, nil
}

// optionalDate parses a date field a person may leave empty (then the
// use case takes today).
func optionalDate(c *gin.Context, field string) (platform.Date, error) {
	s := strings.TrimSpace(c.PostForm(field))
	if s == "" {
		return platform.Date{}, nil
	}
	d, err := platform.ParseDate(s)
	if err != nil {
		return d, (&fault.Fields{{Field: "/" + field, Code: "invalid_date"}}).Err(fault.Unprocessable)
	}
	return d, nil
}

// legalBack is where a delgivning or appeal form returns: the decision
// page it came from, else the case page.
func legalBack(c *gin.Context, caseID, flash string) string {
	if b := legalBackPath(c); b != "" {
		return b + "?meddelande=" + flash + "#laga-kraft"
	}
	return "/arenden/" + caseID + "?meddelande=" + flash + "#laga-kraft"
}

// legalBackPath is the decision page a delgivning or appeal form was
// sent from, or "" (the case page).
func legalBackPath(c *gin.Context) string {
	b := c.PostForm("back")
	if id, ok := strings.CutPrefix(b, "/beslut/"); ok && id != "" && !strings.ContainsAny(id, "?#\\/") {
		return b
	}
	return ""
}

func (ui *UI) recordNotification(c *gin.Context) {
	v, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	on, err := optionalDate(c, "notified_on")
	if err == nil {
		_, err = ui.Decisions.RecordNotification(c.Request.Context(), currentUser(c), c.Param("id"), v, workflow.NotificationInput{
			Decision: c.PostForm("decision"), Party: c.PostForm("party"), NotifiedOn: on, Manner: c.PostForm("manner")})
	}
	if err != nil {
		ui.legalRefused(c, "delgivning", err)
		return
	}
	c.Redirect(http.StatusSeeOther, legalBack(c, c.Param("id"), "delgivning"))
}

func (ui *UI) registerAppeal(c *gin.Context) {
	v, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	on, err := optionalDate(c, "received_on")
	if err == nil {
		_, err = ui.Decisions.RegisterDecisionAppeal(c.Request.Context(), currentUser(c), c.Param("id"), v, workflow.AppealInput{
			Decision: c.PostForm("decision"), Route: c.PostForm("route"), Party: c.PostForm("party"), ReceivedOn: on,
			ReceivedBy: c.PostForm("received_by")})
	}
	if err != nil {
		ui.legalRefused(c, "overklagande", err)
		return
	}
	c.Redirect(http.StatusSeeOther, legalBack(c, c.Param("id"), "overklagande"))
}
