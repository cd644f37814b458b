package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/samstyr/samstyr/internal/app"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// shutdownGrace is how long in-flight requests get after SIGTERM.
const shutdownGrace = 10 * time.Second

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		return err
	}
	if err := app.CheckConfig(cfg); err != nil {
		return err
	}
	log := platform.NewLogger(stderr, cfg.LogLevel)
	log.Info("starting samstyr", append([]any{"version", version}, cfg.Masked()...)...)
	// Bound first: a busy address must stop the start before the store is
	// touched (the demo's passwords are printed once, at its loading).
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return &config.Error{Setting: "SAMSTYR_ADDR (--addr)", Msg: err.Error()}
	}
	defer ln.Close()
	backend, err := app.OpenBackend(ctx, cfg)
	if err != nil {
		return err
	}
	defer backend.Close(context.WithoutCancel(ctx))
	a, err := app.New(ctx, app.Options{Config: cfg, Backend: backend, Clock: platform.SystemClock{}, Log: log, Announce: stdout})
	if err != nil {
		return err
	}
	workerCtx, stopWorker := context.WithCancel(ctx)
	defer stopWorker()
	a.StartWorker(workerCtx, cfg.RecalcInterval, log)
	a.StartCheckpoints(workerCtx, cfg.CheckpointInterval, log)
	a.StartNumberSweep(workerCtx, log)
	if a.SSO != nil {
		go a.SSO.Warm(workerCtx) // discovery is lazy; this only shows a bad issuer in the log early
	}
	srv := &http.Server{Handler: a.Engine, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "url", "http://"+ln.Addr().String(), "store", backend.Name())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv, io.Discard) // its flag list is serve's: the error names the flag
	if err != nil {
		return err
	}
	backend, err := app.OpenBackend(ctx, cfg)
	if err != nil {
		return err
	}
	defer backend.Close(context.WithoutCancel(ctx))
	from, to, err := store.Migrate(ctx, backend, repo.Migrations)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema_version %d -> %d (%s)\n", from, to, backend.Name())
	return nil
}
