package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
)

// adminPageNames are the administration's views (parsed with the others).
var adminPageNames = []string{"admin", "admin_boards", "admin_board", "admin_users", "admin_user", "admin_import",
	"admin_reference", "admin_records", "holders", "password"}

// pageFiles are the template files of a page: the layout, the
// Administration's shared parts for its pages, and the page.
func pageFiles(name string) []string {
	files := []string{"templates/layout.html"}
	if slices.Contains(adminPageNames, name) {
		files = append(files, "templates/admin_parts.html")
	}
	if name == "case" || name == "decision" {
		files = append(files, "templates/legal_parts.html")
	}
	return append(files, "templates/"+name+".html")
}

// registerAdmin mounts the Administration pages (every rule and who may is
// decided by internal/admin), the revisor's "who held it" page and the
// own password change.
func (ui *UI) registerAdmin(authed *gin.RouterGroup) {
	authed.GET("/admin", ui.adminHome)
	authed.POST("/admin/organisation", ui.adminOrg)
	authed.GET("/admin/namnder", ui.adminBoards)
	authed.POST("/admin/namnder", ui.adminBoardCreate)
	authed.GET("/admin/namnder/:code", ui.adminBoard)
	authed.POST("/admin/namnder/:code", ui.adminBoardUpdate)
	authed.POST("/admin/namnder/:code/mandat", ui.adminSeatAdd)
	authed.POST("/admin/namnder/:code/mandat/:seat/avsluta", ui.adminSeatEnd)
	authed.GET("/admin/personer", ui.adminUsers)
	authed.POST("/admin/personer", ui.adminUserCreate)
	authed.GET("/admin/personer/:username", ui.adminUser)
	authed.POST("/admin/personer/:username", ui.adminUserUpdate)
	authed.POST("/admin/personer/:username/losenord", ui.adminUserPassword)
	authed.POST("/admin/personer/:username/roller", ui.adminRoleGrant)
	authed.POST("/admin/personer/:username/roller/:role/avsluta", ui.adminRoleEnd)
	authed.GET("/admin/import", ui.adminImportPage)
	authed.POST("/admin/import", ui.adminImport)
	authed.GET("/admin/referens", ui.adminReference)
	authed.POST("/admin/referens/prisbasbelopp", ui.adminPBB)
	authed.POST("/admin/referens/klasser", ui.adminClass)
	authed.GET("/admin/logg", ui.adminRecords)
	authed.GET("/revision/innehavare", ui.holdersPage)
	authed.GET("/konto/losenord", ui.passwordPage)
	authed.POST("/konto/losenord", ui.passwordChange)
}

// adminFlashes are the messages a redirect may ask an admin page to show.
var adminFlashes = map[string]string{
	"organisation": "Organisationen är sparad.",
	"namnd":        "Nämnden är sparad.",
	"mandat":       "Mandatet är sparat.",
	"person":       "Personen är sparad.",
	"losenord":     "Lösenordet är satt.",
	"roll":         "Rollen är sparad.",
	"import":       "Filen är inläst.",
	"referens":     "Referensdata är sparade.",
	"eget":         "Ditt lösenord är bytt.",
}

// kindNames are the board kinds in Swedish.
var kindNames = map[board.Kind]string{board.KindBoard: "Nämnd", board.KindStyrelse: "Styrelse", board.KindUtskott: "Utskott",
	board.KindJointBoard: "Gemensam nämnd", board.KindBeredning: "Beredning"}

// grantableRoles are the roles the Administration pages offer (ledamöter
// and ersättare are seats, recorded under Mandat).
var grantableRoles = []identity.Role{identity.RoleHandlaggare, identity.RoleForvaltningschef, identity.RoleSekreterare,
	identity.RoleRegistrator, identity.RoleOrdforande, identity.RoleViceOrdforande, identity.RoleRevisor, identity.RoleAdmin}

// option is a value and its label for a select.
type option struct{ Value, Label string }

func roleOptions() []option {
	out := make([]option, 0, len(grantableRoles))
	for _, r := range grantableRoles {
		out = append(out, option{string(r), t("role." + string(r))})
	}
	return out
}

func kindOptions() []option {
	out := make([]option, 0, len(board.Kinds))
	for _, k := range board.Kinds {
		out = append(out, option{string(k), kindNames[k]})
	}
	return out
}

// adminView renders an Administration page.
func (ui *UI) adminView(c *gin.Context, status int, page, title string, data any, errText string) {
	u := currentUser(c)
	ui.render(c, status, page, view{Title: title, User: &u, CSRF: currentSession(c).CSRF, Error: errText, Data: data})
}

// redirect answers a successful form with a redirect showing flash.
func redirect(c *gin.Context, path, flash string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	c.Redirect(http.StatusSeeOther, path+sep+"meddelande="+url.QueryEscape(flash))
}

// rowField turns an import's "row 3, column Roll" into Swedish.
var rowField = regexp.MustCompile(`^row (\d+)(?:, column (.+))?$`)

