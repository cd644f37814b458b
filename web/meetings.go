package web

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

var outcomeText = map[meeting.Outcome]string{meeting.OutcomeApproved: "Bifall", meeting.OutcomeRejected: "Avslag",
	meeting.OutcomeReferred: "Återremiss", meeting.OutcomeTabled: "Bordläggning", meeting.OutcomeReported: "Anmälan"}

var legalText = map[string]string{"anslag": "Överklagandetiden löper", "laga_kraft": "Laga kraft", "overklagat": "Överklagat"}

type meetingsData struct {
	Board    string
	Meetings []meeting.Meeting
	// Page and Pages are the page of the board's meetings shown (newest
	// first) and how many there are; NewerURL and OlderURL lead to the
	// pages next to it.
	Page, Pages        int
	Total              int64
	NewerURL, OlderURL string
	// Members are the seats a justerare is chosen among when planning:
	// those who serve as attendance starts (the ledamöter), on today's
	// seats.
	Members []meeting.Seat
	MayPlan bool
	// Error is the refusal of the planning form just sent, shown next to
	// it with the form as it was filled in (Form).
	Error string
	Form  map[string]string
}

// meetingsPerPage is how many of the board's meetings the meetings page
// shows a page.
const meetingsPerPage = "25"

func (ui *UI) meetingsPage(c *gin.Context) {
	ui.renderMeetings(c, http.StatusOK, "", nil)
}

