// Command samstyr is Samstyr's single binary: the case-handling service
// (serve, the default) and its one-shot tasks.
//
//	samstyr [serve] [flags]   run the service (SQLite under ./data unless SAMSTYR_MONGODB_URI is set)
//	samstyr migrate [flags]   apply storage migrations and exit
//	samstyr init --org NAME --org-number NR --admin USERNAME   set up a new installation
//	samstyr verify, export-ledger, checkpoint, verify-decision   the ledger and decision checks
//	samstyr export-archive    write FGS 2.0 packages of archived ärenden for the e-archive
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
	"strings"
	"syscall"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/fault"
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
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		usage(stdout) // samstyr --help: every command, not serve's alone
		return 0
	}
	if commandHelp(cmd, args, stdout) {
		return 0
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
	case "export-archive":
		err = exportArchive(ctx, args, getenv, stdout, stderr)
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
	var fe *fault.Error
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
	case errors.As(err, &fe) && fe.Kind != fault.Internal:
		// A use case's refusal: its text, then the stable code.
		fmt.Fprintf(stderr, "samstyr: %s [%s]\n", adminText(fe), fe.Code)
		return 1
	default:
		fmt.Fprintf(stderr, "samstyr: %v\n", err)
		return 1
	}
}

// commands describes each command for usage and for `samstyr CMD --help`.
var commands = []struct{ name, text string }{
	{"serve", `  serve     run the service (default)
`},
	{"migrate", `  migrate   apply storage migrations and exit
`},
	{"init", `  init --org NAME --org-number NNNNNN-NNNN --admin USERNAME [--admin-name NAME] [--admin-email ADDRESS] [--letterhead TEXT]
            set up a new installation on an empty store: the organisation and its first administrator
            (password from SAMSTYR_ADMIN_PASSWORD, else asked for); refuses a store already set up
`},
	{"verify", `  verify [--file FILE | --against ROOTS]
            check every case's hash chain and every signed checkpoint, every decision's digest and
            signatures, the audit projection against the cases, and the diarium's number series
            (or an exported ledger file), and on SQLite the database file itself (quick_check);
            --against also requires every checkpoint of a saved GET /api/v1/public/checkpoints
            file to be in the store unchanged
`},
	{"export-ledger", `  export-ledger --out FILE
            write a self-contained ledger file for verify --file
`},
	{"checkpoint", `  checkpoint
            sign a checkpoint now over every chain head: each ärende's and each of the
            administration's records
`},
	{"export-archive", `  export-archive --out DIR [--board B] [--closed-before DATE] | --case DNR [--case DNR …]
            write one FGS 2.0 SIP (E-ARK CSIP/SIP, CITS ERMS) per archived ärende into DIR; a named
            case that is not arkiverad is refused (exit 1) and nothing is written
`},
	{"verify-decision", `  verify-decision FILE
            verify an exported decision (GET /api/v1/decisions/{id}/export) offline
`},
	{"migrate-store", `  migrate-store --from-data-dir DIR|--from-mongodb-uri URI --to-mongodb-uri URI|--to-data-dir DIR [--resume]
            copy an installation to another store (e.g. SQLite to MongoDB), then compare and verify
`},
	{"bench", `  bench [--target URL] [--clients N] [--duration D | --cases N] [--mix drafting=3,deciding=3,auditor=1,reads=3]
            load test through the HTTP API (in-process server on a temp store when no --target;
            SAMSTYR_SQLITE_SYNCHRONOUS chooses its durability)
`},
	{"version", `  version   print the version
`},
	{"help", `  help      show this text
`},
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Usage: samstyr [command] [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprint(w, c.text)
	}
	settingsUsage(w)
}

// settingsUsage lists the settings every command reads its store from.
func settingsUsage(w io.Writer) {
	fmt.Fprint(w, "\nSettings (flag, environment variable, default):\n")
	for _, s := range config.Settings() {
		fmt.Fprintf(w, "  %-20s %-26s %-14q %s\n", s[1], s[0], s[2], s[3])
	}
}

// commandHelp answers `samstyr CMD --help` for a command that takes the
// common settings: its own line, then the settings. It reports false for
// a command with a help of its own (bench, migrate-store) or without one.
func commandHelp(cmd string, args []string, w io.Writer) bool {
	if cmd == "bench" || cmd == "migrate-store" {
		return false
	}
	asked := false
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			asked = true
		}
	}
	if !asked {
		return false
	}
	for _, c := range commands {
		if c.name == cmd {
			fmt.Fprint(w, "Usage: samstyr "+strings.TrimLeft(c.text, " "))
			if cmd != "verify-decision" && cmd != "version" && cmd != "help" {
				settingsUsage(w)
			}
			return true
		}
	}
	return false
}

// usageError is a wrong invocation of a subcommand (exit code 2).
type usageError string

func (e usageError) Error() string { return string(e) }
