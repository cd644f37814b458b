package meeting

import (
	"fmt"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
)

// CaseEvent is the case lifecycle event a paragraph's outcome fires
// (beslutad, återremitterad, bordlagd), or "" for an outcome that is not a
// case's.
func (o Outcome) CaseEvent() string {
	switch o {
	case OutcomeApproved, OutcomeRejected:
		return "decide"
	case OutcomeReferred:
		return "refer_back"
	case OutcomeTabled:
		return "table"
	}
	return ""
}

// ParagraphRef is how a paragraph of the meeting is cited, e.g.
// "ITN 2026-03-12 § 7".
func (m Meeting) ParagraphRef(no int) string {
	return fmt.Sprintf("%s %s § %d", m.Board, m.Date, no)
}

// CheckParagraph checks what the secretary records for agenda item idx
// of an open meeting (ErrWrongStatus otherwise): an outcome that fits the item (anmälan for the delegation report, a
// case outcome for a case) and votes by members of the meeting that are
// ja, nej or avstår. It returns the item.
func (m Meeting) CheckParagraph(idx int, outcome Outcome, votes []Vote) (AgendaItem, error) {
	if m.Status != StatusOpen {
		return AgendaItem{}, ErrWrongStatus.WithDetail("the meeting is %s", m.Status)
	}
	if idx < 0 || idx >= len(m.Agenda) {
		return AgendaItem{}, (&fault.Fields{{Field: "/item", Code: "invalid_value"}}).Err(fault.Unprocessable)
	}
	item := m.Agenda[idx]
	var fs fault.Fields
	switch {
	case item.Kind == "delegation_report" && outcome != OutcomeReported:
		fs.Add("/outcome", "invalid_value")
	case item.Kind == "case" && outcome.CaseEvent() == "":
		fs.Add("/outcome", "invalid_value")
	case item.Kind == KindFormal:
		// A standard item draws no §: the protocol's opening and closing
		// parts say what it records.
		fs.Add("/item", "formal_item")
	}
	for i, v := range votes {
		if !slices.ContainsFunc(m.Seats, func(s Seat) bool { return s.Username == v.Username }) {
			fs.Add(fmt.Sprintf("/votes/%d/username", i), "not_a_member")
		}
		if v.Vote != "ja" && v.Vote != "nej" && v.Vote != "avstar" {
			fs.Add(fmt.Sprintf("/votes/%d/vote", i), "invalid_value")
		}
	}
	return item, fs.Err(fault.Unprocessable)
}

// CheckNamed checks the people a paragraph names: each who left for jäv
// holds a seat at the meeting (not_a_member); each who votes serves at
// the § (vote_not_serving: a ledamot present and not jävig, an ersättare
// serving for one or stepping in for a jävig one, as Serving counts them)
// and votes once (duplicate_vote); each who reserved themselves took part
// in the decision (KL 4 kap. 27 §: serves at the §,
// not_serving_at_paragraph) and is named once (duplicate_reservation).
// Who holds no seat at all is not_a_member, for votes by CheckParagraph.
func (m Meeting) CheckNamed(jav, reservations []string, votes []Vote, subs []JavSubstitute) error {
	var fs fault.Fields
	seated := func(u string) bool {
		return slices.ContainsFunc(m.Seats, func(s Seat) bool { return s.Username == u })
	}
	for i, u := range jav {
		if !seated(u) {
			fs.Add(fmt.Sprintf("/jav/%d", i), "not_a_member")
		}
	}
	serving := m.Serving(jav, subs...)
	for i, v := range votes {
		switch {
		case !seated(v.Username):
			// CheckParagraph names it not_a_member.
		case !slices.Contains(serving, v.Username):
			fs.Add(fmt.Sprintf("/votes/%d/username", i), "vote_not_serving")
		case slices.ContainsFunc(votes[:i], func(o Vote) bool { return o.Username == v.Username }):
			fs.Add(fmt.Sprintf("/votes/%d/username", i), "duplicate_vote")
		}
	}
	for i, u := range reservations {
		switch {
		case !seated(u):
			fs.Add(fmt.Sprintf("/reservations/%d", i), "not_a_member")
		case !slices.Contains(serving, u):
			fs.Add(fmt.Sprintf("/reservations/%d", i), "not_serving_at_paragraph")
		case slices.Contains(reservations[:i], u):
			fs.Add(fmt.Sprintf("/reservations/%d", i), "duplicate_reservation")
		}
	}
	return fs.Err(fault.Unprocessable)
}

