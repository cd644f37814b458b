package workflow

import (
	"context"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/paging"
)

// ArchivedList is one page of a board's arkiverade ärenden, newest
// registration first.
type ArchivedList struct {
	Cases []cases.Case
	// Total is how many arkiverade ärenden the board has; Page and
	// PerPage are the page shown (1-based) and its size.
	Total   int64
	Page    int
	PerPage int
}

// Pages is how many pages the list has (at least 1).
func (l ArchivedList) Pages() int { return paging.Count(l.Total, l.PerPage) }

// Archived lists one page of the board's arkiverade ärenden, newest
// registration first: the page q asks for (page and per_page; a
// malformed one is 400 invalid_parameter naming it). u needs a role on
// the board. Every arkiverat ärende is on some page; a page reads that
// page, not the board's archive.
func (e *Archive) Archived(ctx context.Context, u identity.User, board string, q PageQuery) (ArchivedList, error) {
	page, per, err := parsePage(q, "page", "per_page")
	if err != nil {
		return ArchivedList{}, err
	}
	if !e.CanRead(u, board) {
		return ArchivedList{}, ErrNotPermitted.WithDetail("no role on %s", board)
	}
	cs, total, err := e.store.List(ctx, cases.Filter{Boards: []string{board}, State: cases.StateArchived, Page: page, PerPage: per})
	if err != nil {
		return ArchivedList{}, err
	}
	if cs == nil {
		cs = []cases.Case{}
	}
	return ArchivedList{Cases: cs, Total: total, Page: page, PerPage: per}, nil
}
