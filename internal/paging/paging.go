// Package paging reads the page parameters of a paged list (sidor) as a
// client sends them, and counts a list's pages: one rule for every list
// of the API and the web, so a malformed page is answered alike.
package paging

import (
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
)

// Number reads a page parameter v named name: def when empty, else a
// whole number from 1 to hi; anything else is added to fs as
// invalid_parameter and gives def.
func Number(fs *fault.Fields, name, v string, def, hi int) int {
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

// Count is how many pages of per items hold total items: at least 1 (an
// empty list is one empty page), and 1 when per is not positive.
func Count(total int64, per int) int {
	if per <= 0 {
		return 1
	}
	return max(1, int((total+int64(per)-1)/int64(per)))
}