// CheckQuorum refuses a paragraph without a quorum (ErrNoQuorum): more
// than half of the ledamöter must serve, those who left for jäv not
// counted, the ersättare stepping in for them (subs) counted.
func (m Meeting) CheckQuorum(jav []string, subs ...JavSubstitute) error {
	if serving, members, ok := m.Quorum(jav, subs...); !ok {
		return ErrNoQuorum.WithDetail("%d of %d ledamöter serve", serving, members)
	}
	return nil
}

// Serving lists who serves at a paragraph: the present ledamöter and the
// ersättare serving for someone, except those who left for jäv, and the
// ersättare who stepped in for them (subs).
func (m Meeting) Serving(jav []string, subs ...JavSubstitute) []string {
	var out []string
	for _, s := range m.Seats {
		if s.Present && !slices.Contains(jav, s.Username) && (s.Member() || s.ServesFor != "") {
			out = append(out, s.Username)
		}
	}
	for _, j := range subs {
		out = append(out, j.Substitute)
	}
	return out
}

// AddParagraph puts p into the protocol in § order and drops by's claim
// on agenda item idx, which p records.
func (m *Meeting) AddParagraph(p Paragraph, idx int, by string) {
	m.Recording = m.withoutClaim(idx, by)
	m.Paragraphs = append(slices.Clone(m.Paragraphs), p)
	slices.SortFunc(m.Paragraphs, func(a, b Paragraph) int { return a.No - b.No })
}

// Claim puts by's claim on agenda item idx (which must still be item)
// at now, before its § number is drawn. It refuses with 409 agenda_changed
// when the agenda moved the item, 409 item_recorded when the item already
// has its paragraph, ErrWrongStatus when the meeting is not open and 409
// item_being_recorded while another live claim holds it; stale claims
// (older than RecordingClaimTTL) are dropped.
func (m *Meeting) Claim(idx int, item AgendaItem, by string, now time.Time) error {
	if idx >= len(m.Agenda) || m.Agenda[idx].Kind != item.Kind || m.Agenda[idx].CaseID != item.CaseID {
		return fault.New(fault.Conflict, "agenda_changed").WithDetail("item %d", idx)
	}
	if p, ok := m.Recorded(item); ok {
		return fault.New(fault.Conflict, "item_recorded").WithDetail("§ %d", p.No)
	}
	if m.Status != StatusOpen {
		return ErrWrongStatus.WithDetail("the meeting is %s", m.Status)
	}
	var live []Recording
	for _, r := range m.Recording {
		if now.Sub(r.At) < RecordingClaimTTL {
			live = append(live, r)
		}
	}
	if slices.ContainsFunc(live, func(r Recording) bool { return r.Item == idx }) {
		return fault.New(fault.Conflict, "item_being_recorded").WithDetail("item %d", idx)
	}
	m.Recording = append(live, Recording{Item: idx, By: by, At: now})
	return nil
}

// ReleaseClaim drops by's claim on agenda item idx.
func (m *Meeting) ReleaseClaim(idx int, by string) { m.Recording = m.withoutClaim(idx, by) }

// withoutClaim returns the claims without by's claim on the item.
func (m Meeting) withoutClaim(idx int, by string) []Recording {
	return slices.DeleteFunc(slices.Clone(m.Recording), func(r Recording) bool { return r.Item == idx && r.By == by })
}
