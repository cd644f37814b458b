package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
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
	// JavSubstitutes are the ersättare who step in at this § for members
	// who leave it for jäv (each in Jav).
	JavSubstitutes []meeting.JavSubstitute
	Secret         bool
	Immediate      bool
}

// RecordParagraph records an agenda item as the next § of the board's
// year: only with a quorum (more than half of the ledamöter serving,
// those who left for jäv not counted, the ersättare who step in for them
// at this § counted, each checked by CheckJavSubstitutes); the number comes from an atomic
// counter, so two secretaries recording at once never share or skip one.
// The outcome then drives the case's lifecycle (beslutad, återremitterad,
// bordlagd).
func (e *Meetings) RecordParagraph(ctx context.Context, u identity.User, id string, in ParagraphInput) (meeting.Meeting, meeting.Paragraph, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, meeting.Paragraph{}, err
	}
	if err := e.authorize(u, m.Board, "manage_meetings"); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	item, err := m.CheckParagraph(in.Item, in.Outcome, in.Votes)
	if err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	if err := checkParagraphText(in); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	if err := m.CheckNamed(in.Jav, in.Reservations, in.Votes, in.JavSubstitutes); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	if err := m.CheckJavSubstitutes(in.Jav, in.JavSubstitutes); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
	}
	if err := m.CheckQuorum(in.Jav, in.JavSubstitutes...); err != nil {
		return meeting.Meeting{}, meeting.Paragraph{}, err
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
		Title: item.Title, Proposals: in.Proposals, Outcome: in.Outcome, Clauses: in.Clauses, Votes: in.Votes, Jav: in.Jav, JavSubstitutes: in.JavSubstitutes,
		Extra: item.Extra, Secret: in.Secret, Immediate: in.Immediate, RecordedAt: e.clock.Now().UTC(), RecordedBy: u.Username}
	for _, r := range in.Reservations {
		p.Reservations = append(p.Reservations, meeting.Reservation{Username: r})
	}
	p.Serving = m.Serving(in.Jav, in.JavSubstitutes...)
	if item.Kind == "delegation_report" {
		// KL 6:40, 7:8: the § reports what is pending now, each decision
		// taken by this § alone (a write on its own case).
		if p.Decisions, p.Unsigned, err = e.claimReports(ctx, u, m, p.No); err == nil {
			p.Decisions, err = e.stillClaimed(ctx, p.Decisions, m.ID, p.No)
			p.Unsigned = slices.DeleteFunc(p.Unsigned, func(id string) bool { return !slices.Contains(p.Decisions, id) })
		}
		if err != nil {
			e.releaseItem(context.WithoutCancel(ctx), id, in.Item, u.Username)
			return meeting.Meeting{}, meeting.Paragraph{}, err
		}
	}
	// The number is drawn; keep trying until the paragraph is written, so
	// no number is lost to a concurrent edit of the meeting.
	for attempt := 0; ; attempt++ {
		m.AddParagraph(p, in.Item, u.Username)
		saved, err := e.meetings.UpdateMeeting(ctx, m)
		if err == nil {
			m = saved
			break
		}
		if !errors.Is(err, fault.ErrVersionConflict) || attempt > 50 {
			e.releaseItem(context.WithoutCancel(ctx), id, in.Item, u.Username)
			e.releaseReports(context.WithoutCancel(ctx), u, p.Decisions, m.ID, p.No)
			return meeting.Meeting{}, meeting.Paragraph{}, fmt.Errorf("§ %d drawn but not written: %w", p.No, err)
		}
		if m, err = e.meetings.GetMeeting(ctx, id); err != nil {
			e.releaseItem(context.WithoutCancel(ctx), id, in.Item, u.Username)
			e.releaseReports(context.WithoutCancel(ctx), u, p.Decisions, m.ID, p.No)
			return meeting.Meeting{}, meeting.Paragraph{}, err
		}
	}
	if err := e.applyOutcome(ctx, u, m, p); err != nil {
		return m, p, err
	}
	return m, p, nil
}

// checkParagraphText checks the beslutssatser and yrkanden as free text
// (internal/fieldtext).
func checkParagraphText(in ParagraphInput) error {
	var fs fault.Fields
	for i, s := range in.Clauses {
		fieldtext.Block(&fs, fmt.Sprintf("/clauses/%d", i), s)
	}
	for i, s := range in.Proposals {
		fieldtext.Block(&fs, fmt.Sprintf("/proposals/%d", i), s)
	}
	return fs.Err(fault.Unprocessable)
}

// claimItem writes a claim on the agenda item into the meeting before a §
// number is drawn: the versioned write lets only one of two concurrent
// recordings of the same item through, so the loser is refused before it
// could draw (and so lose) a number. It answers 409 item_recorded when the
// item already has its paragraph and 409 item_being_recorded while another
// live claim holds it.
func (e *core) claimItem(ctx context.Context, m meeting.Meeting, idx int, item meeting.AgendaItem, by string) (meeting.Meeting, error) {
	for attempt := 0; ; attempt++ {
		// After a re-read the item must still be at idx: the agenda may
		// have been reordered meanwhile, and the paragraph is written for
		// the item the request was checked against.
		if err := m.Claim(idx, item, by, e.clock.Now().UTC()); err != nil {
			return meeting.Meeting{}, err
		}
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
func (e *core) releaseItem(ctx context.Context, id string, idx int, by string) {
	for range 5 {
		m, err := e.meetings.GetMeeting(ctx, id)
		if err != nil {
			return
		}
		m.ReleaseClaim(idx, by)
		if _, err := e.meetings.UpdateMeeting(ctx, m); !errors.Is(err, fault.ErrVersionConflict) {
			return
		}
	}
}

// applyOutcome moves the paragraph's case through the lifecycle. It is
// idempotent: a case already past the event is left alone.
func (e *core) applyOutcome(ctx context.Context, u identity.User, m meeting.Meeting, p meeting.Paragraph) error {
	if p.Kind != "case" {
		return nil
	}
	event := p.Outcome.CaseEvent()
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
			_, err = e.transition(ctx, u, c, "untable", ref, "")
			if err == nil || errors.Is(err, fault.ErrVersionConflict) {
				continue
			}
			return err
		}
		if c.State == cases.StateTabled && event == "table" {
			return nil // tabled again: it stays bordlagd for the next meeting
		}
		_, err = e.transition(ctx, u, c, event, ref, string(p.Outcome))
		if !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
	}
	return fault.ErrVersionConflict
}

