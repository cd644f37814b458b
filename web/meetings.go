package web

import (
	"bytes"
	"net/http"
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
	Members  []meeting.Seat
	MayPlan  bool
}

func (ui *UI) meetingsPage(c *gin.Context) {
	u := currentUser(c)
	board, _ := ui.userBoard(c)
	d := meetingsData{Board: board, MayPlan: board != "" && ui.Cases.May(u, board, "manage_meetings")}
	if board != "" {
		ms, err := ui.Meetings.Meetings(c.Request.Context(), u, board)
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.Meetings = ms
	}
	ui.render(c, http.StatusOK, "meetings", view{Title: "Sammanträden", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

func (ui *UI) meetingPlan(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	starts, err := time.ParseInLocation("2006-01-02T15:04", c.PostForm("starts_at"), platform.Stockholm)
	if err != nil {
		ui.failed(c, (&fault.Fields{{Field: "/starts_at", Code: "invalid_date"}}).Err(fault.Unprocessable))
		return
	}
	var justerare []string
	if j := strings.TrimSpace(c.PostForm("justerare")); j != "" {
		justerare = []string{j}
	}
	m, err := ui.Meetings.PlanMeeting(c.Request.Context(), u, board, starts, c.PostForm("place"), justerare)
	if err != nil {
		ui.failed(c, err)
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
	u := currentUser(c)
	d := meetingData{FormError: map[string]string{action: msg}, M: m, Recorded: map[int]int{}, MayRun: ui.Cases.May(u, m.Board, "manage_meetings"),
		Legal: legalText[m.LegalStatus(platform.DateOf(ui.Clock.Now()))], Today: platform.DateOf(ui.Clock.Now()).String(), OutcomeText: outcomeText}
	for i, it := range m.Agenda {
		if p, ok := m.Recorded(it); ok {
			d.Recorded[i] = p.No
		}
	}
	d.MaySign, d.Signed = m.SignerRole(u.Username) != "", m.SignedBy(u.Username)
	d.Flash = flashes[c.Query("meddelande")]
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
		i, _ := strconv.Atoi(c.PostForm("item"))
		_, _, err = ui.Meetings.RecordParagraph(ctx, u, id, workflow.ParagraphInput{Item: i, Outcome: meeting.Outcome(c.PostForm("outcome")),
			Clauses: lines(c.PostForm("clauses")), Secret: c.PostForm("secret") == "on"})
	case "justera":
		act := stepUpAct{Kind: stepUpJustering, ID: id, Version: v}
		if ui.startStepUp(c, act, ui.stepUpRefused(c, act)) {
			return
		}
		_, err = ui.Meetings.Justera(ctx, u, id, identity.Proof{Password: c.PostForm("password"), ClientIP: c.ClientIP()})
	case "justerare":
		_, err = ui.Meetings.SetJusterare(ctx, u, id, v, c.PostFormArray("justerare"))
	case "justeringsdag":
		on, perr := platform.ParseDate(c.PostForm("justered_on"))
		if perr != nil {
			err = (&fault.Fields{{Field: "/justered_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
			break
		}
		_, err = ui.Meetings.SetJusteringDate(ctx, u, id, v, on)
	case "punkt":
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

// anslagstavla is the public digital notice board: no login.
func (ui *UI) anslagstavla(c *gin.Context) {
	notices, err := ui.Meetings.PublicNoticeList(c.Request.Context())
	var roots []rootRow
	if err == nil {
		roots, err = ui.latestRoots(c, 10)
	}
	if err != nil {
		ui.Log.ErrorContext(c.Request.Context(), "anslagstavla", "err", err.Error())
		c.String(http.StatusInternalServerError, "Internt fel")
		return
	}
	ui.render(c, http.StatusOK, "anslagstavla", view{Title: "Digital anslagstavla", Data: map[string]any{"Notices": notices,
		"Legal": legalText, "OutcomeText": outcomeText, "Roots": roots}})
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

// meetingPDF serves the kallelse, the protocol or an extract.
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
	case "kallelse":
		err = memopdf.RenderKallelse(&buf, in)
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
