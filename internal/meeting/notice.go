package meeting

import (
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// PostNotice records the announcement of the justering on the anslagstavla
// of member (memberName, "" for a code that is not a member of the board)
// and recomputes the appeal period: three weeks from the latest posting
// among the members (Lag 1930:173 moves an end on a weekend or holiday to
// the next weekday). A notice replaces the member's earlier one.
func (m *Meeting) PostNotice(member, memberName string, posted platform.Date, location string) error {
	if m.Status != StatusJusterad {
		return ErrWrongStatus.WithDetail("the protocol is not justerat")
	}
	var fs fault.Fields
	if memberName == "" {
		fs.Add("/member", "unknown_member")
	}
	if posted.IsZero() {
		fs.Add("/posted_on", "required")
	} else if posted.Before(m.JusteredOn) {
		fs.Add("/posted_on", "notice_before_justering")
	}
	if strings.TrimSpace(location) == "" {
		fs.Add("/location", "required")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	notices := slices.DeleteFunc(slices.Clone(m.Notices), func(n Notice) bool { return n.Member == member })
	notices = append(notices, Notice{Member: member, MemberName: memberName, PostedOn: posted, Location: strings.TrimSpace(location),
		Late: deadline.PostedLate(m.JusteredOn, posted)})
	var postings []platform.Date
	for _, n := range notices {
		postings = append(postings, n.PostedOn)
	}
	end, err := deadline.AppealEnd(postings)
	if err != nil {
		return err
	}
	m.Notices, m.AppealEnd, m.LagaKraftOn, m.Public = notices, end, deadline.LagaKraft(end), true
	for i := range m.Notices {
		m.Notices[i].StaysUntil = end
	}
	return nil
}

// RegisterAppeal records a laglighetsprövning received within the appeal
// period; the meeting's decisions then do not gain legal force until the
// court has ruled. paragraph is the § appealed, 0 for the whole protocol.
func (m *Meeting) RegisterAppeal(received platform.Date, court string, paragraph int, by string) error {
	var fs fault.Fields
	switch {
	case m.AppealEnd.IsZero():
		fs.Add("/received_on", "no_appeal_period")
	case received.IsZero():
		fs.Add("/received_on", "required")
	case received.After(m.AppealEnd):
		fs.Add("/received_on", "appeal_after_period")
	case received.Before(m.JusteredOn):
		fs.Add("/received_on", "invalid_date")
	}
	if strings.TrimSpace(court) == "" {
		fs.Add("/court", "required")
	}
	if paragraph != 0 && !slices.ContainsFunc(m.Paragraphs, func(p Paragraph) bool { return p.No == paragraph }) {
		fs.Add("/paragraph", "invalid_value")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	m.Appeals = append(slices.Clone(m.Appeals), Appeal{ReceivedOn: received, Court: strings.TrimSpace(court), Paragraph: paragraph, By: by})
	return nil
}

// LegalStatus says whether a justerat protocol's decisions have legal
// force on today: "anslag" (the appeal period runs), "laga_kraft" (it
// ran out with no appeal), "overklagat" (an appeal was registered), or ""
// before the notices are posted.
func (m Meeting) LegalStatus(today platform.Date) string {
	switch {
	case m.AppealEnd.IsZero():
		return ""
	case len(m.Appeals) > 0:
		return "overklagat"
	case today.After(m.AppealEnd):
		return "laga_kraft"
	}
	return "anslag"
}

// PublicPart is the meeting as the public anslagstavla shows it: no secret
// paragraphs, no seats, signatures or appeals, no votes or reservations.
func (m Meeting) PublicPart() Meeting {
	m.Paragraphs = slices.DeleteFunc(slices.Clone(m.Paragraphs), func(p Paragraph) bool { return p.Secret })
	m.Seats, m.Signatures, m.Appeals = nil, nil, nil
	for j := range m.Paragraphs {
		m.Paragraphs[j].Votes, m.Paragraphs[j].Reservations = nil, nil
	}
	return m
}
