package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/redact"
	"github.com/samstyr/samstyr/workflow"
)

// The pages of requests for allmän handling: the board's open requests
// and a form to register one (/utlamnande), a request with an outcome per
// handling and the refusal form (/utlamnande/:id), the masking form with a
// page preview (/utlamnande/:id/maskering/:no), and the revisor's report
// (/revision/utlamnande). Every rule is the use case's
// (workflow.Disclosures); the pages only show and post.

var channelText = map[disclosure.Channel]string{disclosure.ChannelVisit: "Besök", disclosure.ChannelPhone: "Telefon",
	disclosure.ChannelEmail: "E-post", disclosure.ChannelLetter: "Brev", disclosure.ChannelWeb: "Webbformulär"}

var statusText = map[disclosure.Status]string{disclosure.StatusReceived: "Mottagen", disclosure.StatusHandling: "Under handläggning",
	disclosure.StatusDone: "Avslutad", disclosure.StatusWithdrawn: "Återkallad"}

var timelinessText = map[disclosure.Timeliness]string{disclosure.OnTime: "I tid", disclosure.Overdue: "Försenad",
	disclosure.Escalated: "Försenad – eskalerad till chefen"}

var outcomeName = map[disclosure.OutcomeKind]string{disclosure.OutcomeReleased: "Lämnas ut",
	disclosure.OutcomeMasked: "Lämnas ut med maskering", disclosure.OutcomeRefused: "Avslås"}

// disclosureFieldLabels name the fields of the e-diarium's search and of
// the request, masking and refusal forms in Swedish (added to fieldLabels).
var disclosureFieldLabels = map[string]string{
	"q": "Sökord", "from": "Registrerat från", "to": "Registrerat till", "page": "Sida", "per_page": "Antal per sida",
	"dnr": "Diarienummer", "/asked": "Vad begärs", "/channel": "Kanal", "/form": "Form", "/received_at": "Mottagen",
	"/items": "Handlingar", "/items/*": "Handling %d", "/items/*/registration_number": "Handling %d, diarienummer",
	"/items/*/document_no": "Handling %d, löpnummer", "/items/*/description": "Handling %d, beskrivning",
	"/requester/name": "Namn", "/requester/contact": "Adress för svaret", "/lagrum": "Lagrum", "/lagrum/*": "Lagrum %d",
	"/reasoning": "Skäl", "/court": "Kammarrätt", "/decider": "Beslutsfattare", "/decider/point_code": "Delegationspunkt",
	"/point_code": "Delegationspunkt", "/notified_on": "Delgiven", "/delay_reason": "Skäl till dröjsmålet",
	"/strings/*": "Text %d att maskera", "/regions": "Områden", "/regions/*": "Område %d", "/masks": "Maskering",
	"/masked_copy": "Maskerad kopia", "/title_secret": "Ärendemening",
}

