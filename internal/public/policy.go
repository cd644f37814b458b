package public

import (
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/meeting"
)

// Meeting reports whether a meeting's protocol is public: a protocol
// becomes allmän handling when it is justerat (TF 2:10). A planned,
// running or closed meeting is not shown.
func Meeting(m meeting.Meeting) bool { return m.Status == meeting.StatusJusterad }

// Paragraphs returns the public paragraphs of a meeting: none before
// justering, and never a paragraph the secretary marked secret. The
// result shares no slice with m.
func Paragraphs(m meeting.Meeting) []meeting.Paragraph {
	if !Meeting(m) {
		return nil
	}
	var out []meeting.Paragraph
	for _, p := range m.Paragraphs {
		if !p.Secret {
			out = append(out, p)
		}
	}
	return out
}

// Decision reports whether a delegationsbeslut or ordförandebeslut is
// public: signed by its decider and reported (anmält) to the board.
func Decision(d cases.Decision) bool { return d.Signed() && d.Report != nil }

// Case reports whether an ärende may be published whole (as an OParl
// Paper, with its public handlingar and decisions): registered, not
// makulerat, and not sekretessmarkerat. A sekretessmarkerat ärende
// still has a public registry entry (see Entry), with its title masked
// and its parties hidden.
func Case(c cases.Case) bool {
	return c.Secrecy == nil && c.State != cases.StateVoided && c.RegistrationNumber != ""
}

// Closed reports whether an ärende is slutbehandlat, after which its
// internal handlingar are upprättade and allmänna (TF 2:10).
func Closed(c cases.Case) bool {
	return c.State == cases.StateClosed || c.State == cases.StateArchived
}

// Document reports whether a handling's file may be offered to the
// public: the ärende and the handling carry no secrecy marking, and the
// handling is allmän — received (inkommen, TF 2:9), sent (expedierad), or
// internal in an ärende that is slutbehandlat (TF 2:10).
func Document(c cases.Case, d cases.Document) bool {
	if !Case(c) || d.Secrecy != nil {
		return false
	}
	switch d.Direction {
	case cases.DirIncoming, cases.DirOutgoing:
		return true
	case cases.DirInternal:
		return Closed(c)
	}
	return false
}

// Memo reports whether the ärende's tjänsteskrivelse is public: it has
// become upprättad (expedited or the ärende slutbehandlat) and the ärende
// is not sekretessmarkerat.
func Memo(c cases.Case) bool {
	return Case(c) && c.Memo != nil && c.Memo.UpprattadAt != nil
}
