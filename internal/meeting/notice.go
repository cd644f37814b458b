package meeting

import (
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/platform"
)

// CheckHeld refuses (ErrBeforeMeeting) what may only happen on or after
// the day of the meeting, on today: opening it, justering its protocol.
func (m Meeting) CheckHeld(today platform.Date) error {
	if today.Before(m.Date) {
		return ErrBeforeMeeting.WithDetail("the meeting is on %s", m.Date)
	}
	return nil
}

// checkEntered adds field errors for a date a person entered on today:
// required, not in the future, not before the meeting.
func (m Meeting) checkEntered(fs *fault.Fields, field string, d, today platform.Date) {
	switch {
	case d.IsZero():
		fs.Add(field, "required")
	case d.After(today):
		fs.Add(field, "date_in_future")
	case d.Before(m.Date):
		fs.Add(field, "before_meeting_date")
	}
}

// SetJusteringDate records the day the protocol was justerat, as the
// secretary enters it (a justering on paper, or signatures given on other
// days than they were registered): on or after the meeting, not in the
// future, not after any posting of the justering. The entry keeps who
// entered it and when.
func (m *Meeting) SetJusteringDate(on platform.Date, by string, now time.Time) error {
	if m.Status != StatusJusterad {
		return ErrWrongStatus.WithDetail("the protocol is not justerat")
	}
	var fs fault.Fields
	today := platform.DateOf(now)
	m.checkEntered(&fs, "/justered_on", on, today)
	for _, n := range m.Notices {
		if !on.IsZero() && n.PostedOn.Before(on) {
			fs.Add("/justered_on", "justering_after_notice")
			break
		}
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	m.JusteredOn = on
	m.JusteringEntry = &DateEntry{By: by, At: now.UTC(), Backdated: on != today}
	m.settle()
	return nil
}

// PostNotice records the announcement of the justering on the anslagstavla
// of member, one of the meeting's notice boards, on posted as the secretary
// entered it on now: not in the future, not before the meeting or the
// justering. A notice replaces the member's earlier one. Then the appeal
// period is worked out again (see settle).
func (m *Meeting) PostNotice(member string, posted platform.Date, location, by string, now time.Time) error {
	if m.Status != StatusJusterad {
		return ErrWrongStatus.WithDetail("the protocol is not justerat")
	}
	var fs fault.Fields
	i := slices.IndexFunc(m.NoticeBoards, func(b NoticeBoard) bool { return b.Member == member })
	if i < 0 {
		fs.Add("/member", "unknown_member")
	}
	today := platform.DateOf(now)
	m.checkEntered(&fs, "/posted_on", posted, today)
	if !posted.IsZero() && posted.Before(m.JusteredOn) {
		fs.Add("/posted_on", "notice_before_justering")
	}
	if strings.TrimSpace(location) == "" {
		fs.Add("/location", "required")
	}
	fieldtext.Line(&fs, "/location", location)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	notices := slices.DeleteFunc(slices.Clone(m.Notices), func(n Notice) bool { return n.Member == member })
	m.Notices = append(notices, Notice{Member: member, MemberName: m.NoticeBoards[i].MemberName, PostedOn: posted,
		Location: strings.TrimSpace(location), Entry: &DateEntry{By: by, At: now.UTC(), Backdated: posted != today}})
	m.settle()
	return nil
}

// SetNoticeBoards sets the anslagstavlor the justering must be announced
// on (for a meeting planned before they were kept) and works out the
// appeal period under them.
func (m *Meeting) SetNoticeBoards(boards []NoticeBoard) {
	m.NoticeBoards = boards
	m.settle()
}

// settle works out what follows from the justering and the notices: each
// notice is late when posted after the second day after justering (KL
// 8:12); the appeal period is three weeks from the latest posting, and it
// runs only once every notice board carries the announcement (KL 13:5:
// for a gemensam nämnd, the anslagstavlor of all cooperating
// municipalities), so until then there is no appeal end and no laga kraft.
// Every notice stays up until the appeal end. The meeting is on the public
// anslagstavla from its first notice.
func (m *Meeting) settle() {
	m.Notices = slices.Clone(m.Notices)
	end := m.appealEnd()
	for i := range m.Notices {
		m.Notices[i].Late = deadline.PostedLate(m.JusteredOn, m.Notices[i].PostedOn)
		m.Notices[i].StaysUntil = end
	}
	m.AppealEnd = end
	m.LagaKraftOn = platform.Date{}
	if !end.IsZero() {
		m.LagaKraftOn = deadline.LagaKraft(end)
	}
	m.Public = m.Public || len(m.Notices) > 0
}

// appealEnd is the last day for laglighetsprövning, zero while a notice
// board has no notice.
func (m Meeting) appealEnd() platform.Date {
	if len(m.NoticeBoards) == 0 || len(m.PendingNoticeBoards()) > 0 {
		return platform.Date{}
	}
	end, err := deadline.AppealEnd(m.Postings())
	if err != nil {
		return platform.Date{}
	}
	return end
}

// Postings lists the posting date on each notice board, in their order,
// the zero date for a board without a notice.
func (m Meeting) Postings() []platform.Date {
	out := make([]platform.Date, len(m.NoticeBoards))
	for i, b := range m.NoticeBoards {
		if n, ok := m.Notice(b.Member); ok {
			out[i] = n.PostedOn
		}
	}
	return out
}

// Notice returns member's notice, if posted.
func (m Meeting) Notice(member string) (Notice, bool) {
	for _, n := range m.Notices {
		if n.Member == member {
			return n, true
		}
	}
	return Notice{}, false
}

// PendingNoticeBoards lists the notice boards that do not carry the
// announcement yet.
func (m Meeting) PendingNoticeBoards() []NoticeBoard {
	var out []NoticeBoard
	for _, b := range m.NoticeBoards {
		if _, ok := m.Notice(b.Member); !ok {
			out = append(out, b)
		}
	}
	return out
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
	fieldtext.Line(&fs, "/court", court)
	if paragraph != 0 && !slices.ContainsFunc(m.Paragraphs, func(p Paragraph) bool { return p.No == paragraph }) {
		fs.Add("/paragraph", "invalid_value")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return err
	}
	m.Appeals = append(slices.Clone(m.Appeals), Appeal{ReceivedOn: received, Court: strings.TrimSpace(court), Paragraph: paragraph, By: by})
	return nil
}

// Appealed reports whether a laglighetsprövning was registered against
// paragraph no (or against the whole protocol).
func (m Meeting) Appealed(no int) bool {
	return slices.ContainsFunc(m.Appeals, func(a Appeal) bool { return a.Paragraph == 0 || a.Paragraph == no })
}

// LegalityRoute is the laglighetsprövning of what paragraph no decides or
// reports: from the latest posting once every notice board carries the
// justering.
func (m Meeting) LegalityRoute(no int) deadline.Route {
	r := deadline.LegalityRoute(m.Postings(), m.Appealed(no))
	if len(m.NoticeBoards) == 0 || m.Status != StatusJusterad {
		r = deadline.Route{Kind: deadline.RouteLegality, Appealed: m.Appealed(no)}
	}
	switch {
	case m.Status != StatusJusterad:
		r.Note = "protokollet är inte justerat"
	case r.End.IsZero():
		var names []string
		for _, b := range m.PendingNoticeBoards() {
			names = append(names, b.MemberName)
		}
		r.Note = "ej anslaget hos " + strings.Join(names, ", ")
	}
	return r
}

// LegalStatus says whether a justerat protocol's decisions have legal
// force on today: "anslag" (the appeal period runs), "laga_kraft" (it
// ran out with no appeal), "overklagat" (an appeal was registered), or ""
// while the period has not started (not justerat, or not yet announced on
// every notice board).
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

// Deadlines are the meeting's time limits on today: justering within 14
// days of the meeting, the anslag on each notice board by the second day
// after justering (KL 8:12), the end of the appeal period and laga kraft.
func (m Meeting) Deadlines(today platform.Date) []deadline.Item {
	out := []deadline.Item{deadline.NewItem(deadline.KindJustering, "", deadline.JusteringDue(m.Date), m.JusteredOn, today)}
	var due platform.Date
	if !m.JusteredOn.IsZero() {
		due = deadline.AnslagDue(m.JusteredOn)
	}
	for _, b := range m.NoticeBoards {
		n, _ := m.Notice(b.Member)
		out = append(out, deadline.NewItem(deadline.KindAnslag, b.MemberName, due, n.PostedOn, today))
	}
	r := m.LegalityRoute(0)
	r.Appealed = len(m.Appeals) > 0
	period := deadline.PeriodItems(deadline.LegalForce([]deadline.Route{r}, today), today)
	if r.Note != "" && !r.Appealed {
		period[0].Note = r.Note
	}
	return append(out, period...)
}

// PublicPart is the meeting as the public anslagstavla shows it: no secret
// paragraphs, no seats, signatures or appeals, no votes or reservations,
// and not who entered the dates.
func (m Meeting) PublicPart() Meeting {
	m.Paragraphs = slices.DeleteFunc(slices.Clone(m.Paragraphs), func(p Paragraph) bool { return p.Secret })
	m.Seats, m.Signatures, m.Appeals, m.JusteringEntry = nil, nil, nil, nil
	for j := range m.Paragraphs {
		m.Paragraphs[j].Votes, m.Paragraphs[j].Reservations = nil, nil
	}
	m.Notices = slices.Clone(m.Notices)
	for i := range m.Notices {
		m.Notices[i].Entry = nil
	}
	return m
}
