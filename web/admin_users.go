package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

// userRow is one person of the people list.
type userRow struct {
	Username, Name, Title, Email string
	Roles, SSORoles              string
	Disabled, HasPassword, SSO   bool
}

type userForm struct{ Username, Name, Title, Email string }

type adminUsersData struct {
	Users []userRow
	Form  userForm
	Flash string
	// Q is the search text; Total the people matching it (every person
	// without one); Page of Pages the page shown, PrevURL and NextURL
	// the neighbouring pages ("" at either end).
	Q                string
	Total            int64
	Page, Pages      int
	PrevURL, NextURL string
}

// peoplePerPage is how many people the people list shows a page.
const peoplePerPage = "50"

// roleSummary lists the assignments valid today as "Roll (NÄMND)".
func roleSummary(as []identity.RoleAssignment, today platform.Date) string {
	var out []string
	for _, a := range as {
		if a.ValidOn(today) {
			out = append(out, t("role."+string(a.Role))+" ("+boardLabel(a.Board)+")")
		}
	}
	return strings.Join(out, ", ")
}

func boardLabel(code string) string {
	if code == identity.AllBoards {
		return "alla nämnder"
	}
	return code
}

func (ui *UI) adminUsers(c *gin.Context) {
	ui.renderAdminUsers(c, http.StatusOK, userForm{}, "")
}

func (ui *UI) renderAdminUsers(c *gin.Context, status int, form userForm, errText string) {
	ctx := c.Request.Context()
	u := currentUser(c)
	if _, err := ui.Admin.Overview(ctx, u); err != nil { // the page is the administrator's
		ui.failed(c, err)
		return
	}
	q := strings.TrimSpace(c.Query("q"))
	list, err := ui.Admin.People(ctx, u, admin.PeopleQuery{Text: q, Page: c.Query("sida"), PerPage: peoplePerPage})
	if err != nil {
		ui.failed(c, err)
		return
	}
	today := platform.DateOf(ui.Clock.Now())
	d := adminUsersData{Form: form, Flash: adminFlashes[c.Query("meddelande")], Q: q, Total: list.Total, Page: list.Page, Pages: list.Pages()}
	link := func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if p > 1 {
			v.Set("sida", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return "/admin/personer"
		}
		return "/admin/personer?" + v.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextURL = link(d.Page + 1)
	}
	for _, x := range list.People {
		d.Users = append(d.Users, userRow{Username: x.Username, Name: x.Name, Title: x.Title, Email: x.Email,
			Roles: roleSummary(x.LocalRoles(), today), SSORoles: roleSummary(x.SSORoles(), today),
			Disabled: x.Disabled, HasPassword: x.HasPassword(), SSO: x.External != nil})
	}
	ui.adminView(c, status, "admin_users", "Personer och konton", d, errText)
}

func (ui *UI) adminUserCreate(c *gin.Context) {
	f := userForm{Username: c.PostForm("username"), Name: c.PostForm("name"), Title: c.PostForm("title"), Email: c.PostForm("email")}
	_, err := ui.Admin.CreateUser(c.Request.Context(), currentUser(c), admin.UserInput{Username: f.Username, Name: f.Name, Title: f.Title,
		Email: f.Email, Password: c.PostForm("password")})
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminUsers(c, statusOf(faultOf(err)), f, msg) })
		return
	}
	redirect(c, "/admin/personer/"+strings.ToLower(strings.TrimSpace(f.Username)), "person")
}

// personRoleRow is one role assignment of a person's page.
type personRoleRow struct {
	ID, Board, BoardName, Role, RoleName, ValidFrom, ValidTo string
	Current, Ended                                           bool
}

type adminUserData struct {
	Person   identity.User
	Roles    []personRoleRow
	SSORoles []personRoleRow
	RoleOpts []option
	Boards   []option
	Records  []recordRow
	Today    string
	Flash    string
}

func (ui *UI) adminUser(c *gin.Context) {
	ui.renderAdminUser(c, http.StatusOK, "")
}

func (ui *UI) renderAdminUser(c *gin.Context, status int, errText string) {
	ctx := c.Request.Context()
	u := currentUser(c)
	ov, err := ui.Admin.Overview(ctx, u)
	if err != nil {
		ui.failed(c, err)
		return
	}
	p, err := ui.Admin.User(ctx, u, c.Param("username"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	today := platform.DateOf(ui.Clock.Now())
	names := map[string]string{identity.AllBoards: "Alla nämnder"}
	d := adminUserData{Person: p, RoleOpts: roleOptions(), Today: today.String(), Flash: adminFlashes[c.Query("meddelande")],
		Boards: []option{{identity.AllBoards, "Alla nämnder (administratör, revisor)"}}}
	for _, b := range ov.Boards {
		names[b.Code] = b.Name
		d.Boards = append(d.Boards, option{b.Code, b.Name + " (" + b.Code + ")"})
	}
	row := func(a identity.RoleAssignment) personRoleRow {
		return personRoleRow{ID: a.ID, Board: a.Board, BoardName: names[a.Board], Role: string(a.Role), RoleName: t("role." + string(a.Role)),
			ValidFrom: a.ValidFrom.String(), ValidTo: a.ValidTo.String(), Current: a.ValidOn(today),
			Ended: !a.ValidTo.IsZero() && a.ValidTo.Before(today)}
	}
	for _, a := range p.LocalRoles() {
		d.Roles = append(d.Roles, row(a))
	}
	for _, a := range p.SSORoles() {
		d.SSORoles = append(d.SSORoles, row(a))
	}
	d.Records = ui.recordRows(c.Request.Context(), "Person "+p.Username, p.Log)
	slices.Reverse(d.Records)
	ui.adminView(c, status, "admin_user", p.Name, d, errText)
}

func (ui *UI) adminUserUpdate(c *gin.Context) {
	name, title, email := c.PostForm("name"), c.PostForm("title"), c.PostForm("email")
	p := identity.AccountPatch{Name: &name, Title: &title, Email: &email}
	if v := c.PostForm("disabled"); v != "" {
		dis := v == "ja"
		p.Disabled = &dis
	}
	if _, err := ui.Admin.UpdateUser(c.Request.Context(), currentUser(c), c.Param("username"), 0, p); err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminUser(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin/personer/"+c.Param("username"), "person")
}

func (ui *UI) adminUserPassword(c *gin.Context) {
	if _, err := ui.Admin.ResetPassword(c.Request.Context(), currentUser(c), c.Param("username"), c.PostForm("password")); err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminUser(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin/personer/"+c.Param("username"), "losenord")
}

func (ui *UI) adminRoleGrant(c *gin.Context) {
	var fs fault.Fields
	a := identity.RoleAssignment{Board: c.PostForm("board"), Role: identity.Role(c.PostForm("role")),
		ValidFrom: formDate(c, "valid_from", &fs), ValidTo: formDate(c, "valid_to", &fs)}
	err := fs.Err(fault.Unprocessable)
	if err == nil {
		_, _, err = ui.Admin.GrantRole(c.Request.Context(), currentUser(c), c.Param("username"), a)
	}
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminUser(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin/personer/"+c.Param("username"), "roll")
}

func (ui *UI) adminRoleEnd(c *gin.Context) {
	var fs fault.Fields
	to := formDate(c, "valid_to", &fs)
	err := fs.Err(fault.Unprocessable)
	if err == nil {
		_, _, err = ui.Admin.EndRole(c.Request.Context(), currentUser(c), c.Param("username"), c.Param("role"), to)
	}
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminUser(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin/personer/"+c.Param("username"), "roll")
}
