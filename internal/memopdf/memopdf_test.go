package memopdf

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
)

// envRequire makes a missing pdftotext a failure instead of a skip (CI).
const envRequire = "SAMSTYR_REQUIRE_BROWSER"

// seedMemo is the tjänsteskrivelse "Översyn av samverkansavtal" from the
// seed material, with § and é added to the texts.
func seedMemo() cases.Memo {
	return cases.Memo{
		Date:           platform.MustParseDate("2024-08-27"),
		Title:          "Översyn av samverkansavtal",
		AuthorName:     "Niklas Palmquist",
		AuthorTitle:    "IT-chef, IT-avdelningen",
		RecipientBoard: "Ölands IT-nämnd",
		ProposalIntro:  "IT-nämnden beslutar",
		Clauses: []string{
			"tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
			"planeringsmöte genomförs under 2025",
		},
		Description: "Ölandskommunerna har samverkan kring IT sedan 2014. Fram till 2023-12-31 organiserades " +
			"detta i Ölands kommunalförbund. Samverkan har sedan dess drivits i en gemensam nämnd, " +
			"Ölands IT-nämnd med ett samverkansavtal som beskriver nämndens uppdrag och ansvar.\n\n" +
			"Nuvarande avtal är generellt skrivet och löper ut 2026-12-31. Enligt tidigare beslut " +
			"enligt beslut 2024-04-05 §19 har IT-chefen fått i uppdrag att se över samverkansavtalet.\n\n" +
			"Enligt beslut 2024-05-08 §28 skulle nämnden samlas till ett planeringsmöte för få fram " +
			"inriktning och tidsplan för ett nytt samverkansavtal.",
		Basis: []cases.BasisRef{
			{DocumentNo: 1, Text: "Nuvarande avtal ”Avtal om samverkan i gemensam IT-nämnd” dnr 2023/128-808."},
			{Text: "Utkast till nytt avtal med objekt som finansieringsgrund ”Avtal om samverkan i gemensam " +
				"IT-nämnd version 2026 objekt”"},
		},
		Assessment: "I en uppdelning av kostnaderna i objekt finns det många kostnader som måste uppskattas då " +
			"tex licenser kan gälla för flera objekt. Arbetstiden som ingår i respektive objekt måste också " +
			"uppskattas då personalen på IT-avdelningen arbetar med flera objekt var.\n\n" +
			"De flesta IT-kostnader, licenser, produkter och tjänster faktureras direkt nyttjande kommun " +
			"eller bolag och fördelas inte. Det som fördelas är kostnaderna för personal och omkostnader.\n\n" +
			"En modell som bygger på att IT-nämnden ska erhålla fördefinierade objekt eller IT-tjänster " +
			"kommer tillföra mer administration men ge både verksamheterna och nämnden en uppskattad bild " +
			"av vilken leverans som ges. Det finns en risk att verksamheter sparar in på vilka objekt men " +
			"som inte ger en lägre kostnad för IT-nämnden totalt.\n\n" +
			"Det är fortfarande oklart vad som ska uppnås med ett nytt samverkansavtal; en bättre idé är " +
			"att avvakta. Under hösten 2024 och våren 2025 utreds möjligheten att Kalmar kommun samverkar " +
			"med Mörbylånga kommun kring IT-drift.",
		Consequences: "Nuvarande avtal är giltigt till 2026-12-31 och redovisning av ”objekt” och tjänster kan " +
			"göras till nämnden utan att justera samverkansavtalet. Utredningen kring samverkan mellan Kalmar " +
			"och Mörbylånga kan också användas eller påverka framtida samverkansavtal.\n\n" +
			"Samsyn kring utformningen av samverkansavtalet saknas och det är bättre vi utnyttjar tiden " +
			"med nuvarande avtal för att få fram ett bättre avtal.",
		SendTo: []string{"IT-chefen", "Kommundirektör/Kommunchef"},
	}
}

func seedInput() Input {
	m := seedMemo()
	return Input{
		Organisation:       "Borgholms kommun",
		BoardName:          "Ölands IT-nämnd",
		RegistrationNumber: "ITN 2026/14",
		Memo:               m,
		RevisionNo:         3,
		Digest:             m.Digest(),
	}
}

func render(t *testing.T, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, in); err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	return buf.Bytes()
}

