package workflow

import (
	"context"
	"errors"
	"sync"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
)

// machines keeps ready-built looplab/fsm machines, one pool per
// definition version. Building a machine parses the whole definition
// (every event and source state into its transition table), which cost a
// sixth of the engine's own work on a transition; a pooled machine is
// only set to the case's state before it fires. A machine serves one
// goroutine at a time and goes back only when no transition is pending on
// it: after a completed event, an event not allowed from the state, or a
// guard's cancel (which comes before the transition starts). Any other
// outcome drops it. Fire gives it a context that cannot be cancelled, since
// looplab/fsm leaves a machine whose context was cancelled mid-transition
// for good.
var machines sync.Map // version → *sync.Pool of *fsm.FSM

// guardArgs carries what the guard callback needs through the event's
// arguments, so the pooled machine's callbacks are built once.
type guardArgs struct {
	c         cases.Case
	ref, note string
}

// step fires event on a pooled machine of the definition version set to
// state st, with c, ref and note for the guard, and returns the state
// after the event. Errors are looplab/fsm's: InvalidEventError when st
// does not allow the event, CanceledError carrying the guard's error.
func step(ctx context.Context, version int, st cases.State, event string, c cases.Case, ref, note string) (cases.State, error) {
	m, done := machine(version, st)
	// The callbacks do not use the context; a cancelled one would leave
	// the machine mid-transition for good. The caller's write still
	// honours ctx.
	err := m.Event(context.WithoutCancel(ctx), event, &guardArgs{c: c, ref: ref, note: note})
	to := cases.State(m.Current())
	var invalid fsm.InvalidEventError
	var canceled fsm.CanceledError
	if err == nil || errors.As(err, &invalid) || errors.As(err, &canceled) {
		done() // no transition is pending on it
	}
	return to, err
}

// machine returns a machine of the definition version, in state st, and
// the function that gives it back.
func machine(version int, st cases.State) (*fsm.FSM, func()) {
	p, ok := machines.Load(version)
	if !ok {
		p, _ = machines.LoadOrStore(version, &sync.Pool{New: func() any { return newMachine(version) }})
	}
	pool := p.(*sync.Pool)
	m := pool.Get().(*fsm.FSM)
	m.SetState(string(st))
	return m, func() { pool.Put(m) }
}

// newMachine builds a machine of the definition version whose
// before_event callback runs the event's domain guard.
func newMachine(version int) *fsm.FSM {
	return fsm.NewFSM("", Definition(version), fsm.Callbacks{
		"before_event": func(_ context.Context, ev *fsm.Event) {
			if len(ev.Args) != 1 {
				return
			}
			if in, ok := ev.Args[0].(*guardArgs); ok {
				if err := guard(in.c, ev.Event, in.ref, in.note); err != nil {
					ev.Cancel(err)
				}
			}
		},
	})
}
