package public

import (
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
)

// Entry is an ärende as the public e-diarium shows it (OSL 5:2): date,
// diarienummer, board, a short description and, unless it is
// sekretessmarkerat, its parties.
type Entry struct {
	ID                 string          `json:"id"`
	RegistrationNumber string          `json:"registration_number"`
	Board              string          `json:"board"`
	Title              string          `json:"title"` // masked as marked, personnummer scrubbed
	Class              string          `json:"class,omitempty"`
	Counterpart        string          `json:"counterpart,omitempty"` // empty when secret
	RegisteredOn       platform.Date   `json:"registered_on"`
	State              cases.State     `json:"state"`
	Secret             bool            `json:"secret"` // sekretessmarkerat
	Documents          []DocumentEntry `json:"documents"`
}

// DocumentEntry is a handling in the public e-diarium. Offered says
// whether its file may be handed out without a request.
type DocumentEntry struct {
	No          int             `json:"no"`
	Direction   cases.Direction `json:"direction"`
	Date        platform.Date   `json:"date"`
	Description string          `json:"description"`
	Party       string          `json:"party,omitempty"` // empty when secret
	Secret      bool            `json:"secret"`
	Offered     bool            `json:"offered"`
}

// Marks are the registrator's markings of the secret parts of an
// ärende's title and of its handlingar's descriptions (by löpnummer).
type Marks struct {
	Title     []Span
	Documents map[int][]Span
}

// Title returns a title (an ärendemening or a handling's description) as
// the public sees it. A title that is not secret is shown scrubbed of
// personnummer; a secret one with its marked parts masked, and — failing
// closed — as SecretMarker alone when nothing is marked (a marking made
// before parts could be marked, or forgotten).
func Title(title string, secret bool, spans []Span) string {
	switch {
	case !secret:
		return Text(title)
	case len(spans) == 0:
		return SecretMarker
	}
	return MaskTitle(title, spans)
}

// EntryOf returns the public registry entry of an ärende, or false for
// one the registry does not show (a makulerad or unregistered one).
// A sekretessmarkerat ärende is shown with its title masked as marked (see
// Title) and no parties; a secret handling likewise, and no file is offered for
// either. Every text is scrubbed of personnummer.
func EntryOf(c cases.Case, marks Marks) (Entry, bool) {
	if c.State == cases.StateVoided || c.RegistrationNumber == "" {
		return Entry{}, false
	}
	secret := c.Secrecy != nil
	e := Entry{ID: c.ID, RegistrationNumber: c.RegistrationNumber, Board: c.Board, Class: Text(c.Class),
		RegisteredOn: c.RegisteredOn, State: c.State, Secret: secret, Documents: []DocumentEntry{}}
	e.Title = Title(c.Title, secret, marks.Title)
	if !secret {
		e.Counterpart = Text(c.Counterpart)
	}
	for _, d := range c.Documents {
		ds := secret || d.Secrecy != nil
		de := DocumentEntry{No: d.No, Direction: d.Direction, Date: d.Date, Secret: ds, Offered: Document(c, d)}
		de.Description = Title(d.Description, ds, marks.Documents[d.No])
		if !ds {
			de.Party = Text(d.Party)
		}
		e.Documents = append(e.Documents, de)
	}
	return e, true
}
