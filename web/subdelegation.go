package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// subRow is one vidaredelegering on the delegationsordning page.
type subRow struct {
	Point, Matter, To, Period, Limit, GivenBy string
}

// subForm is the vidaredelegering form: the choices the use case offers
// (SubDelegationChoices), the values last posted and a refusal.
type subForm struct {
	Points, People                         [][2]string
	Point, User, ValidFrom, ValidTo, Limit string
	Error                                  string
}

// subSection fills the page's vidaredelegering part.
func (ui *UI) subSection(c *gin.Context, u identity.User, board string, d *orderPageData, posted *subForm) {
	ctx := c.Request.Context()
	list, err := ui.Decisions.SubDelegations(ctx, u, board)
	if err != nil {
		ui.Log.WarnContext(ctx, "vidaredelegeringar", "err", err.Error())
		return
	}
	name := func(username string) string { return ui.personName(ctx, username) }
	for _, sd := range list {
		period := "från " + sd.ValidFrom.String()
		if !sd.ValidTo.IsZero() {
			period += " till och med " + sd.ValidTo.String()
		}
		d.Subs = append(d.Subs, subRow{Point: sd.PointCode, To: name(sd.ToUser), Period: period,
			Limit: cmpText(delegation.FormatLimit(sd.Limit), "Punktens"), GivenBy: name(sd.GivenBy)})
	}
	points, people, err := ui.Decisions.SubDelegationChoices(ctx, u, board)
	if err != nil || len(points) == 0 || len(people) == 0 {
		if posted != nil {
			d.SubRefusal = posted.Error // the form is not shown, its refusal is
		}
		return
	}
	f := subForm{ValidFrom: platform.DateOf(ui.Clock.Now()).String()}
	if posted != nil {
		f = *posted
	}
	for _, p := range points {
		f.Points = append(f.Points, [2]string{p.Code, p.Code + " " + p.Matter})
	}
	for _, p := range people {
		f.People = append(f.People, [2]string{p.Username, p.Name})
	}
	d.SubForm = &f
}

// subDelegate passes a point on to an official (KL 7:6); a refusal shows
// the form again with the reason.
func (ui *UI) subDelegate(c *gin.Context) {
	u := currentUser(c)
	board := ui.postedBoard(c)
	f := subForm{Point: c.PostForm("point_code"), User: c.PostForm("user"), ValidFrom: c.PostForm("valid_from"),
		ValidTo: c.PostForm("valid_to"), Limit: c.PostForm("limit")}
	var fs fault.Fields
	from, err := platform.ParseDate(f.ValidFrom)
	if err != nil {
		fs.Add("/valid_from", "invalid_date")
	}
	var to platform.Date
	if f.ValidTo != "" {
		if to, err = platform.ParseDate(f.ValidTo); err != nil {
			fs.Add("/valid_to", "invalid_date")
		}
	}
	limit, lerr := delegation.ParseLimit(f.Limit)
	if lerr != nil {
		fs = append(fs, fault.From(lerr).Fields...)
		if len(fault.From(lerr).Fields) == 0 {
			fs.Add("/limit", fault.From(lerr).Code)
		}
	}
	if len(fs) > 0 {
		err = fs.Err(fault.Unprocessable)
	} else {
		_, err = ui.Decisions.SubDelegate(c.Request.Context(), u, board, workflow.SubDelegationInput{PointCode: f.Point,
			ToUser: f.User, ValidFrom: from, ValidTo: to, Limit: limit})
	}
	if err != nil {
		fe := faultOf(err)
		if fe.Kind == fault.Internal || fe.Kind == fault.NotFound {
			ui.failed(c, err)
			return
		}
		f.Error = problemText(err)
		ui.renderOrderPageWith(c, statusOf(fe), func(d *orderPageData) { ui.subSection(c, u, board, d, &f) })
		return
	}
	c.Redirect(http.StatusSeeOther, "/delegationsordning?namnd="+board+"&meddelande=vidaredelegerad#vidaredelegering")
}
