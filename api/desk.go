package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// deskItem is one decision on the desk: to sign, or to report.
type deskItem struct {
	DecisionID         string `json:"decision_id"`
	CaseID             string `json:"case_id"`
	RegistrationNumber string `json:"registration_number"`
	Title              string `json:"title"`
	DecidedOn          string `json:"decided_on"`
}

// deskSubmitted is one case submitted to the caller: to decide, or (as
// sekreterare) to put on a meeting's agenda.
type deskSubmitted struct {
	CaseID             string `json:"case_id"`
	RegistrationNumber string `json:"registration_number"`
	Title              string `json:"title"`
	SubmittedOn        string `json:"submitted_on"`
	SubmittedBy        string `json:"submitted_by"`
	Role               string `json:"role"`
}

// deskMeeting is one meeting on the desk: to justera, or to announce.
type deskMeeting struct {
	ID    string `json:"id"`
	Board string `json:"board"`
	Date  string `json:"date"`
}

// deskKallelse is a meeting the caller is called to: when and where, the
// nämnd's full name, the kallelse and the handlingar sent with it.
type deskKallelse struct {
	MeetingID   string         `json:"meeting_id"`
	Board       string         `json:"board"`
	BoardName   string         `json:"board_name"`
	Date        string         `json:"date"`
	StartsAt    string         `json:"starts_at"`
	Place       string         `json:"place"`
	SentAt      string         `json:"sent_at"`
	KallelsePDF string         `json:"kallelse_pdf"`
	Handlingar  []deskHandling `json:"handlingar"`
}

// deskHandling is one handling sent with a kallelse and where to read it.
type deskHandling struct {
	CaseID             string `json:"case_id"`
	RegistrationNumber string `json:"registration_number"`
	CaseTitle          string `json:"case_title"`
	Kind               string `json:"kind"`
	No                 int    `json:"no"`
	Title              string `json:"title"`
	Href               string `json:"href"`
}

// deskKallelser lists the meetings d calls the caller to.
func deskKallelser(d workflow.Desk) []deskKallelse {
	out := make([]deskKallelse, 0, len(d.Kallelser))
	for _, k := range d.Kallelser {
		x := deskKallelse{MeetingID: k.Meeting.ID, Board: k.Meeting.Board, BoardName: k.BoardName, Date: k.Meeting.Date.String(),
			StartsAt: k.Meeting.StartsAt.In(platform.Stockholm).Format(time.RFC3339), Place: k.Meeting.Place,
			SentAt: k.Kallelse.SentAt.In(platform.Stockholm).Format(time.RFC3339), KallelsePDF: "/api/v1/meetings/" + k.Meeting.ID + "/kallelse.pdf",
			Handlingar: []deskHandling{}}
		for _, h := range k.Handlingar {
			href := "/api/v1/cases/" + h.CaseID + "/documents/" + strconv.Itoa(h.Handling.No) + "/content"
			if h.Handling.Kind == meeting.HandlingMemo {
				href = "/api/v1/cases/" + h.CaseID + "/memo/pdf?revision=" + strconv.Itoa(h.Handling.No)
			}
			x.Handlingar = append(x.Handlingar, deskHandling{CaseID: h.CaseID, RegistrationNumber: h.RegistrationNumber, CaseTitle: h.CaseTitle, Kind: h.Handling.Kind,
				No: h.Handling.No, Title: h.Handling.Title, Href: href})
		}
		out = append(out, x)
	}
	return out
}

// getDesk answers the caller's "Att göra" (workflow Cases.Desk).
func (s *Server) getDesk(c *gin.Context) {
	u := user(c)
	d, err := s.cases.Desk(c.Request.Context(), u)
	if err != nil {
		s.abort(c, err)
		return
	}
	cs := make([]caseView, 0, len(d.Cases))
	for _, x := range d.Cases {
		cs = append(cs, s.view(u, x))
	}
	toSign := make([]deskItem, 0, len(d.ToSign))
	for _, x := range d.ToSign {
		toSign = append(toSign, deskItem{x.Decision.ID, x.Case.ID, x.Case.RegistrationNumber, x.Case.Title, x.Decision.DecidedOn.String()})
	}
	pending := make([]deskItem, 0, len(d.Pending))
	for _, x := range d.Pending {
		pending = append(pending, deskItem{x.Decision.ID, x.Case.ID, x.Case.RegistrationNumber, x.Case.Title, x.Decision.DecidedOn.String()})
	}
	submitted := func(xs []workflow.Submitted) []deskSubmitted {
		out := make([]deskSubmitted, 0, len(xs))
		for _, x := range xs {
			out = append(out, deskSubmitted{x.Case.ID, x.Case.RegistrationNumber, x.Case.Title, x.Submission.On.String(), x.Submission.By, x.Submission.Role})
		}
		return out
	}
	meetings := func(ms []meeting.Meeting) []deskMeeting {
		out := make([]deskMeeting, 0, len(ms))
		for _, m := range ms {
			out = append(out, deskMeeting{m.ID, m.Board, m.Date.String()})
		}
		return out
	}
	deadlines := d.Deadlines
	if deadlines == nil {
		deadlines = []workflow.Deadline{}
	}
	c.JSON(http.StatusOK, gin.H{"cases": cs, "to_decide": submitted(d.ToDecide), "to_agenda": submitted(d.ToAgenda), "to_sign": toSign, "to_justera": meetings(d.ToJustera), "to_post": meetings(d.ToPost),
		"pending_reports": pending, "deadlines": deadlines, "kallelser": deskKallelser(d), "horizon_days": workflow.DeskHorizon})
}
