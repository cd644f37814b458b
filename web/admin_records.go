package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/admin"
	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
)

// recordRow is one administration record as a page shows it: who (by
// name), what, and the fields it changed in words (Changes), never the
// stored JSON.
type recordRow struct {
	Object, At, Actor, Action, Ref, Note, Hash string
	Seq                                        int
	Changes                                    []recordChange
}

// actionNames are the recorded actions in Swedish.
var actionNames = map[string]string{
	"user_created": "Konto skapat", "user_changed": "Konto ändrat", "password_reset": "Lösenord satt av administratör",
	"password_changed": "Eget lösenord bytt", "role_granted": "Roll tilldelad", "role_ended": "Roll avslutad",
	"baseline": "Tillstånd vid uppgradering", "board_created": "Nämnd skapad", "board_changed": "Nämnd ändrad",
	"seat_added": "Mandat tillsatt", "seat_ended": "Mandat avslutat", "value_set": "Värde angivet",
	"value_corrected": "Värde rättat", "class_added": "Ärendegrupp tillagd", "class_changed": "Ärendegrupp ändrad",
	"organisation_created": "Organisation upprättad", "organisation_changed": "Organisation ändrad",
}

func actionName(a string) string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return a
}

func formatAt(at time.Time) string { return at.In(platform.Stockholm).Format("2006-01-02 15:04:05") }

// recordRows writes object's chain for people, naming each person and
// nämnd once per page (through ctx's memo of names, or a new one).
func (ui *UI) recordRows(ctx context.Context, object string, log adminlog.Log) []recordRow {
	out := make([]recordRow, 0, len(log))
	if _, ok := ctx.Value(nameMemoKey{}).(*nameMemo); !ok {
		ctx = withNameMemo(ctx)
	}
	for _, r := range log {
		out = append(out, ui.recordRow(ctx, object, r))
	}
	return out
}

// recordRow writes one record of object's chain for people.
func (ui *UI) recordRow(ctx context.Context, object string, r adminlog.Record) recordRow {
	row := recordRow{Object: ui.objectText(ctx, object), At: formatAt(r.At), Actor: ui.recordPerson(ctx, r.Actor),
		Action: actionName(r.Action), Note: noteText(r.Note), Hash: r.Hash, Seq: r.Seq, Changes: ui.recordChanges(ctx, r.Before, r.After)}
	if shownRef.MatchString(r.Ref) { // a year or a class code; a role's or seat's id is internal
		row.Ref = r.Ref
	}
	switch r.Actor {
	case "system":
		row.Actor = "Samstyr"
	case "migration":
		row.Actor = "Uppgradering"
	}
	return row
}

// shownRef is a record's Ref worth showing: a year or a short code.
var shownRef = regexp.MustCompile(`^(?:\d{4}|[A-ZÅÄÖ0-9.]{1,10})$`)

// objectText names a record chain's object in words: a person by name, a
// nämnd by its name.
func (ui *UI) objectText(ctx context.Context, object string) string {
	if rest, ok := strings.CutPrefix(object, "Person "); ok {
		return "Person: " + ui.recordPerson(ctx, rest)
	}
	for _, kind := range []string{"Nämnd ", "Mandat "} {
		if rest, ok := strings.CutPrefix(object, kind); ok {
			return strings.TrimSpace(kind) + ": " + ui.recordBoard(ctx, rest)
		}
	}
	return object
}

// recordsPerPage is how many records the log shows at first; "Visa fler"
// doubles it (at most admin.MaxRecordLimit).
const recordsPerPage = 10

type adminRecordsData struct {
	Records []recordRow
	Chains  []admin.ChainStatus
	Bad     int
	Actor   string
	// More is the link to the page with twice as many records, "" when
	// there are no older ones.
	More string
}

func (ui *UI) adminRecords(c *gin.Context) {
	n, err := strconv.Atoi(c.DefaultQuery("antal", strconv.Itoa(recordsPerPage)))
	if err != nil || n < 1 {
		n = recordsPerPage
	}
	n = min(n, admin.MaxRecordLimit)
	ans, err := ui.Admin.Records(c.Request.Context(), currentUser(c), ui.Records, admin.RecordFilter{Chain: c.Query("kedja"), Actor: c.Query("av"), Limit: n})
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := adminRecordsData{Chains: ans.Chains, Actor: c.Query("av")}
	ctx := withNameMemo(c.Request.Context())
	for _, r := range ans.Records {
		d.Records = append(d.Records, ui.recordRow(ctx, r.Label, r.Record))
	}
	for _, ch := range ans.Chains {
		if !ch.OK {
			d.Bad++
		}
	}
	if ans.More && n < admin.MaxRecordLimit {
		q := c.Request.URL.Query()
		q.Set("antal", strconv.Itoa(min(2*n, admin.MaxRecordLimit)))
		d.More = "/admin/logg?" + q.Encode()
	}
	ui.adminView(c, http.StatusOK, "admin_records", "Administrationens logg", d, "")
}

// Reference data.

type pbbRow struct {
	Year               int
	Kronor, Source, By string
	At                 string
}

