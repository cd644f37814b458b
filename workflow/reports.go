package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
)

// PendingReport is a decision that is to be reported (anmälas) to the
// board and is not yet taken up in a protocol's anmälan §.
type PendingReport struct {
	Case     cases.Case
	Decision cases.Decision
	AgeDays  int // days since the decision
	// Unsigned is set while the decider has not signed ("ej signerat"):
	// the decision exists when it is taken and is reported all the same.
	Unsigned bool
}

// PendingReports lists a board's decisions that must be reported
// (anmälas) and are not yet taken up by a protocol §, oldest first:
// urgent decisions always (KL 6:40), delegated ones whose point says so,
// signed or not. A decision a recorded § reports is on no list; one whose
// § recording died (its claim is stale, see ReportClaimTTL) is pending
// again.
func (e *Decisions) PendingReports(ctx context.Context, u identity.User, board string) ([]PendingReport, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return nil, err
	}
	return e.pendingReports(ctx, board)
}

// ReportClaimTTL is how long a protocol § recording's claim on a decision
// keeps it off the other lists before its § is written; a claim older than
// that whose § does not exist was left by a recording that died.
const ReportClaimTTL = meeting.RecordingClaimTTL

// pendingReports is PendingReports without the role check.
func (e *core) pendingReports(ctx context.Context, board string) ([]PendingReport, error) {
	cs, err := e.store.ListPendingReports(ctx, board)
	if err != nil {
		return nil, err
	}
	today, now := e.today(), e.clock.Now()
	meetings := map[string]*meeting.Meeting{}
	var out []PendingReport
	for _, c := range cs {
		for _, d := range c.Decisions {
			if !d.ReportsToBoard() || d.Report != nil {
				continue
			}
			if d.Reporting != nil {
				live, err := e.claimLive(ctx, meetings, d, now)
				if err != nil {
					return nil, err
				}
				if live {
					continue
				}
			}
			age := 0
			for x := d.DecidedOn; x.Before(today); x = x.AddDays(1) {
				age++
			}
			out = append(out, PendingReport{Case: c, Decision: d, AgeDays: age, Unsigned: !d.Signed()})
		}
	}
	slices.SortStableFunc(out, func(a, b PendingReport) int {
		if c := a.Decision.DecidedOn.Compare(b.Decision.DecidedOn); c != 0 {
			return c
		}
		return a.Decision.DecidedAt.Compare(b.Decision.DecidedAt)
	})
	return out, nil
}

// claimLive reports whether d's § claim still holds: its § is in the
// protocol, or its recording is younger than ReportClaimTTL. meetings
// caches the meetings read.
func (e *core) claimLive(ctx context.Context, meetings map[string]*meeting.Meeting, d cases.Decision, now time.Time) (bool, error) {
	r := d.Reporting
	m, ok := meetings[r.MeetingID]
	if !ok {
		got, err := e.meetings.GetMeeting(ctx, r.MeetingID)
		switch {
		case err == nil:
			m = &got
		case fault.From(err).Kind != fault.NotFound:
			return false, err
		}
		meetings[r.MeetingID] = m
	}
	if m != nil && slices.ContainsFunc(m.Paragraphs, func(p meeting.Paragraph) bool {
		return p.No == r.Paragraph && slices.Contains(p.Decisions, d.ID)
	}) {
		return true, nil
	}
	return now.Sub(r.At) < ReportClaimTTL, nil
}

// MarkReported records by hand that decisions were reported at a meeting
// held outside Samstyr (meetingRef names it). Each is an event on its own
// case, and a decision is reported once: marking one again with the same
// reference is a no-op (a retried request is safe), with another, or one
// a protocol § reports, is refused with 409 already_reported.
func (e *Decisions) MarkReported(ctx context.Context, u identity.User, board string, decisionIDs []string, meetingRef string) (int, error) {
	if err := e.authorizeOn(ctx, u, board, "report_decisions"); err != nil {
		return 0, err
	}
	meetingRef = strings.TrimSpace(meetingRef)
	var fs fault.Fields
	if meetingRef == "" {
		fs.Add("/meeting_ref", "required")
	}
	fieldtext.Line(&fs, "/meeting_ref", meetingRef)
	if len(decisionIDs) == 0 {
		fs.Add("/decision_ids", "required")
	}
	if err := fs.Err(fault.Unprocessable); err != nil {
		return 0, err
	}
	// KL 6:40: every urgent decision is reported at the next meeting; a
	// report that leaves one out is refused.
	pending, err := e.PendingReports(ctx, u, board)
	if err != nil {
		return 0, err
	}
	var missing []string
	for _, p := range pending {
		if p.Decision.Kind == cases.KindUrgent && !slices.Contains(decisionIDs, p.Decision.ID) {
			missing = append(missing, p.Decision.ID)
		}
	}
	if len(missing) > 0 {
		f := fault.New(fault.Unprocessable, "urgent_decisions_missing").WithDetail("%s", strings.Join(missing, ", "))
		f.Extra = map[string]any{"missing": missing}
		return 0, f
	}
	// Check every decision before marking any, so a refusal changes nothing.
	for _, id := range decisionIDs {
		c, d, err := e.DecisionOf(ctx, u, id)
		if err != nil {
			return 0, err
		}
		if c.Board != board {
			return 0, ErrDecisionNotFound.WithDetail("%s is not on %s", id, board)
		}
		if err := reportedElsewhere(d, meetingRef, e.clock.Now(), func() (bool, error) {
			return e.claimLive(ctx, map[string]*meeting.Meeting{}, d, e.clock.Now())
		}); err != nil {
			return 0, err
		}
	}
	return e.markReported(ctx, u, board, decisionIDs, &cases.Report{MeetingRef: meetingRef})
}

