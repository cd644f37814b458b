package app

import (
	"context"
	"log/slog"
	"time"
)

// StartWorker runs the background recalculation: once now, then every
// interval until ctx ends. It folds decisions with budget impact into
// their years' cost allocation; the work is idempotent, so several
// instances may run it at once, and a crash only delays it.
func (a *App) StartWorker(ctx context.Context, interval time.Duration, log *slog.Logger) {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if n, err := a.Costs.ProcessPending(ctx); err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "recalculation", "err", err.Error())
			} else if n > 0 {
				log.InfoContext(ctx, "recalculated cost allocations", "decisions", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// StartCheckpoints signs a ledger checkpoint every interval until ctx
// ends (the on-demand endpoint and `samstyr checkpoint` add more).
func (a *App) StartCheckpoints(ctx context.Context, interval time.Duration, log *slog.Logger) {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if cp, err := a.Ledger.Checkpoint(ctx); err != nil && ctx.Err() == nil {
					log.WarnContext(ctx, "checkpoint", "err", err.Error())
				} else if err == nil {
					log.InfoContext(ctx, "ledger checkpoint", "seq", cp.Seq, "cases", cp.CaseCount)
				}
			}
		}
	}()
}
