package workflow

import (
	"context"
	"errors"
	"testing"

	"github.com/looplab/fsm"

	"github.com/samstyr/samstyr/internal/cases"
)

// TestPooledMachinesStayUsable fires on the pooled machines after the
// outcomes that could leave one mid-transition: a cancelled context (the
// client hung up between loading the case and firing), a guard's refusal
// and an event the state does not allow. Each later event must still
// work; before the fix the cancelled context left a machine that answered
// every later event with "previous transition did not complete".
func TestPooledMachinesStayUsable(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	ready := cases.Case{State: cases.StateReady, FSMVersion: 2}
	for i := range 3 {
		to, err := step(cancelled, 2, cases.StateReady, "table", ready, "", "")
		if err != nil || to != cases.StateTabled {
			t.Fatalf("round %d: table with a cancelled context: %s, %v", i, to, err)
		}
		to, err = step(context.Background(), 2, cases.StateReady, "table", ready, "", "")
		if err != nil || to != cases.StateTabled {
			t.Fatalf("round %d: table after a cancelled context: %s, %v", i, to, err)
		}

		noMemo := cases.Case{State: cases.StatePreparing, FSMVersion: 2}
		_, err = step(context.Background(), 2, cases.StatePreparing, "submit", noMemo, "", "")
		var canceled fsm.CanceledError
		if !errors.As(err, &canceled) || !errors.Is(canceled.Err, ErrMemoIncomplete) {
			t.Fatalf("round %d: submit without a memo: %v, want the guard's %v", i, err, ErrMemoIncomplete)
		}

		var invalid fsm.InvalidEventError
		if _, err = step(context.Background(), 2, cases.StateReady, "start", ready, "", ""); !errors.As(err, &invalid) {
			t.Fatalf("round %d: start from beslutsklar: %v, want InvalidEventError", i, err)
		}
		if to, err = step(context.Background(), 2, cases.StateTabled, "untable", ready, "", ""); err != nil || to != cases.StateReady {
			t.Fatalf("round %d: untable after the refusals: %s, %v", i, to, err)
		}
	}
}
