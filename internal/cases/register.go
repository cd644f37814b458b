package cases

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// Registration is the input to register an ärende.
type Registration struct {
	Board       string
	Title       string
	Class       string
	Counterpart string
	Description string
	Secrecy     *Secrecy
	// RequestKey, when set, makes the registration idempotent: a second
	// registration by the same user with the same key returns the case
	// the first one registered. It is an opaque string the client
	// chooses (the API's Idempotency-Key header, the web form's hidden
	// key), at most MaxRequestKey printable ASCII characters.
	RequestKey string
}

// MaxRequestKey is the longest request key (in characters).
const MaxRequestKey = 200

// ValidRequestKey reports whether k may be a request key: 1 to
// MaxRequestKey printable ASCII characters (space to tilde).
func ValidRequestKey(k string) bool {
	if k == "" || len(k) > MaxRequestKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// Limits on registration fields (in characters).
const (
	MaxTitle       = 500
	MaxClass       = 100
	MaxCounterpart = 300
	MaxDescription = 4000
)

// osl matches a reference to offentlighets- och sekretesslagen (2009:400):
// "OSL 21 kap. 1 §", optionally with a stycke or punkt, or "OSL 21:1".
var osl = regexp.MustCompile(`^OSL (\d{1,2})(?: kap\. (\d{1,3}) ?([a-z])? §(?: (?:första|andra|tredje|fjärde|femte) stycket)?(?: \d{1,2} p\.)?|:(\d{1,3})([a-z])?)$`)

// ValidSecrecyReference reports whether s cites an OSL provision
// (chapters 1–44).
func ValidSecrecyReference(s string) bool {
	m := osl.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	ch, _ := strconv.Atoi(m[1])
	return ch >= 1 && ch <= 44
}

// Validate checks the fields and returns every problem at once. today is
// the registration date (a secrecy marking cannot be dated later).
func (r *Registration) Validate(today platform.Date) error {
	r.Board = strings.TrimSpace(r.Board)
	if r.Secrecy != nil {
		r.Title, r.Secrecy.Parts = TrimMarked(r.Title, r.Secrecy.Parts)
	}
	r.Title = strings.TrimSpace(r.Title)
	var fs fault.Fields
	if r.Board == "" {
		fs.Add("/board", "required")
	}
	switch n := utf8.RuneCountInString(r.Title); {
	case n == 0:
		fs.Add("/title", "required")
	case n > MaxTitle:
		fs.Add("/title", "too_long")
	}
	if utf8.RuneCountInString(r.Class) > MaxClass {
		fs.Add("/class", "too_long")
	}
	if utf8.RuneCountInString(r.Counterpart) > MaxCounterpart {
		fs.Add("/counterpart", "too_long")
	}
	if utf8.RuneCountInString(r.Description) > MaxDescription {
		fs.Add("/description", "too_long")
	}
	fieldtext.Line(&fs, "/title", r.Title)
	fieldtext.Line(&fs, "/class", r.Class)
	fieldtext.Line(&fs, "/counterpart", r.Counterpart)
	fieldtext.Block(&fs, "/description", r.Description)
	if r.Secrecy != nil {
		checkSecrecy(&fs, "/secrecy", r.Secrecy, r.Title, today)
	}
	return fs.Err(fault.Unprocessable)
}
