package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
)

// checkPaging refuses paging and format parameters that are not what
// they claim (a limit that is not a number, an unknown format), and a
// cursor where the answer is not paged: ignoring them would hide a
// client's mistake or a tampered link.
func checkPaging(q url.Values, paged bool) error {
	bad := func(name string) error {
		e := audit.ErrInvalidFilter.WithDetail("%s", name)
		e.Fields = []fault.FieldError{{Field: "query/" + name, Code: "invalid_value"}}
		return e
	}
	if v, ok := q["limit"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > 500 || !paged {
			return bad("limit")
		}
	}
	if v, ok := q["format"]; ok && v[0] != "json" && v[0] != "csv" && v[0] != "jsonl" {
		return bad("format")
	}
	if _, ok := q["cursor"]; ok && !paged {
		return audit.ErrInvalidCursor.WithDetail("this answer is not paged")
	}
	return nil
}

// auditFilter parses the query and scopes it to the caller's boards.
func (s *Server) auditFilter(c *gin.Context, paged bool) (audit.Filter, bool) {
	f, err := audit.ParseFilter(c.Request.URL.Query())
	if err == nil {
		err = checkPaging(c.Request.URL.Query(), paged)
	}
	if err != nil {
		s.abort(c, err)
		return f, false
	}
	f.Boards = audit.ReadableBoards(user(c), platform.DateOf(s.clock.Now()))
	if f.Board != "" && f.Boards != nil && !contains(f.Boards, f.Board) {
		f.Boards = []string{} // a board the user has no role on: nothing
		f.Board = ""
	}
	return f, true
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) auditSearch(c *gin.Context) {
	f, ok := s.auditFilter(c, true)
	if !ok {
		return
	}
	limit, _ := strconv.Atoi(c.DefaultQuery("limit", "50"))
	if err := s.audit.Log(c.Request.Context(), user(c).Username, "search", audit.Describe(c.Request.URL.Query())); err != nil {
		s.abort(c, err)
		return
	}
	if f.Boards != nil && len(f.Boards) == 0 {
		c.JSON(http.StatusOK, audit.Page{Items: []audit.Record{}})
		return
	}
	p, err := s.audit.Search(c.Request.Context(), f, c.Query("cursor"), limit)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (s *Server) auditExport(c *gin.Context) {
	f, ok := s.auditFilter(c, false)
	if !ok {
		return
	}
	format := c.DefaultQuery("format", "csv")
	if format != "csv" && format != "jsonl" {
		s.abort(c, audit.ErrInvalidFilter.WithDetail("format must be csv or jsonl"))
		return
	}
	if err := s.audit.Log(c.Request.Context(), user(c).Username, "export", audit.Describe(c.Request.URL.Query())); err != nil {
		s.abort(c, err)
		return
	}
	if f.Boards != nil && len(f.Boards) == 0 {
		f.Board = "\x00none" // matches nothing
	}
	c.Header("Cache-Control", "no-store")
	var err error
	if format == "csv" {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="beslut.csv"`)
		c.Status(http.StatusOK)
		_, err = s.audit.ExportCSV(c.Request.Context(), f, c.Writer)
	} else {
		c.Header("Content-Type", "application/x-ndjson; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="beslut.jsonl"`)
		c.Status(http.StatusOK)
		_, err = s.audit.ExportJSONL(c.Request.Context(), f, c.Writer)
	}
	if err != nil {
		// Headers are gone; the client sees a truncated file. Log it.
		s.log.ErrorContext(c.Request.Context(), "export failed", "err", err.Error())
	}
}

// reportRow is a decision in an auditor report.
type reportRow struct {
	audit.Record
	AgeDays int `json:"age_days"`
}

// collect runs a search to the end (reports are bounded by their filter).
func (s *Server) collect(c *gin.Context, f audit.Filter, keep func(audit.Record) bool) ([]reportRow, error) {
	today := platform.DateOf(s.clock.Now())
	out := []reportRow{}
	if f.Boards != nil && len(f.Boards) == 0 {
		return out, nil
	}
	err := s.audit.Each(c.Request.Context(), f, func(r audit.Record) error {
		if keep == nil || keep(r) {
			out = append(out, reportRow{Record: r, AgeDays: r.AgeDays(today)})
		}
		return nil
	})
	return out, err
}

func (s *Server) auditReport(c *gin.Context) {
	name := c.Param("report")
	q := c.Request.URL.Query()
	year := 0
	if name == "budget" {
		y, err := strconv.Atoi(q.Get("year"))
		if err != nil || y < 2000 || y > 2100 {
			s.abort(c, audit.ErrInvalidFilter.WithDetail("year"))
			return
		}
		year = y
		q.Del("year")
	}
	f, err := audit.ParseFilter(q)
	if err == nil {
		err = checkPaging(q, false)
	}
	if err != nil {
		s.abort(c, err)
		return
	}
	f.Boards = audit.ReadableBoards(user(c), platform.DateOf(s.clock.Now()))
	if err := s.audit.Log(c.Request.Context(), user(c).Username, "report:"+name, audit.Describe(c.Request.URL.Query())); err != nil {
		s.abort(c, err)
		return
	}
	no := false
	var rows []reportRow
	switch name {
	case "unreported":
		f.Reported = &no
		rows, err = s.collect(c, f, func(r audit.Record) bool { return r.ReportTo != "ingen" })
	case "noncompliant":
		f.Compliant = &no
		rows, err = s.collect(c, f, nil)
	case "budget":
		items, err := s.audit.BudgetReport(c.Request.Context(), user(c), f, year)
		if err != nil {
			s.abort(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"report": "budget", "year": year, "items": items})
		return
	case "jav":
		s.javRegister(c, f)
		return
	default:
		s.abort(c, errRouteNotFound.WithDetail("no report %q", name))
		return
	}
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"report": name, "items": rows})
}

func (s *Server) javRegister(c *gin.Context, f audit.Filter) {
	list, err := s.cases.JavRegister(c.Request.Context(), f.Boards, f.Board)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"report": "jav", "items": list})
}

func (s *Server) auditVerify(c *gin.Context) {
	rep, err := s.ledger.VerifyAs(c.Request.Context(), user(c), nil)
	if err != nil {
		s.abort(c, err)
		return
	}
	// first_problem is null and problems empty when everything verifies.
	var first *ledger.Problem
	if p, ok := rep.First(); ok {
		first = &p
	}
	problems := rep.Problems
	if problems == nil {
		problems = []ledger.Problem{}
	}
	c.JSON(http.StatusOK, gin.H{"ok": rep.OK(), "cases_checked": rep.CasesChecked, "events_checked": rep.EventsChecked,
		"checkpoints_checked": rep.CheckpointsChecked, "first_problem": first, "problems": problems})
}

func (s *Server) makeCheckpoint(c *gin.Context) {
	cp, err := s.ledger.CheckpointAs(c.Request.Context(), user(c))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, cp)
}
