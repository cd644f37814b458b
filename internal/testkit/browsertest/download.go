package browsertest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// CheckPDF reports (t.Errorf) every internal code in the text of a PDF
// people download, read with poppler's pdftotext as a reader would copy
// it. Without pdftotext the check is skipped with a log line, unless
// SAMSTYR_REQUIRE_BROWSER=1.
func CheckPDF(t testing.TB, name string, pdf []byte) {
	t.Helper()
	text, err := PDFText(pdf)
	if err != nil {
		if _, lookErr := exec.LookPath("pdftotext"); lookErr != nil && os.Getenv(EnvRequire) != "1" {
			t.Logf("PDF %s not checked: %v", name, lookErr)
			return
		}
		t.Fatalf("PDF %s: %v", name, err)
	}
	CheckText(t, "PDF "+name, text)
}

// PDFText is the text of a PDF as pdftotext (poppler-utils) reads it, in
// reading order.
func PDFText(pdf []byte) (string, error) {
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", &pdfError{err, strings.TrimSpace(stderr.String())}
	}
	return string(out), nil
}

type pdfError struct {
	err    error
	stderr string
}

func (e *pdfError) Error() string { return "pdftotext: " + e.err.Error() + ": " + e.stderr }

// CheckCSV reports (t.Errorf) every internal code in a CSV file people
// download: each cell is read as text (a ";" or "," between cells ends a
// sentence for the English rule, as a new column does for a reader).
func CheckCSV(t testing.TB, name string, csv []byte) {
	t.Helper()
	text := strings.TrimPrefix(string(csv), "\ufeff")
	text = strings.NewReplacer(";", "\t", "\"", "").Replace(text)
	CheckText(t, "CSV "+name, text)
}
