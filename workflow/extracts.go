package workflow

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
)

// Errors of sending protokollsutdrag.
var (
	ErrExtractBeforeJustering = fault.New(fault.Unprocessable, "extract_before_justering")
	ErrNoExtractRecipients    = fault.New(fault.Unprocessable, "no_extract_recipients")
	ErrParagraphNotFound      = fault.New(fault.NotFound, "paragraph_not_found")
)

// ExtractDispatch is one recipient of a paragraph's protokollsutdrag: a
// line of "Beslutet skickas till" in the case's tjänsteskrivelse, and
// whether the extract has been sent (registered as an outgoing handling
// of the case).
type ExtractDispatch struct {
	Paragraph int    `json:"paragraph"`
	Recipient string `json:"recipient"`
	Sent      bool   `json:"sent"`
}

// extractDescription is the outgoing handling's description; it also
// tells an extract already sent to a recipient (SendExtract is
// idempotent per recipient).
func extractDescription(m meeting.Meeting, no int, recipient string) string {
	return fmt.Sprintf("Protokollsutdrag § %d, sammanträde %s, till %s", no, m.Date, recipient)
}

func extractSent(c cases.Case, desc, recipient string) bool {
	return slices.ContainsFunc(c.Documents, func(d cases.Document) bool {
		return d.Direction == cases.DirOutgoing && d.Party == recipient && d.Description == desc
	})
}

// ExtractDispatches lists, for each paragraph of the meeting that decided
// a case, the recipients its tjänsteskrivelse names and whether each has
// been sent the extract. Paragraphs whose case u may not read are left out.
func (e *Meetings) ExtractDispatches(ctx context.Context, u identity.User, m meeting.Meeting) ([]ExtractDispatch, error) {
	var out []ExtractDispatch
	for _, p := range m.Paragraphs {
		if p.CaseID == "" {
			continue
		}
		c, rev, err := e.asCases().Revision(ctx, u, p.CaseID, 0)
		if err != nil {
			if k := fault.From(err).Kind; k == fault.NotFound || k == fault.Forbidden {
				continue // no memo, or a case u may not read
			}
			return nil, err
		}
		for _, r := range rev.Memo.SendTo {
			out = append(out, ExtractDispatch{Paragraph: p.No, Recipient: r, Sent: extractSent(c, extractDescription(m, p.No, r), r)})
		}
	}
	return out, nil
}

// SendExtract expedierar the protokollsutdrag of § no of a justerat
// protocol to every recipient its case's tjänsteskrivelse names
// ("Beslutet skickas till"): each copy is registered on the case as an
// outgoing handling (the extract PDF, with the recipient as party).
// Recipients already sent to are skipped, so a repeat sends nothing new.
// It returns the recipients sent to now.
func (e *Meetings) SendExtract(ctx context.Context, u identity.User, id string, no int) ([]string, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := e.authorize(u, m.Board, "manage_meetings"); err != nil {
		return nil, err
	}
	if !m.Justerad() {
		return nil, ErrExtractBeforeJustering
	}
	i := slices.IndexFunc(m.Paragraphs, func(p meeting.Paragraph) bool { return p.No == no })
	if i < 0 || m.Paragraphs[i].CaseID == "" {
		return nil, ErrParagraphNotFound.WithDetail("§ %d", no)
	}
	cs := e.asCases()
	c, rev, err := cs.Revision(ctx, u, m.Paragraphs[i].CaseID, 0)
	if err != nil && fault.From(err).Code == cases.ErrRevisionNotFound.Code {
		return nil, ErrNoExtractRecipients
	}
	if err != nil {
		return nil, err
	}
	if len(rev.Memo.SendTo) == 0 {
		return nil, ErrNoExtractRecipients
	}
	in, err := e.ProtocolInput(ctx, m)
	if err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	if err := memopdf.RenderExtract(&pdf, memopdf.ExtractInput{ProtocolInput: in, Paragraph: no}); err != nil {
		return nil, err
	}
	var sent []string
	for _, r := range rev.Memo.SendTo {
		desc := extractDescription(m, no, r)
		if extractSent(c, desc, r) {
			continue
		}
		c, _, err = cs.AddDocument(ctx, u, c.ID, NewDocument{Direction: cases.DirOutgoing, Party: r, Description: desc,
			FileName: fmt.Sprintf("protokollsutdrag-%d-%s.pdf", no, m.Date)}, pdf.Bytes())
		if err != nil {
			return sent, err
		}
		sent = append(sent, r)
	}
	return sent, nil
}
