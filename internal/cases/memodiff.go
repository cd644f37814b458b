package cases

import (
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/textdiff"
)

// SectionDiff is the line diff of one memo section between two revisions.
type SectionDiff struct {
	Section string          `json:"section"`
	Changed bool            `json:"changed"`
	Lines   []textdiff.Line `json:"lines"`
}

// MemoSections flattens a memo into its named sections as text, in print
// order, for diffs.
func MemoSections(m Memo) [][2]string {
	var basis []string
	for _, b := range m.Basis {
		if b.DocumentNo > 0 {
			basis = append(basis, "Handling "+strconv.Itoa(b.DocumentNo)+": "+b.Text)
		} else {
			basis = append(basis, b.Text)
		}
	}
	clauses := make([]string, len(m.Clauses))
	for i, cl := range m.Clauses {
		clauses[i] = "att " + cl
	}
	return [][2]string{
		{"title", m.Title},
		{"clauses", strings.Join(clauses, "\n")},
		{"description", m.Description},
		{"basis", strings.Join(basis, "\n")},
		{"assessment", m.Assessment},
		{"consequences", m.Consequences},
		{"send_to", strings.Join(m.SendTo, "\n")},
	}
}

// DiffMemos compares two memos section by section.
func DiffMemos(a, b Memo) []SectionDiff {
	sa, sb := MemoSections(a), MemoSections(b)
	out := make([]SectionDiff, len(sa))
	for i := range sa {
		lines := textdiff.Lines(sa[i][1], sb[i][1])
		changed := false
		for _, l := range lines {
			if l.Op != textdiff.Equal {
				changed = true
			}
		}
		out[i] = SectionDiff{Section: sa[i][0], Changed: changed, Lines: lines}
	}
	return out
}
