// Package pdfatest checks, in tests, that a PDF Samstyr wrote has the
// PDF/A-2b structure: pdfa.Check (the XMP packet with pdfaid part 2 and
// conformance B, the OutputIntent with its ICC profile, the document ID,
// Info agreeing with XMP, no forbidden features), every font embedded as
// poppler's pdffonts reports it (with its subset tag), a clean `qpdf --check`, and the expected
// texts read back by pdftotext.
//
// The Debian tools (poppler-utils, qpdf) are looked up on PATH. A missing
// tool skips the test, unless SAMSTYR_REQUIRE_BROWSER=1 (set by .ci/run,
// the variable the PDF text tests already use) makes it a failure.
package pdfatest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/pdfa"
)

// EnvRequire makes a missing tool a failure instead of a skip.
const EnvRequire = "SAMSTYR_REQUIRE_BROWSER"

// Require fails t unless pdf passes every check of the package comment
// and pdftotext finds each of texts in it (white space collapsed).
func Require(t testing.TB, name string, pdf []byte, texts ...string) {
	t.Helper()
	if err := pdfa.Check(pdf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got, ok := pdfa.Identify(pdf); !ok || got != "PDF/A-2b" {
		t.Fatalf("%s: Identify = %q, %v; want PDF/A-2b", name, got, ok)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}

	out := run(t, name, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors found") || strings.Contains(strings.ToLower(out), "warning") {
		t.Fatalf("%s: qpdf --check is not clean:\n%s", name, out)
	}

	fonts := Fonts(t, name, run(t, name, "pdffonts", path))
	if len(fonts) == 0 {
		t.Fatalf("%s: pdffonts lists no fonts", name)
	}
	for _, f := range fonts {
		if f.Embedded != "yes" {
			t.Errorf("%s: font %s (%s) is not embedded", name, f.Name, f.Type)
		}
		if f.Subset != "yes" {
			t.Errorf("%s: font %s is a subset without the subset tag in its name", name, f.Name)
		}
	}

	text := strings.Join(strings.Fields(run(t, name, "pdftotext", "-enc", "UTF-8", path, "-")), " ")
	for _, want := range texts {
		if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("%s: pdftotext does not read %q in:\n%s", name, want, text)
		}
	}
}

// Font is one row of pdffonts' table.
type Font struct {
	Name, Type, Encoding, Embedded, Subset, Unicode string
}

// Fonts reads pdffonts' table, cutting each row at the columns its
// dashed rule marks (names and types may contain spaces).
func Fonts(t testing.TB, name, out string) []Font {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "---") {
		t.Fatalf("%s: unexpected pdffonts output:\n%s", name, out)
	}
	var cols [][2]int
	rule := lines[1]
	for i := 0; i < len(rule); {
		if rule[i] != '-' {
			i++
			continue
		}
		j := i
		for j < len(rule) && rule[j] == '-' {
			j++
		}
		cols = append(cols, [2]int{i, j})
		i = j
	}
	if len(cols) < 6 {
		t.Fatalf("%s: pdffonts table has %d columns", name, len(cols))
	}
	cell := func(l string, c [2]int) string {
		if c[0] >= len(l) {
			return ""
		}
		return strings.TrimSpace(l[c[0]:min(c[1], len(l))])
	}
	var fonts []Font
	for _, l := range lines[2:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		fonts = append(fonts, Font{cell(l, cols[0]), cell(l, cols[1]), cell(l, cols[2]), cell(l, cols[3]), cell(l, cols[4]), cell(l, cols[5])})
	}
	return fonts
}

// run runs a Debian tool and returns its standard output; anything on
// its standard error (poppler's syntax warnings) fails t.
func run(t testing.TB, name, tool string, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("no %s on PATH and %s=1: install Debian's poppler-utils and qpdf", tool, EnvRequire)
		}
		t.Skipf("no %s on PATH; install Debian's poppler-utils and qpdf to check PDF/A structure", tool)
	}
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %s %v: %v\n%s%s", name, tool, args, err, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Fatalf("%s: %s %v complains:\n%s", name, tool, args, stderr.String())
	}
	return stdout.String()
}
