package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// memberRow is one member municipality row of the board form.
type memberRow struct {
	I                                  int
	Code, Name, OrgNumber, NoticeBoard string
	Host                               bool
}

// boardForm is the board form's values.
type boardForm struct {
	Code, Name, Kind, Parent, Organisation, ValidFrom, ValidTo, Prefix string
	Members                                                            []memberRow
	Existing                                                           bool // the code is fixed
}

type boardRow struct {
	Code, Name, KindName, Parent, ValidFrom, ValidTo, Prefix string
}

type adminBoardsData struct {
	Boards  []boardRow
	Kinds   []option
	Parents []option
	Form    boardForm
	Flash   string
}

func blankMembers(from, n int) []memberRow {
	out := make([]memberRow, 0, n)
	for i := range n {
		out = append(out, memberRow{I: from + i})
	}
	return out
}

func (ui *UI) adminBoards(c *gin.Context) {
	ui.renderAdminBoards(c, http.StatusOK, boardForm{Kind: string(board.KindBoard), Members: blankMembers(0, 3)}, "")
}

func (ui *UI) renderAdminBoards(c *gin.Context, status int, form boardForm, errText string) {
	ov, err := ui.Admin.Overview(c.Request.Context(), currentUser(c))
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := adminBoardsData{Kinds: kindOptions(), Form: form, Flash: adminFlashes[c.Query("meddelande")]}
	for _, b := range ov.Boards {
		d.Boards = append(d.Boards, boardRow{Code: b.Code, Name: b.Name, KindName: kindNames[b.Kind], Parent: b.Parent,
			ValidFrom: b.ValidFrom.String(), ValidTo: b.ValidTo.String(), Prefix: b.SeriesOf().Prefix})
		d.Parents = append(d.Parents, option{b.Code, b.Name})
	}
	ui.adminView(c, status, "admin_boards", "Nämnder", d, errText)
}

// readBoardForm reads the board form.
func readBoardForm(c *gin.Context) boardForm {
	f := boardForm{Code: strings.ToUpper(strings.TrimSpace(c.PostForm("code"))), Name: c.PostForm("name"), Kind: c.PostForm("kind"),
		Parent: c.PostForm("parent"), Organisation: c.PostForm("organisation"), ValidFrom: c.PostForm("valid_from"),
		ValidTo: c.PostForm("valid_to"), Prefix: strings.ToUpper(strings.TrimSpace(c.PostForm("series_prefix")))}
	host := c.PostForm("host")
	for i := 0; i < 50; i++ {
		p := fmt.Sprintf("member_%d_", i)
		if _, ok := c.GetPostForm(p + "code"); !ok {
			break
		}
		m := memberRow{I: i, Code: strings.TrimSpace(c.PostForm(p + "code")), Name: strings.TrimSpace(c.PostForm(p + "name")),
			OrgNumber: strings.TrimSpace(c.PostForm(p + "org_number")), NoticeBoard: strings.TrimSpace(c.PostForm(p + "notice_board")),
			Host: host == strconv.Itoa(i)}
		f.Members = append(f.Members, m)
	}
	return f
}

// input turns the form into the use case's input; bad dates are field
// errors.
func (f boardForm) input(c *gin.Context) (admin.BoardInput, error) {
	var fs fault.Fields
	in := admin.BoardInput{Code: f.Code, Name: f.Name, Kind: board.Kind(f.Kind), Organisation: f.Organisation, Parent: f.Parent,
		ValidFrom: formDate(c, "valid_from", &fs), ValidTo: formDate(c, "valid_to", &fs)}
	if f.Prefix != "" && f.Prefix != f.Code {
		in.Series = &board.Series{Prefix: f.Prefix, YearlyRestart: true}
	}
	for _, m := range f.Members {
		if m.Code == "" && m.Name == "" && m.OrgNumber == "" && m.NoticeBoard == "" {
			continue
		}
		in.Members = append(in.Members, admin.MemberInput{Code: m.Code, Name: m.Name, Host: m.Host, OrgNumber: m.OrgNumber, NoticeBoard: m.NoticeBoard})
	}
	return in, fs.Err(fault.Unprocessable)
}

