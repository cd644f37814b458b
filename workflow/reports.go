package workflow

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
)

// PendingReport is a signed decision not yet reported to the board.
type PendingReport struct {
	Case     cases.Case
	Decision cases.Decision
	AgeDays  int // days since the decision
}

// PendingReports lists a board's signed decisions that must be reported
// (anmälas) and are not yet, oldest first. Urgent decisions are always on
// it (KL 6:40).
func (e *Decisions) PendingReports(ctx context.Context, u identity.User, board string) ([]PendingReport, error) {
	if _, err := e.readOn(ctx, u, board); err != nil {
		return nil, err
	}
	cs, err := e.store.ListPendingReports(ctx, board)
	if err != nil {
		return nil, err
	}
	today := e.today()
	var out []PendingReport
	for _, c := range cs {
		for _, d := range c.Decisions {
			if d.Signed() && d.ReportTo == "namnd" && d.Report == nil {
				age := 0
				for x := d.DecidedOn; x.Before(today); x = x.AddDays(1) {
					age++
				}
				out = append(out, PendingReport{Case: c, Decision: d, AgeDays: age})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b PendingReport) int { return a.Decision.DecidedAt.Compare(b.Decision.DecidedAt) })
	return out, nil
}

// MarkReported records that decisions were reported at a meeting. Each is
// an event on its own case; marking one twice is a no-op, so a retried
// request is safe.
func (e *Decisions) MarkReported(ctx context.Context, u identity.User, board string, decisionIDs []string, meetingRef string) (int, error) {
	if err := e.authorizeOn(ctx, u, board, "report_decisions"); err != nil {
		return 0, err
	}
	meetingRef = strings.TrimSpace(meetingRef)
	var fs fault.Fields
	if meetingRef == "" {
		fs.Add("/meeting_ref", "required")
	}
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
	return e.markReported(ctx, u, board, decisionIDs, meetingRef)
}

// markReported marks decisions reported at meetingRef (no role check: it
// also runs at a protocol's justering, signed by the chair).
func (e *core) markReported(ctx context.Context, u identity.User, board string, decisionIDs []string, meetingRef string) (int, error) {
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
			if !d.Signed() {
				return marked, fault.New(fault.Unprocessable, "decision_unsigned").WithDetail("%s", id)
			}
			now := e.clock.Now()
			d.Report = &cases.Report{MeetingRef: meetingRef, At: now.UTC(), By: u.Username}
			c.Decisions = slices.Clone(c.Decisions)
			c.Decisions[d.No-1] = d
			c.PendingReport = pendingReport(c)
			c.UpdatedAt = now.UTC()
			c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionReport, Ref: d.ID, Note: meetingRef,
				DataDigest: cases.Digest(d.ID + "\n" + meetingRef)})
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
	cs, err := e.store.ListJav(ctx)
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
