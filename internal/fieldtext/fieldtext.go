// Package fieldtext is the one rule for text that a person types into a
// title or a name (ärendemening, a handling's description, a file name, a
// board's name, …) and into longer free text: it may not carry control
// characters or the invisible bidirectional formatting characters
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) that make a
// name display differently from what it is, such as "faktura‮fdp.exe"
// shown as "fakturaexe.pdf". Every use case that takes such text checks
// it here, so the API, the web UI and the CLI refuse the same input with
// the same field error.
package fieldtext

import (
	"unicode"

	"github.com/samstyr/samstyr/internal/fault"
)

// Code is the field-error code (and translation key) for text refused by
// this package.
const Code = "control_characters"

// LineOK reports whether s is acceptable as one line: a title, a name or a
// file name. It refuses every control character (tab and line breaks
// included), the line and paragraph separators U+2028 and U+2029, and the
// bidirectional formatting characters.
func LineOK(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			return false
		}
	}
	return true
}

// BlockOK reports whether s is acceptable as free text of several lines:
// like LineOK, but tab, line feed and carriage return are allowed.
func BlockOK(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			return false
		}
	}
	return true
}

// Line adds a Code error for field to fs unless s is LineOK.
func Line(fs *fault.Fields, field, s string) {
	if !LineOK(s) {
		fs.Add(field, Code)
	}
}

// Block adds a Code error for field to fs unless s is BlockOK.
func Block(fs *fault.Fields, field, s string) {
	if !BlockOK(s) {
		fs.Add(field, Code)
	}
}
