package workflow

import (
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/paging"
)

// PageQuery asks for one page of a list as a client sends it (the API's
// page and per_page, the web page's sida), unparsed, so that the API and
// the web answer a malformed one alike. Empty fields take the defaults.
type PageQuery struct {
	Page    string // 1-based
	PerPage string
}

// errPageQuery is the fault of a malformed page query; its fields name
// each bad parameter.
var errPageQuery = fault.New(fault.Invalid, "invalid_parameter")

// parsePage reads q: page from 1, per_page from 1 to MaxMeetingsPerPage
// (DefaultMeetingsPerPage when empty). names are the parameters' names
// as the client sent them, for the fault.
func parsePage(q PageQuery, pageName, perName string) (page, per int, err error) {
	var fs fault.Fields
	page = paging.Number(&fs, pageName, q.Page, 1, maxMeetingsPage)
	per = paging.Number(&fs, perName, q.PerPage, DefaultMeetingsPerPage, MaxMeetingsPerPage)
	if len(fs) > 0 {
		f := *errPageQuery
		f.Fields = fs
		return page, per, &f
	}
	return page, per, nil
}
