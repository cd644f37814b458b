package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
)

type reportPageData struct {
	Name, Heading string
	Rows          []auditRow
	Ages          map[string]int
	Jav           []javRow
	Year          int
	Snapshots     map[string]string
}

type javRow struct {
	Number, CaseID, Title, Person, Ground, DeclaredBy, At, DecidedBy string
	Withdrawn                                                        string // by whom, when and why; "" while in force
}

var reportHeadings = map[string]string{
	"unreported":   "Delegationsbeslut som inte har anmälts",
	"noncompliant": "Beslut som inte följer delegationsordningen",
	"jav":          "Jävsregister",
	"budget":       "Beslut med budgetpåverkan",
}

func (ui *UI) auditReport(c *gin.Context) {
	u := currentUser(c)
	name := c.Param("name")
	heading, ok := reportHeadings[name]
	if !ok {
		ui.failed(c, audit.ErrInvalidFilter.WithDetail("report %q", name))
		return
	}
	if err := ui.Audit.Log(c.Request.Context(), u.Username, "report:"+name, audit.Describe(c.Request.URL.Query())); err != nil {
		ui.failed(c, err)
		return
	}
	today := platform.DateOf(ui.Clock.Now())
	f := audit.Filter{Boards: audit.ReadableBoards(u, today), SortBy: "decided_at"}
	d := reportPageData{Name: name, Heading: heading, Ages: map[string]int{}, Snapshots: map[string]string{}}
	no := false
	keep := func(audit.Record) bool { return true }
	switch name {
	case "unreported":
		f.Reported = &no
		keep = func(r audit.Record) bool { return r.ReportTo != "ingen" }
	case "noncompliant":
		f.Compliant = &no
	case "budget":
		d.Year, _ = strconv.Atoi(c.DefaultQuery("ar", strconv.Itoa(today.Year)))
		rows, err := ui.Audit.BudgetReport(c.Request.Context(), u, f, d.Year)
		if err != nil {
			ui.failed(c, err)
			return
		}
		for _, r := range rows {
			d.Rows = append(d.Rows, reportRow(r.Record))
			d.Ages[r.ID] = r.AgeDays
			d.Snapshots[r.ID] = r.Snapshot
		}
		ui.render(c, http.StatusOK, "audit_report", view{Title: heading, User: &u, CSRF: currentSession(c).CSRF, Data: d})
		return
	case "jav":
		list, err := ui.Cases.JavRegister(c.Request.Context(), f.Boards, "")
		if err != nil {
			ui.failed(c, err)
			return
		}
		name := ui.personNamer(c.Request.Context())
		for _, j := range list {
			d.Jav = append(d.Jav, javRow{Number: j.RegistrationNumber, CaseID: j.CaseID, Title: j.Title, Person: name(j.Declaration.Person),
				Ground: j.Declaration.Ground, DeclaredBy: name(j.Declaration.DeclaredBy), At: platform.DateOf(j.Declaration.At).String(),
				DecidedBy: joinNames(j.DecidedBy)})
			if w := j.Declaration; w.WithdrawnAt != nil {
				d.Jav[len(d.Jav)-1].Withdrawn = name(w.WithdrawnBy) + " " + platform.DateOf(*w.WithdrawnAt).String() + ": " + w.WithdrawReason
			}
		}
		ui.render(c, http.StatusOK, "audit_report", view{Title: heading, User: &u, CSRF: currentSession(c).CSRF, Data: d})
		return
	}
	if f.Boards != nil && len(f.Boards) == 0 {
		f.Board = "\x00none"
	}
	err := ui.Audit.Each(c.Request.Context(), f, func(r audit.Record) error {
		if keep(r) {
			d.Rows = append(d.Rows, reportRow(r))
			d.Ages[r.ID] = r.AgeDays(today)
		}
		return nil
	})
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.render(c, http.StatusOK, "audit_report", view{Title: heading, User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// reportRow is a decision's row in a report.
func reportRow(r audit.Record) auditRow {
	return auditRow{ID: r.ID, CaseID: r.CaseID, Number: r.RegistrationNumber, Title: r.Title, Kind: r.Kind,
		Point: r.PointCode, Decider: r.DeciderName, Role: r.Role, Amount: money.Format(r.AmountOre), DecidedOn: r.DecidedOn,
		Signed: r.Signed, Reported: r.Reported, Compliant: r.Compliant}
}

func joinNames(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
