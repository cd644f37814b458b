package workflow

import (
	"context"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
)

// step fires event on a looplab/fsm machine of the definition version in
// state st, whose before_event callback runs the event's domain guard on c,
// ref and note, and returns the state after the event. Errors are
// looplab/fsm's: InvalidEventError when st does not allow the event,
// CanceledError carrying the guard's error. Each call builds its machine:
// a pool of built machines gave no gain that `samstyr bench` could show.
func step(ctx context.Context, version int, st cases.State, event string, c cases.Case, ref, note string) (cases.State, error) {
	m := fsm.NewFSM(string(st), Definition(version), fsm.Callbacks{
		"before_event": func(_ context.Context, ev *fsm.Event) {
			if err := guard(c, ev.Event, ref, note); err != nil {
				ev.Cancel(err)
			}
		},
	})
	err := m.Event(ctx, event)
	return cases.State(m.Current()), err
}
