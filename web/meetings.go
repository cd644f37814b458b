package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
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
}

func (ui *UI) meetingPage(c *gin.Context) {
	u := currentUser(c)
	m, err := ui.Meetings.Meeting(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := meetingData{M: m, Recorded: map[int]int{}, MayRun: ui.Cases.May(u, m.Board, "manage_meetings"),
		Legal: legalText[m.LegalStatus(platform.DateOf(ui.Clock.Now()))], Today: platform.DateOf(ui.Clock.Now()).String(), OutcomeText: outcomeText}
	for i, it := range m.Agenda {
		if p, ok := m.Recorded(it); ok {
			d.Recorded[i] = p.No
		}
	}
	d.MaySign, d.Signed = m.SignerRole(u.Username) != "", m.SignedBy(u.Username)
	for _, o := range []meeting.Outcome{meeting.OutcomeApproved, meeting.OutcomeRejected, meeting.OutcomeReferred, meeting.OutcomeTabled} {
		d.Outcomes = append(d.Outcomes, [2]string{string(o), outcomeText[o]})
	}
	if b, err := ui.Boards.GetBoard(c.Request.Context(), m.Board); err == nil {
		for _, mb := range b.Members {
			d.Members = append(d.Members, [2]string{mb.Code, mb.Name})
		}
	}
	ui.render(c, http.StatusOK, "meeting", view{Title: "Sammanträde " + m.Date.String(), User: &u, CSRF: currentSession(c).CSRF, Data: d})
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
		_, err = ui.Meetings.Justera(ctx, u, id)
	case "anslag":
		posted, perr := platform.ParseDate(c.PostForm("posted_on"))
		if perr != nil {
			err = (&fault.Fields{{Field: "/posted_on", Code: "invalid_date"}}).Err(fault.Unprocessable)
			break
		}
		_, err = ui.Meetings.PostNotice(ctx, u, id, v, c.PostForm("member"), posted, c.PostForm("location"))
	default:
		err = fault.New(fault.NotFound, "not_found")
	}
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/sammantraden/"+id)
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
