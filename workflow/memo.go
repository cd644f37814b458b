package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/money"
	"github.com/samstyr/samstyr/internal/platform"
)

// Limits on a memo (characters).
const (
	maxMemoText   = 20000
	maxMemoLine   = 1000
	maxMemoClause = 50
)

// validateMemo normalises and checks a memo; incomplete is fine (drafts),
// malformed is not.
func validateMemo(m *cases.Memo, docs []cases.Document, members []string) error {
	// Work on copies: the caller's slices are not ours to rewrite.
	m.Clauses, m.SendTo, m.Basis = slices.Clone(m.Clauses), slices.Clone(m.SendTo), slices.Clone(m.Basis)
	m.BudgetImpact = slices.Clone(m.BudgetImpact)
	var fs fault.Fields
	trim := func(s *string, field string, max int) {
		*s = strings.TrimSpace(*s)
		if utf8.RuneCountInString(*s) > max {
			fs.Add(field, "too_long")
		}
		if max == maxMemoLine {
			fieldtext.Line(&fs, field, *s)
		} else {
			fieldtext.Block(&fs, field, *s)
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
		fieldtext.Block(&fs, fmt.Sprintf("/clauses/%d", i), c)
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
		fieldtext.Line(&fs, fmt.Sprintf("/send_to/%d", i), r)
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
		fieldtext.Block(&fs, fmt.Sprintf("/basis/%d/text", i), b.Text)
	}
	validateImpact(m.BudgetImpact, members, &fs)
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

// mayEditMemo checks who may revise c's memo: the role policy's
// edit_memo on the board (not its revisor), and not jävig in the case.
func (e *core) mayEditMemo(u identity.User, c cases.Case) error {
	if err := e.authorize(u, c.Board, "edit_memo"); err != nil {
		return err
	}
	if c.Jav(u.Username) {
		return ErrJav.WithDetail("%s is jävig in %s", u.Username, c.RegistrationNumber)
	}
	return nil
}

// MemoEditError is why u may not revise c's memo now (nil if they may):
// the fault SaveMemo would answer, memo_locked when the state does not
// take revisions.
func (e *Cases) MemoEditError(u identity.User, c cases.Case) error {
	if err := e.mayEditMemo(u, c); err != nil {
		return err
	}
	if !MemoEditable(c.State) {
		return ErrMemoLocked.WithDetail("the memo of a case in %s is locked", c.State)
	}
	return nil
}

// SaveMemo stores a new revision of the case's tjänsteskrivelse. ifMatch
// is the revision the author edited (0 for the first): if the memo moved
// on meanwhile, it is a 409 with the current revision. The revision is an
// immutable document of its own; the case records it (and the event) in
// one version-guarded update, retried when only unrelated parts of the
// case changed.
func (e *Cases) SaveMemo(ctx context.Context, u identity.User, caseID string, ifMatch int, m cases.Memo) (cases.Case, cases.MemoRevision, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, cases.MemoRevision{}, err
	}
	if err := e.mayEditMemo(u, c); err != nil {
		return cases.Case{}, cases.MemoRevision{}, err
	}
	members, err := e.memberCodes(ctx, c.Board)
	if err != nil {
		return cases.Case{}, cases.MemoRevision{}, err
	}
	if err := validateMemo(&m, c.Documents, members); err != nil {
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
			rev = cases.MemoRevision{ID: platform.NewID(), CaseID: c.ID, No: current + 1, Memo: m, Digest: m.Digest(),
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
		head.BudgetImpact = m.BudgetImpact
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
func (e *Cases) Revision(ctx context.Context, u identity.User, caseID string, no int) (cases.Case, cases.MemoRevision, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil && fault.From(err).Kind == fault.NotFound {
		// Someone without a role on the board reads the revision the
		// kallelse of a meeting sent them (no names it).
		c, err = e.loadSent(ctx, u, caseID, meeting.HandlingMemo, no)
	}
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
func (e *Cases) DispatchMemo(ctx context.Context, u identity.User, caseID string, ifMatch int64, recipient string) (cases.Case, error) {
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		return c, err
	}
	if c.Version != ifMatch {
		return cases.Case{}, versionConflict(c.Version)
	}
	if err := e.authorize(u, c.Board, "dispatch_memo"); err != nil {
		return cases.Case{}, err
	}
	recipient = strings.TrimSpace(recipient)
	if recipient == "" || utf8.RuneCountInString(recipient) > maxMemoLine {
		return cases.Case{}, (&fault.Fields{{Field: "/recipient", Code: "required"}}).Err(fault.Unprocessable)
	}
	if !fieldtext.LineOK(recipient) {
		return cases.Case{}, (&fault.Fields{{Field: "/recipient", Code: fieldtext.Code}}).Err(fault.Unprocessable)
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

// validateImpact checks the structured budget impact: known types and
// kinds, a sane year, a member for political and direct lines, amounts
// within ±money.MaxOre, and an omfördelning that sums to zero within each
// year.
func validateImpact(lines []cases.BudgetImpact, members []string, fs *fault.Fields) {
	realloc := map[int]int64{}
	for i, l := range lines {
		p := fmt.Sprintf("/budget_impact/%d", i)
		if !slices.Contains(cases.ImpactTypes, l.Type) {
			fs.Add(p+"/type", "invalid_impact_type")
		}
		if l.Year < 2000 || l.Year > 2100 {
			fs.Add(p+"/year", "invalid_year")
		}
		switch l.Kind {
		case "shared":
			if l.Member != "" {
				fs.Add(p+"/member", "member_not_allowed")
			}
		case "political", "direct":
			if !slices.Contains(members, l.Member) {
				fs.Add(p+"/member", "unknown_member")
			}
		default:
			fs.Add(p+"/kind", "invalid_kind")
		}
		switch {
		case l.AmountOre == 0:
			fs.Add(p+"/amount_ore", "required")
		case !money.InRange(l.AmountOre):
			fs.Add(p+"/amount_ore", money.CodeTooLarge)
		}
		if utf8.RuneCountInString(l.Category) > 200 {
			fs.Add(p+"/category", "too_long")
		}
		if l.Type == cases.ImpactReallocation {
			realloc[l.Year] += l.AmountOre
		}
	}
	for _, y := range cases.ImpactYears(lines) {
		if realloc[y] != 0 {
			fs.Add("/budget_impact", "reallocation_not_zero")
			break
		}
	}
}

// memberCodes lists the codes of a board's member municipalities.
func (e *core) memberCodes(ctx context.Context, boardCode string) ([]string, error) {
	b, err := e.boards.GetBoard(ctx, boardCode)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(b.Members))
	for _, m := range b.Members {
		out = append(out, m.Code)
	}
	return out, nil
}
