package api

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// orderView is an order version with its phase on today's date.
type orderView struct {
	delegation.Order
	Version int64            `json:"version"`
	Phase   delegation.Phase `json:"phase"`
}

type orderDraft struct {
	Title            string             `json:"title"`
	ValidFrom        platform.Date      `json:"valid_from"`
	ExcludePrinciple bool               `json:"exclude_principle"`
	UrgentDeciders   []string           `json:"urgent_deciders"`
	Points           []delegation.Point `json:"points"`
}

func (s *Server) orderViews(c *gin.Context, board string, os []delegation.Order) []orderView {
	all, _ := s.decisions.Orders(c.Request.Context(), user(c), board)
	today := platform.DateOf(s.clock.Now())
	out := make([]orderView, 0, len(os))
	for _, o := range os {
		out = append(out, orderView{Order: o, Version: o.Version, Phase: delegation.PhaseOn(o, all, today)})
	}
	return out
}

func (s *Server) listOrders(c *gin.Context) {
	board := c.Param("board")
	os, err := s.decisions.Orders(c.Request.Context(), user(c), board)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": s.orderViews(c, board, os)})
}

func (s *Server) createOrder(c *gin.Context) {
	board := c.Param("board")
	var d delegation.Draft
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch mt {
	case "text/csv":
		points, err := delegation.ReadCSV(c.Request.Body)
		if err != nil {
			s.abort(c, err)
			return
		}
		d = delegation.Draft{Title: c.Query("title"), Points: points, UrgentDeciders: []string{"ordforande", "vice_ordforande"}}
	case "application/yaml":
		in, err := delegation.ReadYAML(c.Request.Body)
		if err != nil {
			s.abort(c, err)
			return
		}
		if d, err = in.DraftFor(board); err != nil {
			s.abort(c, err)
			return
		}
	default:
		var req orderDraft
		if !s.bind(c, &req) {
			return
		}
		d = delegation.Draft(req)
	}
	o, err := s.decisions.CreateOrder(c.Request.Context(), user(c), board, d)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(o.Version))
	c.JSON(http.StatusCreated, s.orderViews(c, board, []delegation.Order{o})[0])
}

func (s *Server) getOrder(c *gin.Context) {
	board := c.Param("board")
	o, err := s.decisions.Order(c.Request.Context(), user(c), board, pathInt(c, "version"))
	if err != nil {
		s.abort(c, err)
		return
	}
	var buf bytes.Buffer
	switch c.Query("format") {
	case "csv":
		if err := delegation.WriteCSV(&buf, o.Points); err != nil {
			s.abort(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="delegationsordning-`+board+`-v`+strconv.Itoa(o.Number)+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	case "yaml":
		if err := delegation.WriteYAML(&buf, o); err != nil {
			s.abort(c, err)
			return
		}
		c.Data(http.StatusOK, "application/yaml; charset=utf-8", buf.Bytes())
	default:
		c.Header("ETag", etag(o.Version))
		c.JSON(http.StatusOK, s.orderViews(c, board, []delegation.Order{o})[0])
	}
}

func (s *Server) updateOrder(c *gin.Context) {
	board := c.Param("board")
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req orderDraft
	if !s.bind(c, &req) {
		return
	}
	o, err := s.decisions.UpdateOrder(c.Request.Context(), user(c), board, pathInt(c, "version"), v, delegation.Draft(req))
	if err != nil {
		s.abort(c, err)
		return
	}
	c.Header("ETag", etag(o.Version))
	c.JSON(http.StatusOK, s.orderViews(c, board, []delegation.Order{o})[0])
}

type adoptionRequest struct {
	AdoptedRef string        `json:"adopted_ref"`
	AdoptedOn  platform.Date `json:"adopted_on"`
	ValidFrom  platform.Date `json:"valid_from"`
}

func (s *Server) adoptOrder(c *gin.Context) {
	board := c.Param("board")
	v, err := ifMatch(c)
	if err != nil {
		s.abort(c, err)
		return
	}
	var req adoptionRequest
	if !s.bind(c, &req) {
		return
	}
	o, err := s.decisions.AdoptOrder(c.Request.Context(), user(c), board, pathInt(c, "version"), v,
		delegation.Adoption{Ref: req.AdoptedRef, AdoptedOn: req.AdoptedOn, ValidFrom: req.ValidFrom})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, s.orderViews(c, board, []delegation.Order{o})[0])
}

func (s *Server) orderInForce(c *gin.Context) {
	board := c.Param("board")
	date, err := platform.ParseDate(c.Query("date"))
	if err != nil {
		s.abort(c, errInvalidParameter.WithDetail("date: %v", err))
		return
	}
	o, err := s.decisions.OrderInForce(c.Request.Context(), user(c), board, date)
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, s.orderViews(c, board, []delegation.Order{o})[0])
}

type checkRequest struct {
	User             string             `json:"user"`
	PointCode        string             `json:"point_code"`
	Kind             cases.DecisionKind `json:"kind"`
	AmountOre        int64              `json:"amount_ore"`
	Date             platform.Date      `json:"date"`
	CaseID           string             `json:"case_id"`
	SubstituteReason string             `json:"substitute_reason"`
}

func (s *Server) checkDelegation(c *gin.Context) {
	board := c.Param("board")
	var req checkRequest
	if !s.bind(c, &req) {
		return
	}
	res, err := s.decisions.AskDelegation(c.Request.Context(), user(c), workflow.CheckInput{Board: board, Username: req.User,
		PointCode: req.PointCode, Kind: req.Kind, AmountOre: req.AmountOre, Date: req.Date, CaseID: req.CaseID,
		SubstituteReason: req.SubstituteReason})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

type subRequest struct {
	PointCode string        `json:"point_code"`
	User      string        `json:"user"`
	ValidFrom platform.Date `json:"valid_from"`
	ValidTo   platform.Date `json:"valid_to"`
	Limit     string        `json:"limit"`
}

func (s *Server) subdelegate(c *gin.Context) {
	board := c.Param("board")
	var req subRequest
	if !s.bind(c, &req) {
		return
	}
	limit, err := delegation.ParseLimit(req.Limit)
	if err != nil {
		s.abort(c, err)
		return
	}
	sd, err := s.decisions.SubDelegate(c.Request.Context(), user(c), board, workflow.SubDelegationInput{PointCode: req.PointCode,
		ToUser: req.User, ValidFrom: req.ValidFrom, ValidTo: req.ValidTo, Limit: limit})
	if err != nil {
		s.abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, sd)
}

func (s *Server) listSubdelegations(c *gin.Context) {
	board := c.Param("board")
	list, err := s.decisions.SubDelegations(c.Request.Context(), user(c), board)
	if err != nil {
		s.abort(c, err)
		return
	}
	if list == nil {
		list = []delegation.SubDelegation{}
	}
	c.JSON(http.StatusOK, gin.H{"items": list})
}
