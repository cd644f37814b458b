// Package workflow runs the ärende lifecycle: a looplab/fsm state machine
// whose definition is versioned, guarded by the role policy (Casbin) and
// by domain preconditions, and the use cases that change a case —
// registration, memo revisions, handlingar and transitions. Each use case
// loads the case, checks, changes it, appends the event to the case's hash
// chain, and writes both in one version-guarded single-document update.
//
// The states and events below are the one place they are defined:
//
//	registrerad ──start──▶ under_beredning ──submit──▶ beslutsklar ──decide──▶ beslutad
//	beslutsklar ──reopen──▶ under_beredning
//	beslutsklar ──refer_back──▶ aterremitterad ──resume──▶ under_beredning   (återremiss)
//	beslutsklar ──table──▶ bordlagd ──untable──▶ beslutsklar                 (bordläggning)
//	beslutad ──execute──▶ verkstalld ──close──▶ avslutad ──archive──▶ arkiverad
//	beslutad ──close──▶ avslutad
//	registrerad | under_beredning | beslutsklar | aterremitterad | bordlagd ──void──▶ makulerad ──archive──▶ arkiverad
//
// Version 2 adds the decisions taken outside a meeting (taken through
// Decisions.Decide, which checks the delegationsordning, not the role policy):
//
//	beslutsklar ──decide_delegated──▶ beslutad   (delegationsbeslut)
//	beslutsklar ──decide_urgent──▶ beslutad      (ordförandebeslut i brådskande ärende, KL 6:39)
//
// Nobody moves a case to beslutad by hand. A nämnd decides at a
// sammanträde (KL 6:27): decide is fired only by the protocol § that
// records the outcome (Meetings.RecordParagraph), carrying the § as its
// reference, and the machine's guard refuses it without one. One person
// decides only under delegation (KL 6:37) or as an urgent chair decision
// (KL 6:39), through Decisions.Decide with the proof. Both hold for every
// definition version: a case on version 1, which has no decide_delegated,
// is decided at a meeting.
package workflow

import (
	"slices"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
)

// CurrentVersion is the definition new cases start on. Cases keep the
// version they started on, so open cases keep working when a new
// definition is added: append to definitions, never edit a released one.
const CurrentVersion = 2

func s(states ...cases.State) []string {
	out := make([]string, len(states))
	for i, st := range states {
		out[i] = string(st)
	}
	return out
}

// version1 is the first released definition.
var version1 = fsm.Events{
	{Name: "start", Src: s(cases.StateRegistered), Dst: string(cases.StatePreparing)},
	{Name: "submit", Src: s(cases.StatePreparing), Dst: string(cases.StateReady)},
	{Name: "reopen", Src: s(cases.StateReady), Dst: string(cases.StatePreparing)},
	{Name: "decide", Src: s(cases.StateReady), Dst: string(cases.StateDecided)},
	{Name: "refer_back", Src: s(cases.StateReady), Dst: string(cases.StateReferred)},
	{Name: "resume", Src: s(cases.StateReferred), Dst: string(cases.StatePreparing)},
	{Name: "table", Src: s(cases.StateReady), Dst: string(cases.StateTabled)},
	{Name: "untable", Src: s(cases.StateTabled), Dst: string(cases.StateReady)},
	{Name: "execute", Src: s(cases.StateDecided), Dst: string(cases.StateExecuted)},
	{Name: "close", Src: s(cases.StateDecided, cases.StateExecuted), Dst: string(cases.StateClosed)},
	{Name: "archive", Src: s(cases.StateClosed, cases.StateVoided), Dst: string(cases.StateArchived)},
	{Name: "void", Src: s(cases.StateRegistered, cases.StatePreparing, cases.StateReady, cases.StateReferred,
		cases.StateTabled), Dst: string(cases.StateVoided)},
}

// definitions maps a version to its events.
var definitions = map[int]fsm.Events{
	1: version1,
	2: append(append(fsm.Events{}, version1...),
		fsm.EventDesc{Name: EventDecideDelegated, Src: s(cases.StateReady), Dst: string(cases.StateDecided)},
		fsm.EventDesc{Name: EventDecideUrgent, Src: s(cases.StateReady), Dst: string(cases.StateDecided)},
	),
}

// Events fired by Decide rather than Fire.
const (
	EventDecideDelegated = "decide_delegated"
	EventDecideUrgent    = "decide_urgent"
)

// decisionEvents are fired only through Decide, with their own checks.
var decisionEvents = []string{EventDecideDelegated, EventDecideUrgent}

// EventDecideAtMeeting is the nämnd's decision, fired only by the protocol
// § that records it.
const EventDecideAtMeeting = "decide"

// protocolEvents are fired only by a meeting's protocol (RecordParagraph),
// never by a client through Fire.
var protocolEvents = []string{EventDecideAtMeeting}

// internalEvent reports whether Fire refuses the event: it is taken
// through Decide or recorded as a protocol §.
func internalEvent(name string) bool {
	return slices.Contains(decisionEvents, name) || slices.Contains(protocolEvents, name)
}

// Definition returns the events of a definition version (nil if unknown).
func Definition(version int) fsm.Events { return definitions[version] }

// HasEvent reports whether the definition version has an event of that name.
func HasEvent(version int, name string) bool {
	for _, e := range definitions[version] {
		if e.Name == name {
			return true
		}
	}
	return false
}

// EventNames returns the event names of a definition, in definition order.
func EventNames(version int) []string {
	var out []string
	for _, e := range definitions[version] {
		out = append(out, e.Name)
	}
	return out
}

// editableStates are those in which the memo may be revised.
var editableStates = []cases.State{cases.StateRegistered, cases.StatePreparing, cases.StateReferred}

// MemoEditable reports whether a case in state st accepts memo revisions.
func MemoEditable(st cases.State) bool { return slices.Contains(editableStates, st) }

// openStates accept new handlingar.
func acceptsDocuments(st cases.State) bool {
	return st != cases.StateArchived && st != cases.StateVoided
}
