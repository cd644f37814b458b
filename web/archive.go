package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/retention"
	"github.com/samstyr/samstyr/workflow"
)

// The arkivarie's page (/arkiv): the board's archive profile and
// informationshanteringsplan, the archived cases with their packages and
// delivery receipts, and gallring runs. Every rule is workflow.Archive's.

type archivedRow struct {
	ID, Number, Title, Registered string
	Delivered                     bool
	Receipt, ReceivedOn           string
}

type gallringRow struct {
	ID, Number, Says string
	Handlings        string
	Reasons          []string // in Swedish
}

type gallringView struct {
	Decision, On    string
	PlanVersion     int
	Weeded, Refused []gallringRow
	Unchanged       []gallringRow
	Considered      int
	Failed          []workflow.GallringError
}

type archivePageData struct {
	Board, BoardName string
	Boards           [][2]string
	Profile          earchive.Profile
	ClassesText      string
	// ClassesInForce is the klassificeringsstruktur the plan is checked
	// against; OrgScheme says it is the organisation's (administration).
	ClassesInForce int
	OrgScheme      bool
	Plan           *retention.Version
	Plans          []retention.Version
	Archived       []archivedRow
	// ArchivedTotal is how many arkiverade ärenden the board has, shown
	// archivedPerPage a page (?sida=), newest first.
	ArchivedTotal                int64
	ArchivedPage, ArchivedPages  int
	ArchivedNewer, ArchivedOlder string      // links to the neighbouring pages
	Meetings                     [][2]string // justerade protocols: id, label
	// The meetings whose justerade protocols the gallring form offers: a
	// page of the board's meetings (?protokollsida=), newest first.
	MeetingsTotal                int64
	MeetingsPage, MeetingsPages  int
	MeetingsFrom, MeetingsTo     int // the page's first and last meeting, counted from the newest
	MeetingsNewer, MeetingsOlder string
	// GallringAction is where the gallring form posts: with the page of
	// meetings shown, so that a refusal shows the same choice again.
	GallringAction string
	MayManage      bool
	MayExport      bool
	MayGallra      bool
	MayDeliver     bool
	Today          string
	Flash          string
	// Section names the form an error or result belongs to.
	Section string
	Error   string
	// Refusal is a refused form the page does not show its user (a role
	// taken away, a forged post), shown under the heading.
	Refusal      string
	ImportErrors []fault.FieldError
	Result       *gallringView
	// Form values to show again after a refusal.
	Form map[string]string
}

