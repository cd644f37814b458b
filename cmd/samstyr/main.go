// Command samstyr is Samstyr's single binary: the case-handling service
// (serve, the default) and its one-shot tasks.
//
//	samstyr [serve] [flags]   run the service (SQLite under ./data unless SAMSTYR_MONGODB_URI is set)
//	samstyr migrate [flags]   apply storage migrations and exit
//	samstyr init --org NAME --org-number NR --admin USERNAME   set up a new installation
//	samstyr verify, export-ledger, checkpoint, verify-decision   the ledger and decision checks
//	samstyr migrate-store     copy an installation to another store
//	samstyr bench             load test through the HTTP API
//	samstyr version           print the version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/samstyr/samstyr/internal/config"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the composition root. It returns the process exit code: 0 on
// success, 1 on a runtime failure, 2 on a usage or configuration error.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, getenv, stdout, stderr)
	case "migrate":
		err = migrate(ctx, args, getenv, stdout, stderr)
	case "init":
		err = initStore(ctx, args, getenv, os.Stdin, stdout, stderr)
	case "verify":
		err = verifyLedger(ctx, args, getenv, stdout, stderr)
	case "export-ledger":
		err = exportLedger(ctx, args, getenv, stdout, stderr)
	case "checkpoint":
		err = checkpoint(ctx, args, getenv, stdout, stderr)
	case "verify-decision":
		err = verifyDecision(args, stdout)
	case "migrate-store":
		err = migrateStore(ctx, args, stdout, stderr)
	case "bench":
		err = bench(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "samstyr", version)
	case "help":
		usage(stdout)
	default:
		fmt.Fprintf(stderr, "samstyr: unknown command %q\n", cmd)
		usage(stderr)
		return 2
	}
	var ce *config.Error
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errNotVerified):
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "samstyr: %v\n", err)
		return 2
	case errors.Is(err, config.ErrHelp):
		return 0
	case errors.As(err, &ce):
		fmt.Fprintf(stderr, "samstyr: %v\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "samstyr: %v\n", err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: samstyr [command] [flags]

Commands:
  serve     run the service (default)
  migrate   apply storage migrations and exit
  init --org NAME --org-number NNNNNN-NNNN --admin USERNAME [--admin-name NAME] [--admin-email ADDRESS] [--letterhead TEXT]
            set up a new installation on an empty store: the organisation and its first administrator
            (password from SAMSTYR_ADMIN_PASSWORD, else asked for); refuses a store already set up
  verify [--file FILE | --against ROOTS]
            check every case's hash chain and every signed checkpoint, every decision's digest and
            signatures, the audit projection against the cases, and the diarium's number series
            (or an exported ledger file); --against also requires every checkpoint of a saved
            GET /api/v1/public/checkpoints file to be in the store unchanged
  export-ledger --out FILE
            write a self-contained ledger file for verify --file
  checkpoint
            sign a checkpoint over every case's chain head now
  verify-decision FILE
            verify an exported decision (GET /api/v1/decisions/{id}/export) offline
  migrate-store --from-data-dir DIR|--from-mongodb-uri URI --to-mongodb-uri URI|--to-data-dir DIR [--resume]
            copy an installation to another store (e.g. SQLite to MongoDB), then compare and verify
  bench [--target URL] [--clients N] [--duration D | --cases N] [--mix drafting=3,deciding=3,auditor=1,reads=3]
            load test through the HTTP API (in-process server on a temp store when no --target;
            SAMSTYR_SQLITE_SYNCHRONOUS chooses its durability)
  version   print the version
  help      show this text

Settings (flag, environment variable, default):
`)
	for _, s := range config.Settings() {
		fmt.Fprintf(w, "  %-20s %-26s %-14q %s\n", s[1], s[0], s[2], s[3])
	}
}

// usageError is a wrong invocation of a subcommand (exit code 2).
type usageError string

func (e usageError) Error() string { return string(e) }
