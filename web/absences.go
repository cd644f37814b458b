package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// absenceData is the Frånvaro page of one board: the recorded absences
// (förhinder) an ersättare may cite, who recorded each, and the form to
// record one.
type absenceData struct {
	Board    string
	Boards   [][2]string
	Absences []delegation.Absence
	// Names are the names of the people the absences name (who is
	// absent, who recorded it), each read once.
	Names map[string]string
	// MayRecordOthers is set for the ordförande and sekreterare, who
	// record an absence for anyone on the board; others record their own.
	MayRecordOthers bool
	// MayRecord is unset for who only reads the board (a revisor).
	MayRecord    bool
	Username     string
	Today        string
	Flash, Error string
}

// The Swedish name of the absence form's note, for refusals (fieldLabel).
func init() {
	if _, ok := fieldLabels["/note"]; !ok {
		fieldLabels["/note"] = "Anteckning"
	}
}

func (ui *UI) absencePage(c *gin.Context) {
	ui.renderAbsences(c, http.StatusOK, "")
}

func (ui *UI) renderAbsences(c *gin.Context, status int, problem string) {
	u := currentUser(c)
	board, opts := ui.userBoard(c)
	d := absenceData{Board: board, Boards: opts, Username: u.Username, Today: platform.DateOf(ui.Clock.Now()).String(),
		Flash: flashes[c.Query("meddelande")], Error: problem}
	if board != "" {
		list, err := ui.Decisions.Absences(c.Request.Context(), u, board)
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.Absences, d.Names = list, map[string]string{}
		name := ui.personNamer(c.Request.Context())
		for _, a := range list {
			d.Names[a.Username], d.Names[a.RecordedBy] = name(a.Username), name(a.RecordedBy)
		}
		d.MayRecordOthers = ui.Cases.May(u, board, "record_absence")
		d.MayRecord = ui.Cases.MayChange(u, board)
	}
	ui.render(c, status, "absences", view{Title: "Frånvaro", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// absenceRefused shows an expected refusal of the page's forms (a bad
// date, a stale list, another person's absence) on the page, above the
// list; an internal fault gets the error page.
func (ui *UI) absenceRefused(c *gin.Context, err error) {
	f := fault.From(err)
	if f.Kind == fault.Internal {
		ui.failed(c, err)
		return
	}
	ui.renderAbsences(c, statusOf(f), problemText(err))
}

// absenceRecord records an absence from the page's form.
func (ui *UI) absenceRecord(c *gin.Context) {
	in := workflow.AbsenceInput{Username: c.PostForm("username"), Note: c.PostForm("note")}
	var fs fault.Fields
	for _, f := range []struct {
		name string
		to   *platform.Date
	}{{"from", &in.From}, {"to", &in.To}} {
		d, err := platform.ParseDate(strings.TrimSpace(c.PostForm(f.name)))
		if err != nil {
			fs.Add("/"+f.name, "invalid_date")
		}
		*f.to = d
	}
	err := fs.Err(fault.Unprocessable)
	board := ui.postedBoard(c)
	if err == nil {
		_, err = ui.Decisions.RecordAbsence(c.Request.Context(), currentUser(c), board, in)
	}
	if err != nil {
		ui.absenceRefused(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/franvaro?namnd="+url.QueryEscape(board)+"&meddelande=franvaro")
}

// absenceWithdraw withdraws an absence recorded by mistake.
func (ui *UI) absenceWithdraw(c *gin.Context) {
	board := ui.postedBoard(c)
	if _, err := ui.Decisions.WithdrawAbsence(c.Request.Context(), currentUser(c), board, c.Param("id")); err != nil {
		ui.absenceRefused(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/franvaro?namnd="+url.QueryEscape(board)+"&meddelande=franvaro_aterkallad")
}
