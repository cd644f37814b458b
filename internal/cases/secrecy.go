package cases

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// Span marks the runes [Start, End) of a text (an ärendemening or a
// handling's description) as secret: the registrator's marking of what
// OSL 5:2 lets be left out of the public registry.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// CodeInvalidSpan: a marked part lies outside its text, is empty, or
// overlaps or precedes the part before it.
const CodeInvalidSpan = "invalid_secret_span"

// CheckSpans adds a field error to fs for each span that is empty, outside
// text (counted in runes) or not after the span before it. field is the
// JSON pointer of the spans ("/secrecy/parts").
func CheckSpans(fs *fault.Fields, field, text string, spans []Span) {
	n, prev := utf8.RuneCountInString(text), 0
	for i, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > n {
			fs.Add(field+"/"+strconv.Itoa(i), CodeInvalidSpan)
			continue
		}
		prev = s.End
	}
}

// TrimMarked trims the white space around text and moves the spans marked
// on the untrimmed text with it (a span on the trimmed-away space shrinks;
// one left empty is refused by CheckSpans).
func TrimMarked(text string, spans []Span) (string, []Span) {
	lead := utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimLeftFunc(text, unicode.IsSpace))
	text = strings.TrimSpace(text)
	if lead == 0 || len(spans) == 0 {
		return text, spans
	}
	out := make([]Span, len(spans))
	for i, s := range spans {
		out[i] = Span{max(s.Start-lead, 0), s.End - lead}
	}
	return text, out
}

// checkSecrecy validates a sekretessmarkering of text at field ("/secrecy"):
// an OSL provision, a date not after today, and marked parts that fit
// text. The reference is trimmed in place.
func checkSecrecy(fs *fault.Fields, field string, s *Secrecy, text string, today platform.Date) {
	s.Reference = strings.TrimSpace(s.Reference)
	if !ValidSecrecyReference(s.Reference) {
		fs.Add(field+"/reference", "invalid_secrecy_reference")
	}
	if s.Date.IsZero() || s.Date.After(today) {
		fs.Add(field+"/date", "invalid_date")
	}
	CheckSpans(fs, field+"/parts", text, s.Parts)
}
