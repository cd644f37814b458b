package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

type orderRow struct {
	Number                  int
	Title, Phase, PhaseText string
	ValidFrom, AdoptedRef   string
}

type pointRow struct {
	Code, Section, Matter, LegalBasis, Delegate, Substitutes, Limit, Conditions, ReportTo string
	Delegable                                                                             bool
}

type orderPageData struct {
	Board, BoardName string
	Boards           [][2]string
	Orders           []orderRow
	Shown            *delegation.Order
	ShownPhase       string
	Points           []pointRow
	AsOf             string
	MayManage        bool
	ImportErrors     []fault.FieldError
	ImportError      string
	Flash            string
	UrgentDeciders   string
	Subs             []subRow
	SubForm          *subForm
	// SubRefusal is a refused vidaredelegering posted by someone the
	// form is not shown to.
	SubRefusal string
}

var phaseText = map[delegation.Phase]string{delegation.PhaseDraft: "Utkast", delegation.PhaseAdopted: "Antagen, ännu inte gällande",
	delegation.PhaseInForce: "Gällande", delegation.PhaseSuperseded: "Ersatt"}

var reportText = map[delegation.ReportTo]string{delegation.ReportBoard: "Nämnden", delegation.ReportManager: "Förvaltningschefen",
	delegation.ReportNone: "Anmäls ej (protokollförs särskilt)"}

// userBoard picks the board to show: ?namnd=, else the user's first.
func (ui *UI) userBoard(c *gin.Context) (string, [][2]string) {
	opts := ui.boardOptions(c)
	if b := c.Query("namnd"); b != "" {
		for _, o := range opts {
			if o[0] == b {
				return b, opts
			}
		}
	}
	if len(opts) > 0 {
		return opts[0][0], opts
	}
	return "", opts
}

// postedBoard is the board a form acts on: the one its ?namnd= names,
// whether or not the user holds a role there (the use case decides), else
// the user's first. Unlike userBoard it never falls back to another board
// than the one named.
func (ui *UI) postedBoard(c *gin.Context) string {
	if b := c.Query("namnd"); b != "" {
		return b
	}
	b, _ := ui.userBoard(c)
	return b
}

func (ui *UI) orderPage(c *gin.Context) {
	ui.renderOrderPage(c, http.StatusOK, nil, "")
}

func (ui *UI) renderOrderPage(c *gin.Context, status int, importErrs []fault.FieldError, importErr string) {
	ui.renderOrderPageWith(c, status, func(d *orderPageData) {
		d.ImportErrors, d.ImportError = importErrs, importErr
		ui.subSection(c, currentUser(c), d.Board, d, nil)
	})
}

// renderOrderPageWith renders the page after fill has added the parts a
// form's answer changes.
func (ui *UI) renderOrderPageWith(c *gin.Context, status int, fill func(d *orderPageData)) {
	u := currentUser(c)
	board, opts := ui.userBoard(c)
	d := orderPageData{Board: board, Boards: opts,
		Flash: flashes[c.Query("meddelande")], MayManage: board != "" && ui.Cases.May(u, board, "manage_delegation")}
	for _, o := range opts {
		if o[0] == board {
			d.BoardName = o[1]
		}
	}
	if board == "" {
		ui.render(c, http.StatusOK, "delegation", view{Title: "Delegationsordning", User: &u, CSRF: currentSession(c).CSRF, Data: d})
		return
	}
	orders, err := ui.Decisions.Orders(c.Request.Context(), u, board)
	if err != nil {
		ui.failed(c, err)
		return
	}
	today := platform.DateOf(ui.Clock.Now())
	asOf := today
	if v := c.Query("datum"); v != "" {
		p, err := platform.ParseDate(v)
		if err != nil {
			ui.failed(c, (&fault.Fields{{Field: "/date", Code: "invalid_date"}}).Err(fault.Invalid))
			return
		}
		asOf = p
	}
	d.AsOf = asOf.String()
	for _, o := range orders {
		ph := delegation.PhaseOn(o, orders, today)
		d.Orders = append(d.Orders, orderRow{Number: o.Number, Title: o.Title, Phase: string(ph), PhaseText: phaseText[ph],
			ValidFrom: o.ValidFrom.String(), AdoptedRef: o.AdoptedRef})
	}
	var shown *delegation.Order
	if n, err := strconv.Atoi(c.Query("version")); err == nil {
		for i := range orders {
			if orders[i].Number == n {
				shown = &orders[i]
			}
		}
	} else if o, ok := delegation.InForce(orders, asOf); ok {
		shown = &o
	}
	if shown != nil {
		d.Shown = shown
		d.ShownPhase = phaseText[delegation.PhaseOn(*shown, orders, today)]
		d.UrgentDeciders = roleList(shown.UrgentDeciders)
		for _, p := range shown.Points {
			d.Points = append(d.Points, pointRowOf(p))
		}
	}
	fill(&d)
	ui.render(c, status, "delegation", view{Title: "Delegationsordning", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

func roleName(r string) string { return t("role." + r) }

func roleList(rs []string) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = roleName(r)
	}
	return strings.Join(out, ", ")
}

// orderImport reads an uploaded CSV into a new draft; a bad file shows
// every bad row and column and stores nothing.
func (ui *UI) orderImport(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	if board == "" {
		ui.failed(c, workflow.ErrNotPermitted)
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		ui.renderOrderPage(c, http.StatusUnprocessableEntity, nil, "Välj en CSV- eller YAML-fil.")
		return
	}
	f, err := fh.Open()
	if err != nil {
		ui.failed(c, err)
		return
	}
	defer f.Close()
	// A .yaml or .yml file is read as the YAML that the version
	// downloads give; anything else as the CSV.
	var d delegation.Draft
	if name := strings.ToLower(fh.Filename); strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
		var in delegation.OrderInput
		if in, err = delegation.ReadYAML(f); err == nil {
			d, err = in.DraftFor(board)
		}
		if err == nil && strings.TrimSpace(c.PostForm("title")) != "" {
			d.Title = c.PostForm("title")
		}
	} else {
		var points []delegation.Point
		points, err = delegation.ReadCSV(f)
		d = delegation.Draft{Title: c.PostForm("title"), Points: points, UrgentDeciders: []string{"ordforande", "vice_ordforande"}}
	}
	var o delegation.Order
	if err == nil {
		o, err = ui.Decisions.CreateOrder(c.Request.Context(), u, board, d)
	}
	if err != nil {
		fe := fault.From(err)
		if fe.Kind == fault.Internal {
			ui.failed(c, err)
			return
		}
		ui.renderOrderPage(c, statusOf(fe), fe.Fields, t(fe.Code))
		return
	}
	c.Redirect(http.StatusSeeOther, "/delegationsordning/"+board+"/"+strconv.Itoa(o.Number)+"?meddelande=importerad")
}

