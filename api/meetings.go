package api

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// meetingView adds to a meeting its legal status on today, the notice
// boards that do not carry the justering yet and its time limits.
type meetingView struct {
	meeting.Meeting
	Version        int64                 `json:"version"`
	LegalStatus    string                `json:"legal_status"`
	PendingNotices []meeting.NoticeBoard `json:"pending_notices"`
	Deadlines      []deadline.Item       `json:"deadlines"`
	// Quorum is whether the board can decide with the attendance as
	// recorded: its ledamöter from the seats in force on the meeting's
	// date, how many must serve and how many do.
	Quorum meeting.QuorumState `json:"quorum"`
}

func (s *Server) meetingView(m meeting.Meeting) meetingView {
	pending := m.PendingNoticeBoards()
	if pending == nil {
		pending = []meeting.NoticeBoard{}
	}
	return meetingView{Meeting: m, Version: m.Version, LegalStatus: m.LegalStatus(platform.DateOf(s.clock.Now())),
		PendingNotices: pending, Deadlines: s.meetings.MeetingDeadlines(m), Quorum: m.QuorumNow()}
}

type planRequest struct {
	StartsAt  time.Time `json:"starts_at"`
	Place     string    `json:"place"`
	Justerare []string  `json:"justerare"`
	// JusteringOn is the day set for the justering (optional).
	JusteringOn platform.Date `json:"justering_on"`
	// StandardItems asks for the standard agenda items (öppnande, val
	// av justerare, godkännande av dagordningen, anmälningar,
	// information), which draw no §.
	StandardItems bool `json:"standard_items"`
}

func (s *Server) planMeeting(c *gin.Context) {
	var req planRequest
	if !s.bind(c, &req) {
		return
	}
	m, err := s.meetings.PlanMeetingWith(c.Request.Context(), user(c), c.Param("board"), workflow.PlanInput{StartsAt: req.StartsAt,
		Place: req.Place, Justerare: req.Justerare, JusteringOn: req.JusteringOn, StandardItems: req.StandardItems})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(m.Version))
	c.JSON(http.StatusCreated, s.meetingView(m))
}

// listMeetings answers one page of the board's meetings, newest first
// (page, per_page), with how many the board has, as the case list does.
func (s *Server) listMeetings(c *gin.Context) {
	list, err := s.meetings.Meetings(c.Request.Context(), user(c), c.Param("board"),
		workflow.PageQuery{Page: c.Query("page"), PerPage: c.Query("per_page")})
	if err != nil {
		s.abort(c, err)
		return
	}
	out := make([]meetingView, 0, len(list.Meetings))
	for _, m := range list.Meetings {
		out = append(out, s.meetingView(m))
	}
	c.JSON(http.StatusOK, gin.H{"items": out, "total": list.Total, "page": list.Page, "per_page": list.PerPage})
}

func (s *Server) getMeeting(c *gin.Context) {
	m, err := s.meetings.Meeting(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(m.Version))
	c.JSON(http.StatusOK, s.meetingView(m))
}

// meetingChange runs a version-guarded change and answers with the meeting.
func (s *Server) meetingChange(c *gin.Context, body any, fn func(v int64) (meeting.Meeting, error)) {
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if body != nil && !s.bind(c, body) {
		return
	}
	m, err := fn(v)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(m.Version))
	c.JSON(http.StatusOK, s.meetingView(m))
}

type attendanceRequest struct {
	Seats []struct {
		Username  string `json:"username"`
		Present   bool   `json:"present"`
		ServesFor string `json:"serves_for"`
	} `json:"seats"`
}

func (s *Server) setAttendance(c *gin.Context) {
	var req attendanceRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		in := make([]meeting.Attendance, 0, len(req.Seats))
		for _, x := range req.Seats {
			in = append(in, meeting.Attendance{Username: x.Username, Present: x.Present, ServesFor: x.ServesFor})
		}
		return s.meetings.SetAttendance(c.Request.Context(), user(c), c.Param("id"), v, in)
	})
}

type justerareRequest struct {
	Justerare   []string      `json:"justerare"`
	JusteringOn platform.Date `json:"justering_on"` // tid för justering (optional)
}

// setJusterare appoints the meeting's justerare among those serving.
func (s *Server) setJusterare(c *gin.Context) {
	var req justerareRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		return s.meetings.AppointJusterare(c.Request.Context(), user(c), c.Param("id"), v, req.Justerare, req.JusteringOn)
	})
}

type statusRequest struct {
	Status meeting.Status `json:"status"`
}

func (s *Server) setMeetingStatus(c *gin.Context) {
	var req statusRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		return s.meetings.SetMeetingStatus(c.Request.Context(), user(c), c.Param("id"), v, req.Status)
	})
}

type moveRequest struct {
	Index     int `json:"index"`
	Direction int `json:"direction"`
}

func (s *Server) moveAgendaItem(c *gin.Context) {
	var req moveRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		return s.meetings.MoveAgendaItem(c.Request.Context(), user(c), c.Param("id"), v, req.Index, req.Direction)
	})
}

type agendaItemRequest struct {
	CaseID string `json:"case_id"`
	// Formal names a standard item to add (oppnande, justerare,
	// dagordning, anmalningar, information) instead of an ärende.
	Formal string `json:"formal"`
}

func (s *Server) addAgendaItem(c *gin.Context) {
	var req agendaItemRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		if req.Formal != "" {
			return s.meetings.AddStandardItem(c.Request.Context(), user(c), c.Param("id"), v, req.Formal)
		}
		return s.meetings.AddAgendaItem(c.Request.Context(), user(c), c.Param("id"), v, req.CaseID)
	})
}

