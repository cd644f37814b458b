package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/workflow"
)

// repeatedFlag removes every "--name VALUE" (or --name=VALUE) from args
// and returns the values in order.
func repeatedFlag(args []string, name string) ([]string, []string) {
	var vals, rest []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--"+name || a == "-"+name:
			if i+1 < len(args) {
				vals = append(vals, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "--"+name+"="):
			vals = append(vals, strings.TrimPrefix(a, "--"+name+"="))
		default:
			rest = append(rest, a)
		}
	}
	return vals, rest
}

// exportArchive writes one FGS 2.0 SIP per archived case into --out: the
// cases named with --case (id or diarienummer; each must be arkiverad,
// else nothing is written), or every archived case of --board (every
// board without it) closed before --closed-before. The packages are
// written into a hidden folder in --out first and moved into place only
// when every one was built, so a failure leaves --out as it was (and an
// --out it had to make is removed again).
func exportArchive(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	if err := needValues(args, "out", "board", "closed-before", "case"); err != nil {
		return err
	}
	out, rest := splitFlag(args, "out")
	board, rest := splitFlag(rest, "board")
	before, rest := splitFlag(rest, "closed-before")
	refs, rest := repeatedFlag(rest, "case")
	if out == "" {
		return usageError("export-archive needs --out DIR")
	}
	sel := workflow.ExportSelection{Board: board, Cases: refs}
	if before != "" {
		d, err := platform.ParseDate(before)
		if err != nil {
			return usageError(fmt.Sprintf("--closed-before %q is not a date (YYYY-MM-DD)", before))
		}
		sel.ClosedBefore = d
	}
	if len(refs) > 0 && (board != "" || before != "") {
		return usageError("export-archive takes --case, or --board and --closed-before, not both")
	}
	a, closeFn, err := openApp(ctx, rest, getenv, stderr, openMode{asIs: true})
	if err != nil {
		return err
	}
	defer closeFn()
	if _, serr := os.Stat(out); os.IsNotExist(serr) {
		defer func() {
			if err != nil {
				os.Remove(out)
			}
		}()
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(out, ".samstyr-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var written []*earchive.Package
	n, skipped, err := a.Workflow.Archive.ExportEach(ctx, sel, func(p *earchive.Package) error {
		if _, err := p.WriteDir(tmp); err != nil {
			return err
		}
		written = append(written, p)
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range written {
		if err := os.Rename(filepath.Join(tmp, p.ID), filepath.Join(out, p.ID)); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Skrev %d paket (FGS 2.0, E-ARK SIP) till %s.\n", n, out)
	for _, p := range written {
		fmt.Fprintf(stdout, "  %s  %s\n", p.ID, packageCase(p))
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stdout, "Utelämnade (redan levererade, eller inget kvar att leverera efter gallring): %s\n", strings.Join(skipped, ", "))
	}
	return nil
}

// packageCase is the diarienummer a package delivers (from its ERMS).
func packageCase(p *earchive.Package) string {
	for _, f := range p.Files {
		if f.Path == "metadata/descriptive/ERMS.xml" {
			s := string(f.Data)
			if _, after, ok := strings.Cut(s, "<objectId>"); ok {
				if v, _, ok := strings.Cut(after, "</objectId>"); ok {
					return v
				}
			}
		}
	}
	return ""
}