// archive page flashes, and the Swedish names of its forms' fields for
// refusals (fieldLabel).
func init() {
	flashes["arkivprofil"] = "Arkivprofilen är sparad."
	flashes["ihp"] = "Informationshanteringsplanen är inläst och gäller från och med nu."
	flashes["levererat"] = "Leveransen är registrerad. Ärendet är nu skrivskyddat i Samstyr."
	for k, v := range map[string]string{
		"/archive": "Mottagande e-arkiv", "/agreement": "Leveransöverenskommelse", "/scheme_name": "Klassificeringsstrukturens namn",
		"/contact/name": "Kontaktperson", "/contact/title": "Kontaktpersonens befattning", "/contact/contact": "Kontaktuppgift",
		"/classes": "Klasser", "/classes/*": "Klass %d", "/classes/*/code": "Klass %d, kod", "/classes/*/name": "Klass %d, benämning",
		"/decision": "Gallringsbeslut", "/decision/paragraph": "Paragraf", "/closed_before": "Avslutade före",
		"/receipt": "E-arkivets kvittens", "/package_id": "Paketets identitet", "/received_on": "Mottaget", "/cases": "Ärenden",
	} {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

func (ui *UI) archivePage(c *gin.Context) {
	ui.renderArchive(c, http.StatusOK, archivePageData{})
}

// renderArchive shows the archive page for the board in ?namnd=, with d's
// section error or result filled in by the caller.
func (ui *UI) renderArchive(c *gin.Context, status int, d archivePageData) {
	u := currentUser(c)
	ctx := c.Request.Context()
	board, opts := ui.userBoard(c)
	d.Board, d.Boards, d.Today = board, opts, platform.DateOf(ui.Clock.Now()).String()
	if d.Flash == "" {
		d.Flash = flashes[c.Query("meddelande")]
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	for _, o := range opts {
		if o[0] == board {
			d.BoardName = o[1]
		}
	}
	if board == "" {
		ui.render(c, status, "archive", view{Title: "Arkiv och gallring", User: &u, CSRF: currentSession(c).CSRF, Data: d})
		return
	}
	d.MayManage = ui.Cases.May(u, board, "manage_retention")
	d.MayExport = ui.Cases.May(u, board, "export_archive")
	d.MayGallra = ui.Cases.May(u, board, "gallra")
	d.MayDeliver = ui.Cases.May(u, board, "record_delivery")
	if d.Section == "plan" && !d.MayManage || d.Section == "delivery" && !d.MayDeliver {
		d.Refusal = d.Error // the form is not shown to this user, its refusal is
	}
	p, err := ui.Archive.Profile(ctx, u, board)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d.Profile = p
	inForce, org, err := ui.Archive.ClassesInForce(ctx, u, board)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d.ClassesInForce, d.OrgScheme = len(inForce), org
	if d.ClassesText == "" {
		var lines []string
		for _, cl := range p.Classes {
			lines = append(lines, cl.Code+";"+cl.Name)
		}
		d.ClassesText = strings.Join(lines, "\n")
	}
	plans, err := ui.Archive.Plans(ctx, u, board)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d.Plans = plans
	if len(plans) > 0 {
		d.Plan = &plans[0]
	}
	sida, protokollsida := c.Query("sida"), c.Query("protokollsida")
	link := func(page, meetingsPage int, anchor string) string {
		q := url.Values{"namnd": {board}}
		if page > 1 {
			q.Set("sida", strconv.Itoa(page))
		}
		if meetingsPage > 1 {
			q.Set("protokollsida", strconv.Itoa(meetingsPage))
		}
		return "/arkiv?" + q.Encode() + anchor
	}
	list, err := ui.Archive.Archived(ctx, u, board, workflow.PageQuery{Page: sida, PerPage: strconv.Itoa(archivedPerPage)})
	if err != nil {
		ui.failed(c, err)
		return
	}
	for _, cs := range list.Cases {
		r := archivedRow{ID: cs.ID, Number: cs.RegistrationNumber, Title: cs.Title, Registered: cs.RegisteredOn.String()}
		if cs.Delivery != nil {
			r.Delivered, r.Receipt, r.ReceivedOn = true, cs.Delivery.Receipt, cs.Delivery.ReceivedOn.String()
		}
		d.Archived = append(d.Archived, r)
	}
	// The gallringsbeslut is chosen among the justerade protocols of a
	// page of the board's meetings (not the board's history); older
	// pages reach older protocols.
	ms, err := ui.Meetings.Meetings(ctx, u, board, workflow.PageQuery{Page: protokollsida, PerPage: strconv.Itoa(gallringChoices)})
	if err != nil {
		ui.failed(c, err)
		return
	}
	for _, m := range ms.Meetings {
		if m.Status == meeting.StatusJusterad {
			d.Meetings = append(d.Meetings, [2]string{m.ID, fmt.Sprintf("%s %s, §§ %s", m.Board, m.Date, paragraphNumbers(m))})
		}
	}
	d.ArchivedTotal, d.ArchivedPage, d.ArchivedPages = list.Total, list.Page, list.Pages()
	d.MeetingsTotal, d.MeetingsPage, d.MeetingsPages = ms.Total, ms.Page, ms.Pages()
	if len(ms.Meetings) > 0 {
		d.MeetingsFrom = (ms.Page-1)*ms.PerPage + 1
		d.MeetingsTo = d.MeetingsFrom + len(ms.Meetings) - 1
	}
	if d.ArchivedPage > 1 {
		d.ArchivedNewer = link(d.ArchivedPage-1, d.MeetingsPage, "#archive-delivery")
	}
	if d.ArchivedPage < d.ArchivedPages {
		d.ArchivedOlder = link(d.ArchivedPage+1, d.MeetingsPage, "#archive-delivery")
	}
	if d.MeetingsPage > 1 {
		d.MeetingsNewer = link(d.ArchivedPage, d.MeetingsPage-1, "#archive-gallring")
	}
	if d.MeetingsPage < d.MeetingsPages {
		d.MeetingsOlder = link(d.ArchivedPage, d.MeetingsPage+1, "#archive-gallring")
	}
	g := url.Values{"namnd": {board}}
	if d.MeetingsPage > 1 {
		g.Set("protokollsida", strconv.Itoa(d.MeetingsPage))
	}
	d.GallringAction = "/arkiv/gallring?" + g.Encode()
	ui.render(c, status, "archive", view{Title: "Arkiv och gallring", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// archivedPerPage is how many arkiverade ärenden the archive page shows
// a page.
const archivedPerPage = 25

// gallringChoices is how many of the board's meetings the gallring form
// offers the justerade protocols of a page.
const gallringChoices = 50

// paragraphNumbers lists a protocol's § numbers, e.g. "4–7".
func paragraphNumbers(m meeting.Meeting) string {
	if len(m.Paragraphs) == 0 {
		return "–"
	}
	first, last := m.Paragraphs[0].No, m.Paragraphs[len(m.Paragraphs)-1].No
	if first == last {
		return strconv.Itoa(first)
	}
	return strconv.Itoa(first) + "–" + strconv.Itoa(last)
}

// archiveFailed shows a refusal on the archive page, in the section of
// the form that was posted.
func (ui *UI) archiveFailed(c *gin.Context, section string, err error, d archivePageData) {
	f := fault.From(err)
	if f.Kind == fault.Internal {
		ui.failed(c, err)
		return
	}
	d.Section, d.Error = section, problemText(err)
	for _, fe := range f.Fields {
		fe.Field = swedishField(fe.Field) // "row 3, column Klass" → "Rad 3, kolumn Klass"
		d.ImportErrors = append(d.ImportErrors, fe)
	}
	ui.renderArchive(c, statusOf(f), d)
}

// parseClasses reads the klassificeringsstruktur from text: one class a
// line, "kod;benämning" (or the code alone).
func parseClasses(text string) []earchive.Class {
	out := []earchive.Class{}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		code, name, _ := strings.Cut(line, ";")
		out = append(out, earchive.Class{Code: code, Name: name})
	}
	return out
}

func (ui *UI) archiveProfileSave(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	p := earchive.Profile{OrgNumber: c.PostForm("org_number"), Archive: c.PostForm("archive"), Agreement: c.PostForm("agreement"),
		SchemeName: c.PostForm("scheme_name"), Classes: parseClasses(c.PostForm("classes")),
		Contact: &earchive.Person{Name: c.PostForm("contact_name"), Title: c.PostForm("contact_title"), Contact: c.PostForm("contact")}}
	if _, err := ui.Archive.SaveProfile(c.Request.Context(), u, board, version, p); err != nil {
		ui.archiveFailed(c, "profile", err, archivePageData{ClassesText: c.PostForm("classes")})
		return
	}
	c.Redirect(http.StatusSeeOther, "/arkiv?namnd="+url.QueryEscape(board)+"&meddelande=arkivprofil")
}

func (ui *UI) archivePlanImport(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	form, err := c.MultipartForm() // parsed (within the size limit) by requireSession
	if err != nil {
		ui.failed(c, fault.New(fault.Invalid, "invalid_request"))
		return
	}
	defer form.RemoveAll()
	in, data, err := workflow.ParsePlanForm(form)
	if err == nil {
		_, err = ui.Archive.ImportPlan(c.Request.Context(), u, board, in, bytes.NewReader(data))
	}
	if err != nil {
		ui.archiveFailed(c, "plan", err, archivePageData{})
		return
	}
	c.Redirect(http.StatusSeeOther, "/arkiv?namnd="+url.QueryEscape(board)+"&meddelande=ihp")
}

func (ui *UI) archiveGallring(c *gin.Context) {
	u := currentUser(c)
	ctx := c.Request.Context()
	board := ui.postedBoard(c)
	form := map[string]string{"meeting_id": c.PostForm("meeting_id"), "paragraph": c.PostForm("paragraph"),
		"decision_id": c.PostForm("decision_id"), "cases": c.PostForm("cases")}
	in := workflow.GallringInput{Board: board, Decision: workflow.GallringDecision{MeetingID: form["meeting_id"],
		DecisionID: strings.TrimSpace(form["decision_id"])}}
	if form["meeting_id"] != "" {
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(form["paragraph"], "§")))
		if err != nil || n < 1 {
			ui.archiveFailed(c, "gallring", (&fault.Fields{{Field: "/decision/paragraph", Code: "required"}}).Err(fault.Unprocessable),
				archivePageData{Form: form})
			return
		}
		in.Decision.Paragraph = n
	}
	titles := map[string]string{}
	for _, line := range strings.Split(form["cases"], "\n") {
		dnr := strings.TrimSpace(line)
		if dnr == "" {
			continue
		}
		cs, err := ui.Cases.CaseByNumber(ctx, u, dnr)
		if err != nil {
			ui.archiveFailed(c, "gallring", err, archivePageData{Form: form})
			return
		}
		in.Cases = append(in.Cases, cs.ID)
		titles[cs.ID] = cs.Title
	}
	res, err := ui.Archive.Gallra(ctx, u, in)
	if err != nil {
		ui.archiveFailed(c, "gallring", err, archivePageData{Form: form})
		return
	}
	v := &gallringView{Decision: res.Decision, On: res.On.String(), PlanVersion: res.PlanVersion, Considered: res.Considered, Failed: res.Failed}
	row := func(it workflow.GallringItem) gallringRow {
		r := gallringRow{ID: it.CaseID, Number: it.RegistrationNumber, Says: it.Says}
		var hs []string
		for _, h := range it.Handlings {
			hs = append(hs, strconv.Itoa(h))
		}
		r.Handlings = strings.Join(hs, ", ")
		for _, code := range it.Reasons {
			r.Reasons = append(r.Reasons, t(code))
		}
		return r
	}
	for _, it := range res.Weeded {
		v.Weeded = append(v.Weeded, row(it))
	}
	for _, it := range res.Refused {
		v.Refused = append(v.Refused, row(it))
	}
	for _, it := range res.Unchanged {
		v.Unchanged = append(v.Unchanged, row(it))
	}
	ui.renderArchive(c, http.StatusOK, archivePageData{Section: "gallring", Result: v, Form: form})
}

func (ui *UI) archiveDelivery(c *gin.Context) {
	u := currentUser(c)
	ctx := c.Request.Context()
	board := ui.postedBoard(c)
	form := map[string]string{"dnr": c.PostForm("dnr"), "package_id": c.PostForm("package_id"), "receipt": c.PostForm("receipt"),
		"received_on": c.PostForm("received_on")}
	cs, err := ui.Cases.CaseByNumber(ctx, u, strings.TrimSpace(form["dnr"]))
	if err != nil {
		ui.archiveFailed(c, "delivery", err, archivePageData{Form: form})
		return
	}
	version := cs.Version
	if v := c.PostForm("version"); v != "" {
		if version, err = strconv.ParseInt(v, 10, 64); err != nil {
			ui.failed(c, formVersionRefused())
			return
		}
	}
	received, _ := platform.ParseDate(form["received_on"])
	if _, err := ui.Archive.RecordDelivery(ctx, u, cs.ID, version, workflow.DeliveryReceipt{PackageID: form["package_id"],
		Receipt: form["receipt"], ReceivedOn: received}); err != nil {
		ui.archiveFailed(c, "delivery", err, archivePageData{Form: form})
		return
	}
	c.Redirect(http.StatusSeeOther, "/arkiv?namnd="+url.QueryEscape(board)+"&meddelande=levererat")
}

// archiveBatchDownload sends the board's packages in one zip.
func (ui *UI) archiveBatchDownload(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	var before platform.Date
	if v := c.Query("stangda_fore"); v != "" {
		d, err := platform.ParseDate(v)
		if err != nil {
			ui.failed(c, (&fault.Fields{{Field: "/closed_before", Code: "invalid_date"}}).Err(fault.Invalid))
			return
		}
		before = d
	}
	ps, _, err := ui.Archive.ExportBoard(c.Request.Context(), u, board, before)
	if err != nil {
		ui.failed(c, err)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range ps {
		if err := p.AddToZip(zw); err != nil {
			ui.failed(c, err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="e-arkiv-`+url.PathEscape(board)+`.zip"`)
	c.Data(http.StatusOK, "application/zip", buf.Bytes())
}

// archiveCaseDownload sends one case's package as a zip.
func (ui *UI) archiveCaseDownload(c *gin.Context) {
	p, err := ui.Archive.ExportCase(c.Request.Context(), currentUser(c), c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	var buf bytes.Buffer
	if err := p.WriteZip(&buf); err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+p.ID+`.zip"`)
	c.Data(http.StatusOK, "application/zip", buf.Bytes())
}

// caseArchive is the case page's archive section: what the plan says,
// the delivery, and whether the package may be downloaded.
type caseArchive struct {
	Says, Plan   string
	Reasons      []string
	MayExport    bool
	Delivery     *cases.Delivery
	HandlingSays map[int]string
}

// caseArchiveSection fills the case page's archive section.
func (ui *UI) caseArchiveSection(c *gin.Context, cs cases.Case) (*caseArchive, error) {
	u := currentUser(c)
	a, err := ui.Archive.Assess(c.Request.Context(), u, cs.ID)
	if err != nil {
		return nil, err
	}
	out := &caseArchive{Says: a.Says, Delivery: cs.Delivery, HandlingSays: map[int]string{},
		MayExport: cs.State == cases.StateArchived && ui.Cases.May(u, cs.Board, "export_archive")}
	if a.Plan != nil {
		out.Plan = fmt.Sprintf("%s (version %d)", a.Plan.Title, a.Plan.Number)
	}
	for _, r := range a.Reasons {
		out.Reasons = append(out.Reasons, t(r))
	}
	for _, h := range a.Handlings {
		out.HandlingSays[h.No] = h.Says
	}
	return out, nil
}
