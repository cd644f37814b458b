package oparl

import (
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/public"
)

var outcomeLabels = map[string]string{"bifall": "Bifall", "avslag": "Avslag", "aterremiss": "Återremiss",
	"bordlaggning": "Bordläggning", "anmalan": "Anmäld"}

// Meeting returns a meeting with its public paragraphs inline, or false
// when its protocol is not public (not justerat). Secret paragraphs are
// left out; a paragraph on a sekretessmarkerat ärende shows its title
// masked.
func (s Site) Meeting(m MeetingIn, boardName string, omitInternal bool) (Meeting, bool) {
	if !m.Justerad {
		return Meeting{}, false
	}
	out := Meeting{Stamp: s.stamp(s.MeetingURL(m.ID), TypeMeeting, m.Created, m.Modified),
		Name: "Sammanträde med " + boardName + " " + m.Date.String(), MeetingState: "justerat", Start: dateTime(m.StartsAt),
		Organization: []string{s.OrganizationURL(m.Board)}}
	if strings.TrimSpace(m.Place) != "" {
		loc := s.Location(m)
		out.Location = &loc
	}
	for _, p := range m.Present {
		if p.PersonID != "" {
			out.Participant = append(out.Participant, s.PersonURL(p.PersonID))
		}
	}
	if m.Protocol != nil && m.Protocol.Public {
		f := s.file(s.MeetingURL(m.ID), *m.Protocol)
		out.ResultsProtocol = &f
	}
	if !omitInternal {
		for _, p := range m.Paragraphs {
			if it, ok := s.AgendaItem(m, p, true); ok {
				out.AgendaItem = append(out.AgendaItem, it)
			}
		}
	}
	if !m.JusteredOn.IsZero() {
		out.Justering = &JusteringExt{Date: m.JusteredOn.String()}
		for _, j := range m.Justerare {
			out.Justering.Justerare = append(out.Justering.Justerare, public.Text(j))
		}
	}
	for _, n := range m.Notices {
		out.Anslag = append(out.Anslag, AnslagExt{MunicipalityCode: n.MemberCode, Municipality: n.MemberName,
			PostedOn: date(n.PostedOn), StaysUntil: date(n.StaysUntil), Late: n.Late})
	}
	if !m.AppealEnd.IsZero() {
		out.Appeal = &AppealExt{AppealEnd: m.AppealEnd.String(), Appealed: m.Appealed}
		if !m.Appealed {
			out.Appeal.LagaKraftFrom = deadline.LagaKraft(m.AppealEnd).String()
		}
	}
	return out, true
}

// Location returns where a meeting was held.
func (s Site) Location(m MeetingIn) Location {
	return Location{Stamp: s.stamp(s.MeetingURL(m.ID)+"/location", TypeLocation, m.Created, m.Modified), Description: public.Text(m.Place)}
}

// paragraph finds § no among a meeting's public paragraphs.
func paragraph(m MeetingIn, no int) (ParagraphIn, bool) {
	if !m.Justerad {
		return ParagraphIn{}, false
	}
	for _, p := range m.Paragraphs {
		if p.No == no && !p.Secret {
			return p, true
		}
	}
	return ParagraphIn{}, false
}