func init() {
	for k, v := range disclosureFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// requestRow is one open request in a list.
type requestRow struct {
	ID, Ref, Received, Asked, Status, Target, Timeliness string
	Overdue                                              bool
	DaysLate                                             int
}

func rowOf(o workflow.OpenRequest) requestRow {
	r := o.Request
	return requestRow{ID: r.ID, Ref: r.Ref, Received: r.ReceivedAt.In(platform.Stockholm).Format("2006-01-02 15:04"), Asked: r.Asked,
		Status: statusText[r.Status()], Target: o.TargetOn.String(), Timeliness: timelinessText[o.Timeliness], Overdue: o.Overdue,
		DaysLate: o.WorkingDaysLate}
}

// requestForm is the registration form as typed.
type requestForm struct {
	ReceivedAt, Channel, Form, Asked, Name, Contact, Items string
}

func (ui *UI) requestsPage(c *gin.Context) { ui.renderRequests(c, http.StatusOK, requestForm{}, "") }

func (ui *UI) renderRequests(c *gin.Context, status int, f requestForm, errText string) {
	u := currentUser(c)
	board, opts := ui.userBoard(c)
	if f.ReceivedAt == "" {
		f.ReceivedAt = ui.Clock.Now().In(platform.Stockholm).Format("2006-01-02T15:04")
	}
	data := map[string]any{"Board": board, "Boards": opts, "Form": f, "Channels": disclosure.Channels, "ChannelText": channelText,
		"Flash": flashes[c.Query("meddelande")], "MayHandle": board != "" && ui.Disclosures.MayHandle(u, board)}
	if board != "" {
		open, err := ui.Disclosures.OpenRequests(c.Request.Context(), u, board)
		if err == nil {
			var rows []requestRow
			for _, o := range open {
				rows = append(rows, rowOf(o))
			}
			data["Rows"], data["MayRead"] = rows, true
		} else if fault.From(err).Kind == fault.Internal {
			ui.failed(c, err)
			return
		}
	}
	ui.render(c, status, "requests", view{Title: "Begäran om allmän handling", User: &u, CSRF: currentSession(c).CSRF, Error: errText, Data: data})
}

// itemLine is a line of the items field naming a registered handling:
// "ITN 2026/7 2" or "ITN 2026/7 handling 2" (or the ärende alone).
var itemLine = regexp.MustCompile(`^([A-ZÅÄÖ]{2,10} \d{4}/\d+)(?:,?\s+(?:handling\s+)?(\d+))?$`)

// requestItems reads the items field: one handling per line.
func requestItems(s string) []workflow.RequestItemInput {
	var out []workflow.RequestItemInput
	for _, l := range lines(s) {
		if m := itemLine.FindStringSubmatch(l); m != nil {
			no, _ := strconv.Atoi(m[2])
			out = append(out, workflow.RequestItemInput{RegistrationNumber: m[1], DocumentNo: no})
			continue
		}
		out = append(out, workflow.RequestItemInput{Description: l})
	}
	return out
}

func (ui *UI) requestRegister(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	f := requestForm{ReceivedAt: c.PostForm("received_at"), Channel: c.PostForm("channel"), Form: c.PostForm("form"),
		Asked: c.PostForm("asked"), Name: c.PostForm("requester_name"), Contact: c.PostForm("requester_contact"), Items: c.PostForm("items")}
	in := workflow.RequestInput{Board: board, Channel: disclosure.Channel(f.Channel), Form: disclosure.Form(f.Form), Asked: f.Asked,
		Items: requestItems(f.Items)}
	if at, err := time.ParseInLocation("2006-01-02T15:04", f.ReceivedAt, platform.Stockholm); err == nil {
		in.ReceivedAt = at
	}
	if strings.TrimSpace(f.Name+f.Contact) != "" {
		in.Requester = &disclosure.Requester{Name: f.Name, Contact: f.Contact}
	}
	r, err := ui.Disclosures.Register(c.Request.Context(), u, in)
	if err != nil {
		ui.renderRequests(c, statusOf(fault.From(err)), f, problemText(err))
		return
	}
	c.Redirect(http.StatusSeeOther, "/utlamnande/"+r.ID+"?meddelande=begaran")
}

// itemRow is one handling asked for, as the request page shows it.
type itemRow struct {
	No                       int
	Description, CaseID      string
	DocumentNo               int
	Outcome, Lagrum          string
	MaskedCopy               int
	Decided, Refusable, Mask bool
}

func (ui *UI) requestPage(c *gin.Context) { ui.renderRequest(c, http.StatusOK, "") }

func (ui *UI) renderRequest(c *gin.Context, status int, errText string) {
	u := currentUser(c)
	r, err := ui.Disclosures.Request(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	decisions, err := ui.Disclosures.RefusalViews(c.Request.Context(), r)
	if err != nil {
		ui.failed(c, err)
		return
	}
	today := platform.DateOf(ui.Clock.Now())
	open := r.Open()
	var items []itemRow
	for _, it := range r.Items {
		row := itemRow{No: it.No, Description: it.Description, CaseID: it.CaseID, DocumentNo: it.DocumentNo, Decided: it.Outcome != nil}
		if o := it.Outcome; o != nil {
			row.Outcome, row.Lagrum = outcomeName[o.Kind], strings.Join(o.Lagrum, ", ")
			if o.MaskedCopy != nil {
				row.MaskedCopy = o.MaskedCopy.DocumentNo
			}
			row.Refusable = o.Kind == disclosure.OutcomeMasked && o.Decision == 0
		} else {
			row.Refusable = open
			row.Mask = open && it.CaseID != "" && it.DocumentNo > 0
		}
		items = append(items, row)
	}
	requester := "Anonym"
	if r.Requester != nil {
		requester = strings.TrimSpace(r.Requester.Name + " " + r.Requester.Contact)
	}
	tl := r.Timeliness(today)
	ui.render(c, status, "request", view{Title: r.Ref, User: &u, CSRF: currentSession(c).CSRF, Error: errText, Data: map[string]any{
		"R": r, "Items": items, "Decisions": decisions, "Requester": requester, "Channel": channelText[r.Channel],
		"Status": statusText[r.Status()], "Timeliness": timelinessText[tl], "Overdue": tl != disclosure.OnTime, "Open": open,
		"MayHandle": ui.Disclosures.MayHandle(u, r.Board), "MayDecide": ui.Cases.MayChange(u, r.Board) && (open || hasRefusable(items)),
		"Received": r.ReceivedAt.In(platform.Stockholm).Format("2006-01-02 15:04"), "Today": today.String(),
		"Flash": flashes[c.Query("meddelande")]}})
}

func hasRefusable(items []itemRow) bool {
	for _, it := range items {
		if it.Refusable {
			return true
		}
	}
	return false
}

// requestAction runs one posted change of a request: lamna-ut (release
// item no), avslag (a refusal decision), delgivning (the requester was
// notified of decision no), aterkalla (withdrawn) and drojsmal (the reason
// for a delay).
func (ui *UI) requestAction(c *gin.Context) {
	u := currentUser(c)
	ctx := c.Request.Context()
	id := c.Param("id")
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	no, _ := strconv.Atoi(c.PostForm("no"))
	flash := "begaran_andrad"
	switch c.Param("action") {
	case "lamna-ut":
		_, err = ui.Disclosures.Release(ctx, u, id, version, no)
	case "avslag":
		var items []int
		for _, s := range c.PostFormArray("item") {
			if n, e := strconv.Atoi(s); e == nil {
				items = append(items, n)
			}
		}
		in := workflow.RefusalInput{Items: items, Lagrum: lines(c.PostForm("lagrum")),
			Reasoning: c.PostForm("reasoning"), Court: c.PostForm("court"), SubstituteReason: c.PostForm("substitute_reason")}
		act := stepUpAct{Kind: stepUpRefusal, ID: id, Version: version, Refusal: &in}
		if ui.startStepUp(c, act, ui.stepUpRefused(c, act)) {
			return
		}
		_, _, err = ui.Disclosures.Refuse(ctx, u, id, version, in, identity.Proof{Password: c.PostForm("password"), ClientIP: c.ClientIP()})
		flash = "avslag"
	case "delgivning":
		on, e := platform.ParseDate(c.PostForm("notified_on"))
		if e != nil {
			err = (&fault.Fields{{Field: "/notified_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
			break
		}
		_, err = ui.Disclosures.Notify(ctx, u, id, version, no, on)
	case "aterkalla":
		_, err = ui.Disclosures.Withdraw(ctx, u, id, version)
	case "drojsmal":
		_, err = ui.Disclosures.SetDelayReason(ctx, u, id, version, c.PostForm("reason"))
	default:
		err = fault.New(fault.NotFound, "route_not_found")
	}
	if err != nil {
		f := fault.From(err)
		if f.Kind == fault.Internal || f.Kind == fault.NotFound {
			ui.failed(c, err)
			return
		}
		ui.renderRequest(c, statusOf(f), problemText(err)+reasonsText(f))
		return
	}
	c.Redirect(http.StatusSeeOther, "/utlamnande/"+id+"?meddelande="+flash)
}

// reasonsText lists the reasons of a refused delegation check.
func reasonsText(f *fault.Error) string {
	rs, _ := f.Extra["reasons"].([]string)
	var out []string
	for _, r := range rs {
		out = append(out, t(r))
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, " ")
}

// maskingForm is the masking form as typed.
type maskingForm struct {
	Lagrum, Strings, Regions string
}

func (ui *UI) maskingPage(c *gin.Context) { ui.renderMasking(c, http.StatusOK, maskingForm{}, "") }

func (ui *UI) renderMasking(c *gin.Context, status int, f maskingForm, errText string) {
	u := currentUser(c)
	ctx := c.Request.Context()
	r, err := ui.Disclosures.Request(ctx, u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	no, _ := strconv.Atoi(c.Param("no"))
	it, ok := r.Item(no)
	if !ok {
		ui.failed(c, disclosure.ErrItemNotFound)
		return
	}
	page, _ := strconv.Atoi(c.DefaultQuery("sida", "1"))
	data := map[string]any{"R": r, "Item": it, "Form": f, "Page": page}
	if p, err := ui.Disclosures.Preview(ctx, u, r.ID, no, max(page, 1)); err == nil {
		var pages []int
		for i := 1; i <= p.Pages; i++ {
			pages = append(pages, i)
		}
		data["Preview"], data["Pages"] = p, pages
	} else if fe := fault.From(err); fe.Kind == fault.Internal {
		ui.failed(c, err)
		return
	}
	ui.render(c, status, "masking", view{Title: "Maskera " + it.Description, User: &u, CSRF: currentSession(c).CSRF, Error: errText, Data: data})
}

// regions reads the regions field: one area per line, "sida x y bredd
// höjd" in points (decimal comma or point).
func regions(s string) ([]redact.Region, error) {
	var out []redact.Region
	var fs fault.Fields
	for i, l := range lines(s) {
		f := strings.Fields(strings.ReplaceAll(l, ",", "."))
		var n []float64
		for _, x := range f {
			v, err := strconv.ParseFloat(x, 64)
			if err != nil {
				break
			}
			n = append(n, v)
		}
		if len(f) != 5 || len(n) != 5 || n[0] != float64(int(n[0])) {
			fs.Add("/regions/"+strconv.Itoa(i), "invalid_region")
			continue
		}
		out = append(out, redact.Region{Page: int(n[0]), X: n[1], Y: n[2], W: n[3], H: n[4]})
	}
	return out, fs.Err(fault.Unprocessable)
}

func (ui *UI) maskingSubmit(c *gin.Context) {
	u := currentUser(c)
	f := maskingForm{Lagrum: c.PostForm("lagrum"), Strings: c.PostForm("strings"), Regions: c.PostForm("regions")}
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	no, _ := strconv.Atoi(c.Param("no"))
	rs, err := regions(f.Regions)
	if err == nil {
		_, _, err = ui.Disclosures.Mask(c.Request.Context(), u, c.Param("id"), version, no,
			workflow.MaskInput{Lagrum: lines(f.Lagrum), Strings: lines(f.Strings), Regions: rs})
	}
	if err != nil {
		fe := fault.From(err)
		if fe.Kind == fault.Internal {
			ui.failed(c, err)
			return
		}
		ui.renderMasking(c, statusOf(fe), f, problemText(err))
		return
	}
	c.Redirect(http.StatusSeeOther, "/utlamnande/"+c.Param("id")+"?meddelande=maskerad")
}

func (ui *UI) maskingPreview(c *gin.Context) {
	no, _ := strconv.Atoi(c.Param("no"))
	page, _ := strconv.Atoi(c.Param("page"))
	p, err := ui.Disclosures.Preview(c.Request.Context(), currentUser(c), c.Param("id"), no, page)
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "image/png", p.PNG)
}

func (ui *UI) refusalPDF(c *gin.Context) {
	no, _ := strconv.Atoi(c.Param("no"))
	pdf, err := ui.Disclosures.RefusalPDF(c.Request.Context(), currentUser(c), c.Param("id"), no)
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Content-Disposition", "inline; filename=avslagsbeslut.pdf")
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// requestReport is the revisor's report of a board's requests in a
// period (this month unless asked).
func (ui *UI) requestReport(c *gin.Context) {
	u := currentUser(c)
	board, opts := ui.userBoard(c)
	today := platform.DateOf(ui.Clock.Now())
	from := c.DefaultQuery("fran", platform.Date{Year: today.Year, Month: today.Month, Day: 1}.String())
	to := c.DefaultQuery("till", today.String())
	data := map[string]any{"Board": board, "Boards": opts, "From": from, "To": to, "ChannelText": channelText,
		"StatusText": statusText, "TimelinessText": timelinessText}
	f, err1 := platform.ParseDate(from)
	t2, err2 := platform.ParseDate(to)
	if err1 != nil || err2 != nil {
		ui.render(c, http.StatusBadRequest, "request_report", view{Title: "Utlämnande av allmänna handlingar", User: &u,
			CSRF: currentSession(c).CSRF, Error: t("invalid_date"), Data: data})
		return
	}
	if board != "" {
		rep, err := ui.Disclosures.Report(c.Request.Context(), u, board, f, t2)
		if err != nil {
			fe := fault.From(err)
			if fe.Kind == fault.Internal {
				ui.failed(c, err)
				return
			}
			ui.render(c, statusOf(fe), "request_report", view{Title: "Utlämnande av allmänna handlingar", User: &u,
				CSRF: currentSession(c).CSRF, Error: problemText(err), Data: data})
			return
		}
		data["Report"] = rep
	}
	ui.render(c, http.StatusOK, "request_report", view{Title: "Utlämnande av allmänna handlingar", User: &u, CSRF: currentSession(c).CSRF, Data: data})
}
