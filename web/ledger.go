package web

import (
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
)

// maxRootsFile bounds an uploaded file of published checkpoints (about
// 100 000 checkpoints).
const maxRootsFile = 64 << 20

type verifyData struct {
	Report   ledger.Report
	Problems []problemRow
	Against  string // the name of the uploaded roots file, "" when none
	Error    string
	Verified bool
	// The checkpoints part (checkpoints.go).
	MayCheckpoint bool
	Roots         []rootRow
	Flash         string
}

// verifyPage runs the whole check (the same as `samstyr verify` and
// GET /api/v1/audit/verify) and shows every problem.
func (ui *UI) verifyPage(c *gin.Context) {
	ui.verify(c, nil, "")
}

// verifyAgainst runs the check against an uploaded file of published
// checkpoints (as `samstyr verify --against`).
func (ui *UI) verifyAgainst(c *gin.Context) {
	u := currentUser(c)
	if !audit.MayVerify(u, platform.DateOf(ui.Clock.Now())) {
		ui.failed(c, audit.ErrNotPermitted)
		return
	}
	fh, err := c.FormFile("roots")
	if err != nil {
		ui.renderVerify(c, http.StatusUnprocessableEntity, verifyData{Error: "Välj filen med de publicerade kontrollpunkterna."})
		return
	}
	f, err := fh.Open()
	if err != nil {
		ui.failed(c, err)
		return
	}
	defer f.Close()
	roots, err := ledger.DecodeRoots(io.LimitReader(f, maxRootsFile))
	if err != nil {
		ui.renderVerify(c, http.StatusUnprocessableEntity, verifyData{
			Error: "Filen är inte en lista över publicerade kontrollpunkter (samstyr-roots-v1, som den laddas ned från anslagstavlan): " + err.Error()})
		return
	}
	ui.verify(c, &roots, fh.Filename)
}

func (ui *UI) verify(c *gin.Context, roots *ledger.Roots, name string) {
	u := currentUser(c)
	rep, err := ui.Ledger.VerifyAs(c.Request.Context(), u, roots)
	if err != nil {
		ui.failed(c, err)
		return
	}
	ui.renderVerify(c, http.StatusOK, verifyData{Report: rep, Problems: ui.problemRows(c, rep.Problems), Against: name, Verified: true})
}

// problemRow is one problem of the check in words: what is wrong, the
// ärende by diarienummer, the decision, the field by its name, the
// checkpoint and an explanation. Kind, Decision and Field keep the codes
// for the page's data attributes.
type problemRow struct {
	Kind, Decision, Field                        string
	Label, CaseID, Case, DecisionRef, FieldLabel string
	Seq, Checkpoint                              int
	Number, Text                                 string
}

// problemRows writes problems for people (the API keeps codes and the
// English details).
func (ui *UI) problemRows(c *gin.Context, problems []ledger.Problem) []problemRow {
	u := currentUser(c)
	numbers := map[string]string{}
	number := func(caseID string) string {
		if n, ok := numbers[caseID]; ok {
			return n
		}
		n := "borttaget ärende"
		if cs, err := ui.Cases.Case(c.Request.Context(), u, caseID); err == nil {
			n = cs.RegistrationNumber
		}
		numbers[caseID] = n
		return n
	}
	var out []problemRow
	for _, p := range problems {
		r := problemRow{Kind: p.Kind, Decision: p.Decision, Field: p.Field, Label: label("problem", p.Kind),
			Seq: p.Seq, Checkpoint: p.Checkpoint, Number: p.Number, Text: label("problem_text", p.Kind)}
		if p.CaseID != "" {
			r.CaseID, r.Case = p.CaseID, number(p.CaseID)
		}
		if p.Decision != "" {
			r.DecisionRef = audit.DecisionRef(r.Case, p.Decision)
		}
		if p.Field != "" {
			r.FieldLabel = label("record_field", p.Field)
		}
		out = append(out, r)
	}
	return out
}

func (ui *UI) renderVerify(c *gin.Context, status int, d verifyData) {
	u := currentUser(c)
	ui.checkpointPart(c, &d)
	ui.render(c, status, "verify", view{Title: "Kontroll av diariet", User: &u, CSRF: currentSession(c).CSRF, Data: d})
}

// publicRoots serves every published checkpoint as a file to keep (no
// login): the same document as GET /api/v1/public/checkpoints.
func (ui *UI) publicRoots(c *gin.Context) {
	roots, err := ui.Ledger.Roots(c.Request.Context(), 0)
	if err != nil {
		ui.Log.ErrorContext(c.Request.Context(), "published checkpoints", "err", err.Error())
		c.String(http.StatusInternalServerError, "Internt fel")
		return
	}
	name := "samstyr-kontrollpunkter-" + platform.DateOf(ui.Clock.Now()).String() + ".json"
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.JSON(http.StatusOK, roots)
}

// rootRow is one published checkpoint on the anslagstavla.
type rootRow struct {
	Seq, Cases int
	At, Root   string
}

// latestRoots are the newest n published checkpoints, newest first.
func (ui *UI) latestRoots(c *gin.Context, n int) ([]rootRow, error) {
	roots, err := ui.Ledger.LatestRoots(c.Request.Context(), n)
	if err != nil {
		return nil, err
	}
	var out []rootRow
	for i := len(roots.Checkpoints) - 1; i >= 0 && len(out) < n; i-- {
		cp := roots.Checkpoints[i]
		out = append(out, rootRow{Seq: cp.Seq, Cases: cp.CaseCount, Root: cp.Root,
			At: cp.At.In(platform.Stockholm).Format(time.DateTime)})
	}
	return out, nil
}
