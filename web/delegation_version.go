package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// orderVersionData is the page of one version of a delegationsordning:
// its points, how it differs from the version in force, and for a draft
// the form by which the nämnd's adoption is recorded.
type orderVersionData struct {
	Board, BoardName string
	Order            delegation.Order
	Phase, PhaseText string
	Points           []pointRow
	InForce          *delegation.Order // the version in force today, nil when none
	SameAsInForce    bool
	Changes          []changeRow
	MayAdopt         bool
	Adopt            adoptForm
	Flash            string
}

// changeRow is one point that differs from the version in force.
type changeRow struct {
	Code, KindText, Matter string
	Fields                 []fieldChange
}

// fieldChange is one field of a changed point, before and after.
type fieldChange struct{ Label, Old, New string }

// adoptForm is the adoption form's values and its refusal.
type adoptForm struct{ Ref, AdoptedOn, ValidFrom, Error string }

var changeKindText = map[delegation.ChangeKind]string{delegation.PointAdded: "Ny punkt",
	delegation.PointRemoved: "Punkten tas bort", delegation.PointChanged: "Ändrad"}

var pointFieldLabels = map[string]string{"section": "Avsnitt", "matter": "Ärende", "legal_basis": "Lagrum",
	"delegate": "Delegat", "substitutes": "Ersättare", "limit": "Beloppsgräns", "conditions": "Villkor",
	"report_to": "Anmäls till", "subdelegation_allowed": "Vidaredelegering", "urgent_only": "Endast brådskande",
	"excluded": "Undantag enligt 6 kap. 38 § KL", "principle": "Principiell"}

// pointRowOf is a point as the pages print it.
func pointRowOf(p delegation.Point) pointRow {
	return pointRow{Code: p.Code, Section: p.Section, Matter: p.Matter, LegalBasis: p.LegalBasis,
		Delegate: roleName(p.Delegate), Substitutes: roleList(p.Substitutes), Limit: delegation.FormatLimit(p.Limit),
		Conditions: p.Conditions, ReportTo: reportText[p.ReportTo], Delegable: len(p.Excluded) == 0 && !p.UrgentOnly}
}

// pointField is one field of p in words.
func pointField(p delegation.Point, name string) string {
	yes := func(b bool) string {
		if b {
			return "Ja"
		}
		return "Nej"
	}
	r := pointRowOf(p)
	switch name {
	case "section":
		return r.Section
	case "matter":
		return r.Matter
	case "legal_basis":
		return r.LegalBasis
	case "delegate":
		return r.Delegate
	case "substitutes":
		return r.Substitutes
	case "limit":
		return cmpText(r.Limit, "Ingen beloppsgräns")
	case "conditions":
		return r.Conditions
	case "report_to":
		return r.ReportTo
	case "subdelegation_allowed":
		return yes(p.SubdelegationAllowed)
	case "urgent_only":
		return yes(p.UrgentOnly)
	case "excluded":
		return yes(len(p.Excluded) > 0)
	case "principle":
		return yes(p.Principle)
	}
	return ""
}

func cmpText(s, empty string) string {
	if s == "" {
		return empty
	}
	return s
}

// orderVersionPage shows one version and its differences from the
// version in force.
func (ui *UI) orderVersionPage(c *gin.Context) {
	ui.renderOrderVersion(c, http.StatusOK, adoptForm{})
}

