package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/deadline"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// ParagraphInput is what the secretary records for one agenda item.
type ParagraphInput struct {
	Item         int // index in the agenda
	Outcome      meeting.Outcome
	Clauses      []string
	Proposals    []string
	Votes        []meeting.Vote
	Reservations []string
	Jav          []string
	Secret       bool
	Immediate    bool
}

// caseEvents maps a paragraph's outcome to the case's lifecycle event.
var caseEvents = map[meeting.Outcome]string{meeting.OutcomeApproved: "decide", meeting.OutcomeRejected: "decide",
	meeting.OutcomeReferred: "refer_back", meeting.OutcomeTabled: "table"}

// ParagraphRef is how a paragraph is cited, e.g. "ITN 2026-03-12 § 7".
func ParagraphRef(m meeting.Meeting, no int) string {
	return fmt.Sprintf("%s %s § %d", m.Board, m.Date, no)
}

// RecordParagraph records an agenda item as the next § of the board's
// year: only with a quorum (more than half of the ledamöter serving,
// those who left for jäv not counted); the number comes from an atomic
// counter, so two secretaries recording at once never share or skip one.
// The outcome then drives the case's lifecycle (beslutad, återremitterad,
// bordlagd).
func (e *Engine) RecordParagraph(ctx context.Context, u identity.User, id string, in ParagraphInput) (meeting.Meeting, meeting.Paragraph, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, meeting.Paragraph{}, err
	}
	if !e.may(u, m.Board, "manage_meetings") {
		return meeting.Meeting{}, meeting.Paragraph{}, ErrNotPermitted.WithDetail("record paragraphs on %s", m.Board)
	}
	if m.Status != meeting.StatusOpen {
		return meeting.Meeting{}, meeting.Paragraph{}, meeting.ErrWrongStatus.WithDetail("the meeting is %s", m.Status)
	}
	if in.Item < 0 || in.Item >= len(m.Agenda) {
		return meeting.Meeting{}, meeting.Paragraph{}, (&fault.Fields{{Field: "/item", Code: "invalid_value"}}).Err(fault.Unprocessable)
	}
	item := m.Agenda[in.Item]
	var fs fault.Fields
	switch {
	case item.Kind == "delegation_report" && in.Outcome != meeting.OutcomeReported:
		fs.Add("/outcome", "invalid_value")
	case item.Kind == "case" && caseEvents[in.Outcome] == "":
		fs.Add("/outcome", "invalid_value")
	}
	for i, v := range in.Votes {
		if !slices.ContainsFunc(m.Seats, func(s meeting.Seat) bool { return s.Username == v.Username }) {
			fs.Add(fmt.Sprintf("/votes/%d/username", i), "not_a_member")
		}
		if v.Vote != "ja" && v.Vote != "nej" && v.Vote != "avstar" {
			fs.Add(fmt.Sprintf("/votes/%d/vote", i), "invalid_value")
		}
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	if serving, members, ok := m.Quorum(in.Jav); !ok {
		return meeting.Meeting{}, meeting.Paragraph{}, meeting.ErrNoQuorum.WithDetail("%d of %d ledamöter serve", serving, members)
	}
	if m, err = e.claimItem(ctx, m, in.Item, item, u.Username); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	no, err := e.meetings.NextParagraph(ctx, m.Board, m.Year)
	if err != nil {
		e.releaseItem(context.WithoutCancel(ctx), id, in.Item, u.Username)
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	p := meeting.Paragraph{No: int(no), Kind: item.Kind, CaseID: item.CaseID, RegistrationNumber: item.RegistrationNumber,
		Title: item.Title, Proposals: in.Proposals, Outcome: in.Outcome, Clauses: in.Clauses, Votes: in.Votes, Jav: in.Jav,
		Decisions: item.Decisions, Secret: in.Secret, Immediate: in.Immediate, RecordedAt: e.clock.Now().UTC(), RecordedBy: u.Username}
	for _, r := range in.Reservations {
		p.Reservations = append(p.Reservations, meeting.Reservation{Username: r})
	}
	for _, s := range m.Seats {
		if s.Present && !slices.Contains(in.Jav, s.Username) && (s.Member() || s.ServesFor != "") {
			p.Serving = append(p.Serving, s.Username)
		}
	}
	// The number is drawn; keep trying until the paragraph is written, so
	// no number is lost to a concurrent edit of the meeting.
	for attempt := 0; ; attempt++ {
		m.Recording = withoutClaim(m.Recording, in.Item, u.Username)
		m.Paragraphs = append(slices.Clone(m.Paragraphs), p)
		slices.SortFunc(m.Paragraphs, func(a, b meeting.Paragraph) int { return a.No - b.No })
		saved, err := e.meetings.UpdateMeeting(ctx, m)
		if err == nil {
			m = saved
			break
		}
		if !errors.Is(err, fault.ErrVersionConflict) || attempt > 50 {
			e.releaseItem(context.WithoutCancel(ctx), id, in.Item, u.Username)
			return meeting.Meeting{}, meeting.Paragraph{}, fmt.Errorf("§ %d drawn but not written: %w", p.No, err)
		}
		if m, err = e.meetings.GetMeeting(ctx, id); err != nil {
			e.releaseItem(context.WithoutCancel(ctx), id, in.Item, u.Username)
			return meeting.Meeting{}, meeting.Paragraph{}, err
		}
	}
	if err := e.applyOutcome(ctx, u, m, p); err != nil {
		return m, p, err
	}
	return m, p, nil
}

// claimItem writes a claim on the agenda item into the meeting before a §
// number is drawn: the versioned write lets only one of two concurrent
// recordings of the same item through, so the loser is refused before it
// could draw (and so lose) a number. It answers 409 item_recorded when the
// item already has its paragraph and 409 item_being_recorded while another
// live claim holds it.
func (e *Engine) claimItem(ctx context.Context, m meeting.Meeting, idx int, item meeting.AgendaItem, by string) (meeting.Meeting, error) {
	for attempt := 0; ; attempt++ {
		// After a re-read the item must still be at idx: the agenda may
		// have been reordered meanwhile, and the paragraph is written for
		// the item the request was checked against.
		if idx >= len(m.Agenda) || m.Agenda[idx].Kind != item.Kind || m.Agenda[idx].CaseID != item.CaseID {
			return meeting.Meeting{}, fault.New(fault.Conflict, "agenda_changed").WithDetail("item %d", idx)
		}
		if p, ok := m.Recorded(item); ok {
			return meeting.Meeting{}, fault.New(fault.Conflict, "item_recorded").WithDetail("§ %d", p.No)
		}
		if m.Status != meeting.StatusOpen {
			return meeting.Meeting{}, meeting.ErrWrongStatus.WithDetail("the meeting is %s", m.Status)
		}
		now := e.clock.Now().UTC()
		var live []meeting.Recording
		for _, r := range m.Recording {
			if now.Sub(r.At) < meeting.RecordingClaimTTL {
				live = append(live, r)
			}
		}
		if slices.ContainsFunc(live, func(r meeting.Recording) bool { return r.Item == idx }) {
			return meeting.Meeting{}, fault.New(fault.Conflict, "item_being_recorded").WithDetail("item %d", idx)
		}
		m.Recording = append(live, meeting.Recording{Item: idx, By: by, At: now})
		saved, err := e.meetings.UpdateMeeting(ctx, m)
		if err == nil {
			return saved, nil
		}
		if !errors.Is(err, fault.ErrVersionConflict) || attempt > 50 {
			return meeting.Meeting{}, err
		}
		if m, err = e.meetings.GetMeeting(ctx, m.ID); err != nil {
			return meeting.Meeting{}, err
		}
	}
}

// releaseItem removes a claim whose recording failed before a paragraph
// was written, so the item can be recorded again at once (a claim left by
// a crash expires after RecordingClaimTTL instead). Best effort; callers
// pass a context the client cannot cancel, since a hang-up is a usual
// reason for the failure.
func (e *Engine) releaseItem(ctx context.Context, id string, idx int, by string) {
	for range 5 {
		m, err := e.meetings.GetMeeting(ctx, id)
		if err != nil {
			return
		}
		m.Recording = withoutClaim(m.Recording, idx, by)
		if _, err := e.meetings.UpdateMeeting(ctx, m); !errors.Is(err, fault.ErrVersionConflict) {
			return
		}
	}
}

// withoutClaim returns the claims without by's claim on the item.
func withoutClaim(rs []meeting.Recording, idx int, by string) []meeting.Recording {
	return slices.DeleteFunc(slices.Clone(rs), func(r meeting.Recording) bool { return r.Item == idx && r.By == by })
}

// applyOutcome moves the paragraph's case through the lifecycle. It is
// idempotent: a case already past the event is left alone.
func (e *Engine) applyOutcome(ctx context.Context, u identity.User, m meeting.Meeting, p meeting.Paragraph) error {
	if p.Kind != "case" {
		return nil
	}
	event := caseEvents[p.Outcome]
	for attempt := 0; attempt < 5; attempt++ {
		c, err := e.store.Get(ctx, p.CaseID)
		if err != nil {
			return err
		}
		ref := m.ParagraphRef(p.No)
		if slices.ContainsFunc(c.History, func(ev cases.Event) bool { return ev.Ref == ref && ev.Action == event }) {
			return nil
		}
		if c.State == cases.StateTabled && event != "table" {
			// A case tabled earlier is taken up again before its outcome.
			_, err = e.fire(ctx, u, c, "untable", ref, "")
			if err == nil || errors.Is(err, fault.ErrVersionConflict) {
				continue
			}
			return err
		}
		if c.State == cases.StateTabled && event == "table" {
			return nil // tabled again: it stays bordlagd for the next meeting
		}
		_, err = e.fire(ctx, u, c, event, ref, string(p.Outcome))
		if !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
	}
	return fault.ErrVersionConflict
}

// protocolPayload is what justering signs: the protocol as recorded.
func protocolPayload(m meeting.Meeting) []byte {
	b, err := jcs.Marshal(map[string]any{"format": "samstyr-protokoll-v1", "id": m.ID, "board": m.Board, "date": m.Date.String(),
		"place": m.Place, "seats": m.Seats, "justerare": m.Justerare, "paragraphs": m.Paragraphs})
	if err != nil {
		panic(err)
	}
	return b
}

// Justera signs the protocol as the chair or an appointed justerare. The
// justering date is that of the last required signature; from then on the
// protocol is immutable, the reported delegation decisions are marked
// reported with their paragraph, and the notices may be posted.
func (e *Engine) Justera(ctx context.Context, u identity.User, id string) (meeting.Meeting, error) {
	for attempt := 0; attempt < 5; attempt++ {
		m, err := e.Meeting(ctx, u, id)
		if err != nil {
			return m, err
		}
		role := ""
		for _, s := range m.Seats {
			if s.Username == u.Username && s.Role == "ordforande" {
				role = "ordforande"
			}
		}
		if role == "" && slices.Contains(m.Justerare, u.Username) {
			role = "justerare"
		}
		if role == "" {
			return meeting.Meeting{}, meeting.ErrNotJusterare.WithDetail("%s is neither chair nor appointed justerare", u.Username)
		}
		if m.Status != meeting.StatusClosed && m.Status != meeting.StatusJusterad {
			return meeting.Meeting{}, meeting.ErrWrongStatus.WithDetail("close the meeting before justering")
		}
		if slices.ContainsFunc(m.Signatures, func(s meeting.ProtocolSignature) bool { return s.Username == u.Username }) {
			return meeting.Meeting{}, ErrAlreadySigned
		}
		payload := protocolPayload(m)
		now := e.clock.Now()
		sig, err := e.signer.Sign(ctx, u.ID, payload, now)
		if err != nil {
			return meeting.Meeting{}, err
		}
		m.Digest = cases.Digest(string(payload))
		m.Signatures = append(slices.Clone(m.Signatures), meeting.ProtocolSignature{Username: u.Username, Role: role, Signature: sig})
		if justerad(m) {
			m.Status, m.JusteredOn = meeting.StatusJusterad, platform.DateOf(now)
		}
		saved, err := e.meetings.UpdateMeeting(ctx, m)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		if err != nil {
			return meeting.Meeting{}, err
		}
		if saved.Status == meeting.StatusJusterad {
			if err := e.afterJustering(ctx, u, saved); err != nil {
				return saved, err
			}
		}
		return saved, nil
	}
	return meeting.Meeting{}, fault.ErrVersionConflict
}

// justerad reports whether the chair and every appointed justerare signed.
func justerad(m meeting.Meeting) bool {
	signed := func(name string) bool {
		return slices.ContainsFunc(m.Signatures, func(s meeting.ProtocolSignature) bool { return s.Username == name })
	}
	chair := false
	for _, s := range m.Signatures {
		chair = chair || s.Role == "ordforande"
	}
	if !chair {
		return false
	}
	for _, j := range m.Justerare {
		if !signed(j) {
			return false
		}
	}
	return true
}

// afterJustering marks the reported decisions and repairs any case whose
// outcome did not reach it. Idempotent.
func (e *Engine) afterJustering(ctx context.Context, u identity.User, m meeting.Meeting) error {
	var errs []error
	for _, p := range m.Paragraphs {
		if p.Kind == "delegation_report" && len(p.Decisions) > 0 {
			if _, err := e.markReported(ctx, u, m.Board, p.Decisions, m.ParagraphRef(p.No)); err != nil {
				errs = append(errs, err)
			}
		}
		if err := e.applyOutcome(ctx, u, m, p); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// PostNotice records the announcement of the justering on a member
// municipality's anslagstavla and recomputes the appeal period: three
// weeks from the latest posting among the members (Lag 1930:173 moves an
// end on a weekend or holiday to the next weekday).
func (e *Engine) PostNotice(ctx context.Context, u identity.User, id string, ifMatch int64, member string, posted platform.Date, location string) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, err
	}
	if !e.may(u, m.Board, "manage_meetings") {
		return meeting.Meeting{}, ErrNotPermitted.WithDetail("post notices on %s", m.Board)
	}
	if m.Status != meeting.StatusJusterad {
		return meeting.Meeting{}, meeting.ErrWrongStatus.WithDetail("the protocol is not justerat")
	}
	if m.Version != ifMatch {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	b, err := e.boards.GetBoard(ctx, m.Board)
	if err != nil {
		return meeting.Meeting{}, err
	}
	var fs fault.Fields
	name := ""
	for _, mb := range b.Members {
		if mb.Code == member {
			name = mb.Name
		}
	}
	if name == "" {
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
		return meeting.Meeting{}, err
	}
	m.Notices = slices.DeleteFunc(slices.Clone(m.Notices), func(n meeting.Notice) bool { return n.Member == member })
	m.Notices = append(m.Notices, meeting.Notice{Member: member, MemberName: name, PostedOn: posted, Location: strings.TrimSpace(location),
		Late: deadline.PostedLate(m.JusteredOn, posted)})
	var postings []platform.Date
	for _, n := range m.Notices {
		postings = append(postings, n.PostedOn)
	}
	end, err := deadline.AppealEnd(postings)
	if err != nil {
		return meeting.Meeting{}, err
	}
	m.AppealEnd, m.LagaKraftOn, m.Public = end, deadline.LagaKraft(end), true
	for i := range m.Notices {
		m.Notices[i].StaysUntil = end
	}
	saved, err := e.meetings.UpdateMeeting(ctx, m)
	if errors.Is(err, fault.ErrVersionConflict) {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	return saved, err
}

// RegisterAppeal records a laglighetsprövning received within the appeal
// period; the meeting's decisions then do not gain legal force until the
// court has ruled.
func (e *Engine) RegisterAppeal(ctx context.Context, u identity.User, id string, ifMatch int64, received platform.Date, court string, paragraph int) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, err
	}
	if !e.may(u, m.Board, "manage_meetings") {
		return meeting.Meeting{}, ErrNotPermitted.WithDetail("register appeals on %s", m.Board)
	}
	if m.Version != ifMatch {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
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
	if paragraph != 0 && !slices.ContainsFunc(m.Paragraphs, func(p meeting.Paragraph) bool { return p.No == paragraph }) {
		fs.Add("/paragraph", "invalid_value")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return meeting.Meeting{}, err
	}
	m.Appeals = append(slices.Clone(m.Appeals), meeting.Appeal{ReceivedOn: received, Court: strings.TrimSpace(court), Paragraph: paragraph, By: u.Username})
	saved, err := e.meetings.UpdateMeeting(ctx, m)
	if errors.Is(err, fault.ErrVersionConflict) {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	return saved, err
}

// LegalStatus says whether a justerat protocol's decisions have legal
// force on today: "anslag" (the appeal period runs), "laga_kraft" (it
// ran out with no appeal), "overklagat" (an appeal was registered), or ""
// before the notices are posted.
func LegalStatus(m meeting.Meeting, today platform.Date) string {
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

// PublicNotices lists the protocols on the public anslagstavla, newest
// first, without their secret paragraphs.
func (e *Engine) PublicNotices(ctx context.Context) ([]meeting.Meeting, error) {
	ms, err := e.meetings.ListPublic(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		ms[i].Paragraphs = slices.DeleteFunc(ms[i].Paragraphs, func(p meeting.Paragraph) bool { return p.Secret })
		ms[i].Seats, ms[i].Signatures, ms[i].Appeals = nil, nil, nil
		for j := range ms[i].Paragraphs {
			ms[i].Paragraphs[j].Votes, ms[i].Paragraphs[j].Reservations = nil, nil
		}
	}
	return ms, nil
}
