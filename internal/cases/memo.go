package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// Memo is a tjänsteskrivelse: the official's written proposal to the
// board, with its sections in the order a Swedish municipality prints them.
type Memo struct {
	Date           platform.Date `json:"date"`            // datum
	Title          string        `json:"title"`           // rubrik, e.g. "Översyn av samverkansavtal"
	AuthorName     string        `json:"author_name"`     // handläggarens namn
	AuthorTitle    string        `json:"author_title"`    // befattning, e.g. "IT-chef"
	RecipientBoard string        `json:"recipient_board"` // "Till IT-nämnden"
	// ProposalIntro opens "Förslag till beslut", e.g. "IT-nämnden beslutar".
	ProposalIntro string `json:"proposal_intro"`
	// Clauses are the att-satser, each without its leading "att".
	Clauses      []string   `json:"clauses"`
	Description  string     `json:"description"`  // Ärendebeskrivning
	Basis        []BasisRef `json:"basis"`        // Beslutsunderlag
	Assessment   string     `json:"assessment"`   // Bedömning
	Consequences string     `json:"consequences"` // Konsekvensanalys
	// BudgetImpact is the structured part of the Konsekvensanalys.
	BudgetImpact []BudgetImpact `json:"budget_impact,omitempty"`
	SendTo       []string       `json:"send_to"` // Beslutet skickas till
}

// BasisRef is one item of Beslutsunderlag: free text, optionally pointing
// at one of the case's documents by löpnummer.
type BasisRef struct {
	DocumentNo int    `json:"document_no,omitempty"`
	Text       string `json:"text"`
}

// MissingSections returns the codes of the sections a memo needs before
// the case can be submitted for decision (empty when complete).
func (m Memo) MissingSections() []string {
	var out []string
	if strings.TrimSpace(m.Title) == "" {
		out = append(out, "title")
	}
	if len(m.Clauses) == 0 {
		out = append(out, "clauses")
	}
	if strings.TrimSpace(m.Description) == "" {
		out = append(out, "description")
	}
	if strings.TrimSpace(m.Assessment) == "" {
		out = append(out, "assessment")
	}
	if strings.TrimSpace(m.Consequences) == "" {
		out = append(out, "consequences")
	}
	if len(m.SendTo) == 0 {
		out = append(out, "send_to")
	}
	return out
}

// Digest is the SHA-256 of the memo's canonical JSON (struct field order,
// no insignificant white space): what a decision later refers to.
func (m Memo) Digest() string {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // a Memo always marshals
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// MemoRevision is one immutable saved version of a case's memo. Drafts are
// not allmän handling; UpprattadAt records when a revision became one
// (sent out, or the case was closed).
type MemoRevision struct {
	ID        string    `json:"id"`
	CaseID    string    `json:"case_id"`
	No        int       `json:"no"`
	Memo      Memo      `json:"memo"`
	Digest    string    `json:"digest"`
	AuthorID  string    `json:"author_id"`
	CreatedAt time.Time `json:"created_at"`
}