func (ui *UI) adminBoardCreate(c *gin.Context) {
	f := readBoardForm(c)
	in, err := f.input(c)
	if err == nil {
		_, err = ui.Admin.CreateBoard(c.Request.Context(), currentUser(c), in)
	}
	if err != nil {
		f.Members = append(f.Members, blankMembers(len(f.Members), 1)...)
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminBoards(c, statusOf(faultOf(err)), f, msg) })
		return
	}
	redirect(c, "/admin/namnder/"+in.Code, "namnd")
}

// seatRow is one seat of the board page.
type seatRow struct {
	ID, Holder, Name, Kind, Party, Period, ValidFrom, ValidTo string
	Order                                                     int
	Current                                                   bool
}

type adminBoardData struct {
	Board     board.Board
	KindName  string
	Form      boardForm
	Kinds     []option
	Parents   []option
	Seats     []seatRow
	Date      string
	Ledamoter []seatRow
	Ersattare []seatRow
	Quorum    int
	// PersonQ is the seat form's person search (?q=); People are its
	// matches (one page, enabled accounts), PeopleTotal how many match.
	// Holder is the username the seat form is filled in with.
	PersonQ     string
	People      []option
	PeopleTotal int64
	MorePeople  bool // more match than the page offers
	Holder      string
	Records     []recordRow
	Flash       string
}

// seatPeoplePerPage is how many matches of the seat form's person search
// the page offers.
const seatPeoplePerPage = "20"

func (ui *UI) adminBoard(c *gin.Context) {
	ui.renderAdminBoard(c, http.StatusOK, nil, "")
}

