package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// RoleView is a role assignment with display names, for the API and web.
type RoleView struct {
	identity.RoleAssignment
	BoardName string `json:"board_name"`
	RoleName  string `json:"role_name"`
}

type meResponse struct {
	ID       string        `json:"id"`
	Username string        `json:"username"`
	Name     string        `json:"name"`
	Title    string        `json:"title,omitempty"`
	Date     platform.Date `json:"date"`
	Roles    []RoleView    `json:"roles"`
}

func (s *Server) getMe(c *gin.Context) {
	u := user(c)
	today := platform.DateOf(s.clock.Now())
	lang := i18n.Negotiate(c.GetHeader("Accept-Language"))
	c.JSON(http.StatusOK, meResponse{ID: u.ID, Username: u.Username, Name: u.Name, Title: u.Title, Date: today,
		Roles: RoleViews(c.Request.Context(), s.boards, u.RolesOn(today), lang)})
}

// RoleViews adds board and role display names to assignments.
func RoleViews(ctx context.Context, boards BoardLister, as []identity.RoleAssignment, lang string) []RoleView {
	names := map[string]string{identity.AllBoards: map[string]string{"sv": "Alla nämnder", "en": "All boards"}[lang]}
	if bs, err := boards.ListBoards(ctx); err == nil {
		for _, b := range bs {
			names[b.Code] = b.Name
		}
	}
	out := make([]RoleView, 0, len(as))
	for _, a := range as {
		out = append(out, RoleView{RoleAssignment: a, BoardName: names[a.Board], RoleName: i18n.T(lang, "role."+string(a.Role))})
	}
	return out
}