// decisionForm is the "Fatta beslut" part of the case page.
type decisionForm struct {
	Points           [][2]string
	Point, Kind      string
	Amount           string
	AmountReason     string
	Impact           string // the value of the memo's budget impact, "" without one
	SubstituteReason string
	// DecidedOn is the day the decision was taken as entered (empty:
	// today), Today the form's upper bound.
	DecidedOn, Today string
	Check            *workflow.CheckResult
	ReasonTexts      []string
	Error            string
}

func (ui *UI) decisionPoints(c *gin.Context, board string) [][2]string {
	o, err := ui.Decisions.OrderInForce(c.Request.Context(), currentUser(c), board, platform.DateOf(ui.Clock.Now()))
	if err != nil {
		return nil
	}
	var out [][2]string
	for _, p := range o.Points {
		out = append(out, [2]string{p.Code, p.Code + " " + p.Matter})
	}
	return out
}

// caseDecision checks or takes a decision from the case page's form.
func (ui *UI) caseDecision(c *gin.Context) {
	u := currentUser(c)
	cs, err := ui.Cases.Case(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	form := decisionForm{Points: ui.decisionPoints(c, cs.Board), Point: c.PostForm("point_code"), Kind: c.PostForm("kind"),
		Amount: c.PostForm("amount"), AmountReason: c.PostForm("amount_reason"), Impact: impactText(cs),
		SubstituteReason: c.PostForm("substitute_reason"), DecidedOn: strings.TrimSpace(c.PostForm("decided_on")),
		Today: platform.DateOf(ui.Clock.Now()).String()}
	var decidedOn platform.Date
	if form.DecidedOn != "" {
		if decidedOn, err = platform.ParseDate(form.DecidedOn); err != nil {
			form.Error = t("invalid_date")
			ui.renderCase(c, cs, &form, http.StatusUnprocessableEntity)
			return
		}
	}
	amount, err := parseKronor(form.Amount)
	if err != nil {
		form.Error = "Beloppet ska anges i kronor, t.ex. 180 000 eller 1 250,50."
		if faultOf(err).Code == money.CodeTooLarge {
			form.Error = t(money.CodeTooLarge) + " Högst 100 000 000 000 kr."
		}
		ui.renderCase(c, cs, &form, http.StatusUnprocessableEntity)
		return
	}
	kind := casesKind(form.Kind)
	if c.PostForm("action") == "check" {
		res, err := ui.Decisions.AskDelegation(c.Request.Context(), u, workflow.CheckInput{Board: cs.Board, Username: u.Username,
			PointCode: form.Point, Kind: kind, AmountOre: amount, Date: checkDate(decidedOn, ui.Clock.Now()), CaseID: cs.ID,
			SubstituteReason: form.SubstituteReason})
		if err != nil {
			form.Error = problemText(err)
			ui.renderCase(c, cs, &form, statusOf(fault.From(err)))
			return
		}
		form.Check = &res
		for _, r := range res.Reasons {
			form.ReasonTexts = append(form.ReasonTexts, t(r))
		}
		ui.renderCase(c, cs, &form, http.StatusOK)
		return
	}
	version, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	_, d, err := ui.Decisions.Decide(c.Request.Context(), u, cs.ID, version, workflow.DecisionInput{Kind: kind, PointCode: form.Point,
		AmountOre: amount, SubstituteReason: form.SubstituteReason, AmountReason: form.AmountReason, DecidedOn: decidedOn})
	if err != nil {
		form.Error = problemText(err)
		if rs, ok := fault.From(err).Extra["reasons"].([]string); ok {
			for _, r := range rs {
				form.ReasonTexts = append(form.ReasonTexts, t(r))
			}
		}
		ui.renderCase(c, cs, &form, statusOf(fault.From(err)))
		return
	}
	c.Redirect(http.StatusSeeOther, "/beslut/"+d.ID+"?meddelande=beslutat")
}

// impactText is the value of the case memo's budget impact in kronor, ""
// when the memo states none.
func impactText(cs cases.Case) string {
	if cs.Memo == nil || len(cs.Memo.BudgetImpact) == 0 {
		return ""
	}
	return money.Format(cases.ImpactAmount(cs.Memo.BudgetImpact))
}

// parseKronor reads the amount of the decision form in kronor, "" as 0.
func parseKronor(s string) (int64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return money.Parse(s, money.UnitKr)
}

// checkDate is the day a delegation check asks about: the decision date
// entered, else today.
func checkDate(entered platform.Date, now time.Time) platform.Date {
	if entered.IsZero() {
		return platform.DateOf(now)
	}
	return entered
}
