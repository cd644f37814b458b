package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// archiveSource is everything the SIP of one case is made from, gathered
// from the stores (gatherArchive); archiveInput maps it to the package's
// input. Nothing in it is read again after gathering.
type archiveSource struct {
	Now      time.Time
	Software string
	Board    board.Board
	Profile  earchive.Profile
	// Case holds its whole history.
	Case cases.Case
	// Users are the people the package names, by id (for names and titles).
	Users map[string]identity.User
	// Files are the content of every handling not weeded, by löpnummer.
	Files map[int][]byte
	// Memo is the tjänsteskrivelse's final version and its rendered PDF
	// (nil: the case has none).
	Memo    *cases.MemoRevision
	MemoPDF []byte
	// DecisionPDFs are the rendered decisions taken outside a meeting, by
	// decision id.
	DecisionPDFs map[string][]byte
	// Force is the legal force of every decision; its Board are the
	// nämnd's decisions on the case.
	Force caseForce
	// Extracts are the rendered protokollsutdrag of Force.Board, in the
	// same order.
	Extracts [][]byte
	// Assessment is what the plan in force says about the case.
	Assessment Assessment
}

// archiveInput is the one mapping from a Samstyr case to the package of
// internal/earchive: the case and its dates, handläggare and parties,
// every registered handling (weeded ones without content; a masked copy
// linked to its original), the
// tjänsteskrivelse's final version, each decision with its document,
// signatures and legal force, each nämnd decision with its
// protokollsutdrag and the justering signatures, the hash chain, the
// sekretess markings and the plan's word on gallring.
func archiveInput(s archiveSource) earchive.Input {
	c := s.Case
	org := earchive.Organisation{Name: firstNonEmpty(s.Board.Organisation, s.Board.Name), ID: s.Profile.OrgID()}
	in := earchive.Input{Created: s.Now, SoftwareVersion: s.Software,
		Creator: earchive.Organisation{Name: s.Board.Name, ID: s.Profile.OrgID()}, Submitter: org,
		Contact: s.Profile.Contact, SubmissionAgreement: s.Profile.Agreement, ClassificationScheme: s.Profile.SchemeName}
	if s.Profile.Archive != "" {
		in.Archive = &earchive.Organisation{Name: s.Profile.Archive}
	}
	ec := earchive.Case{ID: c.ID, RegistrationNumber: c.RegistrationNumber, Title: c.Title, Description: c.Description,
		Class: earchive.Class{Code: c.Class}, State: string(c.State), Registered: c.RegisteredAt,
		Officer: person(s.Users[c.OfficerID], c.OfficerID), Secrecy: secrecy(c.Secrecy)}
	if cl, ok := s.Profile.CaseClass(c.Class); ok {
		ec.Class = earchive.Class{Code: cl.Code, Name: cl.Name}
	}
	for _, e := range c.History {
		switch e.To {
		case cases.StateClosed, cases.StateVoided:
			ec.Closed = e.At
		case cases.StateArchived:
			ec.Archived = e.At
		}
		label := i18n.T(i18n.Swedish, "event."+e.Action)
		if !i18n.Has("event." + e.Action) {
			label = i18n.T(i18n.Swedish, "action."+e.Action)
		}
		ec.Events = append(ec.Events, earchive.Event{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, Label: label,
			From: string(e.From), To: string(e.To), Ref: e.Ref, Note: e.Note, DataDigest: e.DataDigest, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	ec.Chain = earchive.ChainCheck{At: s.Now, OK: true}
	if p := c.Verify(); p != nil {
		ec.Chain.OK, ec.Chain.Problem = false, p.Error()
	}
	ec.Parties = parties(c)

	// The registered handlingar keep their löpnummer; the documents
	// Samstyr renders follow them.
	for _, d := range c.Documents {
		h := earchive.Handling{No: d.No, Type: handlingType(d.Direction), Title: d.Description, Direction: direction(d.Direction),
			Date: d.Date, Party: d.Party, FileName: d.FileName, Added: d.AddedAt, SHA256: d.SHA256, Secrecy: secrecy(d.Secrecy),
			RedactedVersionOf: d.MaskedVersionOf}
		if d.Weeding != nil {
			h.Weeded = &earchive.Weeding{On: d.Weeding.On, Decision: d.Weeding.Decision, Reference: d.Weeding.Reference}
		} else {
			h.Content = s.Files[d.No]
		}
		ec.Handlings = append(ec.Handlings, h)
	}
	next := len(c.Documents) + 1
	add := func(h earchive.Handling) int {
		h.No = next
		next++
		ec.Handlings = append(ec.Handlings, h)
		return h.No
	}
	if s.Memo != nil {
		m := s.Memo
		date := m.Memo.Date
		if date.IsZero() {
			date = platform.DateOf(m.CreatedAt)
		}
		add(earchive.Handling{Type: "Tjänsteskrivelse", Title: "Tjänsteskrivelse: " + firstNonEmpty(m.Memo.Title, c.Title),
			Direction: earchive.DrawnUp, Date: date, FileName: fmt.Sprintf("tjansteskrivelse-version-%d.pdf", m.No),
			Added: m.CreatedAt, Content: s.MemoPDF, Version: cases.RevisionRefText(m.No)})
	}
	for _, d := range c.Decisions {
		f := s.Force.Delegated[d.ID]
		dec := earchive.Decision{ID: d.ID, Kind: decisionKind(d), Intro: d.Intro, Clauses: d.Clauses,
			Decider: earchive.Person{Name: d.DeciderName, Title: i18n.T(i18n.Swedish, "role."+d.ActingRole)},
			Point:   d.PointCode, OrderVersion: d.OrderNumber, OrderHash: d.OrderHash, DecidedAt: d.DecidedAt,
			AppealEnd: f.AppealEnd, LagaKraft: f.LagaKraft, Digest: d.Digest}
		if d.Report != nil {
			dec.Reported = d.Report.MeetingRef
		}
		var sigs []earchive.Signature
		for _, sg := range d.Signatures {
			sigs = append(sigs, signature(sg, s.Users[sg.SignerID].Name, "beslutsfattare", Payload(c, d), s.Now))
		}
		dec.Handling = add(earchive.Handling{Type: "Beslut", Title: decisionKindLabel(d) + ", punkt " + d.PointCode,
			Direction: earchive.DrawnUp, Date: d.DecidedOn, FileName: fmt.Sprintf("beslut-%d.pdf", d.No), Added: d.DecidedAt,
			Content: s.DecisionPDFs[d.ID], Signatures: sigs})
		ec.Decisions = append(ec.Decisions, dec)
		if ec.Decided.IsZero() || d.DecidedAt.Before(ec.Decided) {
			ec.Decided = d.DecidedAt
		}
	}
	for i, bd := range s.Force.Board {
		m, p := bd.Meeting, bd.Paragraph
		ref := m.ParagraphRef(p.No)
		h := earchive.Handling{Type: "Protokollsutdrag", Title: "Protokollsutdrag " + ref, Direction: earchive.DrawnUp,
			Date: firstDate(m.JusteredOn, m.Date), FileName: fmt.Sprintf("protokollsutdrag-%s-%d.pdf", m.Date, p.No)}
		if i < len(s.Extracts) {
			h.Content = s.Extracts[i]
		}
		if s.Memo != nil && len(s.Memo.Memo.SendTo) > 0 {
			h.Direction, h.Party = earchive.Outgoing, strings.Join(s.Memo.Memo.SendTo, ", ")
		}
		for _, ps := range m.Signatures {
			role := "justerare"
			if ps.Role == "ordforande" {
				role = "ordförande"
			}
			h.Signatures = append(h.Signatures, signature(ps.Signature, s.Users[ps.Signature.SignerID].Name, role, m.ProtocolPayload(), s.Now))
		}
		dec := earchive.Decision{ID: fmt.Sprintf("%s-p%d", m.ID, p.No), Kind: earchive.BoardDecision, Intro: s.Board.Name + " beslutar",
			Clauses: p.Clauses, Decider: earchive.Person{Name: s.Board.Name}, Paragraph: ref, DecidedAt: p.RecordedAt,
			AppealEnd: bd.Force.AppealEnd, LagaKraft: bd.Force.LagaKraft, Digest: m.Digest}
		dec.Extract = add(h)
		ec.Decisions = append(ec.Decisions, dec)
		if ec.Decided.IsZero() || p.RecordedAt.Before(ec.Decided) {
			ec.Decided = p.RecordedAt
		}
	}
	if v := s.Assessment.verdict; s.Assessment.Plan != nil && v.HasRule {
		ec.Disposal = &earchive.Disposal{Keep: v.Rule.Keep, Years: v.Rule.Years, Due: v.Due,
			Reference: strings.TrimSpace(v.Rule.Reference + " (" + s.Assessment.Plan.Title + ")")}
	}
	in.Case = ec
	return in
}

// person is the user as a named person (the id when the user is unknown).
func person(u identity.User, id string) earchive.Person {
	if u.Name == "" {
		return earchive.Person{Name: id}
	}
	return earchive.Person{Name: u.Name, Title: u.Title}
}

// parties are the case's motpart and the senders and recipients of its
// handlingar that are not marked secret, each once.
func parties(c cases.Case) []earchive.Party {
	var out []earchive.Party
	seen := map[string]bool{}
	addParty := func(name, role string) {
		name = strings.TrimSpace(name)
		if name == "" || seen[role+"\x00"+name] {
			return
		}
		seen[role+"\x00"+name] = true
		out = append(out, earchive.Party{Name: name, Role: role})
	}
	addParty(c.Counterpart, "motpart")
	for _, d := range c.Documents {
		if d.Secrecy != nil {
			continue // masked on the handling's own record
		}
		switch d.Direction {
		case cases.DirIncoming:
			addParty(d.Party, "avsändare")
		case cases.DirOutgoing:
			addParty(d.Party, "mottagare")
		}
	}
	return out
}

func secrecy(s *cases.Secrecy) *earchive.Secrecy {
	if s == nil {
		return nil
	}
	return &earchive.Secrecy{Reference: s.Reference, Date: s.Date}
}

// handlingType is a registered handling's type by its direction.
func handlingType(d cases.Direction) string {
	switch d {
	case cases.DirIncoming:
		return "Inkommen handling"
	case cases.DirOutgoing:
		return "Utgående handling"
	}
	return "Upprättad handling"
}

func direction(d cases.Direction) earchive.Direction {
	switch d {
	case cases.DirIncoming:
		return earchive.Incoming
	case cases.DirOutgoing:
		return earchive.Outgoing
	}
	return earchive.DrawnUp
}

// decisionKind is the package's kind of a decision taken outside a
// meeting.
func decisionKind(d cases.Decision) earchive.DecisionKind {
	switch {
	case d.Kind == cases.KindUrgent:
		return earchive.UrgentDecision
	case d.ActingAs == "subdelegate":
		return earchive.SubDelegatedDecision
	}
	return earchive.DelegatedDecision
}

// decisionKindLabel is the Swedish name of a decision's kind.
func decisionKindLabel(d cases.Decision) string {
	switch decisionKind(d) {
	case earchive.UrgentDecision:
		return "Ordförandebeslut i brådskande ärende"
	case earchive.SubDelegatedDecision:
		return "Beslut på vidaredelegation"
	}
	return "Delegationsbeslut"
}

// signature maps a signature, checked against payload: VerifiedAt is set
// to now when it verifies.
func signature(sg signing.Signature, name, role string, payload []byte, now time.Time) earchive.Signature {
	out := earchive.Signature{SignerName: firstNonEmpty(name, sg.SignerID), Role: role, Method: sg.Method, KeyID: sg.KeyID,
		PublicKey: sg.PublicKey, Value: sg.Value, Digest: sg.Digest, SignedAt: sg.SignedAt}
	if signing.Verify(sg, payload) == nil {
		out.VerifiedAt = now
	}
	return out
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func firstDate(ds ...platform.Date) platform.Date {
	for _, d := range ds {
		if !d.IsZero() {
			return d
		}
	}
	return platform.Date{}
}
