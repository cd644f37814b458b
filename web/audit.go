package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
)

type auditRow struct {
	ID, Number, Title, Kind, Point, Decider, Role, Amount, DecidedOn string
	Signed, Reported, Compliant                                      bool
	CaseID                                                           string
}

type auditData struct {
	Query map[string]string
	Rows  []auditRow
	Next  string
	// ExportQuery is the search's query for the export links: a query
	// string already encoded, which the template must not escape again
	// (that made the whole query one parameter name, read as no filter).
	ExportQuery template.URL
	Error       string
	MayVerify   bool
}

// auditFilter reads the form's filter from the query, ignoring empty
// fields, and scopes it to the user's boards.
func (ui *UI) auditFilter(c *gin.Context) (audit.Filter, error) {
	q := c.Request.URL.Query()
	for k, v := range q {
		if len(v) == 0 || v[0] == "" {
			q.Del(k)
		}
	}
	f, err := audit.ParseFilter(q)
	f.Boards = audit.ReadableBoards(currentUser(c), platform.DateOf(ui.Clock.Now()))
	return f, err
}

// The Swedish names of the audit search's filters, for a refused one
// (fieldLabel); the use case names them "query/<parameter>".
func init() {
	for k, v := range map[string]string{
		"board": "Nämnd", "from": "Beslutat från", "to": "Beslutat till", "kind": "Slag", "decider": "Beslutsfattare",
		"role": "Roll", "point_code": "Delegationspunkt", "amount_min": "Lägsta belopp", "amount_max": "Högsta belopp",
		"budget_impact": "Budgetpåverkan", "signed": "Signerat", "reported": "Anmält", "compliant": "Följer delegationsordningen",
		"q": "Fritext", "sort": "Sortering", "order": "Ordning", "cursor": "Sida", "limit": "Antal", "format": "Format",
	} {
		fieldLabels["query/"+k] = v
	}
}

func (ui *UI) auditPage(c *gin.Context) {
	u := currentUser(c)
	d := auditData{Query: map[string]string{}, MayVerify: audit.MayVerify(u, platform.DateOf(ui.Clock.Now()))}
	for k, v := range c.Request.URL.Query() {
		if len(v) > 0 {
			d.Query[k] = v[0]
		}
	}
	q := c.Request.URL.Query()
	q.Del("cursor")
	d.ExportQuery = template.URL(q.Encode()) // Encode escapes every key and value
	f, err := ui.auditFilter(c)
	status := http.StatusOK
	if err != nil {
		d.Error, status = problemText(err), http.StatusBadRequest
	} else {
		if err := ui.Audit.Log(c.Request.Context(), u.Username, "search", audit.Describe(c.Request.URL.Query())); err != nil {
			ui.failed(c, err)
			return
		}
		p, err := ui.Audit.Search(c.Request.Context(), f, c.Query("cursor"), 50)
		if err != nil {
			d.Error, status = problemText(err), statusOf(faultOf(err))
		}
		for _, r := range p.Items {
			d.Rows = append(d.Rows, auditRow{ID: r.ID, CaseID: r.CaseID, Number: r.RegistrationNumber, Title: r.Title,
				Kind: r.Kind, Point: r.PointCode, Decider: r.DeciderName, Role: r.Role, Amount: money.Format(r.AmountOre),
				DecidedOn: r.DecidedOn, Signed: r.Signed, Reported: r.Reported, Compliant: r.Compliant})
		}
		if p.Next != "" {
			nq := c.Request.URL.Query()
			nq.Set("cursor", p.Next)
			d.Next = "/revision?" + nq.Encode()
		}
	}
	ui.render(c, status, "audit", view{Title: "Revision", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

func (ui *UI) auditExport(c *gin.Context) {
	u := currentUser(c)
	format := c.Param("format")
	if format != "csv" && format != "jsonl" {
		ui.failed(c, fault.New(fault.NotFound, "not_found"))
		return
	}
	f, err := ui.auditFilter(c)
	if err != nil {
		ui.failed(c, err) // names the filter, as the search page does
		return
	}
	if err := ui.Audit.Log(c.Request.Context(), u.Username, "export", audit.Describe(c.Request.URL.Query())); err != nil {
		ui.failed(c, err)
		return
	}
	if format == "csv" {
		c.Header("Content-Type", "text/csv; charset=utf-8")
	} else {
		c.Header("Content-Type", "application/x-ndjson; charset=utf-8")
	}
	c.Header("Content-Disposition", `attachment; filename="beslut.`+format+`"`)
	c.Status(http.StatusOK)
	if f.Boards != nil && len(f.Boards) == 0 {
		f.Board = "\x00none"
	}
	var n int
	if format == "csv" {
		n, err = ui.Audit.ExportCSV(c.Request.Context(), f, c.Writer)
	} else {
		n, err = ui.Audit.ExportJSONL(c.Request.Context(), f, c.Writer)
	}
	if err != nil {
		ui.Log.ErrorContext(c.Request.Context(), "export", "err", err.Error(), "rows", strconv.Itoa(n))
	}
}
