package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/workflow"
)

// roleRow is one line of the start page's role table.
type roleRow struct {
	Board, BoardName, Role, RoleName, ValidFrom, ValidTo string
}

type homeData struct {
	Today string
	Roles []roleRow
	// Warnings are the reference data missing or due, shown to those who
	// act on them: secretaries and administrators (referenceWarnings).
	Warnings []refdata.Warning
	// Requests are the open requests for allmän handling the user is to
	// answer, overdue first (Att göra; workflow.Disclosures.MyOpenRequests).
	Requests []requestRow
	// Desk is the person's "Att göra" (workflow Cases.Desk).
	Desk deskView
}

// deskLink is one line of the "Att göra" lists: a text and where it leads.
type deskLink struct {
	Href, Text, Date string
}

// deskView is the "Att göra" as the start page shows it.
type deskView struct {
	Cases, ToDecide, ToAgenda, ToSign, ToJustera, ToPost, Pending, Deadlines []deskLink
	Horizon                                                                  int
	// Kallelser are the meetings the person is called to.
	Kallelser []deskKallelse
}

// deskKallelse is a meeting the person is called to: when, where, the
// nämnd's full name, the kallelse and the handlingar sent with it.
type deskKallelse struct {
	MeetingID, BoardName, When, Place, Sent, KallelseHref string
	Handlingar                                            []deskLink
}

// empty reports whether nothing waits.
func (d deskView) Empty() bool {
	return len(d.Cases)+len(d.ToDecide)+len(d.ToAgenda)+len(d.ToSign)+len(d.ToJustera)+len(d.ToPost)+len(d.Pending)+len(d.Deadlines)+len(d.Kallelser) == 0
}

// desk renders u's "Att göra" as links.
func (ui *UI) desk(c *gin.Context, u identity.User) (deskView, error) {
	d, err := ui.Cases.Desk(c.Request.Context(), u)
	if err != nil {
		return deskView{}, err
	}
	v := deskView{Horizon: workflow.DeskHorizon}
	for _, x := range d.Cases {
		v.Cases = append(v.Cases, deskLink{Href: "/arenden/" + x.ID, Text: x.RegistrationNumber + " " + x.Title + " (" + t("state."+string(x.State)) + ")"})
	}
	submitted := func(xs []workflow.Submitted) []deskLink {
		var out []deskLink
		for _, x := range xs {
			out = append(out, deskLink{Href: "/arenden/" + x.Case.ID, Text: x.Case.RegistrationNumber + " " + x.Case.Title,
				Date: "skickat " + x.Submission.On.String()})
		}
		return out
	}
	v.ToDecide, v.ToAgenda = submitted(d.ToDecide), submitted(d.ToAgenda)
	for _, x := range d.ToSign {
		v.ToSign = append(v.ToSign, deskLink{Href: "/beslut/" + x.Decision.ID, Text: x.Case.RegistrationNumber + " " + x.Case.Title, Date: x.Decision.DecidedOn.String()})
	}
	for _, m := range d.ToJustera {
		v.ToJustera = append(v.ToJustera, deskLink{Href: "/sammantraden/" + m.ID, Text: "Protokollet från sammanträdet " + m.Date.String(), Date: m.Date.String()})
	}
	for _, m := range d.ToPost {
		v.ToPost = append(v.ToPost, deskLink{Href: "/sammantraden/" + m.ID, Text: "Protokollet från sammanträdet " + m.Date.String() + ", justerat " + m.JusteredOn.String(), Date: m.JusteredOn.String()})
	}
	for _, p := range d.Pending {
		v.Pending = append(v.Pending, deskLink{Href: "/anmalningar", Text: p.Case.RegistrationNumber + " " + p.Case.Title, Date: p.Decision.DecidedOn.String()})
	}
	for _, k := range d.Kallelser {
		x := deskKallelse{MeetingID: k.Meeting.ID, BoardName: k.BoardName, When: platform.LocalTime(k.Meeting.StartsAt), Place: k.Meeting.Place,
			Sent: platform.LocalTime(k.Kallelse.SentAt), KallelseHref: "/sammantraden/" + k.Meeting.ID + "/kallelse.pdf"}
		for _, h := range k.Handlingar {
			href := "/arenden/" + h.CaseID + "/handlingar/" + strconv.Itoa(h.Handling.No)
			if h.Handling.Kind == meeting.HandlingMemo {
				href = "/arenden/" + h.CaseID + "/tjansteskrivelse.pdf?version=" + strconv.Itoa(h.Handling.No)
			}
			x.Handlingar = append(x.Handlingar, deskLink{Href: href, Text: h.RegistrationNumber + " " + h.CaseTitle + ": " + h.Handling.Title})
		}
		v.Kallelser = append(v.Kallelser, x)
	}
	for _, dl := range d.Deadlines {
		v.Deadlines = append(v.Deadlines, deskLink{Href: "/sammantraden/" + dl.MeetingID, Text: dl.What, Date: dl.Date.String()})
	}
	return v, nil
}

func (ui *UI) home(c *gin.Context) {
	u := currentUser(c)
	today := platform.DateOf(ui.Clock.Now())
	names := map[string]string{"*": "Alla nämnder"}
	if bs, err := ui.Boards.ListBoards(c.Request.Context()); err == nil {
		for _, b := range bs {
			names[b.Code] = b.Name
		}
	}
	var rows []roleRow
	for _, a := range u.RolesOn(today) {
		to := a.ValidTo.String()
		if to == "" {
			to = "tills vidare"
		}
		rows = append(rows, roleRow{Board: a.Board, BoardName: names[a.Board], Role: string(a.Role),
			RoleName: i18n.T(i18n.Swedish, "role."+string(a.Role)), ValidFrom: a.ValidFrom.String(), ValidTo: to})
	}
	slices.SortStableFunc(rows, func(a, b roleRow) int {
		if a.Board != b.Board {
			if a.Board < b.Board {
				return -1
			}
			return 1
		}
		return 0
	})
	var requests []requestRow
	if open, err := ui.Disclosures.MyOpenRequests(c.Request.Context(), u); err == nil {
		for _, o := range open {
			requests = append(requests, rowOf(o))
		}
	} else {
		ui.Log.ErrorContext(c.Request.Context(), "open requests", "err", err.Error())
	}
	desk, err := ui.desk(c, u)
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.render(c, http.StatusOK, "home", view{Title: "Att göra", User: &u, CSRF: currentSession(c).CSRF,
		Data: homeData{Today: today.String(), Roles: rows, Warnings: ui.referenceWarnings(c, u), Requests: requests, Desk: desk}})
}
