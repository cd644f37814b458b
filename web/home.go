package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
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
	ui.render(c, http.StatusOK, "home", view{Title: "Start", User: &u, CSRF: currentSession(c).CSRF,
		Data: homeData{Today: today.String(), Roles: rows, Warnings: ui.referenceWarnings(c, u)}})
}
