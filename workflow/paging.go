package workflow

import (
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
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
	page = pageNumber(&fs, pageName, q.Page, 1, maxMeetingsPage)
	per = pageNumber(&fs, perName, q.PerPage, DefaultMeetingsPerPage, MaxMeetingsPerPage)
	if len(fs) > 0 {
		f := *errPageQuery
		f.Fields = fs
		return page, per, &f
	}
	return page, per, nil
}

// pageNumber reads a page parameter v named name: def when empty, else a
// whole number from 1 to hi; anything else is added to fs as
// invalid_parameter and gives def.
func pageNumber(fs *fault.Fields, name, v string, def, hi int) int {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > hi {
		fs.Add(name, "invalid_parameter")
		return def
	}
	return n
}

// pageCount is how many pages of per hold total items (at least 1).
func pageCount(total int64, per int) int {
	return max(1, int((total+int64(per)-1)/int64(per)))
}
