package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// myDeadlines is the Mina tidsfrister page: the time limits the person
// must still meet (justering, anslag, anmälan, appeal periods), soonest
// first, each with its status.
func (ui *UI) myDeadlines(c *gin.Context) {
	u := currentUser(c)
	list, err := ui.Meetings.PersonDeadlines(c.Request.Context(), u)
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.render(c, http.StatusOK, "deadlines", view{Title: "Mina tidsfrister", User: &u, CSRF: currentSession(c).CSRF, Data: list})
}