func (ui *UI) renderAdminBoard(c *gin.Context, status int, form *boardForm, errText string) {
	ba, err := ui.Admin.BoardAdmin(c.Request.Context(), currentUser(c), c.Param("code"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	b := ba.Board
	date := platform.DateOf(ui.Clock.Now())
	if v := c.Query("datum"); v != "" {
		if d, err := platform.ParseDate(v); err == nil {
			date = d
		}
	}
	d := adminBoardData{Board: b, KindName: kindNames[b.Kind], Kinds: kindOptions(), Date: date.String(), Flash: adminFlashes[c.Query("meddelande")]}
	if form != nil {
		d.Form = *form
	} else {
		d.Form = boardForm{Code: b.Code, Name: b.Name, Kind: string(b.Kind), Parent: b.Parent, Organisation: b.Organisation,
			ValidFrom: b.ValidFrom.String(), ValidTo: b.ValidTo.String(), Prefix: b.SeriesOf().Prefix, Existing: true}
		for i, m := range b.Members {
			d.Form.Members = append(d.Form.Members, memberRow{I: i, Code: m.Code, Name: m.Name, OrgNumber: m.OrgNumber, NoticeBoard: m.NoticeBoard, Host: m.Host})
		}
		if b.Kind == board.KindJointBoard {
			d.Form.Members = append(d.Form.Members, blankMembers(len(b.Members), 1)...)
		}
	}
	for _, x := range ba.Boards {
		if x.Code != b.Code {
			d.Parents = append(d.Parents, option{x.Code, x.Name})
		}
	}
	names := map[string]string{}
	for _, u := range ba.Holders {
		names[u.Username] = u.Name
	}
	// The seat form takes the holder's username; a search offers the
	// matching people (one page), never every person of the organisation.
	d.Holder = strings.TrimSpace(c.PostForm("holder"))
	if q := strings.TrimSpace(c.Query("q")); q != "" {
		list, err := ui.Admin.People(c.Request.Context(), currentUser(c), admin.PeopleQuery{Text: q, PerPage: seatPeoplePerPage})
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.PersonQ, d.PeopleTotal, d.MorePeople = q, list.Total, list.Total > int64(len(list.People))
		for _, u := range list.People {
			if u.Disabled {
				continue
			}
			label := u.Name // people by name, told apart by title and username
			if u.Title != "" {
				label += ", " + u.Title
			}
			d.People = append(d.People, option{u.Username, label + " (" + u.Username + ")"})
		}
		if len(d.People) == 1 && d.Holder == "" {
			d.Holder = d.People[0].Value
		}
	}
	row := func(s seat.Seat) seatRow {
		return seatRow{ID: s.ID, Holder: s.Holder, Name: names[s.Holder], Kind: t("role." + string(s.Kind)), Party: s.Party, Period: s.Period,
			ValidFrom: s.ValidFrom.String(), ValidTo: s.ValidTo.String(), Order: s.Order, Current: s.ValidOn(platform.DateOf(ui.Clock.Now()))}
	}
	for _, s := range ba.Roster.Seats {
		d.Seats = append(d.Seats, row(s))
	}
	l := ba.Roster.OnDate(date)
	for _, s := range l.Ledamoter {
		d.Ledamoter = append(d.Ledamoter, row(s))
	}
	for _, s := range l.Ersattare {
		d.Ersattare = append(d.Ersattare, row(s))
	}
	d.Quorum = l.Quorum()
	memo := withKnownPeople(c.Request.Context(), ba.Holders) // the records name the holders the page has read
	d.Records = ui.recordRows(memo, "Nämnd "+b.Code, b.Log)
	d.Records = append(d.Records, ui.recordRows(memo, "Mandat", ba.Roster.Log)...)
	ui.adminView(c, status, "admin_board", b.Name, d, errText)
}

func (ui *UI) adminBoardUpdate(c *gin.Context) {
	f := readBoardForm(c)
	f.Code, f.Existing = c.Param("code"), true
	in, err := f.input(c)
	if err == nil {
		kind := in.Kind
		members := in.Members
		if members == nil {
			members = []admin.MemberInput{}
		}
		series := in.Series
		if series == nil {
			series = &board.Series{Prefix: f.Code, YearlyRestart: true}
		}
		_, err = ui.Admin.UpdateBoard(c.Request.Context(), currentUser(c), f.Code, 0, admin.BoardPatch{Name: &in.Name, Kind: &kind,
			Organisation: &in.Organisation, Parent: &in.Parent, Series: series, ValidFrom: &in.ValidFrom, ValidTo: &in.ValidTo, Members: &members})
	}
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminBoard(c, statusOf(faultOf(err)), &f, msg) })
		return
	}
	redirect(c, "/admin/namnder/"+f.Code, "namnd")
}

func (ui *UI) adminSeatAdd(c *gin.Context) {
	code := c.Param("code")
	var fs fault.Fields
	st := seat.Seat{Holder: c.PostForm("holder"), Kind: seat.Kind(c.PostForm("kind")), Party: c.PostForm("party"),
		ValidFrom: formDate(c, "valid_from", &fs), ValidTo: formDate(c, "valid_to", &fs)}
	if v := strings.TrimSpace(c.PostForm("order")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fs.Add("/order", "invalid_order")
		}
		st.Order = n
	}
	err := fs.Err(fault.Unprocessable)
	if err == nil {
		_, _, err = ui.Admin.AddSeat(c.Request.Context(), currentUser(c), code, st)
	}
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminBoard(c, statusOf(faultOf(err)), nil, msg) })
		return
	}
	redirect(c, "/admin/namnder/"+code, "mandat")
}

func (ui *UI) adminSeatEnd(c *gin.Context) {
	code := c.Param("code")
	var fs fault.Fields
	to := formDate(c, "valid_to", &fs)
	err := fs.Err(fault.Unprocessable)
	if err == nil {
		_, _, err = ui.Admin.EndSeat(c.Request.Context(), currentUser(c), code, c.Param("seat"), to)
	}
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminBoard(c, statusOf(faultOf(err)), nil, msg) })
		return
	}
	redirect(c, "/admin/namnder/"+code, "mandat")
}