// renderMeetings shows the board's meetings and the planning form, with
// msg (a refusal) next to the form filled in as form.
func (ui *UI) renderMeetings(c *gin.Context, status int, msg string, form map[string]string) {
	u := currentUser(c)
	board, _ := ui.userBoard(c)
	if form == nil {
		form = map[string]string{"standard_items": "on"}
	}
	d := meetingsData{Board: board, MayPlan: board != "" && ui.Cases.May(u, board, "manage_meetings"), Error: msg, Form: form}
	if board != "" {
		list, err := ui.Meetings.Meetings(c.Request.Context(), u, board,
			workflow.PageQuery{Page: c.Query("sida"), PerPage: meetingsPerPage})
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.Meetings, d.Total, d.Page, d.Pages = list.Meetings, list.Total, list.Page, list.Pages()
		link := func(p int) string {
			return "/sammantraden?" + url.Values{"namnd": {board}, "sida": {strconv.Itoa(p)}}.Encode()
		}
		if d.Page > 1 {
			d.NewerURL = link(d.Page - 1)
		}
		if d.Page < d.Pages {
			d.OlderURL = link(d.Page + 1)
		}
	}
	if d.MayPlan {
		seats, err := ui.Meetings.JusterareChoices(c.Request.Context(), u, board, platform.DateOf(ui.Clock.Now()))
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.Members = seats
	}
	ui.render(c, status, "meetings", view{Title: "Sammanträden", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// meetingPlan plans a meeting from the form; the standard agenda items
// are put on it when the checkbox (on by default) is ticked. A refusal
// shows next to the form, filled in as sent.
func (ui *UI) meetingPlan(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	form := map[string]string{}
	for _, k := range []string{"starts_at", "place", "justerare", "justering_on", "standard_items"} {
		form[k] = c.PostForm(k)
	}
	refuse := func(err error) {
		f := fault.From(err)
		if f.Kind == fault.Internal || f.Kind == fault.NotFound {
			ui.failed(c, err)
			return
		}
		ui.renderMeetings(c, statusOf(f), problemText(err), form)
	}
	starts, err := time.ParseInLocation("2006-01-02T15:04", c.PostForm("starts_at"), platform.Stockholm)
	if err != nil {
		refuse((&fault.Fields{{Field: "/starts_at", Code: "invalid_date"}}).Err(fault.Unprocessable))
		return
	}
	in := workflow.PlanInput{StartsAt: starts, Place: c.PostForm("place"), StandardItems: c.PostForm("standard_items") == "on"}
	if j := strings.TrimSpace(c.PostForm("justerare")); j != "" {
		in.Justerare = []string{j}
	}
	if s := strings.TrimSpace(c.PostForm("justering_on")); s != "" {
		if in.JusteringOn, err = platform.ParseDate(s); err != nil {
			refuse((&fault.Fields{{Field: "/justering_on", Code: "invalid_date"}}).Err(fault.Unprocessable))
			return
		}
	}
	m, err := ui.Meetings.PlanMeetingWith(c.Request.Context(), u, board, in)
	if err != nil {
		refuse(err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/sammantraden/"+m.ID)
}

type meetingData struct {
	M           meeting.Meeting
	Recorded    map[int]int // agenda index → § no
	MayRun      bool
	MaySign     bool
	Signed      bool
	Legal       string
	Outcomes    [][2]string
	Members     [][2]string
	Today       string
	OutcomeText map[meeting.Outcome]string
	// Ledamoter are the ledamöter an ersättare may serve for
	// (tjänstgörande ersättare): username, name.
	Ledamoter [][2]string
	// Extracts are the recipients of each paragraph's protokollsutdrag
	// (§ no → recipients), from the cases' tjänsteskrivelser.
	Extracts map[int][]workflow.ExtractDispatch
	Flash    string
	// FormError is the refusal of the form just sent, by the form's
	// action (justera, anslag, narvaro, paragraf, status, flytta): shown
	// next to that form, the rest of the page as it is.
	FormError map[string]string
	// Pending are the anslagstavlor that do not carry the justering yet;
	// until none is left there is no appeal end (KL 13:5).
	Pending []meeting.NoticeBoard
	// Deadlines are the meeting's time limits with their status.
	Deadlines []deadline.Item
	// Addable are the board's ärenden ready for decision (or bordlagda)
	// that are not on the agenda: what the secretary may add.
	Addable []cases.Case
	// Reportable are the decisions an anmälan item not yet recorded
	// would report if its § were recorded now (KL 6:40, 7:8).
	Reportable []workflow.PendingReport
	// Quorum is whether the board can decide with the attendance as
	// recorded (its ledamöter from the seats in force that day).
	Quorum meeting.QuorumState
	// IsJusterare marks the appointed justerare.
	IsJusterare map[string]bool
	// FormalText is what the protocol says under each standard item
	// (agenda index → text).
	FormalText map[int]string
	// AddableFormal are the standard items not on the agenda of a planned
	// meeting: what the secretary may add.
	AddableFormal []meeting.AgendaItem
	// JavMembers are those who may leave a § for jäv (serving now), and
	// FreeSubstitutes the ersättare who may step in for one of them.
	JavMembers      []meeting.Seat
	FreeSubstitutes []meeting.Seat
	// JavText is what the protocol says of jäv at each § (§ no → lines).
	JavText map[int][]string
	// Details are its yrkanden, votering and reservationer (§ no → lines).
	Details map[int][]string
	// Opening and Closing are the standard items the protocol prints
	// before and after its §§, with their texts.
	Opening, Closing [][2]string
	// DeclaredJav is, for each ärende on the agenda (agenda index), the
	// serving member with a jäv declaration in force in the case: the
	// paragraph form proposes that member as leaving the §.
	DeclaredJav map[int]string
	// MaySend shows the "Skicka kallelse" form (the board's sekreterare,
	// while the meeting is planned).
	MaySend bool
	// KallelseFlash confirms a sending, in the kallelse section.
	KallelseFlash string
	// Voters are those present whom the § form offers for a vote or a
	// reservation: those serving now, then the ersättare free to step in
	// at a § for jäv. The use case decides who may.
	Voters []meeting.Seat
	// Kept is the § form just refused, as it was filled in (nil: none);
	// ParagraphErrorItem is the agenda index whose form shows the refusal
	// (-1: above the agenda).
	Kept               *paragraphForm
	ParagraphErrorItem int
}

func (ui *UI) meetingPage(c *gin.Context) {
	m, err := ui.Meetings.Meeting(c.Request.Context(), currentUser(c), c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.renderMeeting(c, m, "", "", http.StatusOK)
}

// renderMeeting shows the meeting page; action and msg name the form
// whose refusal to show next to it.
func (ui *UI) renderMeeting(c *gin.Context, m meeting.Meeting, action, msg string, status int) {
	ui.renderMeetingWith(c, m, action, msg, status, nil)
}

// renderMeetingWith is renderMeeting with the § form just refused (kept,
// nil: none) shown as it was filled in, its refusal next to it.
func (ui *UI) renderMeetingWith(c *gin.Context, m meeting.Meeting, action, msg string, status int, kept *paragraphForm) {
	u := currentUser(c)
	d := meetingData{FormError: map[string]string{action: msg}, M: m, Recorded: map[int]int{}, MayRun: ui.Cases.May(u, m.Board, "manage_meetings"),
		Legal: legalText[m.LegalStatus(platform.DateOf(ui.Clock.Now()))], Today: platform.DateOf(ui.Clock.Now()).String(), OutcomeText: outcomeText,
		Kept: kept, ParagraphErrorItem: -1}
	for i, it := range m.Agenda {
		if p, ok := m.Recorded(it); ok {
			d.Recorded[i] = p.No
		}
	}
	d.MaySign, d.Signed = m.SignerRole(u.Username) != "", m.SignedBy(u.Username)
	d.MaySend = m.Status == meeting.StatusPlanned && ui.Cases.May(u, m.Board, "send_kallelse")
	d.Flash = flashes[c.Query("meddelande")]
	if c.Query("meddelande") == "kallelse_skickad" {
		d.KallelseFlash, d.Flash = d.Flash, ""
	}
	for _, s := range m.Seats {
		if s.Member() {
			d.Ledamoter = append(d.Ledamoter, [2]string{s.Username, s.Name})
		}
	}
	if m.Justerad() {
		list, err := ui.Meetings.ExtractDispatches(c.Request.Context(), u, m)
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.Extracts = map[int][]workflow.ExtractDispatch{}
		for _, x := range list {
			d.Extracts[x.Paragraph] = append(d.Extracts[x.Paragraph], x)
		}
	}
	d.FormalText, d.JavText, d.Details = map[int]string{}, map[int][]string{}, map[int][]string{}
	for i, it := range m.Agenda {
		if it.Kind != meeting.KindFormal {
			continue
		}
		d.FormalText[i] = m.FormalText(it)
		if it.Opening() {
			d.Opening = append(d.Opening, [2]string{it.Title, d.FormalText[i]})
		} else {
			d.Closing = append(d.Closing, [2]string{it.Title, d.FormalText[i]})
		}
	}
	for _, p := range m.Paragraphs {
		if len(p.Jav) > 0 {
			d.JavText[p.No] = m.JavText(p, nil)
		}
		if lines := paragraphDetails(m, p); len(lines) > 0 {
			d.Details[p.No] = lines
		}
	}
	if m.Status == meeting.StatusPlanned {
		for _, k := range meeting.FormalKeys {
			it, _ := meeting.FormalItem(k)
			if !slices.ContainsFunc(m.Agenda, func(a meeting.AgendaItem) bool { return a.Formal == k }) {
				d.AddableFormal = append(d.AddableFormal, it)
			}
		}
	}
	for _, s := range m.Seats {
		if s.Serving() {
			d.JavMembers = append(d.JavMembers, s)
		}
	}
	d.FreeSubstitutes = m.FreeSubstitutes()
	d.Voters = append(slices.Clone(d.JavMembers), d.FreeSubstitutes...)
	if kept != nil && kept.Item >= 0 && kept.Item < len(m.Agenda) && d.MayRun && m.Status == meeting.StatusOpen {
		if _, done := m.Recorded(m.Agenda[kept.Item]); !done && m.Agenda[kept.Item].Kind != meeting.KindFormal {
			d.ParagraphErrorItem = kept.Item
		}
	}
	d.DeclaredJav = map[int]string{}
	if d.MayRun && m.Status == meeting.StatusOpen {
		for i, it := range m.Agenda {
			if it.Kind != "case" {
				continue
			}
			cs, err := ui.Cases.Case(c.Request.Context(), u, it.CaseID)
			if err != nil {
				continue // the § form simply proposes nobody
			}
			for _, s := range d.JavMembers {
				if cs.Jav(s.Username) {
					d.DeclaredJav[i] = s.Username
					break
				}
			}
		}
	}
	d.Quorum, d.IsJusterare = m.QuorumNow(), map[string]bool{}
	for _, j := range m.Justerare {
		d.IsJusterare[j] = true
	}
	d.Pending, d.Deadlines = m.PendingNoticeBoards(), ui.Meetings.MeetingDeadlines(m)
	if d.MayRun && (m.Status == meeting.StatusPlanned || m.Status == meeting.StatusOpen) {
		d.Addable = ui.addableCases(c, u, m)
	}
	if m.Status != meeting.StatusJusterad && slices.ContainsFunc(m.Agenda, func(it meeting.AgendaItem) bool {
		_, done := m.Recorded(it)
		return it.Kind == "delegation_report" && !done
	}) {
		d.Reportable, _ = ui.Decisions.PendingReports(c.Request.Context(), u, m.Board)
	}
	for _, o := range []meeting.Outcome{meeting.OutcomeApproved, meeting.OutcomeRejected, meeting.OutcomeReferred, meeting.OutcomeTabled} {
		d.Outcomes = append(d.Outcomes, [2]string{string(o), outcomeText[o]})
	}
	for _, nb := range m.NoticeBoards {
		d.Members = append(d.Members, [2]string{nb.Member, nb.MemberName})
	}
	ui.render(c, status, "meeting", view{Title: "Sammanträde " + m.Date.String(), User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// meetingAction runs one of the meeting page's forms.
func (ui *UI) meetingAction(c *gin.Context) {
	u := currentUser(c)
	id := c.Param("id")
	v, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	ctx := c.Request.Context()
	var err error
	switch c.Param("action") {
	case "status":
		_, err = ui.Meetings.SetMeetingStatus(ctx, u, id, v, meeting.Status(c.PostForm("status")))
	case "flytta":
		i, _ := strconv.Atoi(c.PostForm("index"))
		dir, _ := strconv.Atoi(c.PostForm("direction"))
		_, err = ui.Meetings.MoveAgendaItem(ctx, u, id, v, i, dir)
	case "narvaro":
		var in []meeting.Attendance
		for _, name := range c.PostFormArray("seat") {
			in = append(in, meeting.Attendance{Username: name, Present: c.PostForm("present-"+name) == "on",
				ServesFor: c.PostForm("serves-" + name)})
		}
		_, err = ui.Meetings.SetAttendance(ctx, u, id, v, in)
	case "paragraf":
		f := paragraphFormOf(c)
		in, ferr := f.input()
		if ferr == nil {
			_, _, ferr = ui.Meetings.RecordParagraph(ctx, u, id, in)
		}
		if ferr != nil {
			ui.paragraphRefused(c, id, f, in, ferr)
			return
		}
	case "justera":
		act := stepUpAct{Kind: stepUpJustering, ID: id, Version: v}
		if ui.startStepUp(c, act, ui.stepUpRefused(c, act)) {
			return
		}
		_, err = ui.Meetings.Justera(ctx, u, id, identity.Proof{Password: c.PostForm("password"), ClientIP: c.ClientIP()})
	case "justerare":
		var on platform.Date
		if s := strings.TrimSpace(c.PostForm("justering_on")); s != "" {
			var perr error
			if on, perr = platform.ParseDate(s); perr != nil {
				err = (&fault.Fields{{Field: "/justering_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
				break
			}
		}
		_, err = ui.Meetings.AppointJusterare(ctx, u, id, v, c.PostFormArray("justerare"), on)
	case "justeringsdag":
		on, perr := platform.ParseDate(c.PostForm("justered_on"))
		if perr != nil {
			err = (&fault.Fields{{Field: "/justered_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
			break
		}
		_, err = ui.Meetings.SetJusteringDate(ctx, u, id, v, on)
	case "punkt":
		if key, ok := strings.CutPrefix(c.PostForm("case_id"), "formal:"); ok {
			_, err = ui.Meetings.AddStandardItem(ctx, u, id, v, key)
			break
		}
		_, err = ui.Meetings.AddAgendaItem(ctx, u, id, v, c.PostForm("case_id"))
	case "ta-bort":
		i, _ := strconv.Atoi(c.PostForm("index"))
		_, err = ui.Meetings.RemoveAgendaItem(ctx, u, id, v, i)
	case "anslag":
		var posted platform.Date
		var perr error
		if strings.TrimSpace(c.PostForm("posted_on")) != "" {
			posted, perr = platform.ParseDate(c.PostForm("posted_on")) // empty: today (the use case's default)
		}
		if perr != nil {
			err = (&fault.Fields{{Field: "/posted_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
			break
		}
		_, err = ui.Meetings.PostNotice(ctx, u, id, v, c.PostForm("member"), posted, c.PostForm("location"))
	case "overklagande":
		// A date that does not parse stays zero; the use case names it.
		received, _ := platform.ParseDate(c.PostForm("received_on"))
		no, _ := strconv.Atoi(c.PostForm("paragraph"))
		if _, err = ui.Meetings.RegisterAppeal(ctx, u, id, v, received, c.PostForm("court"), no); err == nil {
			c.Redirect(http.StatusSeeOther, "/sammantraden/"+id+"?meddelande=overklagande#appeals-heading")
			return
		}
	case "kallelse":
		if _, err = ui.Meetings.SendKallelse(ctx, u, id, v); err == nil {
			c.Redirect(http.StatusSeeOther, "/sammantraden/"+id+"?meddelande=kallelse_skickad#kallelse-heading")
			return
		}
	case "utdrag":
		no, _ := strconv.Atoi(c.PostForm("paragraph"))
		if _, err = ui.Meetings.SendExtract(ctx, u, id, no); err == nil {
			c.Redirect(http.StatusSeeOther, "/sammantraden/"+id+"?meddelande=utdrag_expedierat#protocol-heading")
			return
		}
	default:
		err = fault.New(fault.NotFound, "not_found")
	}
	if err != nil {
		// An expected refusal shows next to its form on the meeting page.
		f := fault.From(err)
		if f.Kind == fault.Internal || f.Kind == fault.NotFound {
			ui.failed(c, err)
			return
		}
		m, lerr := ui.Meetings.Meeting(ctx, u, id)
		if lerr != nil {
			ui.failed(c, err)
			return
		}
		ui.renderMeeting(c, m, c.Param("action"), problemText(err), statusOf(f))
		return
	}
	c.Redirect(http.StatusSeeOther, "/sammantraden/"+id)
}

// addableCases lists the board's ärenden that may be put on m's agenda:
// ready for decision or bordlagda, and not on it already.
func (ui *UI) addableCases(c *gin.Context, u identity.User, m meeting.Meeting) []cases.Case {
	var out []cases.Case
	for _, st := range []cases.State{cases.StateReady, cases.StateTabled} {
		list, _, err := ui.Cases.List(c.Request.Context(), u, cases.Filter{Board: m.Board, State: st, Page: 1, PerPage: 100})
		if err != nil {
			continue
		}
		for _, cs := range list {
			if !slices.ContainsFunc(m.Agenda, func(it meeting.AgendaItem) bool { return it.CaseID == cs.ID }) {
				out = append(out, cs)
			}
		}
	}
	return out
}

// noticesPerPage is how many notices taken down the anslagstavla shows a
// page.
const noticesPerPage = "20"

// anslagstavlaData is the public anslagstavla: the notices posted today
// (all of them: the law keeps each up for its appeal period) and a page of
// those taken down, newest first, with links to the newer and older pages.
type anslagstavlaData struct {
	Posted, Earlier    []noticeRow
	Page, Pages        int
	Total              int64
	NewerURL, OlderURL string
	Roots              []rootRow
}

// noticeRow is one notice on the anslagstavla with its legal status in
// words.
type noticeRow struct {
	workflow.PublicNotice
	Legal string
}

func noticeRows(ns []workflow.PublicNotice) []noticeRow {
	out := make([]noticeRow, 0, len(ns))
	for _, n := range ns {
		out = append(out, noticeRow{PublicNotice: n, Legal: legalText[n.LegalStatus]})
	}
	return out
}

// anslagstavla is the public digital notice board: no login. Every notice
// whose appeal period has not ended (or not begun) is on it (KL 8:12);
// the ones taken down follow a page at a time (?sida=), so every announced
// protocol stays reachable.
func (ui *UI) anslagstavla(c *gin.Context) {
	ctx := c.Request.Context()
	var d anslagstavlaData
	posted, err := ui.Meetings.PublicNoticeList(ctx, workflow.NoticeQuery{Posted: "true"})
	var earlier workflow.NoticePage
	if err == nil {
		earlier, err = ui.Meetings.PublicNoticeList(ctx, workflow.NoticeQuery{Posted: "false",
			PageQuery: workflow.PageQuery{Page: c.Query("sida"), PerPage: noticesPerPage}})
	}
	if err == nil {
		d.Roots, err = ui.latestRoots(c, 10)
	}
	if err != nil {
		f := fault.From(err)
		if f.Kind == fault.Internal {
			ui.Log.ErrorContext(ctx, "anslagstavla", "err", err.Error())
			c.String(http.StatusInternalServerError, "Internt fel")
			return
		}
		ui.render(c, statusOf(f), "anslagstavla", view{Title: "Digital anslagstavla", Error: problemText(err), Data: d})
		return
	}
	d.Posted, d.Earlier = noticeRows(posted.Notices), noticeRows(earlier.Notices)
	d.Total, d.Page, d.Pages = earlier.Total, earlier.Page, earlier.Pages()
	link := func(p int) string { return "/anslagstavla?sida=" + strconv.Itoa(p) + "#tidigare" }
	if d.Page > 1 {
		d.NewerURL = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.OlderURL = link(d.Page + 1)
	}
	ui.render(c, http.StatusOK, "anslagstavla", view{Title: "Digital anslagstavla", Data: d})
}

// publicProtocol serves the justerat protokoll of a meeting on the
// anslagstavla to anyone (its public part).
func (ui *UI) publicProtocol(c *gin.Context) {
	pdf, err := ui.Meetings.PublicProtocolPDF(c.Request.Context(), c.Param("id"))
	if err != nil {
		if fault.From(err).Kind == fault.Internal {
			ui.Log.ErrorContext(c.Request.Context(), "public protocol", "err", err.Error())
			c.String(http.StatusInternalServerError, "Internt fel")
			return
		}
		c.String(http.StatusNotFound, "Protokollet finns inte på anslagstavlan.")
		return
	}
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// kallelsePDF serves the kallelse to the board's officials and to those
// it was sent to (workflow Meetings.KallelsePDF).
func (ui *UI) kallelsePDF(c *gin.Context) {
	_, pdf, err := ui.Meetings.KallelsePDF(c.Request.Context(), currentUser(c), c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// meetingPDF serves the protocol or an extract.
func (ui *UI) meetingPDF(c *gin.Context, kind string) {
	u := currentUser(c)
	m, err := ui.Meetings.Meeting(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	in, err := ui.Meetings.ProtocolInput(c.Request.Context(), m)
	if err != nil {
		ui.failed(c, err)
		return
	}
	var buf bytes.Buffer
	switch kind {
	case "protokoll":
		err = memopdf.RenderProtocol(&buf, in)
	default:
		no, _ := strconv.Atoi(c.Param("no"))
		err = memopdf.RenderExtract(&buf, memopdf.ExtractInput{ProtocolInput: in, Paragraph: no})
	}
	if err != nil {
		ui.failed(c, fault.New(fault.NotFound, "not_found").WithDetail("%v", err))
		return
	}
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}
