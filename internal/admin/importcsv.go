package admin

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/csvcell"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
)

// The columns of an import file (semicolon-separated UTF-8, the header
// first): the export an HR system or a valnämnd's list gives. A row names
// a person (Användarnamn, and Namn for a new one) and optionally a role or
// a seat on a nämnd: Roll is a role (Handläggare, Förvaltningschef,
// Sekreterare, Registrator, Ordförande, Vice ordförande, Revisor,
// Administratör) or Ledamot or Ersättare (a seat; Parti, and Ordning, the
// ersättare's call-in order), from Från through Till.
const (
	colUsername = "Användarnamn"
	colName     = "Namn"
	colEmail    = "E-post"
	colTitle    = "Titel"
	colBoard    = "Nämnd"
	colRole     = "Roll"
	colFrom     = "Från"
	colTo       = "Till"
	colParty    = "Parti"
	colOrder    = "Ordning"
)

// ImportColumns are the known columns in their usual order.
var ImportColumns = []string{colUsername, colName, colEmail, colTitle, colBoard, colRole, colFrom, colTo, colParty, colOrder}

// Limits of an import file.
const (
	MaxImportBytes  = 2 << 20
	MaxImportRows   = 5000
	MaxImportErrors = 200
)

// Steps of an import.
const (
	StepCreateUser = "create_user"
	StepUpdateUser = "update_user"
	StepGrantRole  = "grant_role"
	StepAddSeat    = "add_seat"
)

// ImportStep is one change an import makes, with the row it comes from
// and a Swedish description.
type ImportStep struct {
	Row      int                      `json:"row"`
	Action   string                   `json:"action"`
	Username string                   `json:"username"`
	Name     string                   `json:"name,omitempty"`
	Title    string                   `json:"title,omitempty"`
	Email    string                   `json:"email,omitempty"`
	Board    string                   `json:"board,omitempty"`
	Role     *identity.RoleAssignment `json:"role,omitempty"`
	Seat     *seat.Seat               `json:"seat,omitempty"`
	Text     string                   `json:"text"`
}

// roleWords maps what a Roll cell may say (lower case) to a role.
var roleWords = map[string]identity.Role{
	"handläggare": identity.RoleHandlaggare, "förvaltningschef": identity.RoleForvaltningschef,
	"sekreterare": identity.RoleSekreterare, "nämndsekreterare": identity.RoleSekreterare,
	"registrator": identity.RoleRegistrator, "ordförande": identity.RoleOrdforande,
	"vice ordförande": identity.RoleViceOrdforande, "revisor": identity.RoleRevisor,
	"administratör": identity.RoleAdmin, "systemadministratör": identity.RoleAdmin,
}

// seatWords maps a Roll cell naming a seat to its kind.
var seatWords = map[string]seat.Kind{"ledamot": seat.KindLedamot, "ersättare": seat.KindErsattare}

// ParseRole reads a Roll cell: a role or a seat kind (by its Swedish name
// or its code).
func ParseRole(s string) (identity.Role, seat.Kind, bool) {
	w := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if r, ok := roleWords[w]; ok {
		return r, "", true
	}
	if k, ok := seatWords[w]; ok {
		return "", k, true
	}
	if k := seat.Kind(w); k == seat.KindLedamot || k == seat.KindErsattare {
		return "", k, true
	}
	if r := identity.Role(w); r.Valid() && r != identity.RoleLedamot && r != identity.RoleErsattare {
		return r, "", true
	}
	return "", "", false
}

// planner checks an import's rows against the stored state and each
// other, and lists its steps.
type planner struct {
	s       *Service
	ctx     context.Context
	id      string
	errs    *csvcell.Errors
	users   map[string]identity.User
	people  map[string]ImportStep // username → the row that creates or changes it
	roles   map[string][]identity.RoleAssignment
	boards  map[string]*board.Board
	rosters map[string]*seat.Roster
	steps   []ImportStep
}

