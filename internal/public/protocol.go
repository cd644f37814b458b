package public

import (
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/meeting"
)

// Protocol returns a justerat protocol as the public may read it: only its
// public paragraphs (Paragraphs), each paragraph on a sekretessmarkerat
// ärende with its title masked as the registrator marked it, and every
// text scrubbed of personnummer. caseOf finds a paragraph's ärende; one it
// cannot find is treated as secret (fail closed). The agenda, the claims
// and the appeals are left out. It is false for a protocol that is not
// public (not justerat). The result shares no slice with m.
func Protocol(m meeting.Meeting, caseOf func(id string) (cases.Case, bool)) (meeting.Meeting, bool) {
	if !Meeting(m) {
		return meeting.Meeting{}, false
	}
	out := m
	out.Agenda, out.Recording, out.Appeals = nil, nil, nil
	out.Place = Text(m.Place)
	out.Seats = slices.Clone(m.Seats)
	out.Notices = slices.Clone(m.Notices)
	for i := range out.Notices {
		out.Notices[i].Location = Text(out.Notices[i].Location)
	}
	out.Paragraphs = nil
	for _, p := range Paragraphs(m) {
		if p.CaseID != "" {
			c, ok := caseOf(p.CaseID)
			switch {
			case !ok:
				p.Title = SecretMarker
			default:
				p.Title = CaseTitle(c)
			}
		} else {
			p.Title = Text(p.Title)
		}
		p.Proposals = texts(p.Proposals)
		p.Clauses = texts(p.Clauses)
		p.Reservations = slices.Clone(p.Reservations)
		for j := range p.Reservations {
			p.Reservations[j].Reason = Text(p.Reservations[j].Reason)
		}
		out.Paragraphs = append(out.Paragraphs, p)
	}
	return out, true
}

// CaseTitle returns an ärende's title (ärendemening) as the public sees
// it: masked as the registrator marked it when the ärende is
// sekretessmarkerat, and scrubbed of personnummer (Title).
func CaseTitle(c cases.Case) string {
	return Title(c.Title, c.Secrecy != nil, MarksOf(c).Title)
}

func texts(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Text(s)
	}
	return out
}

// MemoText returns a tjänsteskrivelse's text as the public may read it: every
// text scrubbed of personnummer (Memo, the policy, says whether it is
// public at all).
func MemoText(m cases.Memo) cases.Memo {
	m.Title, m.AuthorName, m.AuthorTitle = Text(m.Title), Text(m.AuthorName), Text(m.AuthorTitle)
	m.RecipientBoard, m.ProposalIntro = Text(m.RecipientBoard), Text(m.ProposalIntro)
	m.Description, m.Assessment, m.Consequences = Text(m.Description), Text(m.Assessment), Text(m.Consequences)
	m.Clauses, m.SendTo = texts(m.Clauses), texts(m.SendTo)
	m.Basis = slices.Clone(m.Basis)
	for i := range m.Basis {
		m.Basis[i].Text = Text(m.Basis[i].Text)
	}
	m.BudgetImpact = slices.Clone(m.BudgetImpact)
	for i := range m.BudgetImpact {
		m.BudgetImpact[i].Category = Text(m.BudgetImpact[i].Category)
	}
	return m
}
