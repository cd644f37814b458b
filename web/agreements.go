package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// agreementsData is the page of a joint board's samverkansavtal and its
// members' user counts (the allocation key).
type agreementsData struct {
	Board, BoardName string
	Agreements       []agreementRow
	Members          []memberCountRow
	MayManage        bool
	Form             agreementForm
	Count            countForm
	Flash            string
	Modes, Rules     [][2]string
	Months           [][2]string
}

// agreementRow is one version of the samverkansavtal in words.
type agreementRow struct {
	Number                                                    int
	Title, Period, Host, Members, KeyDate, KeyMode, Invoicing string
	Exclusions, CreatedBy, CreatedAt                          string
}

// memberCountRow is a member municipality with its recorded user counts.
type memberCountRow struct {
	Code, Name string
	Host       bool
	Counts     []string
}

// agreementForm holds a new version's values (prefilled from the latest
// version) and a refusal.
type agreementForm struct {
	Title, ValidFrom, ValidTo, Host, KeyMonth, KeyDay, KeyMode, Exclusions string
	Members                                                                []string
	Invoicing                                                              [3][2]string // from year, rule
	Error                                                                  string
}

// countForm is the user-count form's values and a refusal.
type countForm struct{ Member, KeyDate, Users, Error string }

var keyModeText = map[agreement.KeyMode]string{agreement.KeyExactUsers: "Exakt antal användare",
	agreement.KeyRoundedPercent: "Avrundade procentsatser (en decimal)"}

var invoicingText = map[agreement.InvoicingRule]string{
	agreement.RuleQuarterlyAdvance: "Kvartalsvis i förskott, avstämning i december",
	agreement.RuleObjectsInArrears: "Beställda IT-objekt, kvartalsvis i efterskott"}

var monthNames = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

func (ui *UI) agreementsPage(c *gin.Context) {
	ui.renderAgreements(c, http.StatusOK, nil, nil)
}

