package workflow

import (
	"context"
	"sync"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
)

// machines keeps ready-built looplab/fsm machines, one pool per
// definition version. Building a machine parses the whole definition
// (every event and source state into its transition table), which cost a
// sixth of the engine's own work on a transition; a pooled machine is
// only set to the case's state before it fires. A machine serves one
// goroutine at a time and is returned clean: a guard cancels before the
// transition starts, and a fired event completes it.
var machines sync.Map // version → *sync.Pool of *fsm.FSM

// guardArgs carries what the guard callback needs through the event's
// arguments, so the pooled machine's callbacks are built once.
type guardArgs struct {
	c    cases.Case
	note string
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
				if err := guard(in.c, ev.Event, in.note); err != nil {
					ev.Cancel(err)
				}
			}
		},
	})
}
