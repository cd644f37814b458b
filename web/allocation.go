package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/costs/allocation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
)

// allocRow is one member in the allocation table (amounts formatted).
type allocRow struct {
	Name, Code, Users, Percent, BudgetShare, Invoiced, Shared, Political, Direct, Total, Reconciliation string
	Quarters                                                                                            [4]string
	AltShared                                                                                           string
}

// bar is one rectangle of the SVG chart.
type bar struct {
	X, Y, W, H int
	Class      string
	Label      string
}

type historyRow struct {
	Seq                     int
	At, Trigger, TriggerURL string
	Changes                 []string
}

type allocData struct {
	Board, BoardName  string
	Year              int
	Years             []int
	Found             bool
	Rows              []allocRow
	Totals            allocRow
	ModeText, AltText string
	RuleText          string
	KeyDate           string
	ResultKind        string
	Bars              []bar
	Legend            []bar
	ChartW, ChartH    int
	History           []historyRow
	MayImport         bool
	ImportErrors      []fault.FieldError
	ImportError       string
	Flash             string
	SnapshotID        string
	TriggerText       string
	Excluded          []string // decisions left out of the allocation, with why
}

var modeText = map[allocation.KeyMode]string{allocation.KeyExactUsers: "exakt antal användare",
	allocation.KeyRoundedPercent: "avrundade procentsatser (en decimal)"}

var ruleText = map[allocation.InvoicingRule]string{
	allocation.RuleQuarterlyAdvance: "¼ av budgeterad nettokostnad per kvartal i förskott, avstämning i december",
	allocation.RuleObjectsInArrears: "beställda IT-objekt, kvartalsvis i efterskott"}

func (ui *UI) allocationPage(c *gin.Context) { ui.renderAllocation(c, http.StatusOK, nil, "") }

