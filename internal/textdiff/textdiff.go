// Package textdiff compares two revisions of a text, such as a section of a
// memo (promemoria), line by line and, within a paragraph, word by word.
//
// The edit scripts are minimal (the Equal parts form a longest common
// subsequence) for all inputs of ordinary size. For very large, very
// different inputs the work is bounded; the script is then still correct
// (applying it to the old text yields the new one) but may replace more than
// strictly necessary.
package textdiff

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Op is what an edit script does with a line or a piece of text.
type Op int

// The operations of an edit script.
const (
	Equal  Op = iota // present in both the old and the new text
	Insert           // present only in the new text
	Delete           // present only in the old text
)

// String returns "equal", "insert" or "delete".
func (op Op) String() string {
	switch op {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	}
	return "Op(" + strconv.Itoa(int(op)) + ")"
}

// Line is one line of a line diff. OldNo is its 1-based number in the old
// text (0 for an inserted line) and NewNo its 1-based number in the new text
// (0 for a deleted line). Text does not include the line terminator.
type Line struct {
	Op    Op
	Text  string
	OldNo int
	NewNo int
}

// Segment is one piece of a word diff: a run of words, whitespace and
// punctuation that share the same operation.
type Segment struct {
	Op   Op
	Text string
}

// Lines returns the line diff that turns a into b. Both texts are split on
// "\n"; "\r\n" counts as "\n" and a final line terminator does not start an
// extra empty line. Within a changed block, deleted lines come before the
// inserted ones. The Equal and Delete lines, in order, are the lines of a;
// the Equal and Insert lines are the lines of b.
func Lines(a, b string) []Line {
	al, bl := splitLines(a), splitLines(b)
	ai, bi := intern(al, bl)
	del, ins := diff(ai, bi, defaultBudget)

	out := make([]Line, 0, max(len(al), len(bl)))
	i, j := 0, 0
	for i < len(al) || j < len(bl) {
		switch {
		case i < len(al) && del[i]:
			out = append(out, Line{Op: Delete, Text: al[i], OldNo: i + 1})
			i++
		case j < len(bl) && ins[j]:
			out = append(out, Line{Op: Insert, Text: bl[j], NewNo: j + 1})
			j++
		default:
			out = append(out, Line{Op: Equal, Text: al[i], OldNo: i + 1, NewNo: j + 1})
			i++
			j++
		}
	}
	return out
}

// Words returns the word diff that turns a into b, meant for two versions of
// a single paragraph. The texts are split into words (runs of letters, digits
// and combining marks), runs of whitespace and single other characters such
// as punctuation; adjacent tokens with the same operation are merged into one
// Segment. Within a changed block the deletion comes before the insertion.
// Concatenating the Equal and Delete segments gives a, the Equal and Insert
// segments gives b.
func Words(a, b string) []Segment {
	at, bt := tokenize(a), tokenize(b)
	ai, bi := intern(at, bt)
	del, ins := diff(ai, bi, defaultBudget)

	var out []Segment
	emit := func(op Op, text string) {
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text
			return
		}
		out = append(out, Segment{Op: op, Text: text})
	}
	i, j := 0, 0
	for i < len(at) || j < len(bt) {
		switch {
		case i < len(at) && del[i]:
			emit(Delete, at[i])
			i++
		case j < len(bt) && ins[j]:
			emit(Insert, bt[j])
			j++
		default:
			emit(Equal, at[i])
			i++
			j++
		}
	}
	return out
}

// splitLines splits s into lines as described for Lines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}

// tokenize splits s into words, whitespace runs and single other runes. The
// tokens concatenate to s, also when s is not valid UTF-8.
func tokenize(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		class := runeClass(r)
		j := i + n
		if class != classOther {
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if runeClass(r2) != class {
					break
				}
				j += n2
			}
		}
		toks = append(toks, s[i:j])
		i = j
	}
	return toks
}

const (
	classOther = iota
	classWord
	classSpace
)

func runeClass(r rune) int {
	switch {
	case r == utf8.RuneError:
		return classOther
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return classWord
	case unicode.IsSpace(r):
		return classSpace
	}
	return classOther
}

// intern maps equal strings of a and b to equal small integers.
func intern(a, b []string) ([]int, []int) {
	ids := make(map[string]int, len(a))
	conv := func(s []string) []int {
		out := make([]int, len(s))
		for i, t := range s {
			id, ok := ids[t]
			if !ok {
				id = len(ids)
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	return conv(a), conv(b)
}