type adminReferenceData struct {
	PBB      []pbbRow
	Classes  []refdata.Class
	Warnings []refdata.Warning
	NextYear int
	Flash    string
}

func (ui *UI) adminReference(c *gin.Context) {
	ui.renderAdminReference(c, http.StatusOK, "")
}

func (ui *UI) renderAdminReference(c *gin.Context, status int, errText string) {
	ctx := c.Request.Context()
	ov, err := ui.Admin.Overview(ctx, currentUser(c))
	if err != nil {
		ui.failed(c, err)
		return
	}
	p, err := ui.Admin.Prisbasbelopp(ctx)
	if err != nil {
		ui.failed(c, err)
		return
	}
	cl, err := ui.Admin.Classification(ctx)
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := adminReferenceData{Classes: cl.Classes, Warnings: ov.Warnings, NextYear: platform.DateOf(ui.Clock.Now()).Year + 1,
		Flash: adminFlashes[c.Query("meddelande")]}
	for _, v := range p.Values {
		d.PBB = append(d.PBB, pbbRow{Year: v.Year, Kronor: money.Format(v.Ore), Source: v.Source, By: v.SetBy, At: formatAt(v.SetAt)})
	}
	ui.adminView(c, status, "admin_reference", "Referensdata", d, errText)
}

