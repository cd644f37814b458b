package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform/ids"
)

// Limits on a memo (characters).
const (
	maxMemoText   = 20000
	maxMemoLine   = 1000
	maxMemoClause = 50
)

// validateMemo normalises and checks a memo; incomplete is fine (drafts),
// malformed is not.
func validateMemo(m *cases.Memo, docs []cases.Document) error {
	var fs fault.Fields
	trim := func(s *string, field string, max int) {
		*s = strings.TrimSpace(*s)
		if utf8.RuneCountInString(*s) > max {
			fs.Add(field, "too_long")
		}
	}
	trim(&m.Title, "/title", maxMemoLine)
	trim(&m.AuthorName, "/author_name", maxMemoLine)
	trim(&m.AuthorTitle, "/author_title", maxMemoLine)
	trim(&m.RecipientBoard, "/recipient_board", maxMemoLine)
	trim(&m.ProposalIntro, "/proposal_intro", maxMemoLine)
	trim(&m.Description, "/description", maxMemoText)
	trim(&m.Assessment, "/assessment", maxMemoText)
	trim(&m.Consequences, "/consequences", maxMemoText)
	if len(m.Clauses) > maxMemoClause {
		fs.Add("/clauses", "too_many")
	}
	clauses := m.Clauses[:0]
	for i, c := range m.Clauses {
		c = strings.TrimSpace(c)
		if low := strings.ToLower(c); strings.HasPrefix(low, "att ") {
			c = strings.TrimSpace(c[4:]) // the "att" is printed by the layout
		}
		if utf8.RuneCountInString(c) > maxMemoLine {
			fs.Add(fmt.Sprintf("/clauses/%d", i), "too_long")
		}
		if c != "" {
			clauses = append(clauses, c)
		}
	}
	m.Clauses = clauses
	sendTo := m.SendTo[:0]
	for i, r := range m.SendTo {
		r = strings.TrimSpace(r)
		if utf8.RuneCountInString(r) > maxMemoLine {
			fs.Add(fmt.Sprintf("/send_to/%d", i), "too_long")
		}
		if r != "" {
			sendTo = append(sendTo, r)
		}
	}
	m.SendTo = sendTo
	for i, b := range m.Basis {
		m.Basis[i].Text = strings.TrimSpace(b.Text)
		if b.DocumentNo < 0 || b.DocumentNo > len(docs) {
			fs.Add(fmt.Sprintf("/basis/%d/document_no", i), "document_not_found")
		}
		if utf8.RuneCountInString(b.Text) > maxMemoLine {
			fs.Add(fmt.Sprintf("/basis/%d/text", i), "too_long")
		}
	}
	if m.Clauses == nil {
		m.Clauses = []string{}
	}
	if m.SendTo == nil {
		m.SendTo = []string{}
	}
	if m.Basis == nil {
		m.Basis = []cases.BasisRef{}
	}
	return fs.Err(fault.Unprocessable)
}

