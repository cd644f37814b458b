package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/seat"
)

// registerAdmin mounts the administration's routes (internal/admin holds
// every rule and decides who may).
func (s *Server) registerAdmin(g *gin.RouterGroup) {
	g.GET("/organisation", s.getOrganisation)
	g.PATCH("/organisation", s.updateOrganisation)
	g.POST("/boards", s.createBoard)
	g.PATCH("/boards/:board", s.updateBoard)
	g.GET("/users", s.listUsers)
	g.POST("/users", s.createUser)
	g.GET("/users/:username", s.getUser)
	g.PATCH("/users/:username", s.updateUser)
	g.POST("/users/:username/password", s.resetPassword)
	g.POST("/users/:username/roles", s.grantRole)
	g.PATCH("/users/:username/roles/:role", s.endRole)
	g.PUT("/me/password", s.changeOwnPassword)
	g.GET("/boards/:board/seats", s.listSeats)
	g.POST("/boards/:board/seats", s.addSeat)
	g.PATCH("/boards/:board/seats/:seat", s.endSeat)
	g.POST("/admin/imports", s.importPeople)
	g.GET("/admin/records", s.adminRecords)
	g.GET("/admin/warnings", s.referenceWarnings)
	g.GET("/audit/holders", s.whoHeld)
	g.GET("/reference/prisbasbelopp", s.getPrisbasbelopp)
	g.PUT("/reference/prisbasbelopp/:year", s.setPrisbasbelopp)
	g.GET("/reference/classes", s.getClassification)
	g.PUT("/reference/classes/:code", s.putClass)
}

// optionalIfMatch reads an If-Match header when there is one (0 when
// not): the version the client read, for a change that may also apply
// to the newest version.
func optionalIfMatch(c *gin.Context) (int64, error) {
	if strings.TrimSpace(c.GetHeader("If-Match")) == "" {
		return 0, nil
	}
	return ifMatch(c)
}

func (s *Server) getOrganisation(c *gin.Context) {
	o, err := s.admin.Organisation(c.Request.Context())
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", strconv.Quote(strconv.FormatInt(o.Version, 10)))
	c.JSON(http.StatusOK, o)
}

