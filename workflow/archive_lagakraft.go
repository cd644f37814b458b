package workflow

import (
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// legalForce is what Samstyr knows of one decision's legal force.
type legalForce struct {
	// AppealEnd is the last day of the appeal period (zero: not yet
	// running, no anslag known).
	AppealEnd platform.Date
	// LagaKraft is the day the decision gained legal force (zero: not
	// yet, or not known).
	LagaKraft platform.Date
	// Final is true once the decision has gained legal force.
	Final bool
}

// boardDecision is a nämnd decision on a case: a § of a protocol whose
// outcome decided it (bifall or avslag).
type boardDecision struct {
	Meeting   meeting.Meeting
	Paragraph meeting.Paragraph
	Force     legalForce
}

// caseForce is the legal force of every decision of a case.
type caseForce struct {
	// Delegated is the force of each decision taken outside a meeting,
	// by decision id.
	Delegated map[string]legalForce
	// Board are the nämnd's decisions on the case, in protocol order.
	Board []boardDecision
	// All is true when every decision has gained legal force (true for
	// a case without decisions).
	All bool
}

// lagaKraft works out, from the data Samstyr has today, whether each
// decision of c has gained legal force on today. This is the one place
// that reads it, so that the decision-level laga kraft the meeting work is
// adding replaces only this function:
//
//   - a nämnd decision (a § of a protocol deciding the case) has the
//     legal status of its protocol: laga kraft once the appeal period
//     after the notices on every member's anslagstavla has run out with
//     no appeal (meeting.LegalStatus);
//   - a decision taken under delegation (or an urgent chair decision) is
//     appealed from the anslag of the protocol where it was reported
//     (anmält, its Report's § reference); not yet reported, it has no
//     known legal force.
//
// meetings are the board's meetings (every one whose § might name the
// case).
func lagaKraft(c cases.Case, meetings []meeting.Meeting, today platform.Date) caseForce {
	force := func(m meeting.Meeting) legalForce {
		f := legalForce{AppealEnd: m.AppealEnd}
		if m.LegalStatus(today) == "laga_kraft" {
			f.Final, f.LagaKraft = true, m.LagaKraftOn
		}
		return f
	}
	out := caseForce{Delegated: map[string]legalForce{}, All: true}
	byRef := map[string]meeting.Meeting{}
	for _, m := range meetings {
		for _, p := range m.Paragraphs {
			byRef[m.ParagraphRef(p.No)] = m
		}
	}
	// Oldest meeting first, so the board's decisions read in order.
	for i := len(meetings) - 1; i >= 0; i-- {
		m := meetings[i]
		for _, p := range m.Paragraphs {
			if p.CaseID != c.ID || p.Outcome.CaseEvent() != EventDecideAtMeeting {
				continue
			}
			bd := boardDecision{Meeting: m, Paragraph: p, Force: force(m)}
			out.Board = append(out.Board, bd)
			out.All = out.All && bd.Force.Final
		}
	}
	for _, d := range c.Decisions {
		var f legalForce
		if d.Report != nil {
			if m, ok := byRef[d.Report.MeetingRef]; ok {
				f = force(m)
			}
		}
		out.Delegated[d.ID] = f
		out.All = out.All && f.Final
	}
	return out
}

// closedOn is the day the case was closed (avslutat) or voided
// (makulerat): the day the plan's gallringsfrist runs from. Zero for a
// case never closed. c must hold its whole history.
func closedOn(c cases.Case) platform.Date {
	var d platform.Date
	for _, e := range c.History {
		if e.To == cases.StateClosed || e.To == cases.StateVoided {
			d = platform.DateOf(e.At)
		}
	}
	return d
}