// AgendaItem returns a public paragraph; inline (inside its Meeting) it
// leaves out the meeting. It is false for a secret paragraph or a protocol
// that is not justerat.
func (s Site) AgendaItem(m MeetingIn, p ParagraphIn, inline bool) (AgendaItem, bool) {
	if !m.Justerad || p.Secret {
		return AgendaItem{}, false
	}
	yes := true
	out := AgendaItem{Stamp: s.stamp(s.AgendaItemURL(m.ID, p.No), TypeAgendaItem, later(m.Created, p.RecordedAt), m.Modified),
		Number: "§ " + strconv.Itoa(p.No), Order: p.No, Name: public.Title(p.Title, p.CaseSecret, p.TitleSpans), Public: &yes,
		Result: outcomeLabels[p.Outcome]}
	if !inline {
		out.Meeting = s.MeetingURL(m.ID)
	}
	if p.Kind == "case" && p.PaperPublic && p.CaseID != "" {
		out.Consultation = s.ConsultationURL(m.ID, p.No)
	}
	ext := &ParagraphExt{Number: p.No, Outcome: p.Outcome, Immediate: p.Immediate}
	for _, c := range p.Clauses {
		ext.Clauses = append(ext.Clauses, public.Text(c))
	}
	if len(ext.Clauses) > 0 {
		out.ResolutionText = strings.Join(ext.Clauses, "\n")
	}
	if len(p.Votes) > 0 {
		ext.Tally = &TallyExt{}
	}
	for _, v := range p.Votes {
		ve := VoteExt{Name: public.Text(v.Name), Vote: v.Vote}
		if v.PersonID != "" {
			ve.Person = s.PersonURL(v.PersonID)
		}
		ext.Votes = append(ext.Votes, ve)
		switch v.Vote {
		case "ja":
			ext.Tally.Yes++
		case "nej":
			ext.Tally.No++
		default:
			ext.Tally.Abstain++
		}
	}
	for _, r := range p.Reservations {
		re := ReservationExt{Name: public.Text(r.Name), Reason: public.Text(r.Reason)}
		if r.PersonID != "" {
			re.Person = s.PersonURL(r.PersonID)
		}
		ext.Reservations = append(ext.Reservations, re)
	}
	out.Paragraph = ext
	for _, d := range p.Reported {
		if de, ok := s.decision(d); ok {
			out.Reported = append(out.Reported, de)
		}
	}
	return out, true
}

// Consultation returns the handling of an ärende at a paragraph, or false
// unless the paragraph and the ärende are both public. Inline (inside its
// Paper) it leaves out the paper.
func (s Site) Consultation(m MeetingIn, p ParagraphIn, inline bool) (Consultation, bool) {
	if !m.Justerad || p.Secret || p.Kind != "case" || !p.PaperPublic || p.CaseID == "" {
		return Consultation{}, false
	}
	yes := true
	out := Consultation{Stamp: s.stamp(s.ConsultationURL(m.ID, p.No), TypeConsultation, later(m.Created, p.RecordedAt), m.Modified),
		AgendaItem: s.AgendaItemURL(m.ID, p.No), Meeting: s.MeetingURL(m.ID), Organization: []string{s.OrganizationURL(m.Board)},
		Authoritative: &yes, Role: "Beslut"}
	if !inline {
		out.Paper = s.PaperURL(p.CaseID)
	}
	return out, true
}

// decision returns a delegated or urgent decision once it is signed and
// reported; on a secret ärende its title is masked and its clauses are
// left out.
func (s Site) decision(d DecisionIn) (DecisionExt, bool) {
	if !d.Signed || !d.Reported {
		return DecisionExt{}, false
	}
	out := DecisionExt{ID: d.ID, Kind: d.Kind, Reference: d.Reference, Title: public.Title(d.CaseTitle, d.CaseSecret, d.TitleSpans),
		Decider: public.Text(d.DeciderName), ActingRole: d.ActingRole, ActingAs: d.ActingAs, Point: d.Point, OrderID: d.OrderID,
		OrderVersion: d.OrderVersion, DecidedOn: d.DecidedOn.String(), ReportedIn: d.ReportedIn}
	if !d.ReportedAt.IsZero() {
		out.ReportedOn = dateOf(d.ReportedAt)
	}
	if d.PaperPublic && d.CaseID != "" {
		out.Paper = s.PaperURL(d.CaseID)
	}
	if !d.CaseSecret {
		for _, c := range d.Clauses {
			out.Clauses = append(out.Clauses, public.Text(c))
		}
	}
	return out, true
}
