package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/workflow"
)

// diariumData is the public e-diarium page.
type diariumData struct {
	Q, Board, From, To, Dnr string
	Boards                  [][2]string
	Entries                 []public.Entry
	Searched                bool
	Total                   int64
	Page, Pages             int
	PrevURL, NextURL        string
	DirectionName           map[string]string
	StateName               map[string]string
}

// diariumPage is the public e-diarium: no login. Every entry is what
// internal/public lets anyone see; the search and its errors are the
// API's (workflow.Public.Diarium).
func (ui *UI) diariumPage(c *gin.Context) {
	d := diariumData{Q: c.Query("q"), Board: c.Query("namnd"), From: c.Query("fran"), To: c.Query("till"), Dnr: c.Query("dnr"),
		DirectionName: map[string]string{"inkommande": t("direction.inkommande"), "utgaende": t("direction.utgaende"),
			"upprattad": t("direction.upprattad")}, StateName: map[string]string{}}
	for _, st := range allStates {
		d.StateName[string(st)] = t("state." + string(st))
	}
	if bs, err := ui.Boards.ListBoards(c.Request.Context()); err == nil {
		for _, b := range bs {
			d.Boards = append(d.Boards, [2]string{b.Code, b.Name})
		}
	}
	pageNo := c.DefaultQuery("sida", "1")
	res, err := ui.Public.Diarium(c.Request.Context(), workflow.DiariumQuery{Text: d.Q, Board: d.Board, From: d.From, To: d.To,
		Number: d.Dnr, Page: pageNo, PerPage: "20"})
	if err != nil {
		f := fault.From(err)
		if f.Kind == fault.Internal {
			ui.Log.ErrorContext(c.Request.Context(), "diarium", "err", err.Error())
		}
		for _, fe := range f.Fields {
			if fe.Code == "personnummer_in_search" {
				d.Q = "" // not shown back on a public page
			}
		}
		ui.render(c, statusOf(f), "diarium", view{Title: "E-diarium", Error: problemText(err), Data: d})
		return
	}
	d.Entries, d.Total, d.Page, d.Searched = res.Entries, res.Total, res.Page, true
	d.Pages = int((res.Total + int64(res.PerPage) - 1) / int64(res.PerPage))
	link := func(p int) string {
		v := url.Values{}
		for k, x := range map[string]string{"q": d.Q, "namnd": d.Board, "fran": d.From, "till": d.To, "dnr": d.Dnr} {
			if x != "" {
				v.Set(k, x)
			}
		}
		v.Set("sida", strconv.Itoa(p))
		return "/diarium?" + v.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextURL = link(d.Page + 1)
	}
	ui.render(c, http.StatusOK, "diarium", view{Title: "E-diarium", Data: d})
}
