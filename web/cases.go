package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/workflow"
)

// flashes are the messages a redirect may ask the next page to show.
var flashes = map[string]string{
	"registrerat":         "Ärendet är registrerat.",
	"kallelse_skickad":    "Kallelsen är skickad till ledamöterna och ersättarna.",
	"sparad":              "Tjänsteskrivelsen är sparad.",
	"handling":            "Handlingen är registrerad.",
	"handelse":            "Ärendet är uppdaterat.",
	"expedierad":          "Tjänsteskrivelsen är markerad som expedierad.",
	"beslutat":            "Beslutet är fattat. Signera det för att det ska anmälas till nämnden.",
	"jav":                 "Jävet är anmält.",
	"jav_aterkallat":      "Jävsanmälan är återkallad.",
	"signerat":            "Beslutet är signerat.",
	"importerad":          "Delegationsordningen är inläst som ett utkast.",
	"anmalda":             "Besluten är markerade som anmälda.",
	"budget":              "Budgetraderna är inlästa och fördelningen är omräknad.",
	"begaran":             "Begäran är registrerad. Målet är att den besvaras i dag.",
	"begaran_andrad":      "Begäran är uppdaterad.",
	"avslag":              "Avslagsbeslutet är fattat och signerat. Skicka det med besvärshänvisningen till den som begärde handlingen och registrera dagen för delgivning.",
	"maskerad":            "Den maskerade kopian är registrerad som en ny handling i ärendet och lämnas ut.",
	"franvaro":            "Frånvaron är registrerad.",
	"franvaro_aterkallad": "Frånvaron är återkallad.",
	"delgivning":          "Delgivningen är registrerad.",
	"overklagande":        "Överklagandet är registrerat.",
}

// problemText turns a fault into one Swedish sentence with its fields.
func problemText(err error) string {
	f := fault.From(err)
	msg := t(f.Code)
	for _, fe := range f.Fields {
		if fe.Code == f.Code {
			continue // the fault's own text already says it
		}
		msg += " " + swedishField(fe.Field) + ": " + strings.TrimSuffix(t(fe.Code), ".") + "."
	}
	return msg
}

var fieldLabels = map[string]string{
	"/board": "Nämnd", "/title": "Ärendemening", "/class": "Ärendegrupp", "/counterpart": "Motpart",
	"/description": "Beskrivning", "/secrecy/reference": "Sekretess, lagrum", "/secrecy/date": "Sekretess, datum",
	"/memo/title": "Rubrik", "/memo/clauses": "Att-satser", "/memo/description": "Ärendebeskrivning",
	"/memo/assessment": "Bedömning", "/memo/consequences": "Konsekvensanalys", "/memo/send_to": "Beslutet skickas till",
	"/file": "Fil", "/direction": "Typ av handling", "/date": "Datum", "/party": "Avsändare/mottagare",
	"/person": "Person", "/ground": "Grund", "/reason": "Skäl",
	"/amount_ore": "Belopp", "/amount_reason": "Skäl till avvikande belopp",
	"/submit_to": "Mottagare", "/from": "Från", "/to": "Till och med",
	"/meeting_ref": "Sammanträde och paragraf", "/decision_ids": "Beslut att anmäla",
}

// fieldLabel names a field pointer in Swedish. A pointer into a list
// ("/items/0/registration_number") is named by its pattern with "*" for
// each index ("/items/*/registration_number"), the indexes counted from 1.
func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	var idx []any
	parts := strings.Split(f, "/")
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil && p != "" {
			parts[i], idx = "*", append(idx, n+1)
		}
	}
	if l, ok := fieldLabels[strings.Join(parts, "/")]; ok && len(idx) > 0 {
		return fmt.Sprintf(l, idx...)
	}
	return strings.TrimPrefix(f, "/")
}

// formVersionRefused refuses a form whose hidden version is not a number
// (a saved page edited, a broken proxy): the API's "invalid_if_match"
// would name a header no web form sends.
func formVersionRefused() error { return fault.New(fault.Invalid, "invalid_form_version") }

// faultOf is the fault inside err.
func faultOf(err error) *fault.Error { return fault.From(err) }

// statusOf is the HTTP status of a fault.
func statusOf(f *fault.Error) int { return httpx.Status(f.Kind) }