func (p *planner) board(code string) (*board.Board, error) {
	if b, ok := p.boards[code]; ok {
		return b, nil
	}
	b, err := p.s.boards.GetBoard(p.ctx, code)
	if errors.Is(err, board.ErrUnknownBoard) {
		p.boards[code] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.boards[code] = &b
	return &b, nil
}

func (p *planner) roster(code string) (*seat.Roster, error) {
	if r, ok := p.rosters[code]; ok {
		return r, nil
	}
	r, err := p.s.seats.GetRoster(p.ctx, code)
	if err != nil {
		return nil, err
	}
	p.rosters[code] = &r
	return &r, nil
}

// seatColumns maps a seat rule's field to its column.
var seatColumns = map[string]string{"/holder": colUsername, "/kind": colRole, "/order": colOrder, "/party": colParty,
	"/valid_from": colFrom, "/valid_to": colTo, "/period": colFrom}

// roleColumns maps a role rule's field to its column.
var roleColumns = map[string]string{"/role": colRole, "/board": colBoard, "/valid_from": colFrom, "/valid_to": colTo}

// Plan reads an import file and checks every row against the stored state
// and the rows before it; it returns the steps, or a fault listing every
// bad row and cell (validation_failed, "row 3, column Roll"). Nothing is
// written.
func (s *Service) plan(ctx context.Context, importID string, r io.Reader) ([]ImportStep, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, fault.Newf(fault.TooLarge, "too_large", "the file is larger than %d bytes", MaxImportBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	errs := csvcell.NewErrors(header)
	if err != nil {
		errs.Add(1, "", "invalid_csv", csvcell.Detail(err))
		return nil, errs.Err(MaxImportErrors)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		known := false
		for _, c := range ImportColumns {
			if strings.EqualFold(h, c) {
				if _, dup := col[c]; dup {
					errs.Add(1, h, "duplicate_column", "")
				}
				col[c], header[i], known = i, c, true
			}
		}
		if !known {
			errs.Add(1, h, "unknown_column", "known columns: "+strings.Join(ImportColumns, ";"))
		}
	}
	if _, ok := col[colUsername]; !ok {
		errs.Add(1, "", "missing_column", colUsername)
	}
	if errs.Len() > 0 {
		return nil, errs.Err(MaxImportErrors)
	}
	users, err := s.id.Users(ctx)
	if err != nil {
		return nil, err
	}
	p := &planner{s: s, ctx: ctx, id: importID, errs: errs, users: map[string]identity.User{}, people: map[string]ImportStep{},
		roles: map[string][]identity.RoleAssignment{}, boards: map[string]*board.Board{}, rosters: map[string]*seat.Roster{}}
	for _, u := range users {
		p.users[u.Username] = u
	}
	n := 0
	for row, rec := range csvcell.Rows(cr, header, errs) {
		if n++; n > MaxImportRows {
			return nil, fault.Newf(fault.TooLarge, "too_large", "more than %d rows", MaxImportRows)
		}
		cell := func(c string) string {
			i, ok := col[c]
			if !ok || i >= len(rec) {
				return ""
			}
			v := rec[i]
			if !utf8.ValidString(v) {
				errs.Add(row, c, "invalid_encoding", "not UTF-8")
				return ""
			}
			return csvcell.Unguard(strings.TrimSpace(v))
		}
		if len(rec) > len(header) {
			errs.Add(row, "", "wrong_column_count", fmt.Sprintf("%d cells, the header has %d", len(rec), len(header)))
			continue
		}
		if err := p.row(row, cell); err != nil {
			return nil, err
		}
	}
	if err := errs.Err(MaxImportErrors); err != nil {
		return nil, err
	}
	if len(p.steps) == 0 {
		return nil, (&fault.Fields{{Field: "row 2", Code: "import_empty"}}).Err(fault.Unprocessable)
	}
	return p.steps, nil
}

// row plans one row.
func (p *planner) row(row int, cell func(string) string) error {
	username := strings.ToLower(cell(colUsername))
	name, email, title := cell(colName), cell(colEmail), cell(colTitle)
	if !identity.ValidUsername(username) {
		p.errs.Add(row, colUsername, "invalid_username", "")
		return nil
	}
	var pf fault.Fields
	nm := name
	if prev, planned := p.people[username]; nm == "" && planned {
		nm = prev.Name
	} else if u, exists := p.users[username]; nm == "" && exists {
		nm = u.Name
	}
	identityProfile(&pf, nm, title, email)
	for _, fe := range pf {
		c := map[string]string{"/name": colName, "/email": colEmail, "/title": colTitle}[fe.Field]
		p.errs.Add(row, c, fe.Code, "")
	}
	if len(pf) == 0 {
		p.person(row, username, name, email, title)
	}

	roleCell, boardCell := cell(colRole), strings.ToUpper(cell(colBoard))
	if roleCell == "" && boardCell == "" {
		return nil // a person only
	}
	role, kind, ok := ParseRole(roleCell)
	switch {
	case roleCell == "":
		p.errs.Add(row, colRole, "required", "")
	case !ok:
		p.errs.Add(row, colRole, "unknown_role", "")
	}
	if boardCell == "" {
		p.errs.Add(row, colBoard, "required", "")
		return nil
	}
	if boardCell == "ALLA" {
		boardCell = identity.AllBoards
	}
	if boardCell != identity.AllBoards || kind != "" {
		b, err := p.board(boardCell)
		if err != nil {
			return err
		}
		if b == nil {
			p.errs.Add(row, colBoard, "unknown_board", boardCell)
			return nil
		}
	}
	from, to := p.date(row, colFrom, cell(colFrom)), p.date(row, colTo, cell(colTo))
	if !ok || p.errs.Has(row, colFrom) || p.errs.Has(row, colTo) {
		return nil
	}
	if kind != "" {
		return p.seat(row, username, boardCell, kind, from, to, cell(colParty), cell(colOrder))
	}
	if cell(colParty) != "" || cell(colOrder) != "" {
		p.errs.Add(row, colOrder, "only_for_seats", "Parti and Ordning belong to Ledamot and Ersättare rows")
	}
	a := identity.RoleAssignment{ID: identity.NewRoleID(), Board: boardCell, Role: role, ValidFrom: from, ValidTo: to}
	var fs fault.Fields
	identity.CheckRole(&fs, "", a)
	for _, fe := range fs {
		p.errs.Add(row, roleColumns[fe.Field], fe.Code, "")
	}
	if len(fs) > 0 {
		return nil
	}
	held := append(p.users[username].LocalRoles(), p.roles[username]...)
	for _, x := range held {
		if x.Board == a.Board && x.Role == a.Role && (x.ValidTo.IsZero() || !x.ValidTo.Before(a.ValidFrom)) &&
			(a.ValidTo.IsZero() || !a.ValidTo.Before(x.ValidFrom)) {
			p.errs.Add(row, colFrom, "role_overlaps", fmt.Sprintf("%s holds %s on %s from %s", username, a.Role, a.Board, x.ValidFrom))
			return nil
		}
	}
	p.roles[username] = append(p.roles[username], a)
	p.steps = append(p.steps, ImportStep{Row: row, Action: StepGrantRole, Username: username, Board: a.Board, Role: &a,
		Text: fmt.Sprintf("%s får rollen %s i %s från %s%s", username, roleLabel(a.Role), a.Board, a.ValidFrom, until(a.ValidTo))})
	return nil
}

// identityProfile applies the account's field rules (name, title,
// e-mail) through the identity package's validation of a new account.
func identityProfile(fs *fault.Fields, name, title, email string) {
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		fs.Add("/name", "required")
	case n > identity.MaxName:
		fs.Add("/name", "too_long")
	}
	if !fieldtext.LineOK(name) {
		fs.Add("/name", "control_characters")
	}
	if utf8.RuneCountInString(title) > identity.MaxName || !fieldtext.LineOK(title) {
		fs.Add("/title", "invalid_value")
	}
	if email != "" && !identity.ValidEmail(email) {
		fs.Add("/email", "invalid_email")
	}
}

// person plans the creation of a new person, or the change of an existing
// one's name, e-mail or title; a later row naming the same person
// differently is conflicting_person.
func (p *planner) person(row int, username, name, email, title string) {
	if prev, ok := p.people[username]; ok {
		if (name != "" && name != prev.Name) || (email != "" && email != prev.Email) || (title != "" && title != prev.Title) {
			p.errs.Add(row, colName, "conflicting_person", fmt.Sprintf("row %d says otherwise", prev.Row))
		}
		return
	}
	u, exists := p.users[username]
	if !exists {
		st := ImportStep{Row: row, Action: StepCreateUser, Username: username, Name: name, Email: email, Title: title,
			Text: fmt.Sprintf("Ny person %s (%s), utan lösenord", username, name)}
		p.people[username] = st
		p.steps = append(p.steps, st)
		return
	}
	st := ImportStep{Row: row, Action: StepUpdateUser, Username: username, Name: or(name, u.Name), Email: or(email, u.Email), Title: or(title, u.Title)}
	p.people[username] = st
	if st.Name != u.Name || st.Email != u.Email || st.Title != u.Title {
		st.Text = fmt.Sprintf("%s ändras: namn %q, e-post %q, titel %q", username, st.Name, st.Email, st.Title)
		p.steps = append(p.steps, st)
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (p *planner) date(row int, column, v string) platform.Date {
	if v == "" {
		return platform.Date{}
	}
	d, err := platform.ParseDate(v)
	if err != nil {
		p.errs.Add(row, column, "invalid_date", "YYYY-MM-DD")
	}
	return d
}

// seat plans a seat, checked against the board's roster and the seats
// planned before it.
func (p *planner) seat(row int, username, code string, kind seat.Kind, from, to platform.Date, party, order string) error {
	st := seat.Seat{ID: seat.NewID(), Holder: username, Kind: kind, Party: party, ValidFrom: from, ValidTo: to}
	if order != "" {
		n, err := strconv.Atoi(order)
		if err != nil {
			p.errs.Add(row, colOrder, "invalid_order", "")
			return nil
		}
		st.Order = n
	}
	st.Normalize()
	var fs fault.Fields
	st.Check(&fs, "")
	for _, fe := range fs {
		p.errs.Add(row, seatColumns[fe.Field], fe.Code, "")
	}
	if len(fs) > 0 {
		return nil
	}
	r, err := p.roster(code)
	if err != nil {
		return err
	}
	if err := r.Conflict(st); err != nil {
		f := fault.From(err)
		c := colFrom
		if f.Code == seat.ErrOrderTaken.Code {
			c = colOrder
		}
		p.errs.Add(row, c, f.Code, f.Detail)
		return nil
	}
	r.Seats = append(r.Seats, st)
	what := "ledamot"
	if kind == seat.KindErsattare {
		what = fmt.Sprintf("ersättare nr %d", st.Order)
	}
	p.steps = append(p.steps, ImportStep{Row: row, Action: StepAddSeat, Username: username, Board: code, Seat: &st,
		Text: fmt.Sprintf("%s blir %s i %s (%s) %s–%s", username, what, code, or(st.Party, "utan parti"), st.ValidFrom, st.ValidTo)})
	return nil
}

func roleLabel(r identity.Role) string {
	for w, x := range roleWords {
		if x == r && !strings.Contains(w, "nämnd") && !strings.Contains(w, "system") {
			return w
		}
	}
	return string(r)
}

func until(d platform.Date) string {
	if d.IsZero() {
		return " tills vidare"
	}
	return " till " + d.String()
}
