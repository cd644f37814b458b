package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samstyr/samstyr/internal/app"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/workflow"
)

// splitFlag removes "--name VALUE" (or --name=VALUE) from args.
func splitFlag(args []string, name string) (string, []string) {
	var rest []string
	val := ""
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--"+name || a == "-"+name:
			if i+1 < len(args) {
				val = args[i+1]
				i++
			}
		case len(a) > len(name)+3 && a[:len(name)+3] == "--"+name+"=":
			val = a[len(name)+3:]
		default:
			rest = append(rest, a)
		}
	}
	return val, rest
}

// needValues refuses a flag of names given without its value: last on
// the line, followed by another flag, or as --name= with nothing after.
// splitFlag would drop it, and the command would run as if it were not
// given (verify --against without the roots, export-archive --case
// exporting every case).
func needValues(args []string, names ...string) error {
	for i, a := range args {
		for _, name := range names {
			bare := a == "--"+name || a == "-"+name
			if a == "--"+name+"=" || bare && (i+1 == len(args) || strings.HasPrefix(args[i+1], "-")) {
				return usageError(fmt.Sprintf("--%s needs a value", name))
			}
		}
	}
	return nil
}

// openMode says how a one-shot command opens its store.
type openMode struct {
	// asIs skips the start-up repair of the audit projection, so that a
	// check sees the store as it is.
	asIs bool
	// create lets the command make a new store (init); every other
	// command reads an installation and refuses a data dir without one.
	create bool
}

// openApp opens the configured store and wires the application (no
// server, no demo data) for a one-shot command.
func openApp(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, mode openMode) (*app.App, func(), error) {
	cfg, err := config.Load(args, getenv, io.Discard) // its flag list is serve's: the error names the flag
	if err != nil {
		return nil, nil, err
	}
	cfg.NoDemo = true
	if !mode.create {
		if err := requireStore(cfg); err != nil {
			return nil, nil, err
		}
	}
	backend, err := app.OpenBackend(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.New(ctx, app.Options{Config: cfg, Backend: backend, Clock: platform.SystemClock{},
		Log: platform.NewLogger(io.Discard, cfg.LogLevel), NoCatchUp: mode.asIs})
	if err != nil {
		backend.Close(ctx)
		return nil, nil, err
	}
	return a, func() { backend.Close(context.WithoutCancel(ctx)) }, nil
}

// requireStore refuses a SQLite data dir that holds no database: a typo
// or the wrong working folder must not make an empty store there (and a
// check of it pass). MongoDB is opened as given.
func requireStore(cfg config.Config) error {
	if cfg.MongoURI != "" {
		return nil
	}
	path := filepath.Join(cfg.DataDir, sqlitestore.FileName)
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return &config.Error{Setting: "SAMSTYR_DATA_DIR (--data-dir)",
			Msg: fmt.Sprintf("no Samstyr store in %s (no %s there): give the installation's data dir, or run samstyr init for a new one", cfg.DataDir, sqlitestore.FileName)}
	}
	return nil
}

// printReport writes a verification report, with what SQLite found wrong
// with the database file (damage), and returns errNotVerified when
// either found a problem.
func printReport(w io.Writer, rep ledger.Report, damage ...string) error {
	fmt.Fprintf(w, "Kontrollerade %d ärenden, %d händelser och %d kontrollpunkter.\n", rep.CasesChecked, rep.EventsChecked, rep.CheckpointsChecked)
	if rep.ChainsChecked > 0 {
		fmt.Fprintf(w, "Administrationens register: %d kedjor med %d poster.\n", rep.ChainsChecked, rep.RecordsChecked)
	}
	if len(damage) > 0 {
		fmt.Fprintf(w, "Databasfilen är skadad (SQLite quick_check): %s\n", damage[0])
		for _, d := range damage[1:min(len(damage), 5)] {
			fmt.Fprintf(w, "  även: %s\n", d)
		}
		fmt.Fprintln(w, "Återställ den från en säkerhetskopia (docs/deployment.md, 4.2 och 4.4).")
	}
	if rep.OK() {
		if len(damage) > 0 {
			fmt.Fprintln(w, "Historiken i de kedjor som gick att läsa är oförändrad.")
			return errNotVerified
		}
		fmt.Fprintln(w, "Inga avvikelser: historiken är oförändrad.")
		return nil
	}
	first, _ := rep.First()
	fmt.Fprintf(w, "FÖRSTA AVVIKELSEN: %s\n", first)
	for _, p := range rep.Problems[1:] {
		fmt.Fprintf(w, "  även: %s\n", p)
	}
	return errNotVerified
}

