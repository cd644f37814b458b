package pdfa_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/pdfa"
	"github.com/samstyr/samstyr/internal/pdfa/pdfatest"
	"github.com/samstyr/samstyr/internal/platform"
)

var created = time.Date(2026, time.March, 12, 9, 30, 0, 0, platform.Stockholm)

// memoPDF is a tjänsteskrivelse as memopdf writes it (already PDF/A).
func memoPDF(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := memopdf.Render(&buf, memopdf.Input{
		Organisation: "Borgholms kommun", BoardName: "Ölands IT-nämnd", RegistrationNumber: "ITN 2026/14",
		Memo: cases.Memo{Date: platform.MustParseDate("2026-03-12"), Title: "Översyn (samverkan) & avtal <2026>",
			AuthorName: "Niklas Palmquist", Clauses: []string{"avtalet förlängs"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// plain returns an fpdf document with a core font, changed by edit.
func plain(t *testing.T, edit func(*fpdf.Fpdf)) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCatalogSort(true)
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	edit(p)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMemoIsPDFA(t *testing.T) {
	pdf := memoPDF(t)
	pdfatest.Require(t, "memo", pdf, "Översyn (samverkan) & avtal <2026>", "att avtalet förlängs")
	for _, want := range []string{
		"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
		"<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
		"Översyn (samverkan) &amp; avtal &lt;2026&gt;",
		"<xmp:CreateDate>2026-03-12T00:00:00+01:00</xmp:CreateDate>",
		"/CreationDate (D:20260312000000+01'00')",
		"/S /GTS_PDFA1", "/OutputConditionIdentifier (sRGB IEC61966-2.1)",
		"/ID [<",
		"+utf8dejavu\n", // the subset tag on fpdf's embedded font
	} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestConvertIsDeterministic(t *testing.T) {
	raw := plain(t, func(p *fpdf.Fpdf) { p.SetTitle("Protokoll", true) })
	// A core font is not embedded; a page without text converts.
	a, err := pdfa.Convert(raw, created)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pdfa.Convert(raw, created)
	if !bytes.Equal(a, b) {
		t.Error("equal input gave different output")
	}
	c, _ := pdfa.Convert(raw, created.Add(time.Second))
	if bytes.Equal(a, c) {
		t.Error("another date gave the same output")
	}
	if err := pdfa.Check(a); err != nil {
		t.Errorf("Check: %v", err)
	}
	if _, err := pdfa.Convert(a, created); err == nil {
		t.Error("a converted file converted again (its metadata would be doubled)")
	}
}

func TestConvertRefusesWhatCannotBePDFA(t *testing.T) {
	for name, edit := range map[string]func(*fpdf.Fpdf){
		"core font not embedded": func(p *fpdf.Fpdf) {
			p.AddPage()
			p.SetFont("Helvetica", "", 12)
			p.Cell(40, 10, "Hej")
		},
		"encryption": func(p *fpdf.Fpdf) { p.SetProtection(fpdf.CnProtectPrint, "", "ägare"); p.AddPage() },
		"javascript": func(p *fpdf.Fpdf) { p.SetJavascript("app.alert('x');"); p.AddPage() },
		"link annotation": func(p *fpdf.Fpdf) {
			p.AddPage()
			p.LinkString(10, 10, 20, 5, "https://example.org/")
		},
		"own xmp": func(p *fpdf.Fpdf) { p.SetXmpMetadata([]byte("<x/>")); p.AddPage() },
	} {
		t.Run(name, func(t *testing.T) {
			_, err := pdfa.Convert(plain(t, edit), created)
			if !errors.Is(err, pdfa.ErrNotConvertible) {
				t.Fatalf("Convert = %v, want ErrNotConvertible", err)
			}
		})
	}
	if _, err := pdfa.Convert([]byte("not a pdf at all, clearly"), created); err == nil {
		t.Error("garbage converted")
	}
	if _, err := pdfa.Convert(plain(t, func(p *fpdf.Fpdf) { p.AddPage() }), time.Time{}); err == nil {
		t.Error("a zero creation date was accepted")
	}
}

func TestCheckFindsBrokenFiles(t *testing.T) {
	good := memoPDF(t)
	if err := pdfa.Check(good); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ old, new string }{
		"conformance":   {"<pdfaid:conformance>B<", "<pdfaid:conformance>A<"},
		"part":          {"<pdfaid:part>2<", "<pdfaid:part>1<"},
		"title differs": {"Översyn (samverkan)", "Oversyn (samverkan)"},
		"date differs":  {"<xmp:ModifyDate>2026-03-12", "<xmp:ModifyDate>2026-03-13"},
		"no id":         {"/ID [<", "/XD [<"},
		"intent":        {"/S /GTS_PDFA1", "/S /GTS_PDFX1"},
		"header":        {"%\xE2\xE3\xCF\xD3\n", "%abcd\n"},
		"bad xml":       {"</x:xmpmeta>", "</x:xmpmetb>"},
	} {
		bad := bytes.Replace(good, []byte(c.old), []byte(c.new), 1)
		if bytes.Equal(bad, good) {
			t.Fatalf("%s: %q not found", name, c.old)
		}
		if err := pdfa.Check(bad); err == nil {
			t.Errorf("%s: Check passed a broken file", name)
		}
	}
	if err := pdfa.Check(plain(t, func(p *fpdf.Fpdf) { p.AddPage() })); err == nil {
		t.Error("Check passed fpdf's own output")
	}
}

func TestIdentify(t *testing.T) {
	if got, ok := pdfa.Identify(memoPDF(t)); !ok || got != "PDF/A-2b" {
		t.Errorf("Identify(memo) = %q, %v", got, ok)
	}
	if _, ok := pdfa.Identify(plain(t, func(p *fpdf.Fpdf) { p.AddPage() })); ok {
		t.Error("plain fpdf output identified as PDF/A")
	}
	attr := []byte(`%PDF-1.4 ... <rdf:Description pdfaid:part="1" pdfaid:conformance="A"/>`)
	if got, ok := pdfa.Identify(attr); !ok || got != "PDF/A-1a" {
		t.Errorf("Identify(attribute form) = %q, %v", got, ok)
	}
	if _, ok := pdfa.Identify([]byte("PK\x03\x04 pdfaid:part>2")); ok {
		t.Error("a zip file identified as PDF/A")
	}
}

func TestXMPPacketEscapesAndDates(t *testing.T) {
	x := string(pdfa.XMPPacket(pdfa.Metadata{Title: `a<b & "c"`, Created: created, Modified: created.UTC()}))
	for _, want := range []string{"a&lt;b &amp; &quot;c&quot;", "<xmp:CreateDate>2026-03-12T09:30:00+01:00<", "<xmp:ModifyDate>2026-03-12T08:30:00+00:00<"} {
		if !strings.Contains(x, want) {
			t.Errorf("XMP lacks %q:\n%s", want, x)
		}
	}
}
