package api

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/costs"
	"github.com/samstyr/samstyr/internal/costs/agreement"
	"github.com/samstyr/samstyr/internal/costs/allocation"
	"github.com/samstyr/samstyr/internal/platform"
)

func (s *Server) listMembers(c *gin.Context) {
	code := c.Param("board")
	members, err := s.costs.Members(c.Request.Context(), user(c), code)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": members})
}

type userCountRequest struct {
	KeyDate platform.Date `json:"key_date"`
	Users   int64         `json:"users"`
}

func (s *Server) recordUserCount(c *gin.Context) {
	code := c.Param("board")
	var req userCountRequest
	if !s.bind(c, &req) {
		return
	}
	m, err := s.costs.RecordUserCount(c.Request.Context(), user(c), code, c.Param("member"),
		board.UserCount{KeyDate: req.KeyDate, Users: req.Users})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

func (s *Server) listAgreements(c *gin.Context) {
	code := c.Param("board")
	as, err := s.costs.Agreements(c.Request.Context(), user(c), code)
	if err != nil {
		s.abort(c, err)
		return
	}
	if as == nil {
		as = []agreement.Agreement{}
	}
	c.JSON(http.StatusOK, gin.H{"items": as})
}

type agreementRequest struct {
	Title      string               `json:"title"`
	ValidFrom  platform.Date        `json:"valid_from"`
	ValidTo    platform.Date        `json:"valid_to"`
	Host       string               `json:"host"`
	Members    []string             `json:"members"`
	KeyMonth   time.Month           `json:"key_month"`
	KeyDay     int                  `json:"key_day"`
	KeyMode    agreement.KeyMode    `json:"key_mode"`
	Exclusions string               `json:"exclusions"`
	Invoicing  []agreement.YearRule `json:"invoicing"`
}

func (s *Server) addAgreement(c *gin.Context) {
	code := c.Param("board")
	var req agreementRequest
	if !s.bind(c, &req) {
		return
	}
	a, err := s.costs.AddAgreement(c.Request.Context(), user(c), agreement.Agreement{Board: code, Title: req.Title,
		ValidFrom: req.ValidFrom, ValidTo: req.ValidTo, Host: req.Host, Members: req.Members, KeyMonth: req.KeyMonth,
		KeyDay: req.KeyDay, KeyMode: req.KeyMode, Exclusions: req.Exclusions, Invoicing: req.Invoicing})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func (s *Server) getBudgetYear(c *gin.Context) {
	code := c.Param("board")
	y, err := s.costs.BudgetYear(c.Request.Context(), user(c), code, pathInt(c, "year"))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"board": y.Board, "year": y.Year, "lines": y.Lines, "imports": y.Imports})
}

func (s *Server) importBudget(c *gin.Context) {
	code := c.Param("board")
	y, snap, err := s.costs.ImportBudget(c.Request.Context(), user(c), code, pathInt(c, "year"), c.Request.Body)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"lines": len(y.Lines), "import": y.Imports[len(y.Imports)-1], "snapshot": snap})
}

func (s *Server) getAllocation(c *gin.Context) {
	code := c.Param("board")
	snap, err := s.costs.Allocation(c.Request.Context(), user(c), code, pathInt(c, "year"))
	if err != nil {
		s.abort(c, err)
		return
	}
	switch c.Query("format") {
	case "csv", "invoices":
		var buf bytes.Buffer
		if c.Query("format") == "csv" {
			err = costs.WriteAllocationCSV(&buf, snap)
		} else {
			err = costs.WriteInvoicesCSV(&buf, snap)
		}
		if err != nil {
			s.abort(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="fordelning-`+code+`-`+strconv.Itoa(snap.Year)+`-`+c.Query("format")+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	default:
		c.JSON(http.StatusOK, snap)
	}
}

// snapshotDiff is what changed per member from the previous snapshot.
type snapshotDiff struct {
	Member      string `json:"member"`
	TotalBefore int64  `json:"total_before"`
	TotalAfter  int64  `json:"total_after"`
	Invoiced    int64  `json:"invoiced_change"`
}

func (s *Server) listSnapshots(c *gin.Context) {
	code := c.Param("board")
	snaps, err := s.costs.Snapshots(c.Request.Context(), user(c), code, pathInt(c, "year"))
	if err != nil {
		s.abort(c, err)
		return
	}
	type item struct {
		costs.Snapshot
		Changes []snapshotDiff `json:"changes"`
	}
	out := make([]item, 0, len(snaps))
	for i, sn := range snaps {
		it := item{Snapshot: sn, Changes: []snapshotDiff{}}
		if i > 0 {
			it.Changes = diffSnapshots(snaps[i-1], sn)
		}
		out = append(out, it)
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// diffSnapshots compares two snapshots member by member.
func diffSnapshots(a, b costs.Snapshot) []snapshotDiff {
	var out []snapshotDiff
	for _, mb := range b.Primary.Members {
		i := slices.IndexFunc(a.Primary.Members, func(x allocationMember) bool { return x.Code == mb.Code })
		d := snapshotDiff{Member: mb.Code, TotalAfter: mb.Total, Invoiced: mb.Invoiced}
		if i >= 0 {
			d.TotalBefore = a.Primary.Members[i].Total
			d.Invoiced = mb.Invoiced - a.Primary.Members[i].Invoiced
		}
		if d.TotalBefore != d.TotalAfter || d.Invoiced != 0 {
			out = append(out, d)
		}
	}
	return out
}

// allocationMember is one member of an allocation result.
type allocationMember = allocation.MemberResult