// swedishField names a field of a fault in Swedish.
func swedishField(f string) string {
	if m := rowField.FindStringSubmatch(f); m != nil {
		if m[2] == "" {
			return "Rad " + m[1]
		}
		return "Rad " + m[1] + ", kolumn " + m[2]
	}
	return fieldLabel(f)
}

// formDate reads an optional date field; a bad one is a field error.
func formDate(c *gin.Context, name string, fs *fault.Fields) platform.Date {
	v := strings.TrimSpace(c.PostForm(name))
	if v == "" {
		return platform.Date{}
	}
	d, err := platform.ParseDate(v)
	if err != nil {
		fs.Add("/"+name, "invalid_date")
	}
	return d
}

type adminHomeData struct {
	Org      *admin.Organisation
	Warnings []refdata.Warning
	Boards   int
	Users    int
	Flash    string
}

func (ui *UI) adminHome(c *gin.Context) {
	ui.renderAdminHome(c, http.StatusOK, "")
}

func (ui *UI) renderAdminHome(c *gin.Context, status int, errText string) {
	ctx := c.Request.Context()
	u := currentUser(c)
	ov, err := ui.Admin.Overview(ctx, u)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := adminHomeData{Org: ov.Organisation, Warnings: ov.Warnings, Boards: len(ov.Boards), Users: ov.Users, Flash: adminFlashes[c.Query("meddelande")]}
	ui.adminView(c, status, "admin", "Administration", d, errText)
}

func (ui *UI) adminOrg(c *gin.Context) {
	name, number, letterhead := c.PostForm("name"), c.PostForm("org_number"), c.PostForm("letterhead")
	if _, err := ui.Admin.UpdateOrganisation(c.Request.Context(), currentUser(c), 0, admin.OrgPatch{Name: &name, OrgNumber: &number, Letterhead: &letterhead}); err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminHome(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin", "organisation")
}

// adminFailed re-renders a form page with the fault's Swedish text, or
// the error page when the fault is not the form's (a refusal, a missing
// record).
func (ui *UI) adminFailed(c *gin.Context, err error, rerender func(msg string)) {
	f := faultOf(err)
	if f.Kind == fault.Unprocessable || f.Kind == fault.Conflict || f.Kind == fault.Invalid {
		rerender(adminProblemText(err))
		return
	}
	ui.failed(c, err)
}

// adminProblemText is problemText with Swedish field names for imports.
func adminProblemText(err error) string {
	f := fault.From(err)
	msg := t(f.Code)
	for _, fe := range f.Fields {
		if fe.Code == f.Code {
			continue
		}
		msg += " " + adminFieldLabel(fe.Field) + ": " + strings.TrimSuffix(t(fe.Code), ".") + "."
	}
	return msg
}

// adminFieldLabel names a field of an Administration form by the form's
// own label: the shared names also serve other pages, where a /title is
// an ärendemening and a /party a sender.
func adminFieldLabel(f string) string {
	if l, ok := adminFieldLabels[f]; ok {
		return l
	}
	return swedishField(f)
}

// referenceWarnings are the reference data missing or due today, for a
// secretary or an administrator (where they work); nil for others.
func (ui *UI) referenceWarnings(c *gin.Context, u identity.User) []refdata.Warning {
	today := platform.DateOf(ui.Clock.Now())
	for _, a := range u.RolesOn(today) {
		if a.Role == identity.RoleSekreterare || a.Role == identity.RoleAdmin {
			ws, err := ui.Admin.Warnings(c.Request.Context())
			if err != nil {
				ui.Log.WarnContext(c.Request.Context(), "reference warnings", "err", err.Error())
			}
			return ws
		}
	}
	return nil
}

// adminFieldLabels name the Administration's fields in Swedish (added to
// fieldLabels).
var adminFieldLabels = map[string]string{
	"/code": "Kod", "/name": "Namn", "/kind": "Slag", "/parent": "Under", "/organisation": "Brevhuvud",
	"/valid_from": "Från", "/valid_to": "Till", "/series/prefix": "Diarieserie", "/username": "Användarnamn",
	"/email": "E-post", "/password": "Lösenord", "/role": "Roll", "/holder": "Person", "/order": "Ordning",
	"/party": "Parti", "/period": "Mandatperiod", "/year": "År", "/ore": "Belopp", "/source": "Källa",
	"/org_number": "Organisationsnummer", "/letterhead": "Brevhuvud", "/current_password": "Nuvarande lösenord",
	"/new_password": "Nytt lösenord", "/disabled": "Konto", "/members": "Medlemskommuner", "/title": "Titel",
	"/members/*": "Medlemskommun %d", "/members/*/code": "Medlemskommun %d, kommunkod",
	"/members/*/name": "Medlemskommun %d, namn", "/members/*/org_number": "Medlemskommun %d, organisationsnummer",
	"/members/*/notice_board": "Medlemskommun %d, anslagstavla",
}

func init() {
	for k, v := range adminFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}