func (ui *UI) renderAllocation(c *gin.Context, status int, importErrs []fault.FieldError, importErr string) {
	u := currentUser(c)
	board, opts := ui.userBoard(c)
	year, _ := ui.queryYear(c)
	d := allocData{Board: board, Year: year, Years: []int{year - 1, year, year + 1}, ImportErrors: importErrs,
		ImportError: importErr, Flash: flashes[c.Query("meddelande")],
		MayImport: board != "" && ui.Cases.May(u, board, "manage_budget")}
	for _, o := range opts {
		if o[0] == board {
			d.BoardName = o[1]
		}
	}
	if board != "" {
		snap, err := ui.Costs.Allocation(c.Request.Context(), u, board, year)
		switch {
		case err == nil:
			d.Found = true
			ui.fillAllocation(&d, snap)
			hist, err := ui.Costs.Snapshots(c.Request.Context(), u, board, year)
			if err != nil {
				ui.failed(c, err)
				return
			}
			d.History = historyRows(hist)
		case fault.From(err).Kind == fault.NotFound:
		default:
			ui.failed(c, err)
			return
		}
	}
	ui.render(c, status, "allocation", view{Title: "Kostnadsfördelning", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

func (ui *UI) fillAllocation(d *allocData, s costs.Snapshot) {
	p := s.Primary
	d.SnapshotID = s.ID
	d.ModeText, d.AltText, d.RuleText = modeText[p.Mode], modeText[s.Alternative.Mode], ruleText[p.Rule]
	d.KeyDate = s.Key.KeyDate.String()
	d.ResultKind = map[string]string{"forecast": "årsprognos", "outcome": "utfall"}[p.ResultKind]
	d.TriggerText = triggerText(s.Trigger)
	for _, x := range s.Excluded {
		d.Excluded = append(d.Excluded, x.Ref+": "+t(x.Reason))
	}
	for _, m := range p.Members {
		row := allocRow{Name: m.Name, Code: m.Code, Users: strconv.FormatInt(m.Users, 10), Percent: m.Percent,
			BudgetShare: money.Format(m.BudgetNetShare), Invoiced: money.Format(m.Invoiced), Shared: money.Format(m.ResultShared),
			Political: money.Format(m.ResultPolitical), Direct: money.Format(m.ResultDirect), Total: money.Format(m.Total), Reconciliation: money.Format(m.Reconciliation)}
		for q, v := range m.Invoices {
			row.Quarters[q] = money.Format(v)
		}
		if i := slices.IndexFunc(s.Alternative.Members, func(x allocation.MemberResult) bool { return x.Code == m.Code }); i >= 0 {
			row.AltShared = money.Format(s.Alternative.Members[i].ResultShared)
		}
		d.Rows = append(d.Rows, row)
	}
	d.Totals = allocRow{Name: "Summa", BudgetShare: money.Format(p.BudgetNet), Invoiced: money.Format(p.Invoiced), Shared: money.Format(p.ResultShared),
		Political: money.Format(p.ResultPolitical), Direct: money.Format(p.ResultDirect), Total: money.Format(p.ResultTotal), Reconciliation: money.Format(p.Reconciliation)}
	d.Bars, d.Legend, d.ChartW, d.ChartH = chart(p)
}

// chart lays out grouped bars: per quarter, one bar per member's invoice.
func chart(p allocation.Result) ([]bar, []bar, int, int) {
	const w, h, pad, top = 640, 240, 40, 10
	var maxV int64 = 1
	for _, m := range p.Members {
		for _, v := range m.Invoices {
			maxV = max(maxV, v)
		}
	}
	n := max(len(p.Members), 1)
	group := (w - 2*pad) / 4
	bw := (group - 20) / n
	var bars, legend []bar
	for q := range 4 {
		for i, m := range p.Members {
			v := max(m.Invoices[q], 0)
			bh := int(float64(h-pad-top) * float64(v) / float64(maxV))
			bars = append(bars, bar{X: pad + q*group + 10 + i*bw, Y: h - pad - bh, W: bw - 4, H: bh, Class: fmt.Sprintf("series-%d", i%4),
				Label: fmt.Sprintf("%s, kvartal %d: %s", m.Name, q+1, money.Format(m.Invoices[q]))})
		}
	}
	for i, m := range p.Members {
		legend = append(legend, bar{X: pad + i*200, Y: 0, W: 12, H: 12, Class: fmt.Sprintf("series-%d", i%4), Label: m.Name})
	}
	return bars, legend, w, h
}

func triggerText(t costs.Trigger) string {
	if t.Kind == costs.TriggerDecision {
		return "Beslut i " + t.RegistrationNumber
	}
	return "Inläsning av budget och prognos"
}

func historyRows(snaps []costs.Snapshot) []historyRow {
	var out []historyRow
	for i := len(snaps) - 1; i >= 0; i-- {
		s := snaps[i]
		row := historyRow{Seq: s.Seq, At: platform.LocalTime(s.CreatedAt), Trigger: triggerText(s.Trigger)}
		if s.Trigger.Kind == costs.TriggerDecision {
			row.TriggerURL = "/beslut/" + s.Trigger.Ref
		}
		if i > 0 {
			prev := snaps[i-1]
			for _, m := range s.Primary.Members {
				j := slices.IndexFunc(prev.Primary.Members, func(x allocation.MemberResult) bool { return x.Code == m.Code })
				if j >= 0 && (prev.Primary.Members[j].Total != m.Total || prev.Primary.Members[j].Invoiced != m.Invoiced) {
					row.Changes = append(row.Changes, fmt.Sprintf("%s: fakturerat %s → %s, totalt %s → %s", m.Name,
						money.Format(prev.Primary.Members[j].Invoiced), money.Format(m.Invoiced), money.Format(prev.Primary.Members[j].Total), money.Format(m.Total)))
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// queryYear is the budget year of the page: ?ar= when it is a year
// between 2000 and 2100, else the current year by the clock (not
// hard-coded: the page follows the calendar). It reports false when ?ar=
// is given but is not such a year.
func (ui *UI) queryYear(c *gin.Context) (int, bool) {
	ar, given := c.GetQuery("ar")
	if year, err := strconv.Atoi(ar); err == nil && year >= 2000 && year <= 2100 {
		return year, true
	}
	return platform.DateOf(ui.Clock.Now()).Year, !given
}

func (ui *UI) budgetImport(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	year, ok := ui.queryYear(c)
	if !ok || board == "" {
		ui.failed(c, fault.New(fault.Forbidden, "not_permitted"))
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		ui.renderAllocation(c, http.StatusUnprocessableEntity, nil, "Välj en CSV-fil.")
		return
	}
	f, err := fh.Open()
	if err != nil {
		ui.failed(c, err)
		return
	}
	defer f.Close()
	if _, _, err := ui.Costs.ImportBudget(c.Request.Context(), u, board, year, f); err != nil {
		fe := fault.From(err)
		if fe.Kind == fault.Internal {
			ui.failed(c, err)
			return
		}
		ui.renderAllocation(c, statusOf(fe), fe.Fields, strings.TrimSpace(t(fe.Code)+" "+fe.Detail))
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/fordelning?namnd=%s&ar=%d&meddelande=budget", board, year))
}
