package disclosure

import (
	"slices"
	"sort"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// Report is what a revisor reads about the handling of requests in a
// period: how many came in, how fast they were answered, how many were
// late, and what was masked or refused under which lagrum.
type Report struct {
	From       platform.Date `json:"from"`
	To         platform.Date `json:"to"`
	Requests   int           `json:"requests"`
	Done       int           `json:"done"`
	Open       int           `json:"open"`
	Withdrawn  int           `json:"withdrawn"`
	OnTime     int           `json:"on_time"`   // done on the target day
	Late       int           `json:"late"`      // done after the target day
	Escalated  int           `json:"escalated"` // done, or still open, after the escalation day
	OpenLate   int           `json:"open_late"` // open and past the target on the report day
	WithReason int           `json:"late_with_reason"`
	// MedianMinutes and MaxMinutes are the handling times of the done
	// requests, receipt to last outcome.
	MedianMinutes int64          `json:"median_minutes"`
	MaxMinutes    int64          `json:"max_minutes"`
	Items         int            `json:"items"`
	Released      int            `json:"released"`
	Masked        int            `json:"masked"`
	Refused       int            `json:"refused"`
	Decisions     int            `json:"decisions"` // written avslagsbeslut
	ByLagrum      []LagrumCount  `json:"by_lagrum"`
	Rows          []ReportRow    `json:"rows"`
	ByChannel     map[string]int `json:"by_channel"`
}

// LagrumCount counts the handlingar masked and refused under one
// provision (a handling counts under each lagrum it cites).
type LagrumCount struct {
	Lagrum  string `json:"lagrum"`
	Masked  int    `json:"masked"`
	Refused int    `json:"refused"`
}

// ReportRow is one request in the report. It names no requester.
type ReportRow struct {
	ID              string     `json:"id"`
	Board           string     `json:"board"`
	ReceivedAt      time.Time  `json:"received_at"`
	Channel         Channel    `json:"channel"`
	Status          Status     `json:"status"`
	Timeliness      Timeliness `json:"timeliness"`
	WorkingDaysLate int        `json:"working_days_late"`
	HandlingMinutes int64      `json:"handling_minutes"`
	DelayReason     string     `json:"delay_reason,omitempty"`
	Released        int        `json:"released"`
	Masked          int        `json:"masked"`
	Refused         int        `json:"refused"`
}

// BuildReport summarises the requests received from from to to (both
// inclusive, Stockholm dates) as they stand on today. Rows are in order
// of receipt.
func BuildReport(reqs []Request, from, to, today platform.Date) Report {
	rep := Report{From: from, To: to, Rows: []ReportRow{}, ByLagrum: []LagrumCount{},
		ByChannel: map[string]int{}}
	lag := map[string]*LagrumCount{}
	var minutes []int64
	sorted := slices.Clone(reqs)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ReceivedAt.Before(sorted[j].ReceivedAt) })
	for _, r := range sorted {
		day := r.received()
		if day.Before(from) || day.After(to) {
			continue
		}
		rep.Requests++
		rep.ByChannel[string(r.Channel)]++
		tl := r.Timeliness(today)
		row := ReportRow{ID: r.ID, Board: r.Board, ReceivedAt: r.ReceivedAt, Channel: r.Channel, Status: r.Status(), Timeliness: tl,
			WorkingDaysLate: r.WorkingDaysLate(today), HandlingMinutes: int64(r.HandlingTime() / time.Minute), DelayReason: r.DelayReason}
		switch row.Status {
		case StatusDone:
			rep.Done++
			minutes = append(minutes, row.HandlingMinutes)
			if tl == OnTime {
				rep.OnTime++
			} else {
				rep.Late++
			}
		case StatusWithdrawn:
			rep.Withdrawn++
		default:
			rep.Open++
			if tl != OnTime {
				rep.OpenLate++
			}
		}
		if tl == Escalated {
			rep.Escalated++
		}
		if tl != OnTime && r.DelayReason != "" {
			rep.WithReason++
		}
		for _, it := range r.Items {
			rep.Items++
			if it.Outcome == nil {
				continue
			}
			switch it.Outcome.Kind {
			case OutcomeReleased:
				row.Released++
			case OutcomeMasked:
				row.Masked++
			case OutcomeRefused:
				row.Refused++
			}
			for _, l := range it.Outcome.Lagrum {
				c := lag[l]
				if c == nil {
					c = &LagrumCount{Lagrum: l}
					lag[l] = c
				}
				if it.Outcome.Kind == OutcomeMasked {
					c.Masked++
				} else {
					c.Refused++
				}
			}
		}
		rep.Released += row.Released
		rep.Masked += row.Masked
		rep.Refused += row.Refused
		rep.Decisions += len(r.Decisions)
		rep.Rows = append(rep.Rows, row)
	}
	for _, c := range lag {
		rep.ByLagrum = append(rep.ByLagrum, *c)
	}
	sort.Slice(rep.ByLagrum, func(i, j int) bool {
		a, b := rep.ByLagrum[i], rep.ByLagrum[j]
		if a.Refused+a.Masked != b.Refused+b.Masked {
			return a.Refused+a.Masked > b.Refused+b.Masked
		}
		return a.Lagrum < b.Lagrum
	})
	if n := len(minutes); n > 0 {
		slices.Sort(minutes)
		rep.MedianMinutes = minutes[(n-1)/2]
		rep.MaxMinutes = minutes[n-1]
	}
	return rep
}