// pdfText extracts the text of pdf with poppler's pdftotext, with every
// run of white space (line breaks included) collapsed to one space.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			t.Fatalf("no pdftotext on PATH and %s=1: install Debian's poppler-utils", envRequire)
		}
		t.Skip("no pdftotext on PATH; install Debian's poppler-utils to check the PDF text")
	}
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestRenderSeedMemoText(t *testing.T) {
	in := seedInput()
	pdf := render(t, in)
	if os.Getenv("MEMOPDF_WRITE") != "" {
		if err := os.WriteFile(os.Getenv("MEMOPDF_WRITE"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := pdfText(t, pdf)

	for _, want := range []string{
		"Borgholms kommun",
		"Ölands IT-nämnd",
		"TJÄNSTESKRIVELSE",
		"2024-08-27",
		"ITN 2026/14",
		"Till Ölands IT-nämnd",
		"Översyn av samverkansavtal",
		"IT-nämnden beslutar",
		"att tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
		"att planeringsmöte genomförs under 2025",
		"Handling 1: Nuvarande avtal",
		"2024-04-05 §19",
		"idé",
		"å", "ä", "ö", "é", "§", "Ä", "Ö",
		"Niklas Palmquist",
		"IT-chef, IT-avdelningen",
		"Revision 3",
		"Kontrollsumma " + in.Digest[:16],
		"Sida 1 av",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q\n%s", want, text)
		}
	}
	if strings.Contains(text, "UTKAST") {
		t.Error("a non-draft memo is marked UTKAST")
	}

	// Section order as in a tjänsteskrivelse.
	prev := -1
	for _, h := range []string{
		"Förslag till beslut", "Ärendebeskrivning", "Beslutsunderlag", "Bedömning",
		"Konsekvensanalys", "Beslutet skickas till", "Niklas Palmquist",
	} {
		i := strings.Index(text, h)
		if i < 0 {
			t.Errorf("heading %q missing", h)
			continue
		}
		if i <= prev {
			t.Errorf("heading %q out of order", h)
		}
		prev = i
	}
}

func TestRenderDraftAndEmptySections(t *testing.T) {
	in := seedInput()
	in.Draft = true
	in.Memo.Assessment = "  \n "
	in.Memo.Basis = nil
	text := pdfText(t, render(t, in))
	if !strings.Contains(text, DraftMarker) {
		t.Errorf("draft marker missing:\n%s", text)
	}
	for _, gone := range []string{"Bedömning", "Beslutsunderlag"} {
		if strings.Contains(text, gone) {
			t.Errorf("empty section %q printed", gone)
		}
	}

	empty := pdfText(t, render(t, Input{}))
	if !strings.Contains(empty, "Förslag till beslut") {
		t.Errorf("empty memo lacks Förslag till beslut:\n%s", empty)
	}
}

func TestRenderLongMemoPagesAndFooter(t *testing.T) {
	in := seedInput()
	for i := 0; i < 120; i++ {
		in.Memo.Clauses = append(in.Memo.Clauses, "ytterligare åtgärd nummer "+strings.Repeat("ö", i%7)+
			" genomförs enligt den plan som IT-chefen redovisar för nämnden vid nästa sammanträde")
	}
	text := pdfText(t, render(t, in))
	if !strings.Contains(text, "Sida 1 av ") || strings.Contains(text, "Sida 1 av 1 ") {
		t.Fatalf("expected several pages:\n%.2000s", text)
	}
	// The last page says "Sida N av N".
	i := strings.LastIndex(text, "Sida ")
	var n, total int
	if _, err := fmt.Sscanf(text[i:], "Sida %d av %d", &n, &total); err != nil || n != total || n < 2 {
		t.Errorf("last footer %.30q: n=%d total=%d err=%v", text[i:], n, total, err)
	}
	if !strings.Contains(text, "Borgholms kommun · Tjänsteskrivelse · ITN 2026/14") {
		t.Error("continuation pages lack the running head")
	}
}

func TestRenderOddInput(t *testing.T) {
	word := strings.Repeat("Översynsavtalsbilaga", 150) // 3000 characters, no space
	many := make([]string, 500)
	for i := range many {
		many[i] = "sats " + string(rune('a'+i%26))
	}
	odd := []string{
		"", " ", "\x00\x07", "\x00", "\r\n\r\n", "\t\t", "😀 emoji 👍🏽 and 🇸🇪", "\xff\xfe invalid utf-8 \xc3",
		"\u202eoverride\u202c", "\ufeffBOM", "\ufffe\uffff", "\u0085\u2028\u2029", "(paren) \\ backslash ) (",
		"{nb} alias", word, strings.Repeat("x ", 5000), "中文字符测试", "עברית", "\U0010FFFF", "\uE000",
	}
	inputs := []Input{
		{},
		{Memo: cases.Memo{Clauses: []string{}}},
		{Memo: cases.Memo{Clauses: many}},
		{Memo: cases.Memo{Clauses: []string{word}, Title: word, Description: word}},
		{Organisation: word, BoardName: word, RegistrationNumber: word, Digest: word, Draft: true,
			Memo: cases.Memo{RecipientBoard: word, AuthorName: word, AuthorTitle: word,
				Basis: []cases.BasisRef{{DocumentNo: 1 << 62, Text: word}, {DocumentNo: -5}}, SendTo: []string{word, ""}}},
		{Memo: cases.Memo{Date: platform.Date{Year: -5, Month: 14, Day: 99}}},
		{Memo: cases.Memo{Date: platform.Date{Year: 123456, Month: 1, Day: 1}}},
		{RevisionNo: -1, Digest: "zz"},
	}
	rng := rand.New(rand.NewSource(1))
	pick := func() string {
		var b strings.Builder
		for range 1 + rng.Intn(4) {
			b.WriteString(odd[rng.Intn(len(odd))])
		}
		return b.String()
	}
	for range 30 {
		m := cases.Memo{
			Title: pick(), AuthorName: pick(), AuthorTitle: pick(), RecipientBoard: pick(),
			ProposalIntro: pick(), Description: pick(), Assessment: pick(), Consequences: pick(),
		}
		for range rng.Intn(6) {
			m.Clauses = append(m.Clauses, pick())
			m.Basis = append(m.Basis, cases.BasisRef{DocumentNo: rng.Intn(3), Text: pick()})
			m.SendTo = append(m.SendTo, pick())
		}
		inputs = append(inputs, Input{Organisation: pick(), BoardName: pick(), RegistrationNumber: pick(),
			Memo: m, Digest: pick(), Draft: rng.Intn(2) == 0, RevisionNo: rng.Intn(5)})
	}
	for i, in := range inputs {
		var buf bytes.Buffer
		if err := Render(&buf, in); err != nil {
			t.Errorf("input %d: %v", i, err)
			continue
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Errorf("input %d: not a PDF", i)
		}
	}
}

func TestRenderManyClauses(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	in := seedInput()
	in.Memo.Clauses = make([]string, 10000)
	for i := range in.Memo.Clauses {
		in.Memo.Clauses[i] = "åtgärd genomförs"
	}
	render(t, in)
}

func TestRenderDeterministic(t *testing.T) {
	in := seedInput()
	in.Draft = true
	a := render(t, in)
	b := render(t, in)
	if !bytes.Equal(a, b) {
		t.Fatal("equal input gave different PDFs")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20240827000000+02'00')")) {
		t.Error("creation date not derived from the memo date")
	}
	in.Memo.Clauses = append(in.Memo.Clauses, "nytt")
	if bytes.Equal(a, render(t, in)) {
		t.Error("different input gave identical PDFs")
	}
}

func TestRenderWriteError(t *testing.T) {
	if err := Render(failWriter{}, seedInput()); err == nil {
		t.Error("no error from a failing writer")
	}
	if err := Render(nil, seedInput()); err == nil {
		t.Error("no error for a nil writer")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00b\x07c":          "abc",
		"a\r\nb\rc":            "a\nb\nc",
		"a\n\n\n\nb":           "a\n\nb",
		"  a\tb  ":             "a b",
		"😀":                    "\ufffd",
		"\xff":                 "\ufffd",
		"\u202eabc\u200b":      "abc",
		"Åäö é § – ”citat”":    "Åäö é § – ”citat”",
		"rad 1   \n   \nrad 2": "rad 1\n\nrad 2",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanLine(" a\n\nb\tc "); got != "a b c" {
		t.Errorf("cleanLine = %q", got)
	}
	if got := shortDigest("ABCDEF0123456789abcdef"); got != "abcdef0123456789" {
		t.Errorf("shortDigest = %q", got)
	}
}
