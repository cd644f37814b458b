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
	return legalData{Forces: fs, Appeals: appeals, CaseID: cs.ID, Version: cs.Version, CSRF: currentSession(c).CSRF,
		MayRecord: ui.Cases.MayChange(u, cs.Board) && ui.Cases.May(u, cs.Board, "record_notification"),
		Today:     platform.DateOf(ui.Clock.Now()).String(), Manners: cases.NotificationManners, Back: back}, nil
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
	if b := c.PostForm("back"); strings.HasPrefix(b, "/beslut/") && !strings.ContainsAny(b, "?#\\") && !strings.HasPrefix(b, "//") {
		return b + "?meddelande=" + flash + "#laga-kraft"
	}
	return "/arenden/" + caseID + "?meddelande=" + flash + "#laga-kraft"
}

func (ui *UI) recordNotification(c *gin.Context) {
	v, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	on, err := optionalDate(c, "notified_on")
	if err == nil {
		_, err = ui.Decisions.RecordNotification(c.Request.Context(), currentUser(c), c.Param("id"), v, workflow.NotificationInput{
			Decision: c.PostForm("decision"), Party: c.PostForm("party"), NotifiedOn: on, Manner: c.PostForm("manner")})
	}
	if err != nil {
		ui.failed(c, err)
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
		ui.failed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, legalBack(c, c.Param("id"), "overklagande"))
}