func (s *Server) removeAgendaItem(c *gin.Context) {
	s.meetingChange(c, nil, func(v int64) (meeting.Meeting, error) {
		return s.meetings.RemoveAgendaItem(c.Request.Context(), user(c), c.Param("id"), v, pathInt(c, "index"))
	})
}

type justeringRequest struct {
	JusteredOn platform.Date `json:"justered_on"`
}

func (s *Server) setJusteringDate(c *gin.Context) {
	var req justeringRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		return s.meetings.SetJusteringDate(c.Request.Context(), user(c), c.Param("id"), v, req.JusteredOn)
	})
}

type paragraphRequest struct {
	Item         int             `json:"item"`
	Outcome      meeting.Outcome `json:"outcome"`
	Clauses      []string        `json:"clauses"`
	Proposals    []string        `json:"proposals"`
	Votes        []meeting.Vote  `json:"votes"`
	Reservations []string        `json:"reservations"`
	Jav          []string        `json:"jav"`
	// JavSubstitutes are the ersättare stepping in at this § for members
	// who leave it for jäv.
	JavSubstitutes []meeting.JavSubstitute `json:"jav_substitutes"`
	Secret         bool                    `json:"secret"`
	Immediate      bool                    `json:"immediate"`
}

func (s *Server) recordParagraph(c *gin.Context) {
	var req paragraphRequest
	if !s.bind(c, &req) {
		return
	}
	m, p, err := s.meetings.RecordParagraph(c.Request.Context(), user(c), c.Param("id"), workflow.ParagraphInput(req))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(m.Version))
	c.JSON(http.StatusCreated, p)
}

func (s *Server) justera(c *gin.Context) {
	proof, ok := s.proof(c)
	if !ok {
		return
	}
	m, err := s.meetings.Justera(c.Request.Context(), user(c), c.Param("id"), proof)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, s.meetingView(m))
}

type noticeRequest struct {
	Member   string        `json:"member"`
	PostedOn platform.Date `json:"posted_on"`
	Location string        `json:"location"`
}

func (s *Server) postNotice(c *gin.Context) {
	var req noticeRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		return s.meetings.PostNotice(c.Request.Context(), user(c), c.Param("id"), v, req.Member, req.PostedOn, req.Location)
	})
}

type appealRequest struct {
	ReceivedOn platform.Date `json:"received_on"`
	Court      string        `json:"court"`
	Paragraph  int           `json:"paragraph"`
}

func (s *Server) registerAppeal(c *gin.Context) {
	var req appealRequest
	s.meetingChange(c, &req, func(v int64) (meeting.Meeting, error) {
		return s.meetings.RegisterAppeal(c.Request.Context(), user(c), c.Param("id"), v, req.ReceivedOn, req.Court, req.Paragraph)
	})
}

// publicNotices answers the public anslagstavla (no login): every
// announced protocol a page at a time, newest first, or with posted=true
// every notice posted today (its appeal period not over), or with
// posted=false a page of those taken down.
func (s *Server) publicNotices(c *gin.Context) {
	p, err := s.meetings.PublicNoticeList(c.Request.Context(), workflow.NoticeQuery{Posted: c.Query("posted"),
		PageQuery: workflow.PageQuery{Page: c.Query("page"), PerPage: c.Query("per_page")}})
	if err != nil {
		s.abort(c, err)
		return
	}
	out := gin.H{"items": p.Notices, "total": p.Total}
	if p.PerPage > 0 {
		out["page"], out["per_page"] = p.Page, p.PerPage
	}
	c.JSON(http.StatusOK, out)
}

// meetingPDF renders one of a meeting's documents.
func (s *Server) meetingPDF(c *gin.Context, render func(memopdf.ProtocolInput, *bytes.Buffer) error, name string) {
	m, err := s.meetings.Meeting(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	in, err := s.meetings.ProtocolInput(c.Request.Context(), m)
	if err != nil {
		s.abort(c, err)
		return
	}
	var buf bytes.Buffer
	if err := render(in, &buf); err != nil {
		if errors.Is(err, memopdf.ErrNoParagraph) {
			s.abort(c, errRouteNotFound.WithDetail("no such paragraph"))
			return
		}
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="`+name+`-`+m.Board+`-`+m.Date.String()+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

func (s *Server) protocolPDF(c *gin.Context) {
	s.meetingPDF(c, func(in memopdf.ProtocolInput, w *bytes.Buffer) error { return memopdf.RenderProtocol(w, in) }, "protokoll")
}

// kallelsePDF serves the kallelse to the board's officials and to those
// it was sent to (workflow Meetings.KallelsePDF).
func (s *Server) kallelsePDF(c *gin.Context) {
	m, pdf, err := s.meetings.KallelsePDF(c.Request.Context(), user(c), c.Param("id"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="kallelse-`+m.Board+`-`+m.Date.String()+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// sendKallelse sends the kallelse to the seat holders (If-Match: the
// meeting's version).
func (s *Server) sendKallelse(c *gin.Context) {
	s.meetingChange(c, nil, func(v int64) (meeting.Meeting, error) {
		return s.meetings.SendKallelse(c.Request.Context(), user(c), c.Param("id"), v)
	})
}

func (s *Server) extractPDF(c *gin.Context) {
	no := pathInt(c, "no")
	s.meetingPDF(c, func(in memopdf.ProtocolInput, w *bytes.Buffer) error {
		return memopdf.RenderExtract(w, memopdf.ExtractInput{ProtocolInput: in, Paragraph: no})
	}, "protokollsutdrag-"+strconv.Itoa(no))
}