func (ui *UI) adminPBB(c *gin.Context) {
	var fs fault.Fields
	year, err := strconv.Atoi(strings.TrimSpace(c.PostForm("year")))
	if err != nil {
		fs.Add("/year", "invalid_year")
	}
	ore, perr := parseKronor(c.PostForm("kronor"))
	if perr != nil {
		fs.Add("/ore", "invalid_amount")
	}
	err = fs.Err(fault.Unprocessable)
	if err == nil {
		_, err = ui.Admin.SetPrisbasbelopp(c.Request.Context(), currentUser(c), year, ore, c.PostForm("source"))
	}
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminReference(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin/referens", "referens")
}

func (ui *UI) adminClass(c *gin.Context) {
	_, err := ui.Admin.PutClass(c.Request.Context(), currentUser(c), refdata.Class{Code: c.PostForm("code"), Name: c.PostForm("name"),
		Retired: c.PostForm("retired") == "ja"})
	if err != nil {
		ui.adminFailed(c, err, func(msg string) { ui.renderAdminReference(c, statusOf(faultOf(err)), msg) })
		return
	}
	redirect(c, "/admin/referens", "referens")
}

// Import.

type adminImportData struct {
	Columns string
	Steps   []admin.ImportStep
	Counts  map[string]int
	Errors  []importError
	DryRun  bool
	Done    bool
	Status  string
	CSV     string
	Flash   string
}

type importError struct{ Field, Message, Detail string }

func (ui *UI) adminImportPage(c *gin.Context) {
	if _, err := ui.Admin.Overview(c.Request.Context(), currentUser(c)); err != nil {
		ui.failed(c, err)
		return
	}
	ui.adminView(c, http.StatusOK, "admin_import", "Läs in personer, roller och mandat",
		adminImportData{Columns: strings.Join(admin.ImportColumns, ";"), Flash: adminFlashes[c.Query("meddelande")]}, "")
}

// adminImport reads the uploaded file (or the text carried from a dry
// run) and checks it (dry run) or imports it.
func (ui *UI) adminImport(c *gin.Context) {
	d := adminImportData{Columns: strings.Join(admin.ImportColumns, ";"), DryRun: c.PostForm("action") != "apply"}
	var data []byte
	if fh, err := c.FormFile("file"); err == nil {
		f, err := fh.Open()
		if err != nil {
			ui.failed(c, err)
			return
		}
		data, err = io.ReadAll(io.LimitReader(f, admin.MaxImportBytes+1))
		f.Close()
		if err != nil {
			ui.failed(c, err)
			return
		}
	} else {
		data = []byte(c.PostForm("csv"))
	}
	d.CSV = string(data)
	im, err := ui.Admin.Import(c.Request.Context(), currentUser(c), bytes.NewReader(data), d.DryRun)
	if err != nil {
		f := faultOf(err)
		if f.Kind != fault.Unprocessable && f.Kind != fault.TooLarge && f.Kind != fault.Conflict {
			ui.failed(c, err)
			return
		}
		for _, fe := range f.Fields {
			d.Errors = append(d.Errors, importError{Field: swedishField(fe.Field), Message: t(fe.Code), Detail: fe.Detail})
		}
		msg := "Filen lästes inte in: rätta raderna nedan. Ingenting har ändrats."
		if f.Kind != fault.Unprocessable {
			msg = adminProblemText(err)
		}
		ui.adminView(c, statusOf(f), "admin_import", "Läs in personer, roller och mandat", d, msg)
		return
	}
	d.Steps, d.Counts, d.Status, d.Done = im.Steps, im.Counts(), im.Status, !d.DryRun
	ui.adminView(c, http.StatusOK, "admin_import", "Läs in personer, roller och mandat", d, "")
}

// Who held it (revisorer and administrators).

type holdersData struct {
	Boards  []option
	Roles   []option
	Board   string
	Date    string
	Kind    string
	Value   string
	Answer  *admin.Answer
	Holders []holderRow
	Asked   bool
}

// holderRow is one holder of the answer, in Swedish.
type holderRow struct {
	Username, Name, Capacity, ValidFrom, ValidTo, Note string
	Records                                            []string
	ChainOK                                            bool
}

// holderRows turns an answer's holders into rows.
func holderRows(hs []admin.Holder) []holderRow {
	var out []holderRow
	for _, h := range hs {
		r := holderRow{Username: h.Username, Name: h.Name, Capacity: capacityNames[h.Capacity], ValidFrom: h.ValidFrom.String(),
			ValidTo: h.ValidTo.String(), Note: h.Note, ChainOK: h.ChainOK}
		if h.Role != "" && !strings.HasPrefix(h.Role, "subdelegat:") {
			r.Capacity += " – " + t("role."+h.Role)
		}
		if h.Party != "" {
			r.Capacity += " (" + h.Party
			if h.Order > 0 {
				r.Capacity += ", nr " + strconv.Itoa(h.Order)
			}
			r.Capacity += ")"
		}
		if h.Source == "oidc" {
			r.Capacity += " (från SSO)"
		}
		if r.ValidTo == "" {
			r.ValidTo = "tills vidare"
		}
		for _, rec := range h.Records {
			r.Records = append(r.Records, fmt.Sprintf("#%d %s av %s %s (%s)", rec.Seq, actionName(rec.Action), rec.Actor, formatAt(rec.At), rec.Hash[:16]))
		}
		out = append(out, r)
	}
	return out
}

var capacityNames = map[string]string{"role": "Roll", "delegate": "Delegat", "substitute": "Ersättare enligt delegationsordningen",
	"subdelegate": "Vidaredelegering", "ledamot": "Ledamot", "ersattare": "Ersättare"}

func (ui *UI) holdersPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	if !ui.Admin.MayAudit(u) {
		ui.failed(c, admin.ErrNotAuditor)
		return
	}
	d := holdersData{Board: c.Query("namnd"), Date: c.Query("datum"), Kind: c.DefaultQuery("fraga", "roll"), Value: c.Query("varde"),
		Roles: roleOptions()}
	bs, err := ui.Admin.Boards(ctx)
	if err != nil {
		ui.failed(c, err)
		return
	}
	for _, b := range bs {
		d.Boards = append(d.Boards, option{b.Code, b.Name + " (" + b.Code + ")"})
	}
	if d.Date == "" {
		d.Date = platform.DateOf(ui.Clock.Now()).String()
	}
	if d.Board == "" {
		ui.adminView(c, http.StatusOK, "holders", "Vem innehade?", d, "")
		return
	}
	d.Asked = true
	date, err := platform.ParseDate(d.Date)
	if err != nil {
		ui.adminView(c, http.StatusBadRequest, "holders", "Vem innehade?", d, t("invalid_date"))
		return
	}
	q := admin.Question{Board: d.Board, Date: date}
	switch d.Kind {
	case "punkt":
		q.Point = strings.ToUpper(strings.TrimSpace(d.Value))
	case "mandat":
		q.Seat = d.Value
		if strings.EqualFold(strings.TrimSpace(q.Seat), "ersättare") { // the word as the page writes it
			q.Seat = "ersattare"
		}
		if q.Seat == "" {
			q.Seat = "all"
		}
	default:
		q.Role = d.Value
	}
	ans, err := ui.Admin.WhoHeld(ctx, u, q)
	if err != nil {
		f := faultOf(err)
		if f.Kind == fault.Forbidden {
			ui.failed(c, err)
			return
		}
		ui.adminView(c, statusOf(f), "holders", "Vem innehade?", d, adminProblemText(err))
		return
	}
	d.Answer, d.Holders = &ans, holderRows(ans.Holders)
	ui.adminView(c, http.StatusOK, "holders", "Vem innehade?", d, "")
}

// Own password.

func (ui *UI) passwordPage(c *gin.Context) {
	ui.adminView(c, http.StatusOK, "password", "Byt lösenord", map[string]string{"Flash": adminFlashes[c.Query("meddelande")]}, "")
}

func (ui *UI) passwordChange(c *gin.Context) {
	_, err := ui.Admin.ChangeOwnPassword(c.Request.Context(), currentUser(c), c.PostForm("current_password"), c.PostForm("new_password"))
	if err != nil {
		ui.adminFailed(c, err, func(msg string) {
			ui.adminView(c, statusOf(faultOf(err)), "password", "Byt lösenord", map[string]string{}, msg)
		})
		return
	}
	redirect(c, "/konto/losenord", "eget")
}

// importNoteRe matches the note an import leaves on each record it makes
// ("import <id> rad 7"; the id keeps a resumed import from repeating a
// row).
var importNoteRe = regexp.MustCompile(`^import [0-9a-fA-F-]{36} rad (\d+)$`)

// noteText is a record's note for people: an import's note names the
// file's row, not the import's id.
func noteText(note string) string {
	if m := importNoteRe.FindStringSubmatch(note); m != nil {
		return "Inläsning från fil, rad " + m[1]
	}
	return note
}
