package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// javDeclRow is one jäv declaration on the case page.
type javDeclRow struct {
	Person, Name, Ground, DeclaredBy, At string
	Active, MayWithdraw                  bool
	WithdrawnBy, WithdrawnAt, WithdrawOf string
}

// javSection fills the case page's jäv part: the declarations, whether u
// may withdraw each, and whom u may declare jävig now.
func (ui *UI) javSection(c *gin.Context, u identity.User, cs cases.Case, d *caseData) {
	for _, j := range cs.JavDeclarations {
		row := javDeclRow{Person: j.Person, Name: ui.personName(c.Request.Context(), j.Person), Ground: j.Ground,
			DeclaredBy: ui.personName(c.Request.Context(), j.DeclaredBy),
			At:         platform.LocalTime(j.At), Active: j.Active()}
		if j.Active() {
			row.MayWithdraw = ui.Cases.MayWithdrawJav(u, cs, j.Person)
		} else {
			row.WithdrawnBy, row.WithdrawOf = ui.personName(c.Request.Context(), j.WithdrawnBy), j.WithdrawReason
			row.WithdrawnAt = platform.LocalTime(*j.WithdrawnAt)
		}
		d.Jav = append(d.Jav, row)
	}
	people, err := ui.Cases.JavChoices(c.Request.Context(), u, cs)
	if err != nil {
		ui.Log.WarnContext(c.Request.Context(), "jäv choices", "err", err.Error())
		return
	}
	for _, p := range people {
		name := p.Name
		if p.Title != "" {
			name += " (" + p.Title + ")"
		}
		d.JavChoices = append(d.JavChoices, [2]string{p.Username, name})
	}
}

// javDeclare records a jäv declaration from the case page.
func (ui *UI) javDeclare(c *gin.Context) {
	ui.javChange(c, "jav", func(version int64) (cases.Case, error) {
		return ui.Cases.DeclareJav(c.Request.Context(), currentUser(c), c.Param("id"), version, c.PostForm("person"), c.PostForm("ground"))
	})
}

// javWithdraw withdraws a jäv declaration from the case page.
func (ui *UI) javWithdraw(c *gin.Context) {
	ui.javChange(c, "jav_aterkallat", func(version int64) (cases.Case, error) {
		return ui.Cases.WithdrawJav(c.Request.Context(), currentUser(c), c.Param("id"), version, c.PostForm("person"), c.PostForm("reason"))
	})
}

func (ui *UI) javChange(c *gin.Context, flash string, change func(version int64) (cases.Case, error)) {
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	cs, err := change(version)
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/arenden/"+cs.ID+"?meddelande="+flash+"#jav")
}