// verifyLedger checks the whole ledger in the store, or an exported file
// with --file (no database needed). --against ROOTS also requires every
// checkpoint of a published roots file (GET /api/v1/public/checkpoints)
// to be in the store unchanged.
func verifyLedger(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := needValues(args, "file", "against"); err != nil {
		return err
	}
	file, rest := splitFlag(args, "file")
	against, rest := splitFlag(rest, "against")
	var roots *ledger.Roots
	if against != "" {
		if file != "" {
			return usageError("verify takes --file or --against, not both")
		}
		f, err := os.Open(against)
		if err != nil {
			return err
		}
		r, err := ledger.DecodeRoots(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", against, err)
		}
		roots = &r
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err := ledger.VerifyFileWith(f, ledger.VerifyOptions{DecisionPayload: workflow.Payload})
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		return printReport(stdout, rep)
	}
	a, closeFn, err := openApp(ctx, rest, getenv, stderr, openMode{asIs: true})
	if err != nil {
		return err
	}
	defer closeFn()
	rep, err := a.Ledger.VerifyAgainst(ctx, roots)
	if err != nil {
		return err
	}
	return printReport(stdout, rep, damagedFile(ctx, a)...)
}

// damagedFile runs SQLite's own check of the database file: a damaged
// page that holds no chain (an index) is found too. It returns what is
// wrong (nothing on MongoDB, which checks its own files).
func damagedFile(ctx context.Context, a *app.App) []string {
	b, ok := a.Backend.(*sqlitestore.Backend)
	if !ok {
		return nil
	}
	found, err := b.QuickCheck(ctx)
	if err != nil {
		return []string{err.Error()}
	}
	return found
}

// exportLedger writes the self-contained ledger file (0600).
func exportLedger(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if err := needValues(args, "out"); err != nil {
		return usageError("export-ledger needs --out FILE")
	}
	out, rest := splitFlag(args, "out")
	if out == "" {
		return usageError("export-ledger needs --out FILE")
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return usageError(fmt.Sprintf("export-ledger --out %s is a folder: give the file to write", out))
	}
	a, closeFn, err := openApp(ctx, rest, getenv, stderr, openMode{})
	if err != nil {
		return err
	}
	defer closeFn()
	// Written beside --out and renamed into place when whole: a failed
	// export leaves no half file, nor truncates an earlier export.
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name means nothing to the reader
		}
		return fmt.Errorf("--out %s: %w", out, err)
	}
	defer os.Remove(f.Name())
	if err := a.Ledger.Export(ctx, f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Skrev %s\n", out)
	return nil
}

// checkpoint signs a checkpoint now.
func checkpoint(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	a, closeFn, err := openApp(ctx, args, getenv, stderr, openMode{})
	if err != nil {
		return err
	}
	defer closeFn()
	cp, err := a.Ledger.Checkpoint(ctx)
	if err != nil {
		return err
	}
	// Its leaves are every ärende's chain and the administration's chains.
	fmt.Fprintf(stdout, "Kontrollpunkt %d: %d kedjor (ärenden och administrationens register), rot %s\n", cp.Seq, cp.CaseCount, cp.Root)
	return nil
}
