package filetype

import (
	"errors"
	"testing"
)

const xmpAttr = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description rdf:about="" ` +
	`xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>`

const xmpElem = `<x:xmpmeta><rdf:RDF><rdf:Description><pdfaid:part>1</pdfaid:part>` +
	`<pdfaid:conformance>A</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>`

// pdfWithXMP is a PDF 1.7 carrying xmp as its metadata stream.
func pdfWithXMP(xmp string) []byte {
	return []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n3 0 obj <</Type /Metadata /Subtype /XML /Length 1>> stream\n" + xmp +
		"\nendstream endobj\n" + minimalPDF[len("%PDF-1.4\n"):])
}

const eml = "From: Anna Svensson <anna@example.se>\r\nTo: registrator@kommun.example.se\r\n" +
	"Date: Mon, 2 Mar 2026 09:15:00 +0100\r\nSubject: Synpunkter på samverkansavtalet\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHej! Här är mina synpunkter.\r\n"

func TestIdentifyAllowed(t *testing.T) {
	tests := []struct {
		file     string
		data     []byte
		kind     Kind
		name     string
		archival bool
	}{
		{"avtal.pdf", []byte(minimalPDF), PDF, "PDF 1.4", false},
		{"Avtal.PDF", pdfWithXMP(`<x:xmpmeta/>`), PDF, "PDF 1.7", false},
		{"protokoll.pdf", pdfWithXMP(xmpAttr), PDF, "PDF/A-2b", true},
		{"protokoll-1a.pdf", pdfWithXMP(xmpElem), PDF, "PDF/A-1a", true},
		{"pdfa4.pdf", pdfWithXMP(`<rdf:Description pdfaid:part='4'/>`), PDF, "PDF/A-4", true},
		{"part out of range.pdf", pdfWithXMP(`<rdf:Description pdfaid:part="7" pdfaid:conformance="B"/>`), PDF, "PDF 1.7", false},
		{"bad conformance.pdf", pdfWithXMP(`<rdf:Description pdfaid:part="2" pdfaid:conformance="Z"/>`), PDF, "PDF 1.7", false},
		{"part 2 without level.pdf", pdfWithXMP(`<rdf:Description pdfaid:part="2"/>`), PDF, "PDF 1.7", false},
		{"promemoria.docx", docx(t), DOCX, "DOCX", false},
		{"budget.xlsx", xlsx(t), XLSX, "XLSX", false},
		{"yttrande.odt", odt(t, string(ODT)), ODT, "ODT", false},
		{"budget.ods", odt(t, string(ODS)), ODS, "ODS", false},
		{"karta.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), PNG, "PNG", false},
		{"foto.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), JPEG, "JPEG", false},
		{"foto.JPEG", []byte("\xff\xd8\xff\xe1\x00\x10Exif\x00"), JPEG, "JPEG", false},
		{"ritning.tif", []byte(tiffLE), TIFF, "TIFF", false},
		{"ritning.tiff", []byte("MM\x00*\x00\x00\x00\x08"), TIFF, "TIFF", false},
		{"anteckning.txt", []byte("Ärendet gäller bygglov.\n"), TXT, "text", false},
		{"lista.csv", []byte("kommun;belopp\nBorgholm;1000\nMörbylånga;2000\n"), CSV, "CSV", false},
		{"csv as text.txt", []byte("kommun;belopp\n"), TXT, "text", false},
		{"brev.eml", []byte(eml), EML, "EML", false},
		{"latin-1 brev.eml", []byte("From: a@example.se\nDate: Mon, 2 Mar 2026 09:15:00 +0100\nSubject: Sm\xe5land\n\nHej fr\xe5n Sm\xe5land\n"), EML, "EML", false},
		{`C:\Users\anna\Skrivbord\avtal.pdf`, []byte(minimalPDF), PDF, "PDF 1.4", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Identify(tt.file, tt.data)
			if err != nil {
				t.Fatalf("Identify: %v", err)
			}
			if f.Kind != tt.kind || f.Name != tt.name || f.Archival != tt.archival {
				t.Errorf("Identify = %+v, want %q %q archival %v", f, tt.kind, tt.name, tt.archival)
			}
		})
	}
}

func TestIdentifyRefused(t *testing.T) {
	script := []byte("echo hej\r\n")
	tests := []struct {
		file string
		data []byte
		want error
	}{
		// Scripts and programs, refused by their name whatever they hold.
		{"rensa.bat", script, ErrNotAllowed},
		{"rensa.BAT", script, ErrNotAllowed},
		{"rensa.cmd", script, ErrNotAllowed},
		{"makro.vbs", []byte("MsgBox \"hej\"\n"), ErrNotAllowed},
		{"skript.js", []byte("alert(1)\n"), ErrNotAllowed},
		{"skript.ps1", []byte("Remove-Item C:\\ -Recurse\n"), ErrNotAllowed},
		{"app.hta", []byte("<html><script>alert(1)</script></html>"), ErrNotAllowed},
		{"install.sh", []byte("rm -rf /\n"), ErrNotAllowed},
		{"program.exe", []byte("MZ\x90\x00"), ErrNotAllowed},
		{"sida.html", []byte("<html></html>"), ErrNotAllowed},
		{"bild.svg", []byte("<svg/>"), ErrNotAllowed},
		{"bild.gif", []byte("GIF89a"), ErrNotAllowed},
		{"makro.docm", docx(t), ErrNotAllowed},
		{"avtal.pdf.exe", []byte(minimalPDF), ErrNotAllowed},
		{"utan-filändelse", []byte("text\n"), ErrNotAllowed},
		{"punkt.", []byte("text\n"), ErrNotAllowed},
		{"", []byte("text\n"), ErrNotAllowed},
		// An allowed name, bytes that are no allowed format.
		{"faktura.pdf", []byte("MZ\x90\x00\x03\x00"), ErrNotAllowed},
		{"sida.txt", []byte("<!DOCTYPE html><script>alert(1)</script>"), ErrNotAllowed},
		{"skript.txt", []byte("#!/bin/sh\nrm -rf /\n"), ErrNotAllowed},
		{"lista.csv", []byte("a;b\x00c\n"), ErrNotAllowed},
		{"makro.docx", makeZip(t, entry{name: "[Content_Types].xml", body: contentTypesXML},
			entry{name: "word/document.xml", body: "<w:document/>"}, entry{name: "word/vbaProject.bin", body: "x"}), ErrNotAllowed},
		{"brev.eml", []byte("From: a@example.se\nDate: x\n\nhej\x00"), ErrNotAllowed},
		// Bytes and name disagree.
		{"avtal.docx", []byte(minimalPDF), ErrMismatch},
		{"promemoria.pdf", docx(t), ErrMismatch},
		{"budget.ods", xlsx(t), ErrMismatch},
		{"yttrande.odt", odt(t, string(ODS)), ErrMismatch},
		{"karta.jpg", []byte("\x89PNG\r\n\x1a\n"), ErrMismatch},
		{"foto.png", []byte("\xff\xd8\xff\xe0"), ErrMismatch},
		{"ritning.tif", []byte(minimalPDF), ErrMismatch},
		{"anteckning.pdf", []byte("Bara text.\n"), ErrMismatch},
		{"anteckning.png", []byte("Bara text.\n"), ErrMismatch},
		{"lista.csv", []byte(minimalPDF), ErrMismatch},
		{"brev.eml", []byte(minimalPDF), ErrMismatch},
		{"brev.eml", []byte("<html><script>alert(1)</script></html>"), ErrMismatch},
		{"brev.eml", []byte("Hej, det här är bara text.\n"), ErrMismatch},
		{"brev.eml", []byte("From: a@example.se\nSubject: utan datum\n\nhej\n"), ErrMismatch},
		// Empty.
		{"tom.pdf", nil, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Identify(tt.file, tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Identify = %+v, %v; want %v", f, err, tt.want)
			}
			if f != (Format{}) {
				t.Errorf("format %+v returned with error", f)
			}
		})
	}
}

// FuzzIdentify: whatever the name and bytes, Identify returns an allowed
// format whose extension list names the file's extension, or one of its
// three errors; never both, never a panic.
func FuzzIdentify(f *testing.F) {
	f.Add("a.pdf", []byte(minimalPDF))
	f.Add("a.pdf", pdfWithXMP(xmpAttr))
	f.Add("a.eml", []byte(eml))
	f.Add("a.csv", []byte("a;b\n"))
	f.Add("a.bat", []byte("echo hej"))
	f.Add("a.docx", docx(f))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		got, err := Identify(name, data)
		switch {
		case err == nil:
			if Extension(got.Kind) == "" || got.Name == "" {
				t.Fatalf("accepted %+v", got)
			}
			if got.Archival && got.Kind != PDF {
				t.Fatalf("archival %+v", got)
			}
		case errors.Is(err, ErrEmpty), errors.Is(err, ErrNotAllowed), errors.Is(err, ErrMismatch):
			if got != (Format{}) {
				t.Fatalf("format %+v with error %v", got, err)
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}