// failed renders a fault as an error page with its status.
func (ui *UI) failed(c *gin.Context, err error) {
	if httpx.ClientGone(c, ui.Log, err) {
		return
	}
	f := fault.From(err)
	if f.Kind == fault.Internal {
		ui.Log.ErrorContext(c.Request.Context(), "web", "err", err.Error())
	}
	u := currentUser(c)
	ui.render(c, statusOf(f), "error", view{Title: "Det gick inte", Error: problemText(err), User: &u, CSRF: currentSession(c).CSRF})
}

// caseRow is one line of the case list.
type caseRow struct {
	ID, Number, Title, State, StateLabel, Registered string
}

type caseListData struct {
	Rows             []caseRow
	Total            int64
	Page, Pages      int
	Q, State         string
	Mine             bool
	States           [][2]string
	PrevURL, NextURL string
	Flash            string
}

var allStates = []cases.State{cases.StateRegistered, cases.StatePreparing, cases.StateReady, cases.StateDecided,
	cases.StateExecuted, cases.StateClosed, cases.StateArchived, cases.StateReferred, cases.StateTabled, cases.StateVoided}

func (ui *UI) caseList(c *gin.Context) {
	u := currentUser(c)
	page, _ := strconv.Atoi(c.DefaultQuery("sida", "1"))
	page = max(page, 1)
	mine := c.Query("mina") != "nej"
	f := cases.Filter{State: cases.State(c.Query("status")), Query: c.Query("q"), Page: page, PerPage: 25}
	if mine {
		f.OfficerID = u.ID
	}
	list, total, err := ui.Cases.List(c.Request.Context(), u, f)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := caseListData{Total: total, Page: page, Pages: int((total + 24) / 25), Q: f.Query, State: string(f.State), Mine: mine,
		Flash: flashes[c.Query("meddelande")]}
	for _, st := range allStates {
		d.States = append(d.States, [2]string{string(st), t("state." + string(st))})
	}
	for _, cs := range list {
		d.Rows = append(d.Rows, caseRow{ID: cs.ID, Number: cs.RegistrationNumber, Title: cs.Title, State: string(cs.State),
			StateLabel: t("state." + string(cs.State)), Registered: cs.RegisteredOn.String()})
	}
	q := c.Request.URL.Query()
	if page > 1 {
		q.Set("sida", strconv.Itoa(page-1))
		d.PrevURL = "/arenden?" + q.Encode()
	}
	if page < d.Pages {
		q.Set("sida", strconv.Itoa(page+1))
		d.NextURL = "/arenden?" + q.Encode()
	}
	ui.render(c, http.StatusOK, "cases", view{Title: "Mina ärenden", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

type caseNewData struct {
	Boards                                        [][2]string
	Board, Title, Class, Counterpart, Description string
	SecrecyReference, SecrecyDate                 string
	// RequestKey is the form's registration key, made when the page is
	// rendered and kept by a refused form: a form sent twice (double
	// click, back and send again) registers one ärende.
	RequestKey string
}

// newRequestKey is a fresh random registration key for the new-case form.
func newRequestKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it crashes the program instead)
	return hex.EncodeToString(b)
}

// editedRequestKey is the request key of a new-case form sent again
// after it was edited: derived from the page's key and what is sent now,
// so the edited form sent twice still registers once.
func editedRequestKey(d caseNewData) string {
	h := sha256.New()
	for _, v := range []string{d.RequestKey, d.Board, d.Title, d.Class, d.Counterpart, d.Description, d.SecrecyReference, d.SecrecyDate} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (ui *UI) boardOptions(c *gin.Context) [][2]string {
	u := currentUser(c)
	var out [][2]string
	bs, _ := ui.Boards.ListBoards(c.Request.Context())
	for _, b := range bs {
		if ui.Cases.CanRead(u, b.Code) {
			out = append(out, [2]string{b.Code, b.Name})
		}
	}
	return out
}

// registerOptions are the boards u may register cases on.
func (ui *UI) registerOptions(c *gin.Context) [][2]string {
	u := currentUser(c)
	var out [][2]string
	for _, o := range ui.boardOptions(c) {
		if ui.Cases.May(u, o[0], "register") {
			out = append(out, o)
		}
	}
	return out
}

func (ui *UI) caseNewForm(c *gin.Context) {
	u := currentUser(c)
	d := caseNewData{Boards: ui.registerOptions(c), RequestKey: newRequestKey()}
	ui.render(c, http.StatusOK, "case_new", view{Title: "Registrera ärende", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

func (ui *UI) caseCreate(c *gin.Context) {
	u := currentUser(c)
	d := caseNewData{Boards: ui.registerOptions(c), Board: c.PostForm("board"), Title: c.PostForm("title"),
		Class: c.PostForm("class"), Counterpart: c.PostForm("counterpart"), Description: c.PostForm("description"),
		SecrecyReference: c.PostForm("secrecy_reference"), SecrecyDate: c.PostForm("secrecy_date"), RequestKey: c.PostForm("request_key")}
	reg := cases.Registration{Board: d.Board, Title: d.Title, Class: d.Class, Counterpart: d.Counterpart, Description: d.Description,
		RequestKey: d.RequestKey}
	var err error
	if strings.TrimSpace(d.SecrecyReference) != "" {
		date, _ := platform.ParseDate(d.SecrecyDate)
		reg.Secrecy = &cases.Secrecy{Reference: d.SecrecyReference, Date: date}
		// The secret parts of the title are typed in double brackets.
		reg.Title, reg.Secrecy.Parts, err = public.ParseMarked("/title", d.Title)
	}
	cs := cases.Case{}
	if err == nil {
		// A replay (the same form sent again) redirects to the ärende the
		// first sending registered, as that one did.
		cs, _, err = ui.Cases.RegisterOnce(c.Request.Context(), u, reg)
		if errors.Is(err, cases.ErrRequestKeyReused) {
			// The form was sent before and edited since (back in the
			// browser): what is sent now is another registration.
			reg.RequestKey = editedRequestKey(d)
			cs, _, err = ui.Cases.RegisterOnce(c.Request.Context(), u, reg)
		}
	}
	if err != nil {
		if errors.Is(err, cases.ErrRequestKeyInvalid) {
			d.RequestKey = newRequestKey() // not a key this page made: sending again gets a good one
		}
		ui.render(c, statusOf(fault.From(err)), "case_new", view{Title: "Registrera ärende", User: &u,
			CSRF: currentSession(c).CSRF, Error: problemText(err), Data: d})
		return
	}
	c.Redirect(http.StatusSeeOther, "/arenden/"+cs.ID+"?meddelande=registrerat")
}

// timelineRow is one event on the case page.
type timelineRow struct {
	Seq                                    int
	At, Actor, Action, From, To, Ref, Note string
	Hash                                   string
}

type eventButton struct {
	Name, Label    string
	NeedsNote      bool
	NeedsRecipient bool // submit: choose the person the memo goes to
}

type caseData struct {
	Case          cases.Case
	StateLabel    string
	Events        []eventButton
	Timeline      []timelineRow
	Verified      bool
	Problem       string
	Flash         string
	MayEditMemo   bool
	MayAddDoc     bool
	Today         string
	DirectionName map[string]string
	Decide        *decisionForm
	Decisions     []decisionRow
	Jav           []javDeclRow
	JavChoices    [][2]string // username, name
	Archive       *caseArchive
	PublicTitle   string // a secret ärende's title as the public e-diarium shows it
	Dispatch      *dispatchForm
	// FormError is the refusal of the form just sent, by form ("event",
	// "document"): shown next to it, the rest of the case as it is.
	FormError map[string]string
	// Legal is the section on appeal routes and laga kraft per decision.
	Legal *legalData
	// Recipients are whom the submit form may send the memo to
	// (workflow Cases.Recipients); Submission says to whom it went, in
	// words ("Anna Lindqvist, ordförande, 2026-03-02").
	Recipients []workflow.Recipient
	Submission string
}

type decisionRow struct {
	ID, Kind, Point, Decider, At string
	Signed, Reported             bool
}

func kindText(k cases.DecisionKind) string {
	if k == cases.KindUrgent {
		return "Ordförandebeslut (brådskande)"
	}
	return "Delegationsbeslut"
}

func casesKind(s string) cases.DecisionKind {
	if s == string(cases.KindUrgent) {
		return cases.KindUrgent
	}
	return cases.KindDelegation
}

func (ui *UI) casePage(c *gin.Context) {
	u := currentUser(c)
	cs, err := ui.Cases.Case(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.renderCase(c, cs, nil, http.StatusOK)
}

// renderCase shows the case page, with the decision form's state when the
// user just checked or tried a decision.
func (ui *UI) renderCase(c *gin.Context, cs cases.Case, form *decisionForm, status int) {
	ui.renderCaseWith(c, cs, form, status, nil)
}

// caseRefused shows an expected refusal of one of the case page's forms
// next to that form (formName: "event", "document"), on the case as it
// is now; an internal fault or a case that cannot be read gets the error
// page.
func (ui *UI) caseRefused(c *gin.Context, caseID, formName string, err error) {
	f := fault.From(err)
	if f.Kind == fault.Internal || f.Kind == fault.NotFound {
		ui.failed(c, err)
		return
	}
	cs, lerr := ui.Cases.Case(c.Request.Context(), currentUser(c), caseID)
	if lerr != nil {
		ui.failed(c, err)
		return
	}
	ui.renderCaseWith(c, cs, nil, statusOf(f), map[string]string{formName: problemText(err)})
}

// renderCaseWith is renderCase with refusals to show next to their forms.
func (ui *UI) renderCaseWith(c *gin.Context, cs cases.Case, form *decisionForm, status int, formErrs map[string]string) {
	u := currentUser(c)
	d := caseData{Case: cs, FormError: formErrs, StateLabel: t("state." + string(cs.State)), Flash: flashes[c.Query("meddelande")],
		Today: platform.DateOf(ui.Clock.Now()).String(),
		DirectionName: map[string]string{"inkommande": t("direction.inkommande"), "utgaende": t("direction.utgaende"),
			"upprattad": t("direction.upprattad")}}
	for _, ev := range ui.Cases.AllowedEvents(u, cs) {
		d.Events = append(d.Events, eventButton{Name: ev, Label: t("event." + ev), NeedsNote: ev == "void",
			NeedsRecipient: ev == workflow.EventSubmit})
		if ev == workflow.EventSubmit {
			rs, err := ui.Cases.Recipients(c.Request.Context(), u, cs.Board)
			if err != nil {
				ui.failed(c, err)
				return
			}
			d.Recipients = rs
		}
	}
	if s := cs.Submission; s != nil && cs.State == cases.StateReady {
		d.Submission = s.ToName + ", " + strings.ToLower(delegation.RoleLabel(s.Role)) + ", " + s.On.String()
	}
	known := map[string]string{}
	names := func(username string) string {
		if n, ok := known[username]; ok {
			return n
		}
		known[username] = ui.personName(c.Request.Context(), username)
		return known[username]
	}
	for i := len(cs.History) - 1; i >= 0; i-- {
		e := cs.History[i]
		label := t("event." + e.Action)
		if !i18n.Has("event." + e.Action) {
			label = t("action." + e.Action)
		}
		ref, note := eventTexts(cs, e, names)
		row := timelineRow{Seq: e.Seq, At: platform.LocalTime(e.At), Actor: names(e.Actor),
			Action: label, Ref: ref, Note: note, Hash: e.Hash[:16]}
		if e.To != "" {
			row.To = t("state." + string(e.To))
		}
		d.Timeline = append(d.Timeline, row)
	}
	if p := cs.Verify(); p != nil {
		d.Problem = p.Error()
	} else {
		d.Verified = true
	}
	if e, ok := public.EntryOf(cs, public.MarksOf(cs)); ok && cs.Secrecy != nil {
		d.PublicTitle = e.Title
	}
	d.MayEditMemo = ui.Cases.MayEditMemo(u, cs)
	d.MayAddDoc = ui.Cases.MayAddDocument(u, cs)
	pageErr := ""
	if cs.State == cases.StateReady && cs.FSMVersion >= 2 && ui.Cases.MayChange(u, cs.Board) {
		if form == nil {
			form = &decisionForm{Points: ui.decisionPoints(c, cs.Board), Kind: "delegation", Impact: impactText(cs), Today: d.Today}
			form.Amount = form.Impact
		}
		d.Decide = form
	} else if form != nil {
		// A decision tried where the page offers none: say why on the page.
		pageErr = strings.TrimSpace(form.Error + " " + strings.Join(form.ReasonTexts, " "))
	}
	for _, dec := range cs.Decisions {
		d.Decisions = append(d.Decisions, decisionRow{ID: dec.ID, Kind: kindText(dec.Kind), Point: dec.PointCode,
			Decider: dec.DeciderName, At: dec.DecidedAt.In(platform.Stockholm).Format("2006-01-02 15:04"), Signed: dec.Signed(),
			Reported: dec.Report != nil})
	}
	ui.javSection(c, u, cs, &d)
	arch, err := ui.caseArchiveSection(c, cs)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d.Archive = arch
	ui.dispatchSection(c, u, cs, &d)
	if l, err := ui.legalSection(c, cs, "", "/arenden/"+cs.ID); err == nil && len(l.Forces) > 0 {
		d.Legal = &l
	}
	ui.render(c, status, "case", view{Title: cs.RegistrationNumber + " " + cs.Title, User: &u,
		CSRF: currentSession(c).CSRF, Error: pageErr, Data: d})
}

// eventTexts are an event's reference and note on the timeline in words:
// a decision by its kind and day (its id is internal), a person by name,
// an appeal by its route.
func eventTexts(cs cases.Case, e cases.Event, names func(string) string) (ref, note string) {
	ref, note = e.Ref, e.Note
	for _, d := range cs.Decisions {
		word := kindText(d.Kind) + " " + d.DecidedOn.String()
		ref = strings.ReplaceAll(ref, d.ID, word)
		note = strings.ReplaceAll(note, d.ID, word)
	}
	switch e.Action {
	case cases.ActionJav, cases.ActionJavWithdrawn:
		ref = names(e.Ref)
	case cases.ActionAppealed:
		if route, party, _ := strings.Cut(e.Note, " "); i18n.Has("route." + route) {
			note = strings.TrimSpace(t("route."+route) + " " + party)
		}
	case cases.ActionNotified:
		if parts := strings.Split(e.Note, ", "); len(parts) == 3 && i18n.Has("manner."+parts[2]) {
			note = parts[0] + ", " + parts[1] + ", " + strings.ToLower(t("manner."+parts[2]))
		}
	}
	return ref, note
}

func (ui *UI) caseEvent(c *gin.Context) {
	u := currentUser(c)
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	// The form names the recipient of a submitted memo: required here,
	// optional only for older API clients.
	cs, err := ui.Cases.FireWith(c.Request.Context(), u, c.Param("id"), c.Param("event"), version,
		workflow.FireInput{Note: c.PostForm("note"), SubmitTo: c.PostForm("submit_to"), RequireRecipient: c.Param("event") == workflow.EventSubmit})
	if err != nil {
		form := "event"
		if fs := fault.From(err).Fields; len(fs) == 1 && fs[0].Field == workflow.FieldSubmitTo {
			form = "submit_to" // shown next to the recipient's select
		}
		ui.caseRefused(c, c.Param("id"), form, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/arenden/"+cs.ID+"?meddelande=handelse")
}

func (ui *UI) documentUpload(c *gin.Context) {
	form, err := c.MultipartForm() // parsed (within the size limit) by requireSession
	if err != nil {
		ui.failed(c, fault.New(fault.Invalid, "invalid_request"))
		return
	}
	defer form.RemoveAll()
	d, data, err := workflow.ParseDocumentForm(form)
	if err != nil {
		ui.caseRefused(c, c.Param("id"), "document", err)
		return
	}
	cs, _, err := ui.Cases.AddDocument(c.Request.Context(), currentUser(c), c.Param("id"), d, data)
	if err != nil {
		ui.caseRefused(c, c.Param("id"), "document", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/arenden/"+cs.ID+"?meddelande=handling")
}

func (ui *UI) documentDownload(c *gin.Context) {
	no, _ := strconv.Atoi(c.Param("no"))
	d, data, err := ui.Cases.Document(c.Request.Context(), currentUser(c), c.Param("id"), no)
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(d.FileName))
	c.Data(http.StatusOK, d.ContentType, data)
}