// SaveMemo stores a new revision of the case's tjänsteskrivelse. ifMatch
// is the revision the author edited (0 for the first): if the memo moved
// on meanwhile, it is a 409 with the current revision. The revision is an
// immutable document of its own; the case records it (and the event) in
// one version-guarded update, retried when only unrelated parts of the
// case changed.
func (e *Engine) SaveMemo(ctx context.Context, u identity.User, caseID string, ifMatch int, m cases.Memo) (cases.Case, cases.MemoRevision, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, cases.MemoRevision{}, err
	}
	if !e.may(u, c.Board, "edit_memo") {
		return cases.Case{}, cases.MemoRevision{}, ErrNotPermitted.WithDetail("edit memo on %s", c.RegistrationNumber)
	}
	if c.Jav(u.Username) {
		return cases.Case{}, cases.MemoRevision{}, ErrJav.WithDetail("%s is jävig in %s", u.Username, c.RegistrationNumber)
	}
	if err := validateMemo(&m, c.Documents); err != nil {
		return cases.Case{}, cases.MemoRevision{}, err
	}
	if m.Date.IsZero() {
		m.Date = e.today()
	}
	now := e.clock.Now().UTC()
	var rev cases.MemoRevision
	for attempt := 0; attempt < 5; attempt++ {
		current := 0
		if c.Memo != nil {
			current = c.Memo.Revision
		}
		if current != ifMatch {
			f := *fault.ErrVersionConflict
			f.Extra = map[string]any{"current_revision": current}
			return cases.Case{}, cases.MemoRevision{}, &f
		}
		if !MemoEditable(c.State) {
			return cases.Case{}, cases.MemoRevision{}, ErrMemoLocked.WithDetail("case is %s", c.State)
		}
		if rev.ID == "" {
			rev = cases.MemoRevision{ID: ids.New(), CaseID: c.ID, No: current + 1, Memo: m, Digest: m.Digest(),
				AuthorID: u.ID, CreatedAt: now}
			if err := e.store.InsertRevision(ctx, rev); err != nil {
				return cases.Case{}, cases.MemoRevision{}, err
			}
		}
		head := cases.MemoHead{}
		if c.Memo != nil {
			head = *c.Memo
		}
		missing := m.MissingSections()
		head.Revision, head.Digest, head.Complete, head.Missing = rev.No, rev.Digest, len(missing) == 0, missing
		head.Revisions = append(append([]cases.RevisionRef(nil), head.Revisions...),
			cases.RevisionRef{No: rev.No, ID: rev.ID, Digest: rev.Digest, AuthorID: u.ID, CreatedAt: now})
		c.Memo = &head
		c.UpdatedAt = now
		c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionMemo, Ref: cases.RevisionRefText(rev.No),
			DataDigest: rev.Digest})
		saved, err := e.store.Update(ctx, c)
		if err == nil {
			return saved, rev, nil
		}
		if !errors.Is(err, fault.ErrVersionConflict) {
			return cases.Case{}, cases.MemoRevision{}, err
		}
		if c, err = e.load(ctx, u, caseID); err != nil {
			return cases.Case{}, cases.MemoRevision{}, err
		}
	}
	return cases.Case{}, cases.MemoRevision{}, versionConflict(c.Version)
}

// Revision returns memo revision no of a case (0 = the latest).
func (e *Engine) Revision(ctx context.Context, u identity.User, caseID string, no int) (cases.Case, cases.MemoRevision, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, cases.MemoRevision{}, err
	}
	if c.Memo == nil {
		return c, cases.MemoRevision{}, cases.ErrRevisionNotFound.WithDetail("the case has no memo")
	}
	if no == 0 {
		no = c.Memo.Revision
	}
	for _, r := range c.Memo.Revisions {
		if r.No == no {
			rev, err := e.store.GetRevision(ctx, r.ID)
			if err != nil {
				return c, rev, err
			}
			if rev.Memo.Digest() != r.Digest {
				return c, rev, fmt.Errorf("memo revision %d of %s does not match its recorded digest", no, c.RegistrationNumber)
			}
			return c, rev, nil
		}
	}
	return c, cases.MemoRevision{}, cases.ErrRevisionNotFound.WithDetail("revision %d", no)
}

// DispatchMemo records that the current memo revision was sent outside the
// authority (expedierad): from then on it is allmän handling (TF 2:10).
func (e *Engine) DispatchMemo(ctx context.Context, u identity.User, caseID string, ifMatch int64, recipient string) (cases.Case, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	if !e.may(u, c.Board, "dispatch_memo") {
		return cases.Case{}, ErrNotPermitted.WithDetail("dispatch memo on %s", c.RegistrationNumber)
	}
	recipient = strings.TrimSpace(recipient)
	if recipient == "" || utf8.RuneCountInString(recipient) > maxMemoLine {
		return cases.Case{}, (&fault.Fields{{Field: "/recipient", Code: "required"}}).Err(fault.Unprocessable)
	}
	if c.Memo == nil {
		return cases.Case{}, cases.ErrRevisionNotFound.WithDetail("the case has no memo")
	}
	now := e.clock.Now().UTC()
	if c.Memo.UpprattadAt == nil {
		head := *c.Memo
		head.UpprattadAt, head.UpprattadRevision, head.UpprattadReason = &now, head.Revision, "expedierad"
		c.Memo = &head
	}
	c.UpdatedAt = now
	c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionDispatch, Ref: cases.RevisionRefText(c.Memo.Revision),
		Note: recipient, DataDigest: c.Memo.Digest})
	saved, err := e.store.Update(ctx, c)
	if errors.Is(err, fault.ErrVersionConflict) {
		return cases.Case{}, versionConflict(c.Version)
	}
	return saved, err
}
