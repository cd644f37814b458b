package workflow

import (
	"context"
	"errors"
	"testing"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
)

// TestStepRunsTheGuardsAndTheTable fires events through step: an allowed
// event moves the state, a guard's refusal carries the guard's error, an
// event the state does not allow is refused, and a cancelled context
// moves nothing.
func TestStepRunsTheGuardsAndTheTable(t *testing.T) {
	ready := cases.Case{State: cases.StateReady, FSMVersion: 2}
	to, err := step(context.Background(), 2, cases.StateReady, "table", ready, "", "")
	if err != nil || to != cases.StateTabled {
		t.Fatalf("table from beslutsklar: %s, %v", to, err)
	}
	noMemo := cases.Case{State: cases.StatePreparing, FSMVersion: 2}
	_, err = step(context.Background(), 2, cases.StatePreparing, "submit", noMemo, "", "")
	var canceled fsm.CanceledError
	if !errors.As(err, &canceled) || !errors.Is(canceled.Err, ErrMemoIncomplete) {
		t.Fatalf("submit without a memo: %v, want the guard's %v", err, ErrMemoIncomplete)
	}
	var invalid fsm.InvalidEventError
	if _, err = step(context.Background(), 2, cases.StateReady, "start", ready, "", ""); !errors.As(err, &invalid) {
		t.Fatalf("start from beslutsklar: %v, want InvalidEventError", err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if to, err = step(cancelled, 2, cases.StateReady, "table", ready, "", ""); err == nil || to != cases.StateReady {
		t.Fatalf("table with a cancelled context: %s, %v; want an error and no move", to, err)
	}
}
