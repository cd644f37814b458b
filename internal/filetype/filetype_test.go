package filetype

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

type entry struct {
	name, body string
	store      bool // zip.Store instead of zip.Deflate
}

// makeZip builds a ZIP archive with the given entries, in order.
func makeZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`

func docx(t testing.TB) []byte {
	return makeZip(t,
		entry{name: "[Content_Types].xml", body: contentTypesXML},
		entry{name: "_rels/.rels", body: "<Relationships/>"},
		entry{name: "word/document.xml", body: "<w:document><w:body><w:p><w:r><w:t>Promemoria</w:t></w:r></w:p></w:body></w:document>"},
	)
}

func xlsx(t testing.TB) []byte {
	return makeZip(t,
		entry{name: "[Content_Types].xml", body: contentTypesXML},
		entry{name: "_rels/.rels", body: "<Relationships/>"},
		entry{name: "xl/workbook.xml", body: "<workbook/>"},
		entry{name: "xl/worksheets/sheet1.xml", body: "<worksheet/>"},
	)
}

func odt(t testing.TB, mimetype string) []byte {
	return makeZip(t,
		entry{name: "mimetype", body: mimetype, store: true},
		entry{name: "META-INF/manifest.xml", body: "<manifest:manifest/>"},
		entry{name: "content.xml", body: "<office:document-content/>"},
	)
}

const tiffLE = "II*\x00\x08\x00\x00\x00\x01\x00\x00\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00"

const minimalPDF = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

func TestDetectAllowed(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Kind
	}{
		{"pdf", []byte(minimalPDF), PDF},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"), PNG},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), JPEG},
		{"docx", docx(t), DOCX},
		{"xlsx", xlsx(t), XLSX},
		{"odt", odt(t, string(ODT)), ODT},
		{"ods", odt(t, string(ODS)), ODS},
		{"tiff little-endian", []byte(tiffLE), TIFF},
		{"tiff big-endian", []byte("MM\x00*\x00\x00\x00\x08"), TIFF},
		{"hash but no bang", []byte("# Rubrik\nText.\n"), TXT},
		{"odt with deflated mimetype", makeZip(t,
			entry{name: "mimetype", body: string(ODT)},
			entry{name: "content.xml", body: "<office:document-content/>"}), ODT},
		{"swedish text", []byte("Promemoria\n\nÄrendet gäller överklagande av beslut om bygglov.\r\nSökande: Åsa Öström\tDnr 2024/123\f\n"), TXT},
		{"text with BOM", []byte("\xef\xbb\xbfHej på dig, världen!\n"), TXT},
		{"single character", []byte("x"), TXT},
		{"only whitespace", []byte(" \n\t\r\n"), TXT},
		{"less-than later in text", []byte("Beloppet är < 5 000 kr.\n<inte markup>"), TXT},
		{"text starting with MZ-like word", []byte("Mzungu betyder främling.\n"), TXT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.data)
			if err != nil || got != tt.want {
				t.Fatalf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDetectRejected(t *testing.T) {
	full := docx(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"text with NUL", []byte("Hej\x00då\n")},
		{"text with escape", []byte("Hej \x1b[31mröd\x1b[0m\n")},
		{"text with DEL", []byte("Hej\x7f\n")},
		{"text with C1 control", []byte("Hej\u0085då\n")},
		{"invalid UTF-8 (Latin-1 å)", []byte("Sm\xe5land\n")},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")},
		{"html after whitespace", []byte("\n\t  <html><script>alert(1)</script>")},
		{"html after BOM", []byte("\xef\xbb\xbf<html><script>alert(1)</script>")},
		{"html after BOM and space", []byte("\xef\xbb\xbf \ufeff<HTML>")},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)},
		{"svg bare", []byte(`<svg><script>alert(1)</script></svg>`)},
		{"elf", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")},
		{"mz", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00")},
		{"mz text-like", []byte("MZ this is a program\n")},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00")},
		{"plain zip", makeZip(t, entry{name: "a.txt", body: "hej"}, entry{name: "b/c.bin", body: "\x00\x01"})},
		{"renamed zip with random entries", randomZip(t, rand.New(rand.NewPCG(1, 2)))},
		{"empty zip", makeZip(t)},
		{"zip with content types only", makeZip(t, entry{name: "[Content_Types].xml", body: contentTypesXML})},
		{"zip with word/ but no content types", makeZip(t, entry{name: "word/document.xml", body: "<w:document/>"})},
		{"zip with both word/ and xl/", makeZip(t,
			entry{name: "[Content_Types].xml", body: contentTypesXML},
			entry{name: "word/document.xml", body: "<w:document/>"},
			entry{name: "xl/workbook.xml", body: "<workbook/>"})},
		{"docm (macros)", makeZip(t,
			entry{name: "[Content_Types].xml", body: contentTypesXML},
			entry{name: "word/document.xml", body: "<w:document/>"},
			entry{name: "word/vbaProject.bin", body: "\xd0\xcf\x11\xe0"})},
		{"xlsm (macros)", makeZip(t,
			entry{name: "[Content_Types].xml", body: contentTypesXML},
			entry{name: "xl/workbook.xml", body: "<workbook/>"},
			entry{name: "xl/vbaProject.bin", body: "\xd0\xcf\x11\xe0"})},
		{"docx with path traversal", makeZip(t,
			entry{name: "[Content_Types].xml", body: contentTypesXML},
			entry{name: "word/../../evil.sh", body: "rm -rf /"})},
		{"odp (presentation)", odt(t, "application/vnd.oasis.opendocument.presentation")},
		{"shell script", []byte("#!/bin/sh\nrm -rf /\n")},
		{"script after BOM and space", []byte("\xef\xbb\xbf \n#!/usr/bin/env python3\n")},
		{"bigtiff", []byte("II+\x00\x08\x00\x00\x00")},
		{"odt mimetype with trailing newline", odt(t, string(ODT)+"\n")},
		{"odt mimetype too long", odt(t, string(ODT)+strings.Repeat(" ", 200))},
		{"odt mimetype not first", makeZip(t,
			entry{name: "content.xml", body: "<office:document-content/>"},
			entry{name: "mimetype", body: string(ODT), store: true})},
		{"truncated docx", full[:len(full)/2]},
		{"docx missing last byte", full[:len(full)-1]},
		{"zip magic only", []byte("PK\x03\x04")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.data)
			if !errors.Is(err, ErrNotAllowed) {
				t.Fatalf("Detect = %q, %v; want ErrNotAllowed", got, err)
			}
			if got != "" {
				t.Errorf("kind %q returned with error", got)
			}
			if err.Error() == ErrNotAllowed.Error() {
				t.Errorf("error %q carries no detail", err)
			}
		})
	}
}

// TestDetectTruncatedDocx cuts a DOCX at every length; none may panic or be
// accepted (the first bytes "P" and "PK" are harmless text).
func TestDetectTruncatedDocx(t *testing.T) {
	full := docx(t)
	for n := 1; n < len(full); n++ {
		k, err := Detect(full[:n])
		if n <= 2 {
			if k != TXT {
				t.Errorf("%q: %q, %v; want text", full[:n], k, err)
			}
			continue
		}
		if !errors.Is(err, ErrNotAllowed) {
			t.Fatalf("prefix of %d/%d bytes: %q, %v; want ErrNotAllowed", n, len(full), k, err)
		}
	}
}

// TestDetectZipBomb checks that a huge, highly compressible entry is never
// decompressed: detection stays fast and cheap in memory.
func TestDetectZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if _, err := zw.Create("[Content_Types].xml"); err != nil {
		t.Fatal(err)
	}
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 16 { // 16 MiB of zeros, about 16 KiB compressed
		if _, err := w.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(1, func() {
		if k, err := Detect(buf.Bytes()); k != DOCX || err != nil {
			t.Fatalf("Detect = %q, %v", k, err)
		}
	})
	if allocs > 1000 {
		t.Errorf("%v allocations: entries are being read", allocs)
	}

	// An ODT whose mimetype entry is the bomb: at most 100 bytes are read.
	buf.Reset()
	zw = zip.NewWriter(&buf)
	if w, err = zw.Create("mimetype"); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := w.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Detect(buf.Bytes()); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("mimetype bomb: %v, want ErrNotAllowed", err)
	}
}

func TestDetectEmpty(t *testing.T) {
	for _, data := range [][]byte{nil, {}} {
		if k, err := Detect(data); err != ErrEmpty || k != "" {
			t.Errorf("Detect(%q) = %q, %v; want ErrEmpty", data, k, err)
		}
	}
}

func TestExtensionAndAllowed(t *testing.T) {
	want := map[Kind]string{PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt", ODS: ".ods", PNG: ".png", JPEG: ".jpg",
		TIFF: ".tif", TXT: ".txt", CSV: ".csv", EML: ".eml"}
	all := Allowed()
	if len(all) != len(want) {
		t.Fatalf("Allowed() = %q", all)
	}
	for _, k := range all {
		if got := Extension(k); got != want[k] {
			t.Errorf("Extension(%q) = %q, want %q", k, got, want[k])
		}
	}
	if got := Extension("text/html"); got != "" {
		t.Errorf("Extension(text/html) = %q, want empty", got)
	}
	all[0] = "x"
	if Allowed()[0] != PDF {
		t.Error("Allowed shares its slice")
	}
}

func randomZip(t testing.TB, rng *rand.Rand) []byte {
	var entries []entry
	for i := range 1 + rng.IntN(8) {
		body := make([]byte, rng.IntN(200))
		for j := range body {
			body[j] = byte(rng.IntN(256))
		}
		entries = append(entries, entry{name: "dir" + string(rune('a'+i)) + "/file.bin", body: string(body), store: i%2 == 0})
	}
	return makeZip(t, entries...)
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte(minimalPDF))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\xff\xd8\xff\xe0"))
	f.Add([]byte("Ärendet gäller bygglov.\n"))
	f.Add([]byte("\xef\xbb\xbf<html>"))
	f.Add([]byte("\x7fELF"))
	f.Add(docx(f))
	f.Add(xlsx(f))
	f.Add(odt(f, string(ODT)))
	f.Add(odt(f, string(ODS)))
	f.Add([]byte(tiffLE))
	f.Add([]byte("#!/bin/sh\n"))
	f.Add(makeZip(f, entry{name: "a.txt", body: "hej"}))
	allowed := map[Kind]bool{}
	for _, k := range Allowed() {
		allowed[k] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := Detect(data)
		switch {
		case err == nil:
			if !allowed[k] || Extension(k) == "" {
				t.Fatalf("accepted unknown kind %q", k)
			}
		case errors.Is(err, ErrEmpty):
			if len(data) != 0 {
				t.Fatalf("ErrEmpty for %d bytes", len(data))
			}
		case !errors.Is(err, ErrNotAllowed):
			t.Fatalf("unexpected error %v", err)
		}
		if err != nil && k != "" {
			t.Fatalf("kind %q with error %v", k, err)
		}
	})
}
