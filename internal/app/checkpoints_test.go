package app_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestCheckpointsAtStartAndHourlyByDefault: a started service signs a
// ledger checkpoint at once and then every SAMSTYR_CHECKPOINT_INTERVAL,
// one hour when the variable is unset, skipping a tick when no case
// changed. The test drives the scheduler's ticker and the clock by hand.
func TestCheckpointsAtStartAndHourlyByDefault(t *testing.T) {
	env := apptest.New(t) // the configuration of an empty environment
	if env.Config.CheckpointInterval != time.Hour {
		t.Fatalf("default checkpoint interval %v, want 1h", env.Config.CheckpointInterval)
	}
	latest := func() (ledger.Checkpoint, bool) {
		t.Helper()
		cp, ok, err := repo.NewLedger(env.Backend).LastCheckpoint(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return cp, ok
	}
	if cp, ok := latest(); ok {
		t.Fatalf("a checkpoint before the service started: %+v", cp)
	}
	// waitFor polls until checkpoint seq exists (the job runs on its own
	// goroutine).
	waitFor := func(seq int) ledger.Checkpoint {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if cp, ok := latest(); ok && cp.Seq >= seq {
				return cp
			}
		}
		t.Fatalf("no checkpoint %d within 20 s", seq)
		return ledger.Checkpoint{}
	}

	asked := make(chan time.Duration, 1)
	tick := make(chan time.Time) // unbuffered: a send returns once the job waits for it
	env.App.Ticker = func(d time.Duration) (<-chan time.Time, func()) {
		asked <- d
		return tick, func() {}
	}
	env.App.StartCheckpoints(t.Context(), env.Config.CheckpointInterval, platform.NewLogger(io.Discard, slog.LevelInfo))
	if d := <-asked; d != time.Hour {
		t.Errorf("the scheduler ticks every %v, want 1h", d)
	}
	first := waitFor(1)
	if !first.At.Equal(apptest.Start) || first.CaseCount == 0 {
		t.Errorf("checkpoint at start: %+v, want one at %v over the demo cases", first, apptest.Start)
	}

	// An hour on, nothing changed: no checkpoint.
	env.Clock.Advance(time.Hour)
	tick <- env.Clock.Now()
	// Another hour on, a case was registered meanwhile: checkpoint 2.
	env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Efter starten"}, nil)
	env.Clock.Advance(time.Hour)
	tick <- env.Clock.Now()
	tick <- env.Clock.Now() // returns once the checkpoint of the tick before is made
	second := waitFor(2)
	if want := apptest.Start.Add(2 * time.Hour); second.Seq != 2 || !second.At.Equal(want) || second.CaseCount != first.CaseCount+1 ||
		second.Prev != first.Hash() {
		t.Errorf("checkpoint after the interval: %+v, want seq 2 at %v over one case more, chained to checkpoint 1", second, want)
	}
}
