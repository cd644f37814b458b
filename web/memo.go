package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/textdiff"
)

type memoEditData struct {
	Case     cases.Case
	Revision int
	Memo     cases.Memo
	Clauses  []string // the clauses plus empty fields to fill in
	SendTo   string   // one recipient per line
	Basis    string   // one item per line
	Preview  bool
	Missing  []string
	Flash    string
}

func (ui *UI) memoEditor(c *gin.Context) {
	u := currentUser(c)
	cs, err := ui.Cases.Case(c.Request.Context(), u, c.Param("id"))
	if err == nil {
		err = ui.Cases.MemoEditError(u, cs) // the editor is for those who may save
	}
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := memoEditData{Case: cs, Memo: cases.Memo{ProposalIntro: "Nämnden beslutar", AuthorName: u.Name, AuthorTitle: u.Title}}
	if b, err := ui.Boards.GetBoard(c.Request.Context(), cs.Board); err == nil {
		d.Memo.RecipientBoard = b.Name
		d.Memo.Title = cs.Title
	}
	if cs.Memo != nil {
		_, rev, err := ui.Cases.Revision(c.Request.Context(), u, cs.ID, 0)
		if err != nil {
			ui.failed(c, err)
			return
		}
		d.Memo, d.Revision, d.Missing = rev.Memo, rev.No, rev.Memo.MissingSections()
	}
	d.fill(2)
	d.Flash = flashes[c.Query("meddelande")]
	ui.render(c, http.StatusOK, "memo_edit", view{Title: "Tjänsteskrivelse " + cs.RegistrationNumber, User: &u,
		CSRF: currentSession(c).CSRF, Data: d})
}

// fill prepares the editable text fields, with extra empty att-sats fields.
func (d *memoEditData) fill(extra int) {
	d.Clauses = append(append([]string(nil), d.Memo.Clauses...), make([]string, extra)...)
	d.SendTo = strings.Join(d.Memo.SendTo, "\n")
	var basis []string
	for _, b := range d.Memo.Basis {
		if b.DocumentNo > 0 {
			basis = append(basis, "#"+strconv.Itoa(b.DocumentNo)+" "+b.Text)
		} else {
			basis = append(basis, b.Text)
		}
	}
	d.Basis = strings.Join(basis, "\n")
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// memoFromForm reads the editor's fields. Beslutsunderlag lines starting
// with "#N " refer to handling N.
func memoFromForm(c *gin.Context) cases.Memo {
	m := cases.Memo{Title: c.PostForm("title"), AuthorName: c.PostForm("author_name"), AuthorTitle: c.PostForm("author_title"),
		RecipientBoard: c.PostForm("recipient_board"), ProposalIntro: c.PostForm("proposal_intro"),
		Description: c.PostForm("description"), Assessment: c.PostForm("assessment"), Consequences: c.PostForm("consequences"),
		SendTo: lines(c.PostForm("send_to")), Clauses: []string{}, Basis: []cases.BasisRef{}}
	for _, cl := range c.PostFormArray("clause") {
		if cl = strings.TrimSpace(cl); cl != "" {
			m.Clauses = append(m.Clauses, cl)
		}
	}
	for _, l := range lines(c.PostForm("basis")) {
		ref := cases.BasisRef{Text: l}
		if rest, ok := strings.CutPrefix(l, "#"); ok {
			if num, text, ok := strings.Cut(rest, " "); ok {
				if n, err := strconv.Atoi(num); err == nil {
					ref = cases.BasisRef{DocumentNo: n, Text: strings.TrimSpace(text)}
				}
			}
		}
		m.Basis = append(m.Basis, ref)
	}
	return m
}

func (ui *UI) memoSave(c *gin.Context) {
	u := currentUser(c)
	cs, err := ui.Cases.Case(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	rev, _ := strconv.Atoi(c.PostForm("revision"))
	d := memoEditData{Case: cs, Revision: rev, Memo: memoFromForm(c)}
	if action := c.PostForm("action"); action == "add_clause" || action == "preview" {
		if err := ui.Cases.MemoEditError(u, cs); err != nil {
			ui.failed(c, err)
			return
		}
	}
	switch c.PostForm("action") {
	case "add_clause":
		d.fill(1 + 1)
		d.Clauses = d.Clauses[:len(d.Memo.Clauses)+2]
		ui.render(c, http.StatusOK, "memo_edit", view{Title: "Tjänsteskrivelse " + cs.RegistrationNumber, User: &u,
			CSRF: currentSession(c).CSRF, Data: d})
		return
	case "preview":
		d.fill(1)
		d.Preview, d.Missing = true, d.Memo.MissingSections()
		ui.render(c, http.StatusOK, "memo_edit", view{Title: "Förhandsgranskning " + cs.RegistrationNumber, User: &u,
			CSRF: currentSession(c).CSRF, Data: d})
		return
	}
	if _, _, err := ui.Cases.SaveMemo(c.Request.Context(), u, cs.ID, rev, d.Memo); err != nil {
		d.fill(1)
		ui.render(c, statusOf(fault.From(err)), "memo_edit", view{Title: "Tjänsteskrivelse " + cs.RegistrationNumber, User: &u,
			CSRF: currentSession(c).CSRF, Error: problemText(err), Data: d})
		return
	}
	c.Redirect(http.StatusSeeOther, "/arenden/"+cs.ID+"?meddelande=sparad")
}

func (ui *UI) memoPDF(c *gin.Context) {
	u := currentUser(c)
	no, _ := strconv.Atoi(c.Query("version"))
	cs, rev, err := ui.Cases.Revision(c.Request.Context(), u, c.Param("id"), no)
	if err != nil {
		ui.failed(c, err)
		return
	}
	pdf, err := ui.Cases.RenderMemoPDF(c.Request.Context(), cs, rev)
	if err != nil {
		ui.failed(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="tjansteskrivelse.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}

type revisionsData struct {
	Case     cases.Case
	From, To int
	Sections []sectionDiff
}

type sectionDiff struct {
	Label   string
	Changed bool
	Lines   []textdiff.Line
}

var sectionLabels = map[string]string{"title": "Rubrik", "clauses": "Förslag till beslut", "description": "Ärendebeskrivning",
	"basis": "Beslutsunderlag", "assessment": "Bedömning", "consequences": "Konsekvensanalys", "send_to": "Beslutet skickas till"}

func (ui *UI) memoRevisions(c *gin.Context) {
	u := currentUser(c)
	cs, err := ui.Cases.Case(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		ui.failed(c, err)
		return
	}
	d := revisionsData{Case: cs}
	if cs.Memo != nil && len(cs.Memo.Revisions) > 1 {
		d.From, _ = strconv.Atoi(c.DefaultQuery("fran", strconv.Itoa(cs.Memo.Revision-1)))
		d.To, _ = strconv.Atoi(c.DefaultQuery("till", strconv.Itoa(cs.Memo.Revision)))
		_, a, err := ui.Cases.Revision(c.Request.Context(), u, cs.ID, d.From)
		if err != nil {
			ui.failed(c, err)
			return
		}
		_, b, err := ui.Cases.Revision(c.Request.Context(), u, cs.ID, d.To)
		if err != nil {
			ui.failed(c, err)
			return
		}
		for _, s := range cases.DiffMemos(a.Memo, b.Memo) {
			d.Sections = append(d.Sections, sectionDiff{Label: sectionLabels[s.Section], Changed: s.Changed, Lines: s.Lines})
		}
	}
	ui.render(c, http.StatusOK, "memo_revisions", view{Title: "Versioner " + cs.RegistrationNumber, User: &u,
		CSRF: currentSession(c).CSRF, Data: d})
}
