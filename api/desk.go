package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/meeting"
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
		"pending_reports": pending, "deadlines": deadlines, "horizon_days": workflow.DeskHorizon})
}
