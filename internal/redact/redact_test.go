package redact

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/pdfa/pdfatest"
	"github.com/samstyr/samstyr/internal/platform"
)

// envRequire makes a missing pdftotext a failure instead of a skip (CI).
const envRequire = "SAMSTYR_REQUIRE_BROWSER"

var engine *Engine

func TestMain(m *testing.M) {
	// The compiled PDFium is kept between test runs on this machine.
	engine = New(Options{CacheDir: filepath.Join(os.TempDir(), "samstyr-redact-wazero")})
	code := m.Run()
	_ = engine.Close()
	os.Exit(code)
}

func tool(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			t.Fatalf("no %s on PATH and %s=1: install Debian's poppler-utils", name, envRequire)
		}
		t.Skipf("no %s on PATH; install Debian's poppler-utils", name)
	}
	return bin
}

// pdfText extracts the text of pdf with poppler's pdftotext, white space
// collapsed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// pageImage renders page no of pdf with poppler's pdftoppm at 72 dpi, so
// one pixel is one point.
func pageImage(t *testing.T, pdf []byte, no int) image.Image {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	n := string(rune('0' + no))
	out, err := exec.Command(tool(t, "pdftoppm"), "-r", "72", "-png", "-f", n, "-l", n, "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// darkShare is the share of pixels in r (points) that are nearly black.
func darkShare(img image.Image, r image.Rectangle) float64 {
	dark, all := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g := color.GrayModel.Convert(img.At(x, y)).(color.Gray)
			if g.Y < 40 {
				dark++
			}
			all++
		}
	}
	return float64(dark) / float64(max(all, 1))
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	f := fault.From(err)
	if err == nil || f.Kind != fault.Unprocessable {
		t.Fatalf("want a 422 fault, got %v", err)
	}
	out := map[string]string{}
	for _, fe := range f.Fields {
		out[fe.Field] = fe.Code
		if !i18n.Has(fe.Code) {
			t.Errorf("code %s has no text", fe.Code)
		}
	}
	return out
}

func TestText(t *testing.T) {
	for _, tc := range []struct {
		in    string
		terms []string
		want  string
	}{
		{"Sökande: Anna Andersson, Storgatan 1.", []string{"anna andersson"}, "Sökande: [maskerat], Storgatan 1."},
		{"Anna\n  Andersson bor på Storgatan 1", []string{"Anna Andersson", "Storgatan 1"}, "[maskerat] bor på [maskerat]"},
		{"ﬁnansiering av ﬁber", []string{"fiber"}, "ﬁnansiering av [maskerat]"},
		{"abc", []string{"x"}, "abc"},
		{"Anna Annasdotter", []string{"Anna", "Anna Annas"}, "[maskerat]dotter"},
	} {
		got, _ := Text(tc.in, tc.terms)
		if got != tc.want {
			t.Errorf("Text(%q, %q) = %q, want %q", tc.in, tc.terms, got, tc.want)
		}
	}
	_, counts := Text("Bo och bo och BO", []string{"bo", "och"})
	if counts[0] != 3 || counts[1] != 2 {
		t.Errorf("counts %v", counts)
	}
}

// memo is a tjänsteskrivelse naming a private person.
func memo() memopdf.Input {
	return memopdf.Input{Organisation: "Borgholms kommun", BoardName: "Ölands IT-nämnd", RegistrationNumber: "ITN 2026/7",
		RevisionNo: 2, Memo: cases.Memo{Date: platform.MustParseDate("2026-03-02"), Title: "Begäran om rättelse av IT-konto",
			AuthorName: "Olof Nilsson", AuthorTitle: "IT-strateg", RecipientBoard: "Ölands IT-nämnd", ProposalIntro: "IT-nämnden beslutar",
			Clauses:     []string{"att avslå begäran från Anna Andersson"},
			Description: "Anna Andersson, Storgatan 12 i Borgholm, begär rättelse av sitt IT-konto.\n\nÄrendet gäller behörigheter i verksamhetssystemet.",
			Assessment:  "Förvaltningen bedömer att kontot är korrekt registrerat.", SendTo: []string{"Sökanden"}}}
}

