package store

import (
	"strings"
	"unicode"
)

// TextWords splits an OpText value into its search words: maximal runs of
// letters, digits, marks and private-use characters. Everything else
// (spaces, punctuation, symbols, and with them all search syntax such as
// quotes, *, (, ), :, ^, -, $ and .) separates words and is dropped, so no
// word can carry an operator into a backend's search language. A word that
// repeats another case-insensitively is dropped; the order is kept.
func TextWords(s string) []string {
	var (
		out  []string
		seen map[string]bool
	)
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool { return !textRune(r) }) {
		key := strings.ToLower(w)
		if seen[key] {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[key] = true
		out = append(out, w)
	}
	return out
}

// textRune reports whether r belongs to a word.
func textRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Co, r)
}

// SplitText separates the OpText conditions of a validated condition list
// from the others. words holds the words of all text conditions together
// (see TextWords); hasText reports whether there was any text condition, so
// that a text condition without words (which matches nothing) is told
// from none.
func SplitText(where []Cond) (rest []Cond, words []string, hasText bool) {
	var texts []string
	for _, c := range where {
		if c.Op != OpText {
			rest = append(rest, c)
			continue
		}
		hasText = true
		s, _ := c.Value.(string)
		texts = append(texts, s)
	}
	if hasText {
		words = TextWords(strings.Join(texts, " "))
	}
	return rest, words, hasText
}