func (ui *UI) renderOrderVersion(c *gin.Context, status int, form adoptForm) {
	u := currentUser(c)
	board := c.Param("board")
	number, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		ui.failed(c, delegation.ErrOrderNotFound)
		return
	}
	orders, err := ui.Decisions.Orders(c.Request.Context(), u, board)
	if err != nil {
		ui.failed(c, err)
		return
	}
	var shown *delegation.Order
	for i := range orders {
		if orders[i].Number == number {
			shown = &orders[i]
		}
	}
	if shown == nil {
		ui.failed(c, delegation.ErrOrderNotFound)
		return
	}
	today := platform.DateOf(ui.Clock.Now())
	phase := delegation.PhaseOn(*shown, orders, today)
	d := orderVersionData{Board: board, Order: *shown, Phase: string(phase), PhaseText: phaseText[phase], Adopt: form,
		MayAdopt: phase == delegation.PhaseDraft && ui.Cases.May(u, board, "manage_delegation"),
		Flash:    flashes[c.Query("meddelande")]}
	if b, err := ui.Boards.GetBoard(c.Request.Context(), board); err == nil {
		d.BoardName = b.Name
	}
	for _, p := range shown.Points {
		d.Points = append(d.Points, pointRowOf(p))
	}
	var old []delegation.Point
	if o, ok := delegation.InForce(orders, today); ok {
		d.InForce = &o
		d.SameAsInForce = o.Number == shown.Number
		old = o.Points
	}
	if !d.SameAsInForce {
		for _, ch := range delegation.Compare(old, shown.Points) {
			row := changeRow{Code: ch.Code, KindText: changeKindText[ch.Kind]}
			switch {
			case ch.New != nil:
				row.Matter = ch.New.Matter
			default:
				row.Matter = ch.Old.Matter
			}
			for _, f := range ch.Fields {
				row.Fields = append(row.Fields, fieldChange{Label: pointFieldLabels[f], Old: pointField(*ch.Old, f), New: pointField(*ch.New, f)})
			}
			d.Changes = append(d.Changes, row)
		}
	}
	if d.Adopt.AdoptedOn == "" {
		d.Adopt.AdoptedOn = today.String()
	}
	ui.render(c, status, "delegation_version", view{Title: "Delegationsordning version " + strconv.Itoa(number), User: &u,
		CSRF: currentSession(c).CSRF, Data: d})
}

// orderAdopt records the nämnd's adoption of a draft (the paragraph of
// the adopting decision, its date and the day the version comes into
// force); a refusal shows the form again with the reason.
func (ui *UI) orderAdopt(c *gin.Context) {
	u := currentUser(c)
	board := c.Param("board")
	form := adoptForm{Ref: strings.TrimSpace(c.PostForm("adopted_ref")), AdoptedOn: c.PostForm("adopted_on"), ValidFrom: c.PostForm("valid_from")}
	number, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		ui.failed(c, delegation.ErrOrderNotFound)
		return
	}
	ifMatch, err := strconv.ParseInt(c.PostForm("if_match"), 10, 64)
	if err != nil {
		ui.failed(c, formVersionRefused())
		return
	}
	// A date that does not parse stays zero, and the use case names it
	// with every other field it refuses.
	on, _ := platform.ParseDate(form.AdoptedOn)
	from, _ := platform.ParseDate(form.ValidFrom)
	_, err = ui.Decisions.AdoptOrder(c.Request.Context(), u, board, number, ifMatch,
		delegation.Adoption{Ref: form.Ref, AdoptedOn: on, ValidFrom: from})
	if err != nil {
		f := faultOf(err)
		if f.Kind == fault.Internal || f.Kind == fault.NotFound || f.Kind == fault.Forbidden {
			ui.failed(c, err)
			return
		}
		form.Error = problemText(err)
		ui.renderOrderVersion(c, statusOf(f), form)
		return
	}
	c.Redirect(http.StatusSeeOther, "/delegationsordning/"+board+"/"+strconv.Itoa(number)+"?meddelande=antagen")
}

// orderExport downloads a version as CSV or YAML (the same files as the
// API's ?format=csv and ?format=yaml), for anyone who may read the board.
func (ui *UI) orderExport(c *gin.Context) {
	u := currentUser(c)
	board := c.Param("board")
	number, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		ui.failed(c, delegation.ErrOrderNotFound)
		return
	}
	o, err := ui.Decisions.Order(c.Request.Context(), u, board, number)
	if err != nil {
		ui.failed(c, err)
		return
	}
	var buf bytes.Buffer
	name := "delegationsordning-" + board + "-v" + strconv.Itoa(o.Number)
	switch c.Param("format") {
	case "delegationsordning.csv":
		if err := delegation.WriteCSV(&buf, o.Points); err != nil {
			ui.failed(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	case "delegationsordning.yaml":
		if err := delegation.WriteYAML(&buf, o); err != nil {
			ui.failed(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.yaml"`)
		c.Data(http.StatusOK, "application/yaml; charset=utf-8", buf.Bytes())
	default:
		ui.failed(c, fault.New(fault.NotFound, "not_found"))
	}
}
