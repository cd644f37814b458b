package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// ticker is a.Ticker, or the real one when none is set.
func (a *App) ticker(d time.Duration) (<-chan time.Time, func()) {
	if a.Ticker != nil {
		return a.Ticker(d)
	}
	return platform.SystemTicker(d)
}

// StartWorker runs the background recalculation: once now, then every
// interval until ctx ends. It folds decisions with budget impact into
// their years' cost allocation; the work is idempotent, so several
// instances may run it at once, and a crash only delays it.
func (a *App) StartWorker(ctx context.Context, interval time.Duration, log *slog.Logger) {
	go func() {
		tick, stop := a.ticker(interval)
		defer stop()
		for {
			if n, err := a.Costs.ProcessPending(ctx); err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "recalculation", "err", err.Error())
			} else if n > 0 {
				log.InfoContext(ctx, "recalculated cost allocations", "decisions", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick:
			}
		}
	}()
}

// StartCheckpoints signs a ledger checkpoint now and every interval
// until ctx ends, each time only if a case changed since the last one
// (the on-demand endpoint and `samstyr checkpoint` add more). Every
// checkpoint's root is published at once (GET /api/v1/public/checkpoints
// and the anslagstavla), so a rollback of the store can go unnoticed only
// for the changes since the newest published checkpoint.
func (a *App) StartCheckpoints(ctx context.Context, interval time.Duration, log *slog.Logger) {
	go func() {
		tick, stop := a.ticker(interval)
		defer stop()
		for {
			if cp, made, err := a.Ledger.CheckpointIfChanged(ctx); err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "checkpoint", "err", err.Error())
			} else if made {
				log.InfoContext(ctx, "ledger checkpoint", "seq", cp.Seq, "cases", cp.CaseCount)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick:
			}
		}
	}()
}

// StartNumberSweep keeps every diarium series explained: at start and then
// every min(grace, 1 minute) it records the numbers drawn more than grace
// ago that no case holds as makulerade (cases.Sweeper). Several instances
// may run it at once.
func (a *App) StartNumberSweep(ctx context.Context, log *slog.Logger) {
	go func() {
		tick, stop := a.ticker(min(a.Numbers.Grace(), time.Minute))
		defer stop()
		for {
			if done, err := a.Numbers.Sweep(ctx); err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "diarienummer sweep", "err", err.Error())
			} else if len(done) > 0 {
				log.WarnContext(ctx, "diarienummer drawn but never stored, makulerade", "numbers", done)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick:
			}
		}
	}()
}