// ErrAlreadyReported: the decision is reported (or being reported) by
// another protocol §.
var ErrAlreadyReported = fault.New(fault.Conflict, "already_reported")

// reportedElsewhere refuses a report of d at ref when d is reported, or
// taken up by a live § claim, at another one.
func reportedElsewhere(d cases.Decision, ref string, now time.Time, live func() (bool, error)) error {
	if d.Report != nil && d.Report.MeetingRef != ref {
		return ErrAlreadyReported.WithDetail("%s was reported at %s", d.ID, d.Report.MeetingRef)
	}
	if d.Report == nil && d.Reporting != nil && d.Reporting.MeetingRef != ref {
		ok, err := live()
		if err != nil {
			return err
		}
		if ok {
			return ErrAlreadyReported.WithDetail("%s is reported at %s", d.ID, d.Reporting.MeetingRef)
		}
	}
	return nil
}

// markReported marks decisions reported as rep says (its MeetingRef, and
// the meeting and § for a protocol's anmälan): the report is done (no
// role check: it also runs at a protocol's justering, signed by the
// chair). A decision already reported is left alone.
func (e *core) markReported(ctx context.Context, u identity.User, board string, decisionIDs []string, rep *cases.Report) (int, error) {
	marked := 0
	for _, id := range decisionIDs {
		for attempt := 0; ; attempt++ {
			c, d, err := e.asDecisions().DecisionOf(ctx, u, id)
			if err != nil {
				return marked, err
			}
			if c.Board != board {
				return marked, ErrDecisionNotFound.WithDetail("%s is not on %s", id, board)
			}
			if d.Report != nil {
				break
			}
			now := e.clock.Now()
			r := *rep
			r.At, r.By, r.Unsigned = now.UTC(), u.Username, !d.Signed()
			if d.Reporting != nil && d.Reporting.MeetingID == r.MeetingID {
				r.Unsigned = d.Reporting.Unsigned // as it stood when the § was recorded
			}
			d.Report = &r
			c.Decisions = slices.Clone(c.Decisions)
			c.Decisions[d.No-1] = d
			c.PendingReport = pendingReport(c)
			c.UpdatedAt = now.UTC()
			c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionReport, Ref: d.ID, Note: r.MeetingRef,
				DataDigest: cases.Digest(d.ID + "\n" + r.MeetingRef)})
			saved, err := e.store.Update(ctx, c)
			if errors.Is(err, fault.ErrVersionConflict) && attempt < 5 {
				continue
			}
			if err != nil {
				return marked, err
			}
			e.notify(ctx, saved)
			marked++
			break
		}
	}
	return marked, nil
}

// claimReports takes every decision pending on m's board up in its
// anmälan § no: each claim is a version-guarded write on the decision's
// own case, so of two meetings recording their anmälan at once only one
// takes a decision; a decision another § took meanwhile is skipped. It
// returns the decisions taken, oldest first, and those of them not
// signed.
func (e *core) claimReports(ctx context.Context, u identity.User, m meeting.Meeting, no int) (ids, unsigned []string, err error) {
	pending, err := e.pendingReports(ctx, m.Board)
	if err != nil {
		return nil, nil, err
	}
	ref := m.ParagraphRef(no)
	for _, p := range pending {
		took, uns, err := e.claimReport(ctx, u, p.Case.ID, p.Decision.ID, m.ID, ref, no)
		if err != nil {
			e.releaseReports(context.WithoutCancel(ctx), u, ids, m.ID, no)
			return nil, nil, err
		}
		if took {
			ids = append(ids, p.Decision.ID)
			if uns {
				unsigned = append(unsigned, p.Decision.ID)
			}
		}
	}
	return ids, unsigned, nil
}

