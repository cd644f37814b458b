package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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

// Fetch downloads href as the person logged in on the page (with the
// page's cookies) and returns the bytes; an HTTP error is an error.
func Fetch(ctx context.Context, href string) ([]byte, error) {
	q, _ := json.Marshal(href)
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+string(q)+`).then(r => {
	  if (!r.ok) throw new Error("HTTP " + r.status);
	  return r.arrayBuffer();
	}).then(b => {
	  const u = new Uint8Array(b); let s = "";
	  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
	  return btoa(s);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(b64)
}

// CheckLinkedPDF downloads the PDF the link matching selector on the
// current page points to and checks its text (CheckPDF).
func CheckLinkedPDF(t testing.TB, ctx context.Context, name, selector string) {
	t.Helper()
	q, _ := json.Marshal(selector)
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+string(q)+`).getAttribute("href")`))
	if err != nil {
		t.Errorf("PDF %s: no link %s: %v", name, selector, err)
		return
	}
	pdf, err := Fetch(ctx, href)
	if err != nil {
		t.Errorf("PDF %s (%s): %v", name, href, err)
		return
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("PDF %s (%s) is not a PDF: %.40q", name, href, pdf)
		return
	}
	CheckPDF(t, name, pdf)
}
