// Package public is the one rule for what Samstyr shows to anyone without
// a login: the e-diarium, the OParl decision API and the anslagstavla all
// ask it. It decides which meetings, paragraphs, decisions, ärenden and
// handlingar are public (a justerat protocol's non-secret paragraphs, a
// signed and reported delegationsbeslut, a handling that is allmän and not
// sekretessmarkerad), shows a sekretessmarkerad title with its secret part
// masked as the registrator marked it, and scrubs every personnummer from
// public text.
//
// The marking alone decides nothing about secrecy (OSL); it decides what
// the public registry shows. A request to see the handling is tried on its
// own (see internal/disclosure).
package public

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/personnummer"
)

// SecretMarker replaces a secret part of a title in public.
const SecretMarker = "[sekretess]"

// PersonnummerMarker replaces a personnummer in public text.
const PersonnummerMarker = "[personnummer]"

// EmailMarker replaces an e-mail address in public text: a private
// person's address is personal data the public registry need not show.
const EmailMarker = "[e-post]"

// Span marks the runes [Start, End) of a title as secret: the registrator's
// marking of what OSL 5:2 lets be left out of the public registry. It is
// stored with the sekretessmarkering (cases.Secrecy.Parts).
type Span = cases.Span

// Fault codes of secrecy markings.
const (
	// CodeInvalidSpan: a marked part lies outside the title, is empty,
	// or overlaps or precedes the part before it.
	CodeInvalidSpan = cases.CodeInvalidSpan
	// CodeUnbalancedMarking: "[[" without "]]" (or the reverse) in a
	// marked title.
	CodeUnbalancedMarking = "unbalanced_secret_marking"
)

// ValidateSpans checks the marking of title: each span non-empty, inside
// the title (in runes), and after the one before it. field is the JSON
// pointer of the spans ("/title_secret").
func ValidateSpans(field, title string, spans []Span) error {
	var fs fault.Fields
	cases.CheckSpans(&fs, field, title, spans)
	return fs.Err(fault.Unprocessable)
}

// MaskTitle returns title as the public sees it: each marked part
// replaced by SecretMarker (adjacent parts by one marker) and every
// personnummer, marked or not, by PersonnummerMarker. A marked part that
// cuts a personnummer masks the whole number with it, so no digit of it
// is left beside the marker. Spans that do not fit the title (a marking
// stored by a bug) mask the whole title: a bad marking must fail closed.
func MaskTitle(title string, spans []Span) string {
	if len(spans) == 0 {
		return Text(title)
	}
	if ValidateSpans("", title, spans) != nil {
		return SecretMarker
	}
	runes := []rune(title)
	secret := make([]bool, len(runes))
	for _, s := range spans {
		for i := s.Start; i < s.End; i++ {
			secret[i] = true
		}
	}
	for _, m := range personnummer.Find(title, personnummer.Options{Lookalikes: true}) {
		start, end := utf8.RuneCountInString(title[:m.Start]), utf8.RuneCountInString(title[:m.End])
		if slices.Contains(secret[start:end], true) {
			for i := start; i < end; i++ {
				secret[i] = true
			}
		}
	}
	var b strings.Builder
	for i, r := range runes {
		switch {
		case !secret[i]:
			b.WriteRune(r)
		case i == 0 || !secret[i-1]:
			b.WriteString(SecretMarker)
		}
	}
	return Text(b.String())
}

// ParseMarked reads a title typed with its secret parts in double
// brackets, "Ansökan om bistånd från [[Anna Andersson]]", and returns the
// title without the brackets and the marked spans. It is how a web form
// lets the registrator mark a title.
func ParseMarked(field, s string) (string, []Span, error) {
	var b strings.Builder
	var spans []Span
	pos, start := 0, -1 // pos counts runes written
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "[["):
			if start >= 0 {
				return "", nil, unbalanced(field)
			}
			start = pos
			i += 2
		case strings.HasPrefix(s[i:], "]]"):
			if start < 0 {
				return "", nil, unbalanced(field)
			}
			if pos > start {
				spans = append(spans, Span{Start: start, End: pos})
			}
			start = -1
			i += 2
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			b.WriteRune(r)
			pos++
			i += n
		}
	}
	if start >= 0 {
		return "", nil, unbalanced(field)
	}
	return b.String(), spans, nil
}

// FormatMarked is the inverse of ParseMarked: the title with its marked
// parts in double brackets (for a form that edits the marking).
func FormatMarked(title string, spans []Span) string {
	if ValidateSpans("", title, spans) != nil {
		return title
	}
	runes := []rune(title)
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		b.WriteString(string(runes[pos:s.Start]) + "[[" + string(runes[s.Start:s.End]) + "]]")
		pos = s.End
	}
	b.WriteString(string(runes[pos:]))
	return b.String()
}

func unbalanced(field string) error {
	var fs fault.Fields
	fs.Add(field, CodeUnbalancedMarking)
	return fs.Err(fault.Unprocessable)
}

// Text returns free text fit for a public response: every personnummer and
// samordningsnummer, and every lookalike of one, replaced by
// PersonnummerMarker, and every e-mail address by EmailMarker.
func Text(s string) string {
	if strings.Contains(s, "@") {
		s = emailAddress.ReplaceAllLiteralString(s, EmailMarker)
	}
	return personnummer.Mask(s, personnummer.Options{Lookalikes: true}, PersonnummerMarker)
}

// emailAddress finds an e-mail address in free text: a local part, "@"
// and a domain of at least two labels.
var emailAddress = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)