// claimReport writes the § claim into one decision, if it is still
// pending.
func (e *core) claimReport(ctx context.Context, u identity.User, caseID, decisionID, meetingID, ref string, no int) (took, unsigned bool, err error) {
	_, dno, err := cases.ParseDecisionID(decisionID)
	if err != nil {
		return false, false, err
	}
	for attempt := 0; attempt < 20; attempt++ {
		c, err := e.store.GetHead(ctx, caseID)
		if err != nil {
			return false, false, err
		}
		d, ok := c.Decision(dno)
		if !ok || d.Report != nil {
			return false, false, nil
		}
		now := e.clock.Now()
		if d.Reporting != nil {
			if d.Reporting.MeetingID == meetingID && d.Reporting.Paragraph == no {
				return true, d.Reporting.Unsigned, nil
			}
			live, err := e.claimLive(ctx, map[string]*meeting.Meeting{}, d, now)
			if err != nil || live {
				return false, false, err
			}
		}
		d.Reporting = &cases.Report{MeetingRef: ref, MeetingID: meetingID, Paragraph: no, Unsigned: !d.Signed(), At: now.UTC(), By: u.Username}
		c.Decisions = slices.Clone(c.Decisions)
		c.Decisions[d.No-1] = d
		c.UpdatedAt = now.UTC()
		c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionReportRecorded, Ref: d.ID, Note: ref,
			DataDigest: cases.Digest(d.ID + "\n" + ref)})
		saved, err := e.store.Update(ctx, c)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		if err != nil {
			return false, false, err
		}
		e.notify(ctx, saved)
		return true, d.Reporting.Unsigned, nil
	}
	return false, false, fault.ErrVersionConflict
}

// stillClaimed keeps of ids the decisions whose claim still names the
// meeting's § no (a claim that went stale while the recording hung may
// have been taken by another meeting).
func (e *core) stillClaimed(ctx context.Context, ids []string, meetingID string, no int) ([]string, error) {
	var out []string
	for _, id := range ids {
		caseID, dno, err := cases.ParseDecisionID(id)
		if err != nil {
			return nil, err
		}
		c, err := e.store.GetHead(ctx, caseID)
		if err != nil {
			return nil, err
		}
		if d, ok := c.Decision(dno); ok && d.Report == nil && d.Reporting != nil && d.Reporting.MeetingID == meetingID && d.Reporting.Paragraph == no {
			out = append(out, id)
		}
	}
	return out, nil
}

// releaseReports drops the meeting's § claims on decisions whose § was
// not written, so they are pending again at once (best effort: a claim
// left behind goes stale by itself).
func (e *core) releaseReports(ctx context.Context, u identity.User, ids []string, meetingID string, no int) {
	for _, id := range ids {
		caseID, dno, err := cases.ParseDecisionID(id)
		if err != nil {
			continue
		}
		for range 5 {
			c, err := e.store.GetHead(ctx, caseID)
			if err != nil {
				break
			}
			d, ok := c.Decision(dno)
			if !ok || d.Reporting == nil || d.Reporting.MeetingID != meetingID || d.Reporting.Paragraph != no {
				break
			}
			now := e.clock.Now()
			d.Reporting = nil
			c.Decisions = slices.Clone(c.Decisions)
			c.Decisions[d.No-1] = d
			c.UpdatedAt = now.UTC()
			c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionReportReleased, Ref: d.ID, Note: d.ID,
				DataDigest: cases.Digest(d.ID + "\nreleased")})
			if _, err := e.store.Update(ctx, c); !errors.Is(err, fault.ErrVersionConflict) {
				break
			}
		}
	}
}

// JavEntry is one jäv declaration in the register.
type JavEntry struct {
	Board              string               `json:"board"`
	CaseID             string               `json:"case_id"`
	RegistrationNumber string               `json:"registration_number"`
	Title              string               `json:"title"`
	Declaration        cases.JavDeclaration `json:"declaration"`
	// DecidedBy lists who decided the case, so an auditor sees at once
	// whether a jävig person decided (they cannot: see Decide).
	DecidedBy []string `json:"decided_by"`
}

// JavRegister lists every jäv declaration on the given boards (nil = all),
// or on board when it is set.
func (e *Cases) JavRegister(ctx context.Context, boards []string, board string) ([]JavEntry, error) {
	if board != "" {
		if boards != nil && !slices.Contains(boards, board) {
			return []JavEntry{}, nil
		}
		boards = []string{board}
	}
	if boards != nil && len(boards) == 0 {
		return []JavEntry{}, nil
	}
	cs, err := e.store.ListJav(ctx, boards)
	if err != nil {
		return nil, err
	}
	out := []JavEntry{}
	for _, c := range cs {
		if (board != "" && c.Board != board) || (boards != nil && !slices.Contains(boards, c.Board)) {
			continue
		}
		var deciders []string
		for _, d := range c.Decisions {
			deciders = append(deciders, d.DeciderUsername)
		}
		for _, j := range c.JavDeclarations {
			out = append(out, JavEntry{Board: c.Board, CaseID: c.ID, RegistrationNumber: c.RegistrationNumber, Title: c.Title,
				Declaration: j, DecidedBy: deciders})
		}
	}
	return out, nil
}