func (s *Server) updateOrganisation(c *gin.Context) {
	var req struct {
		Name       *string `json:"name"`
		OrgNumber  *string `json:"org_number"`
		Letterhead *string `json:"letterhead"`
	}
	v, err := optionalIfMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if !s.bind(c, &req) {
		return
	}
	o, err := s.admin.UpdateOrganisation(c.Request.Context(), user(c), v, admin.OrgPatch{Name: req.Name, OrgNumber: req.OrgNumber, Letterhead: req.Letterhead})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

type boardRequest struct {
	Code         string              `json:"code"`
	Name         string              `json:"name"`
	Kind         board.Kind          `json:"kind"`
	Organisation string              `json:"organisation"`
	Parent       string              `json:"parent"`
	Series       *board.Series       `json:"series"`
	ValidFrom    platform.Date       `json:"valid_from"`
	ValidTo      platform.Date       `json:"valid_to"`
	Members      []admin.MemberInput `json:"members"`
}

func (s *Server) createBoard(c *gin.Context) {
	var req boardRequest
	if !s.bind(c, &req) {
		return
	}
	b, err := s.admin.CreateBoard(c.Request.Context(), user(c), admin.BoardInput{Code: req.Code, Name: req.Name, Kind: req.Kind,
		Organisation: req.Organisation, Parent: req.Parent, Series: req.Series, ValidFrom: req.ValidFrom, ValidTo: req.ValidTo, Members: req.Members})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", strconv.Quote(strconv.FormatInt(b.Version, 10)))
	c.JSON(http.StatusCreated, b)
}

func (s *Server) updateBoard(c *gin.Context) {
	var req struct {
		Name         *string              `json:"name"`
		Kind         *board.Kind          `json:"kind"`
		Organisation *string              `json:"organisation"`
		Parent       *string              `json:"parent"`
		Series       *board.Series        `json:"series"`
		ValidFrom    *platform.Date       `json:"valid_from"`
		ValidTo      *platform.Date       `json:"valid_to"`
		Members      *[]admin.MemberInput `json:"members"`
	}
	v, err := optionalIfMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if !s.bind(c, &req) {
		return
	}
	b, err := s.admin.UpdateBoard(c.Request.Context(), user(c), c.Param("board"), v, admin.BoardPatch{Name: req.Name, Kind: req.Kind,
		Organisation: req.Organisation, Parent: req.Parent, Series: req.Series, ValidFrom: req.ValidFrom, ValidTo: req.ValidTo, Members: req.Members})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", strconv.Quote(strconv.FormatInt(b.Version, 10)))
	c.JSON(http.StatusOK, b)
}

// AccountView is an account as the administration shows it: the roles
// granted in Samstyr and those from single sign-on apart, and its records.
type AccountView struct {
	identity.AccountView
	External bool                      `json:"sso_linked"`
	Roles    []identity.RoleAssignment `json:"roles"`
	SSORoles []identity.RoleAssignment `json:"sso_roles"`
	Records  adminlog.Log              `json:"records,omitempty"`
	Version  int64                     `json:"version"`
}

// Account returns the administration's view of u (with its records when
// records is true).
func Account(u identity.User, records bool) AccountView {
	v := AccountView{AccountView: u.View(), External: u.External != nil, Roles: u.LocalRoles(), SSORoles: u.SSORoles(), Version: u.Version}
	if v.Roles == nil {
		v.Roles = []identity.RoleAssignment{}
	}
	if v.SSORoles == nil {
		v.SSORoles = []identity.RoleAssignment{}
	}
	if records {
		v.Records = u.Log
	}
	return v
}

// listUsers answers every account ({"items": [...]}, as before paging)
// when the request names none of q, page and per_page, else one page of
// the matching accounts with total, page and per_page (admin.People).
func (s *Server) listUsers(c *gin.Context) {
	q := c.Request.URL.Query()
	if !q.Has("q") && !q.Has("page") && !q.Has("per_page") {
		us, err := s.admin.Users(c.Request.Context(), user(c))
		if err != nil {
			s.abort(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"items": accounts(us)})
		return
	}
	list, err := s.admin.People(c.Request.Context(), user(c), admin.PeopleQuery{Text: q.Get("q"), Page: q.Get("page"), PerPage: q.Get("per_page")})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": accounts(list.People), "total": list.Total, "page": list.Page, "per_page": list.PerPage})
}

// accounts are the views of us, without their records.
func accounts(us []identity.User) []AccountView {
	out := make([]AccountView, 0, len(us))
	for _, u := range us {
		out = append(out, Account(u, false))
	}
	return out
}

func (s *Server) getUser(c *gin.Context) {
	u, err := s.admin.User(c.Request.Context(), user(c), c.Param("username"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", strconv.Quote(strconv.FormatInt(u.Version, 10)))
	c.JSON(http.StatusOK, Account(u, true))
}

func (s *Server) createUser(c *gin.Context) {
	var req struct {
		Username string `json:"username"`
		Name     string `json:"name"`
		Title    string `json:"title"`
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if !s.bind(c, &req) {
		return
	}
	u, err := s.admin.CreateUser(c.Request.Context(), user(c), admin.UserInput{Username: req.Username, Name: req.Name, Title: req.Title,
		Email: req.Email, Password: req.Password})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", strconv.Quote(strconv.FormatInt(u.Version, 10)))
	c.JSON(http.StatusCreated, Account(u, true))
}

func (s *Server) updateUser(c *gin.Context) {
	var req struct {
		Name     *string `json:"name"`
		Title    *string `json:"title"`
		Email    *string `json:"email"`
		Disabled *bool   `json:"disabled"`
	}
	v, err := optionalIfMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	if !s.bind(c, &req) {
		return
	}
	u, err := s.admin.UpdateUser(c.Request.Context(), user(c), c.Param("username"), v,
		identity.AccountPatch{Name: req.Name, Title: req.Title, Email: req.Email, Disabled: req.Disabled})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", strconv.Quote(strconv.FormatInt(u.Version, 10)))
	c.JSON(http.StatusOK, Account(u, true))
}

func (s *Server) resetPassword(c *gin.Context) {
	var req struct {
		Password string `json:"password"`
	}
	if !s.bind(c, &req) {
		return
	}
	if _, err := s.admin.ResetPassword(c.Request.Context(), user(c), c.Param("username"), req.Password); err != nil {
		s.abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) changeOwnPassword(c *gin.Context) {
	var req struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if !s.bind(c, &req) {
		return
	}
	if _, err := s.admin.ChangeOwnPassword(c.Request.Context(), user(c), req.Current, req.New); err != nil {
		s.abort(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) grantRole(c *gin.Context) {
	var req struct {
		Board     string        `json:"board"`
		Role      identity.Role `json:"role"`
		ValidFrom platform.Date `json:"valid_from"`
		ValidTo   platform.Date `json:"valid_to"`
	}
	if !s.bind(c, &req) {
		return
	}
	_, a, err := s.admin.GrantRole(c.Request.Context(), user(c), c.Param("username"),
		identity.RoleAssignment{Board: req.Board, Role: req.Role, ValidFrom: req.ValidFrom, ValidTo: req.ValidTo})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func (s *Server) endRole(c *gin.Context) {
	var req struct {
		ValidTo platform.Date `json:"valid_to"`
	}
	if !s.bind(c, &req) {
		return
	}
	_, a, err := s.admin.EndRole(c.Request.Context(), user(c), c.Param("username"), c.Param("role"), req.ValidTo)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

// queryDate reads an optional date query parameter.
func queryDate(c *gin.Context, name string) (platform.Date, error) {
	v := c.Query(name)
	if v == "" {
		return platform.Date{}, nil
	}
	d, err := platform.ParseDate(v)
	if err != nil {
		return d, (&fault.Fields{{Field: "query/" + name, Code: "invalid_date"}}).Err(fault.Invalid)
	}
	return d, nil
}

func (s *Server) listSeats(c *gin.Context) {
	d, err := queryDate(c, "date")
	if err != nil {
		s.abort(c, err)
		return
	}
	r, err := s.admin.Roster(c.Request.Context(), c.Param("board"))
	if err != nil {
		s.abort(c, err)
		return
	}
	out := gin.H{"board": r.Board, "seats": r.Seats, "version": r.Version}
	if !d.IsZero() {
		l := r.OnDate(d)
		out["on_date"] = l
		out["quorum"] = l.Quorum()
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) addSeat(c *gin.Context) {
	var req struct {
		Holder    string        `json:"holder"`
		Kind      seat.Kind     `json:"kind"`
		Order     int           `json:"order"`
		Party     string        `json:"party"`
		Period    string        `json:"period"`
		ValidFrom platform.Date `json:"valid_from"`
		ValidTo   platform.Date `json:"valid_to"`
	}
	if !s.bind(c, &req) {
		return
	}
	_, st, err := s.admin.AddSeat(c.Request.Context(), user(c), c.Param("board"), seat.Seat{Holder: strings.ToLower(strings.TrimSpace(req.Holder)),
		Kind: req.Kind, Order: req.Order, Party: req.Party, Period: req.Period, ValidFrom: req.ValidFrom, ValidTo: req.ValidTo})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, st)
}

func (s *Server) endSeat(c *gin.Context) {
	var req struct {
		ValidTo platform.Date `json:"valid_to"`
	}
	if !s.bind(c, &req) {
		return
	}
	_, st, err := s.admin.EndSeat(c.Request.Context(), user(c), c.Param("board"), c.Param("seat"), req.ValidTo)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

func (s *Server) importPeople(c *gin.Context) {
	// An import writes unless it is a dry run: a query key that is not
	// dry_run (dry_run[$ne]=…) is refused, never read as "not a dry run".
	for k := range c.Request.URL.Query() {
		if k != "dry_run" {
			s.abort(c, errInvalidParameter.WithDetail("unknown query parameter %q", k))
			return
		}
	}
	dry := c.Query("dry_run") == "true"
	im, err := s.admin.Import(c.Request.Context(), user(c), c.Request.Body, dry)
	if err != nil {
		s.abort(c, err)
		return
	}
	status := http.StatusCreated
	if dry {
		status = http.StatusOK
	}
	c.JSON(status, gin.H{"id": im.ID, "status": im.Status, "steps": im.Steps, "counts": im.Counts(), "error": im.Error})
}

func (s *Server) adminRecords(c *gin.Context) {
	limit, _ := strconv.Atoi(c.Query("limit"))
	ans, err := s.admin.Records(c.Request.Context(), user(c), s.records, admin.RecordFilter{Chain: c.Query("chain"), Actor: c.Query("actor"), Limit: limit})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, ans)
}

func (s *Server) referenceWarnings(c *gin.Context) {
	ws, err := s.admin.Warnings(c.Request.Context())
	if err != nil {
		s.abort(c, err)
		return
	}
	if ws == nil {
		ws = []refdata.Warning{}
	}
	c.JSON(http.StatusOK, gin.H{"items": ws})
}

func (s *Server) whoHeld(c *gin.Context) {
	d, err := queryDate(c, "date")
	if err != nil {
		s.abort(c, err)
		return
	}
	ans, err := s.admin.WhoHeld(c.Request.Context(), user(c), admin.Question{Board: c.Query("board"), Date: d,
		Role: c.Query("role"), Point: c.Query("point"), Seat: c.Query("seat")})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, ans)
}

func (s *Server) getPrisbasbelopp(c *gin.Context) {
	p, err := s.admin.Prisbasbelopp(c.Request.Context())
	if err != nil {
		s.abort(c, err)
		return
	}
	ws, err := s.admin.Warnings(c.Request.Context())
	if err != nil {
		s.abort(c, err)
		return
	}
	if ws == nil {
		ws = []refdata.Warning{}
	}
	c.JSON(http.StatusOK, gin.H{"values": p.Values, "warnings": ws, "records": p.Log, "version": p.Version})
}

func (s *Server) setPrisbasbelopp(c *gin.Context) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		s.abort(c, errInvalidParameter.WithDetail("year"))
		return
	}
	var req struct {
		Ore    int64  `json:"ore"`
		Source string `json:"source"`
	}
	if !s.bind(c, &req) {
		return
	}
	p, err := s.admin.SetPrisbasbelopp(c.Request.Context(), user(c), year, req.Ore, req.Source)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"values": p.Values, "version": p.Version})
}

func (s *Server) getClassification(c *gin.Context) {
	cl, err := s.admin.Classification(c.Request.Context())
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"classes": cl.Classes, "records": cl.Log, "version": cl.Version})
}

func (s *Server) putClass(c *gin.Context) {
	var req struct {
		Name    string `json:"name"`
		Retired bool   `json:"retired"`
	}
	if !s.bind(c, &req) {
		return
	}
	cl, err := s.admin.PutClass(c.Request.Context(), user(c), refdata.Class{Code: c.Param("code"), Name: req.Name, Retired: req.Retired})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"classes": cl.Classes, "version": cl.Version})
}
