package browsertest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/i18n"
)

// TestCodesPassSwedish: every Swedish text of the catalog, and the kind
// of text Samstyr's pages, PDFs and exports show, passes the checker.
func TestCodesPassSwedish(t *testing.T) {
	texts := []string{
		"ITN 2026/1 Avtal med ÖBAB om nätdrift",
		"Anna Lindqvist, ordförande, beslutar enligt punkt A16 'Avtal med kommunala bolag' i delegationsordning version 1 antagen 2025-01-15 § 3",
		"Beslutat 2026-03-02 09:30 · Belopp −1 500,00 kr · 1 ärende · 2 ärenden",
		"Kontrollsumma 3f9a0c1d2e4b5a69 · Sida 1 av 2 · §§ 12–14 · K1 K2",
		"IT-chef Karin Berg, Ölands IT-nämnd, Borgholms kommun (värdkommun) – laglighetsprövning enligt 13 kap. kommunallagen",
		"Läs in en CSV-fil. Ladda ned JSON.",
		"Kör samstyr verify för att kontrollera hela registret.",
		"E-post\thans.handlaggare@borgholm.se · karin.ordforande@morbylanga.se",
		"Status: Under beredning. Klart för beslut. Återremitterat. Pågående. Utgående handling.",
		"Beslut;Nämnd;Diarienummer;Ärendemening;Typ;Beslutsfattare;Roll;Punkt;Belopp (kr);Signerat\nITN 2026/1, beslut 1;ITN;ITN 2026/1;Avtal;Delegationsbeslut;Anna Lindqvist;Ordförande;A16;1 200,00;Ja",
	}
	for _, key := range i18n.Keys(i18n.Swedish) {
		texts = append(texts, i18n.T(i18n.Swedish, key))
	}
	for _, s := range texts {
		if f := Codes(s); len(f) > 0 {
			t.Errorf("Swedish text flagged: %v", f)
		}
	}
}

// TestCodesFindLeaks: each kind of leak is found.
func TestCodesFindLeaks(t *testing.T) {
	for _, tc := range []struct{ text, rule string }{
		{"Status: under_beredning", "snake_case"},
		{"Avvikelse decision_edited", "snake_case"},
		{"Ärende 0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", "UUID"},
		{"Beslut 0190A3C4-5B6D-7E8F-9A0B-1C2D3E4F5A6B-b1", "UUID"},
		{"Punkt A16, delegate ordforande", "code word"},
		{"Nämnd: gemensam namnd", "code word"},
		{"Status: pagaende", "code spelled without å, ä or ö"},
		{"Signerat av: ordforande, vice-ordforande", "code spelled without å, ä or ö"},
		{"Status: aterremitterad", "code spelled without å, ä or ö"},
		{"Signerat 2026-03-02T08:30:00Z", "machine time"},
		{"Signerat 2026-03-02 08:30:00Z", "machine time"},
		{"Beslutat 2026-03-02 08:30:00 +0000 UTC", "machine time"},
		{"Belopp %!d(string=12)", "Go formatting"},
		{"Signatur <nil>", "Go formatting"},
		{"1 ärenden", "one with a plural"},
		{"Visar 1 nämnder", "one with a plural"},
		{"the decision is not signed", "English"},
		{"digest mismatch: stored 3f9a, computed 1b2c", "English"},
		{"Proof failed", "English"},
	} {
		found := Codes(tc.text)
		ok := false
		for _, f := range found {
			ok = ok || strings.HasPrefix(f.Rule, tc.rule)
		}
		if !ok {
			t.Errorf("%q: want a %s finding, got %v", tc.text, tc.rule, found)
		}
	}
	for _, s := range []string{"§ 11 ärenden", "ITN 2026/1 ärenden", "21 ärenden", "inom nämndens budget"} {
		if f := Codes(s); len(f) > 0 {
			t.Errorf("%q flagged: %v", s, f)
		}
	}
}

// TestCodesFindEnglishCatalog: the English catalog's sentences of four
// words or more read as English to the checker (nine in ten at least):
// the checker is not blind to English.
func TestCodesFindEnglishCatalog(t *testing.T) {
	var n, found int
	var missed []string
	for _, key := range i18n.Keys(i18n.English) {
		s := i18n.T(i18n.English, key)
		if len(strings.Fields(s)) < 4 {
			continue
		}
		n++
		if len(Codes(s)) > 0 {
			found++
		} else {
			missed = append(missed, s)
		}
	}
	if n == 0 || found*10 < n*9 {
		t.Errorf("only %d of %d English sentences flagged; missed e.g. %q", found, n, missed[:min(len(missed), 10)])
	}
}

// TestCheckDownloads: the PDF and CSV checks find a code in a download and
// pass a Swedish one.
func TestCheckDownloads(t *testing.T) {
	bad := check(t, func(tb testing.TB) {
		CheckCSV(tb, "export", []byte("\ufeffBeslut;Status\nITN 2026/1;under_beredning\n"))
	})
	if len(bad) != 1 || !strings.Contains(bad[0], "under_beredning") {
		t.Errorf("CSV with a code: %q", bad)
	}
	if good := check(t, func(tb testing.TB) {
		CheckCSV(tb, "export", []byte("\ufeffBeslut;Status\nITN 2026/1;Under beredning\n"))
	}); len(good) > 0 {
		t.Errorf("Swedish CSV flagged: %q", good)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("no pdftotext")
	}
	pdf, err := os.ReadFile("testdata/leak.pdf")
	if err != nil {
		t.Fatal(err)
	}
	bad = check(t, func(tb testing.TB) { CheckPDF(tb, "beslut", pdf) })
	if len(bad) == 0 || !strings.Contains(strings.Join(bad, "\n"), "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b") {
		t.Errorf("PDF with a UUID: %q", bad)
	}
}