func renderMemo(t *testing.T, in memopdf.Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := memopdf.Render(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A document Samstyr renders itself is masked by rendering it again from
// masked input: the masked text is never drawn.
func TestValuesRerendersWithoutTheMaskedText(t *testing.T) {
	in := memo()
	masked, counts := Values(in, []string{"Anna Andersson", "Storgatan 12"})
	if counts[0] != 2 || counts[1] != 1 {
		t.Errorf("counts %v", counts)
	}
	if !strings.Contains(in.Memo.Description, "Anna Andersson") || !strings.Contains(in.Memo.Clauses[0], "Anna Andersson") {
		t.Fatal("Values changed its input")
	}
	text := pdfText(t, renderMemo(t, masked))
	if strings.Contains(text, "Anna") || strings.Contains(text, "Andersson") || strings.Contains(text, "Storgatan") {
		t.Errorf("masked text in the re-rendered PDF: %s", text)
	}
	for _, want := range []string{"[maskerat]", "begär rättelse av sitt IT-konto", "Ölands IT-nämnd", "korrekt registrerat"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from %s", want, text)
		}
	}
}

// A PDF made by memopdf, masked as a file: by string and by region.
func TestPDFMasksAMemoPDF(t *testing.T) {
	src := renderMemo(t, memo())
	if text := pdfText(t, src); !strings.Contains(text, "Anna Andersson") {
		t.Fatalf("the fixture lacks the name: %s", text)
	}
	res, err := engine.PDF(context.Background(), src, Request{Strings: []string{"Anna Andersson", "storgatan 12"}, Title: "Maskerad kopia"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 1 || res.Found[0] != 2 || res.Found[1] != 1 || len(res.TextlessPages) != 0 {
		t.Errorf("result %+v", res)
	}
	text := pdfText(t, res.PDF)
	for _, gone := range []string{"Anna", "Andersson", "Storgatan"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q still in the masked PDF's text: %s", gone, text)
		}
	}
	for _, kept := range []string{"TJÄNSTESKRIVELSE", "Begäran om rättelse av IT-konto", "begär rättelse av sitt IT-konto", "korrekt registrerat", "ITN 2026/7"} {
		if !strings.Contains(text, kept) {
			t.Errorf("%q lost from the masked PDF's text: %s", kept, text)
		}
	}
	if bytes.Contains(res.PDF, []byte("Andersson")) {
		t.Error("the name is in the file's bytes")
	}
	// The masked copy is PDF/A-2b like every PDF Samstyr writes.
	pdfatest.Require(t, "masked memo", res.PDF, "TJÄNSTESKRIVELSE", "ITN 2026/7")
}

// uploaded is a PDF as one arrives from outside: a core font (WinAnsi),
// two pages, and on page 1 a name "redacted" by the sender with a black
// box drawn over it — covered, not removed, so still in the text.
func uploaded(t *testing.T) []byte {
	t.Helper()
	p := fpdf.New("P", "pt", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.SetFont("Helvetica", "", 12)
	p.AddPage()
	p.Text(72, 100, tr("Yttrande till Ölands IT-nämnd"))
	p.Text(72, 130, tr("Handläggare på bolaget: Gustav Öberg, telefon 0485-12345."))
	p.Text(72, 160, tr("Kontaktperson: Hemlig Person"))
	p.SetFillColor(0, 0, 0)
	p.Rect(160, 148, 110, 16, "F") // the sender's black box over "Hemlig Person"
	p.AddPage()
	p.Text(72, 100, tr("Sida två: avtalet gäller från 2026-01-01."))
	p.Text(72, 300, tr("Underskrift: Karl Karlsson"))
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPDFMasksAnUploadedPDF(t *testing.T) {
	src := uploaded(t)
	if text := pdfText(t, src); !strings.Contains(text, "Hemlig Person") {
		t.Fatalf("the fixture's covered text should be extractable from the original: %s", text)
	}
	region := Region{Page: 2, X: 60, Y: 280, W: 250, H: 30} // the signature line
	res, err := engine.PDF(context.Background(), src, Request{Strings: []string{"Gustav Öberg", "0485-12345"}, Regions: []Region{region}})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, res.PDF)
	for _, gone := range []string{"Gustav", "Öberg", "0485", "Karl Karlsson", "Underskrift", "Hemlig Person"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q still in the masked PDF's text: %s", gone, text)
		}
	}
	for _, kept := range []string{"Yttrande till Ölands IT-nämnd", "Handläggare på bolaget:", "telefon", "Kontaktperson:", "Sida två: avtalet gäller från 2026-01-01."} {
		if !strings.Contains(text, kept) {
			t.Errorf("%q lost: %s", kept, text)
		}
	}
	// The masked area is black in the new page's pixels.
	if share := darkShare(pageImage(t, res.PDF, 2), image.Rect(62, 282, 308, 308)); share < 0.98 {
		t.Errorf("the masked region is only %.0f%% black", share*100)
	}
	if share := darkShare(pageImage(t, res.PDF, 2), image.Rect(72, 80, 300, 95)); share > 0.3 {
		t.Errorf("unmasked text area is %.0f%% black", share*100)
	}
	pdfatest.Require(t, "masked upload", res.PDF, "Yttrande till Ölands IT-nämnd")
}

func TestPDFBadInputIsRefusedWhole(t *testing.T) {
	src := uploaded(t)
	ctx := context.Background()
	_, err := engine.PDF(ctx, src, Request{})
	if fields(t, err)["/masks"] != CodeMasksRequired {
		t.Error("no masks accepted")
	}
	_, err = engine.PDF(ctx, src, Request{Strings: []string{" ", "Finns inte i texten"}, Regions: []Region{
		{Page: 1, X: 500, Y: 100, W: 200, H: 20}, // past the right edge (A4 is 595 pt wide)
		{Page: 3, X: 10, Y: 10, W: 10, H: 10},    // no page 3
		{Page: 1, X: -5, Y: 10, W: 10, H: 10},    // left of the page
		{Page: 2, X: 10, Y: 10, W: 0, H: 10},     // no width
		{Page: 1, X: 10, Y: 830, W: 10, H: 20},   // below the page
	}})
	if got := fields(t, err); got["/strings/0"] != CodeEmptyString {
		t.Errorf("empty string: %v", got)
	}
	_, err = engine.PDF(ctx, src, Request{Strings: []string{"Finns inte i texten"}, Regions: []Region{
		{Page: 1, X: 500, Y: 100, W: 200, H: 20}, {Page: 3, X: 10, Y: 10, W: 10, H: 10}, {Page: 1, X: -5, Y: 10, W: 10, H: 10},
		{Page: 2, X: 10, Y: 10, W: 0, H: 10}, {Page: 1, X: 10, Y: 830, W: 10, H: 20}}})
	got := fields(t, err)
	want := map[string]string{"/strings/0": CodeNotFound, "/regions/0": CodeOutsidePage, "/regions/1/page": CodePageNotFound,
		"/regions/2": CodeOutsidePage, "/regions/3": CodeOutsidePage, "/regions/4": CodeOutsidePage}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q (all %v)", k, got[k], v, got)
		}
	}
	for _, bad := range [][]byte{nil, []byte("%PDF-1.4 not really"), []byte("hello")} {
		_, err := engine.PDF(ctx, bad, Request{Strings: []string{"Anna"}})
		if fields(t, err)["/file"] != CodeUnreadable {
			t.Errorf("unreadable %q accepted", bad)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := engine.PDF(cctx, src, Request{Strings: []string{"Gustav"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled masking: %v", err)
	}
}