func (ui *UI) renderAgreements(c *gin.Context, status int, form *agreementForm, count *countForm) {
	u := currentUser(c)
	ctx := c.Request.Context()
	boardCode, opts := ui.userBoard(c)
	if boardCode == "" {
		ui.failed(c, fault.New(fault.NotFound, "not_found"))
		return
	}
	d := agreementsData{Board: boardCode, MayManage: ui.Cases.May(u, boardCode, "manage_budget"), Flash: flashes[c.Query("meddelande")]}
	for _, o := range opts {
		if o[0] == boardCode {
			d.BoardName = o[1]
		}
	}
	members, err := ui.Costs.Members(ctx, u, boardCode)
	if err != nil {
		ui.failed(c, err)
		return
	}
	list, err := ui.Costs.Agreements(ctx, u, boardCode)
	if err != nil {
		ui.failed(c, err)
		return
	}
	name := func(code string) string {
		if i := slices.IndexFunc(members, func(m board.Member) bool { return m.Code == code }); i >= 0 {
			return members[i].Name
		}
		return code
	}
	for i := len(list) - 1; i >= 0; i-- {
		a := list[i]
		row := agreementRow{Number: a.Number, Title: a.Title, Period: "från " + a.ValidFrom.String(), Host: name(a.Host),
			KeyDate: fmt.Sprintf("%d %s året före", a.KeyDate(2000).Day, monthNames[a.KeyDate(2000).Month-1]),
			KeyMode: keyModeText[a.KeyMode], Exclusions: a.Exclusions, CreatedBy: ui.personName(ctx, a.CreatedBy),
			CreatedAt: a.CreatedAt.In(platform.Stockholm).Format("2006-01-02 15:04")}
		if !a.ValidTo.IsZero() {
			row.Period += " till och med " + a.ValidTo.String()
		}
		var ms, inv []string
		for _, m := range a.Members {
			ms = append(ms, name(m))
		}
		for _, y := range a.Invoicing {
			inv = append(inv, fmt.Sprintf("från %d: %s", y.FromYear, strings.ToLower(invoicingText[y.Rule])))
		}
		row.Members, row.Invoicing = strings.Join(ms, ", "), strings.Join(inv, "; ")
		d.Agreements = append(d.Agreements, row)
	}
	for _, m := range members {
		row := memberCountRow{Code: m.Code, Name: m.Name, Host: m.Host}
		for _, uc := range m.UserCounts {
			row.Counts = append(row.Counts, fmt.Sprintf("%s: %d användare", uc.KeyDate, uc.Users))
		}
		d.Members = append(d.Members, row)
	}
	if form == nil {
		form = &agreementForm{KeyMonth: "1", KeyDay: "1", KeyMode: string(agreement.KeyExactUsers)}
		if len(list) > 0 {
			a := list[len(list)-1]
			form.Title, form.Host, form.Members, form.KeyMode, form.Exclusions = a.Title, a.Host, a.Members, string(a.KeyMode), a.Exclusions
			if a.KeyMonth != 0 {
				form.KeyMonth, form.KeyDay = strconv.Itoa(int(a.KeyMonth)), strconv.Itoa(a.KeyDay)
			}
			for i, y := range a.Invoicing {
				if i < len(form.Invoicing) {
					form.Invoicing[i] = [2]string{strconv.Itoa(y.FromYear), string(y.Rule)}
				}
			}
		}
	}
	d.Form = *form
	if count == nil {
		count = &countForm{KeyDate: fmt.Sprintf("%d-01-01", platform.DateOf(ui.Clock.Now()).Year)}
	}
	d.Count = *count
	d.Modes = [][2]string{{string(agreement.KeyExactUsers), keyModeText[agreement.KeyExactUsers]},
		{string(agreement.KeyRoundedPercent), keyModeText[agreement.KeyRoundedPercent]}}
	d.Rules = [][2]string{{"", "–"}, {string(agreement.RuleQuarterlyAdvance), invoicingText[agreement.RuleQuarterlyAdvance]},
		{string(agreement.RuleObjectsInArrears), invoicingText[agreement.RuleObjectsInArrears]}}
	for i, n := range monthNames {
		d.Months = append(d.Months, [2]string{strconv.Itoa(i + 1), n})
	}
	ui.render(c, status, "agreements", view{Title: "Samverkansavtal och användare", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// agreementAdd stores a new version of the samverkansavtal; a refusal
// shows the form again with what was entered and why.
func (ui *UI) agreementAdd(c *gin.Context) {
	u := currentUser(c)
	boardCode := ui.postedBoard(c)
	f := agreementForm{Title: c.PostForm("title"), ValidFrom: c.PostForm("valid_from"), ValidTo: c.PostForm("valid_to"),
		Host: c.PostForm("host"), KeyMonth: c.PostForm("key_month"), KeyDay: c.PostForm("key_day"), KeyMode: c.PostForm("key_mode"),
		Exclusions: c.PostForm("exclusions"), Members: c.PostFormArray("members")}
	var fs fault.Fields
	a := agreement.Agreement{Board: boardCode, Title: f.Title, Host: f.Host, Members: f.Members,
		KeyMode: agreement.KeyMode(f.KeyMode), Exclusions: f.Exclusions}
	var err error
	if a.ValidFrom, err = platform.ParseDate(f.ValidFrom); err != nil {
		fs.Add("/valid_from", "invalid_date")
	}
	if f.ValidTo != "" {
		if a.ValidTo, err = platform.ParseDate(f.ValidTo); err != nil {
			fs.Add("/valid_to", "invalid_date")
		}
	}
	month, merr := strconv.Atoi(f.KeyMonth)
	day, derr := strconv.Atoi(f.KeyDay)
	if merr != nil || derr != nil || month < 1 || month > 12 {
		fs.Add("/key_day", "invalid_date")
	}
	a.KeyMonth, a.KeyDay = time.Month(month), day
	for i := range f.Invoicing {
		from, rule := strings.TrimSpace(c.PostForm(fmt.Sprintf("invoicing_year_%d", i))), c.PostForm(fmt.Sprintf("invoicing_rule_%d", i))
		f.Invoicing[i] = [2]string{from, rule}
		if from == "" && rule == "" {
			continue
		}
		y, yerr := strconv.Atoi(from)
		if yerr != nil {
			fs.Add(fmt.Sprintf("/invoicing/%d", i), "invalid_invoicing_rule")
		}
		a.Invoicing = append(a.Invoicing, agreement.YearRule{FromYear: y, Rule: agreement.InvoicingRule(rule)})
	}
	if len(fs) > 0 {
		err = fs.Err(fault.Unprocessable)
	} else {
		_, err = ui.Costs.AddAgreement(c.Request.Context(), u, a)
	}
	if err != nil {
		fe := faultOf(err)
		if fe.Kind == fault.Internal || fe.Kind == fault.NotFound {
			ui.failed(c, err)
			return
		}
		f.Error = problemText(err)
		ui.renderAgreements(c, statusOf(fe), &f, nil)
		return
	}
	c.Redirect(http.StatusSeeOther, "/fordelning/avtal?namnd="+boardCode+"&meddelande=avtal")
}

// userCountRecord records a member's user count on a key date; the
// allocation of the years it keys is recomputed by the cost service.
func (ui *UI) userCountRecord(c *gin.Context) {
	u := currentUser(c)
	boardCode := ui.postedBoard(c)
	f := countForm{Member: c.PostForm("member"), KeyDate: c.PostForm("key_date"), Users: strings.TrimSpace(c.PostForm("users"))}
	var fs fault.Fields
	date, err := platform.ParseDate(f.KeyDate)
	if err != nil {
		fs.Add("/key_date", "invalid_date")
	}
	n, nerr := strconv.ParseInt(strings.ReplaceAll(f.Users, " ", ""), 10, 64)
	if nerr != nil {
		fs.Add("/users", "invalid_number")
	}
	if len(fs) > 0 {
		err = fs.Err(fault.Unprocessable)
	} else {
		_, err = ui.Costs.RecordUserCount(c.Request.Context(), u, boardCode, f.Member, board.UserCount{KeyDate: date, Users: n})
	}
	if err != nil {
		fe := faultOf(err)
		if fe.Kind == fault.Internal {
			ui.failed(c, err)
			return
		}
		f.Error = problemText(err)
		ui.renderAgreements(c, statusOf(fe), nil, &f)
		return
	}
	c.Redirect(http.StatusSeeOther, "/fordelning/avtal?namnd="+boardCode+"&meddelande=anvandare")
}