// Justera signs the protocol as the chair or an appointed justerare. The
// justering date is that of the last required signature; from then on the
// protocol is immutable, the reported delegation decisions are marked
// reported with their paragraph, and the notices may be posted. Like a
// decision's signature it asks who u is again (proof).
func (e *Meetings) Justera(ctx context.Context, u identity.User, id string, proof identity.Proof) (meeting.Meeting, error) {
	confirmed := false
	for attempt := 0; attempt < 5; attempt++ {
		m, err := e.Meeting(ctx, u, id)
		if err != nil {
			return m, err
		}
		if err := e.mayChange(u, m.Board); err != nil {
			return meeting.Meeting{}, err
		}
		role, err := m.JusteringRole(u.Username, e.today())
		if err != nil {
			return meeting.Meeting{}, err
		}
		if m.SignedBy(u.Username) {
			return meeting.Meeting{}, ErrAlreadySigned
		}
		if !confirmed {
			if err := e.confirm(ctx, u, proof); err != nil {
				return meeting.Meeting{}, err
			}
			confirmed = true
		}
		payload := m.ProtocolPayload()
		now := e.clock.Now()
		sig, err := e.signer.Sign(ctx, u.ID, payload, now)
		if err != nil {
			return meeting.Meeting{}, err
		}
		m.Digest = cases.Digest(string(payload))
		m.Signatures = append(slices.Clone(m.Signatures), meeting.ProtocolSignature{Username: u.Username, Role: role, Signature: sig})
		if m.Justerad() {
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

// afterJustering marks the decisions the anmälan § reported as reported
// and repairs any case whose outcome did not reach it. Idempotent.
func (e *core) afterJustering(ctx context.Context, u identity.User, m meeting.Meeting) error {
	var errs []error
	for _, p := range m.Paragraphs {
		if p.Kind == "delegation_report" && len(p.Decisions) > 0 {
			rep := &cases.Report{MeetingRef: m.ParagraphRef(p.No), MeetingID: m.ID, Paragraph: p.No}
			if _, err := e.markReported(ctx, u, m.Board, p.Decisions, rep); err != nil {
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
// municipality's anslagstavla on posted (today when zero), as the
// secretary enters it, and recomputes the appeal period: three weeks from
// the latest posting, once every member's anslagstavla carries it (KL
// 13:5; Lag 1930:173 moves an end on a weekend or holiday to the next
// weekday).
func (e *Meetings) PostNotice(ctx context.Context, u identity.User, id string, ifMatch int64, member string, posted platform.Date, location string) (meeting.Meeting, error) {
	return e.changeJusterat(ctx, u, id, ifMatch, func(m *meeting.Meeting, now time.Time) error {
		if posted.IsZero() {
			posted = platform.DateOf(now)
		}
		return m.PostNotice(member, posted, location, u.Username, now)
	})
}

// SetJusteringDate records the day the protocol was justerat as the
// secretary enters it (today when zero): on or after the meeting, not in
// the future, not after a posting.
func (e *Meetings) SetJusteringDate(ctx context.Context, u identity.User, id string, ifMatch int64, on platform.Date) (meeting.Meeting, error) {
	return e.changeJusterat(ctx, u, id, ifMatch, func(m *meeting.Meeting, now time.Time) error {
		if on.IsZero() {
			on = platform.DateOf(now)
		}
		return m.SetJusteringDate(on, u.Username, now)
	})
}

// changeJusterat is the secretary's version-guarded change of what a
// justerat protocol still takes: its justering date, notices and appeals.
func (e *Meetings) changeJusterat(ctx context.Context, u identity.User, id string, ifMatch int64, fn func(m *meeting.Meeting, now time.Time) error) (meeting.Meeting, error) {
	m, err := e.Meeting(ctx, u, id)
	if err != nil {
		return m, err
	}
	if err := e.authorize(u, m.Board, "manage_meetings"); err != nil {
		return meeting.Meeting{}, err
	}
	if m.Version != ifMatch {
		return meeting.Meeting{}, versionConflict(m.Version)
	}
	if err := fn(&m, e.clock.Now()); err != nil {
		return meeting.Meeting{}, err
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
func (e *Meetings) RegisterAppeal(ctx context.Context, u identity.User, id string, ifMatch int64, received platform.Date, court string, paragraph int) (meeting.Meeting, error) {
	return e.changeJusterat(ctx, u, id, ifMatch, func(m *meeting.Meeting, _ time.Time) error {
		return m.RegisterAppeal(received, court, paragraph, u.Username)
	})
}

// caseHead finds a case as stored, for the public rule's look-ups.
func (e *core) caseHead(ctx context.Context) func(id string) (cases.Case, bool) {
	return func(id string) (cases.Case, bool) {
		c, err := e.store.GetHead(ctx, id)
		return c, err == nil
	}
}
