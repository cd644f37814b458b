package public

import (
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
)

// MarksOf returns the registrator's markings of an ärende's secret parts
// as stored with its sekretessmarkeringar: the title's on the ärende's
// marking, each handling's description's on the handling's own.
func MarksOf(c cases.Case) Marks {
	var m Marks
	if c.Secrecy != nil {
		m.Title = c.Secrecy.Parts
	}
	for _, d := range c.Documents {
		if d.Secrecy != nil && len(d.Secrecy.Parts) > 0 {
			if m.Documents == nil {
				m.Documents = map[int][]Span{}
			}
			m.Documents[d.No] = d.Secrecy.Parts
		}
	}
	return m
}

// SearchText is the text the public e-diarium searches for an ärende:
// exactly what its public entry shows (EntryOf) — the title masked as
// marked, the class, the parties unless secret, and each handling's
// description and party likewise — so a search can never find an ärende
// by a word the public does not see. It is "" for an ärende the registry
// does not show.
func SearchText(c cases.Case) string {
	e, ok := EntryOf(c, MarksOf(c))
	if !ok {
		return ""
	}
	parts := []string{e.RegistrationNumber, e.Title, e.Class, e.Counterpart}
	for _, d := range e.Documents {
		parts = append(parts, d.Description, d.Party)
	}
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			if b.Len() > 0 {
				b.WriteString(" \n")
			}
			b.WriteString(p)
		}
	}
	return b.String()
}
