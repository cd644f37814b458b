package memopdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// seedMeeting is a justerat sammanträde of Ölands IT-nämnd: the chair and
// the vice chair present, a ledamot absent and an ersättare serving for
// him; three paragraphs (bifall with two att-satser and a votering and a
// reservation, a secret återremiss with jäv, the anmälan of delegation
// decisions) and the two justering signatures.
func seedMeeting() meeting.Meeting {
	start := time.Date(2025, time.May, 15, 13, 0, 0, 0, platform.Stockholm)
	signed := time.Date(2025, time.May, 22, 14, 3, 0, 0, platform.Stockholm)
	return meeting.Meeting{
		ID:       "m-2025-05",
		Board:    "ITN",
		Year:     2025,
		StartsAt: start,
		Date:     platform.MustParseDate("2025-05-15"),
		Place:    "Stadshuset, Borgholm",
		Status:   meeting.StatusJusterad,
		Seats: []meeting.Seat{
			{Username: "cecilia", Name: "Cecilia Öberg", Role: "ersattare", Present: true, ServesFor: "david"},
			{Username: "anna", Name: "Anna Åkesson", Role: "ordforande", Present: true},
			{Username: "bo", Name: "Bo Ekström", Role: "vice_ordforande", Present: true},
			{Username: "david", Name: "David Lindé", Role: "ledamot", Present: false},
		},
		Justerare: []string{"bo"},
		Agenda: []meeting.AgendaItem{
			{Kind: "case", CaseID: "c1", RegistrationNumber: "ITN 2024/128", Title: "Översyn av samverkansavtal"},
			{Kind: "case", CaseID: "c2", RegistrationNumber: "ITN 2025/7", Title: "Upphandling av brandvägg"},
			{Kind: "delegation_report", Title: "Anmälan av delegationsbeslut", Decisions: []string{"dec-0001", "dec-0002", "dec-0003"}},
		},
		Paragraphs: []meeting.Paragraph{
			{
				No: 1, Kind: "case", CaseID: "c1", RegistrationNumber: "ITN 2024/128", Title: "Översyn av samverkansavtal",
				Proposals: []string{"Anna Åkesson yrkar bifall till förvaltningens förslag.", "Bo Ekström yrkar avslag."},
				Outcome:   meeting.OutcomeApproved,
				Clauses: []string{
					"tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
					"att planeringsmöte genomförs under 2025 enligt 6 § i avtalet",
				},
				Votes: []meeting.Vote{
					{Username: "anna", Vote: "ja"}, {Username: "cecilia", Vote: "ja"}, {Username: "bo", Vote: "nej"},
				},
				Reservations: []meeting.Reservation{{Username: "bo", Reason: "Avtalet bör omförhandlas först."}},
				Serving:      []string{"anna", "bo", "cecilia"},
			},
			{
				No: 2, Kind: "case", CaseID: "c2", RegistrationNumber: "ITN 2025/7", Title: "Upphandling av brandvägg",
				Outcome: meeting.OutcomeReferred, Clauses: []string{"ärendet kompletteras med en säkerhetsanalys"},
				Jav: []string{"cecilia"}, Secret: true, Serving: []string{"anna", "bo"},
			},
			{
				No: 3, Kind: "delegation_report", Title: "Anmälan av delegationsbeslut", Outcome: meeting.OutcomeReported,
				Decisions: []string{"dec-0001", "dec-0002", "dec-0003"}, Serving: []string{"anna", "bo", "cecilia"},
			},
		},
		Signatures: []meeting.ProtocolSignature{
			{Username: "anna", Role: "ordforande", Signature: signing.Signature{KeyID: "a1b2c3d4e5f60718", SignedAt: signed}},
			{Username: "bo", Role: "justerare", Signature: signing.Signature{KeyID: "0f1e2d3c4b5a6978", SignedAt: signed.Add(time.Hour)}},
		},
		Digest:     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		JusteredOn: platform.MustParseDate("2025-05-22"),
	}
}

func seedProtocol() ProtocolInput {
	return ProtocolInput{
		Organisation:  "Borgholms kommun",
		BoardName:     "Ölands IT-nämnd",
		Meeting:       seedMeeting(),
		SecretaryName: "Sara Sjöström",
	}
}

// renderWith runs one of the renderers and checks that a PDF came out.
func renderWith(t *testing.T, name string, fn func(io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("%s: output is not a PDF", name)
	}
	if os.Getenv("MEMOPDF_WRITE_DIR") != "" {
		if err := os.WriteFile(os.Getenv("MEMOPDF_WRITE_DIR")+"/"+name+".pdf", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func protocolPDF(t *testing.T, in ProtocolInput) []byte {
	return renderWith(t, "protokoll", func(w io.Writer) error { return RenderProtocol(w, in) })
}

func kallelsePDF(t *testing.T, in ProtocolInput) []byte {
	return renderWith(t, "kallelse", func(w io.Writer) error { return RenderKallelse(w, in) })
}

func extractPDF(t *testing.T, in ExtractInput) []byte {
	return renderWith(t, "utdrag", func(w io.Writer) error { return RenderExtract(w, in) })
}

func wantAll(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q\n%s", what, want, text)
		}
	}
}

func wantOrder(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	prev := -1
	for _, want := range wants {
		i := strings.Index(text, want)
		if i <= prev {
			t.Errorf("%s: %q missing or out of order", what, want)
			continue
		}
		prev = i
	}
}

func TestRenderProtocolText(t *testing.T) {
	in := seedProtocol()
	text := pdfText(t, protocolPDF(t, in))
	wantAll(t, "protocol", text,
		"Borgholms kommun", "Ölands IT-nämnd", "PROTOKOLL", "Sammanträdesdatum: 2025-05-15",
		"Stadshuset, Borgholm, 2025-05-15 kl. 13.00",
		"Närvarande ledamöter", "Anna Åkesson, ordförande", "Bo Ekström, vice ordförande",
		"Tjänstgörande ersättare", "Cecilia Öberg för David Lindé (§§ 1, 3)",
		"Övriga närvarande", "Sara Sjöström, sekreterare",
		"Frånvarande", "David Lindé, ledamot",
		"Justerare", "Justeringens plats och tid", "Elektronisk justering, 2025-05-22",
		"§§ 1–3",
		// § 1: bifall with yrkanden, votering, att-satser and a reservation.
		"§ 1 Översyn av samverkansavtal (ITN 2024/128)",
		"Yrkanden", "Anna Åkesson yrkar bifall till förvaltningens förslag.",
		"Votering", "Omröstningsresultat: 2 ja, 1 nej, 0 avstår.",
		"Ja (2) Anna Åkesson och Cecilia Öberg", "Nej (1) Bo Ekström",
		"Beslut", "Ölands IT-nämnd beslutar",
		"att tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
		"att planeringsmöte genomförs under 2025 enligt 6 § i avtalet",
		"Reservation", "Bo Ekström reserverar sig mot beslutet.", "Motivering: Avtalet bör omförhandlas först.",
		// § 2: secret återremiss with jäv — in the internal protocol.
		"§ 2 Upphandling av brandvägg (ITN 2025/7)", "Sekretess",
		"Cecilia Öberg deltar inte i handläggningen på grund av jäv.",
		"Ärendet återremitteras.", "att ärendet kompletteras med en säkerhetsanalys",
		// § 3: anmälan.
		"§ 3 Anmälan av delegationsbeslut", "Följande delegationsbeslut anmäls:",
		"dec-0001", "dec-0002", "dec-0003",
		// Signatures and digest.
		"Underskrifter", "Sekreterare", "Ordförande",
		"Elektroniskt signerat 2025-05-22 kl. 14.03, nyckel-id a1b2c3d4e5f60718",
		"Elektroniskt signerat 2025-05-22 kl. 15.03, nyckel-id 0f1e2d3c4b5a6978",
		in.Meeting.Digest,
		"Kontrollsumma 9f86d081884c7d65", "Sida 1 av",
		"å", "ä", "ö", "é", "§", "Ö", "Å",
	)
	wantOrder(t, "protocol", text,
		"Närvarande ledamöter", "Justeringens plats och tid", "§ 1 Översyn", "Jäv", "§ 3 Anmälan", "Underskrifter")
	wantOrder(t, "§ 1", text, "§ 1 Översyn", "Yrkanden", "Votering", "Beslut", "att tidsplan", "Reservation", "§ 2 ")
	if strings.Contains(text, NotJusteradMarker) {
		t.Error("a justerat protocol is marked " + NotJusteradMarker)
	}
}

func TestRenderProtocolNotJusterat(t *testing.T) {
	in := seedProtocol()
	in.Meeting.Status = meeting.StatusClosed
	in.Meeting.JusteredOn = platform.Date{}
	in.Meeting.Signatures = in.Meeting.Signatures[:1]
	text := pdfText(t, protocolPDF(t, in))
	wantAll(t, "unjustered protocol", text, NotJusteradMarker, "Ej justerat", "Bo Ekström Ej signerat")
}

func TestRenderKallelseText(t *testing.T) {
	in := seedProtocol()
	text := pdfText(t, kallelsePDF(t, in))
	wantAll(t, "kallelse", text,
		"KALLELSE", "Borgholms kommun",
		"Ledamöter och ersättare i Ölands IT-nämnd kallas till sammanträde.",
		"Datum 2025-05-15", "Tid kl. 13.00", "Plats Stadshuset, Borgholm",
		"Ledamöter", "Anna Åkesson, ordförande", "Bo Ekström, vice ordförande", "David Lindé",
		"Ersättare", "Cecilia Öberg",
		"Föredragningslista",
		"1. Översyn av samverkansavtal (ITN 2024/128)",
		"2. Upphandling av brandvägg (ITN 2025/7)",
		"3. Anmälan av delegationsbeslut (3 beslut)",
		"Sara Sjöström", "Sida 1 av 1",
	)
	wantOrder(t, "kallelse", text, "Föredragningslista", "1. Översyn", "2. Upphandling", "3. Anmälan")
	for _, gone := range []string{"PROTOKOLL", "Beslut ", "Elektroniskt signerat"} {
		if strings.Contains(text, gone) {
			t.Errorf("kallelse contains %q", gone)
		}
	}
}

func TestRenderExtractText(t *testing.T) {
	in := ExtractInput{ProtocolInput: seedProtocol(), Paragraph: 1}
	text := pdfText(t, extractPDF(t, in))
	wantAll(t, "extract", text,
		"PROTOKOLLSUTDRAG", "Ölands IT-nämnd", "Sammanträdesdatum: 2025-05-15", "Paragraf: § 1",
		"§ 1 Översyn av samverkansavtal (ITN 2024/128)",
		"att tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
		"Bo Ekström reserverar sig mot beslutet.",
		"Justeringens plats och tid", "Elektronisk justering, 2025-05-22",
		"Rätt utdraget intygar:", "Sara Sjöström", "Sekreterare",
	)
	wantOrder(t, "extract", text, "§ 1 Översyn", "Justeringens plats och tid", "Rätt utdraget intygar:", "Sara Sjöström")
	for _, gone := range []string{"Upphandling av brandvägg", "§ 2", "dec-0001", "Närvarande ledamöter"} {
		if strings.Contains(text, gone) {
			t.Errorf("extract of § 1 contains %q", gone)
		}
	}

	// The secret § 2 and the anmälan § 3.
	text = pdfText(t, extractPDF(t, ExtractInput{ProtocolInput: seedProtocol(), Paragraph: 2}))
	wantAll(t, "extract § 2", text, "§ 2 Upphandling av brandvägg", "Sekretess", "Ärendet återremitteras.")
	text = pdfText(t, extractPDF(t, ExtractInput{ProtocolInput: seedProtocol(), Paragraph: 3}))
	wantAll(t, "extract § 3", text, "Anmälan av delegationsbeslut", "dec-0002")
}

func TestRenderExtractMissingParagraph(t *testing.T) {
	for _, no := range []int{0, 4, -1} {
		var buf bytes.Buffer
		err := RenderExtract(&buf, ExtractInput{ProtocolInput: seedProtocol(), Paragraph: no})
		if !errors.Is(err, ErrNoParagraph) {
			t.Errorf("§ %d: err = %v, want ErrNoParagraph", no, err)
		}
		if buf.Len() != 0 {
			t.Errorf("§ %d: %d bytes written for a missing paragraph", no, buf.Len())
		}
	}
	if err := RenderExtract(io.Discard, ExtractInput{Paragraph: 1}); !errors.Is(err, ErrNoParagraph) {
		t.Errorf("empty protocol: err = %v", err)
	}
}

func TestRenderMeetingDocumentsDeterministic(t *testing.T) {
	in := seedProtocol()
	ex := ExtractInput{ProtocolInput: in, Paragraph: 1}
	for name, fn := range map[string]func() []byte{
		"protokoll": func() []byte { return protocolPDF(t, in) },
		"kallelse":  func() []byte { return kallelsePDF(t, in) },
		"utdrag":    func() []byte { return extractPDF(t, ex) },
	} {
		a, b := fn(), fn()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: equal input gave different PDFs", name)
		}
		if !bytes.Contains(a, []byte("/CreationDate (D:20250515000000+02'00')")) {
			t.Errorf("%s: creation date not derived from the meeting date", name)
		}
	}
	changed := seedProtocol()
	changed.Meeting.Paragraphs[0].Clauses = append(changed.Meeting.Paragraphs[0].Clauses, "nytt")
	if bytes.Equal(protocolPDF(t, in), protocolPDF(t, changed)) {
		t.Error("different input gave identical protocols")
	}
}

func TestRenderProtocolManyPages(t *testing.T) {
	in := seedProtocol()
	base := in.Meeting.Paragraphs[0]
	for i := 4; i < 60; i++ {
		p := base
		p.No = i
		p.Title = fmt.Sprintf("Ärende nummer %d om översyn", i)
		in.Meeting.Paragraphs = append(in.Meeting.Paragraphs, p)
	}
	text := pdfText(t, protocolPDF(t, in))
	i := strings.LastIndex(text, "Sida ")
	var n, total int
	if _, err := fmt.Sscanf(text[i:], "Sida %d av %d", &n, &total); err != nil || n != total || n < 3 {
		t.Errorf("last footer %.30q: n=%d total=%d err=%v", text[i:], n, total, err)
	}
	wantAll(t, "long protocol", text, "Borgholms kommun · Ölands IT-nämnd · Protokoll 2025-05-15", "§ 59 Ärende nummer 59")
}

func TestRenderMeetingDocumentsOddInput(t *testing.T) {
	word := strings.Repeat("Samverkansavtalsbilaga", 150)
	odd := []string{
		"", " ", "\x00\x07", "\r\n\r\n", "\t", "😀 emoji 👍🏽 🇸🇪", "\xff\xfe invalid \xc3", "\u202eoverride\u202c",
		"\ufeffBOM", "\ufffe\uffff", "\u0085\u2028", "(paren) \\ )", "{nb}", word, strings.Repeat("x ", 3000),
		"中文", "עברית", "\U0010FFFF", "§ å ä ö é",
	}
	rng := rand.New(rand.NewSource(7))
	pick := func() string {
		var b strings.Builder
		for range 1 + rng.Intn(3) {
			b.WriteString(odd[rng.Intn(len(odd))])
		}
		return b.String()
	}
	inputs := []ProtocolInput{
		{},
		{Meeting: meeting.Meeting{Date: platform.Date{Year: -5, Month: 14, Day: 99}, JusteredOn: platform.Date{Year: 99999, Month: 1, Day: 1}}},
		{Meeting: meeting.Meeting{StartsAt: time.Date(123456, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{Meeting: meeting.Meeting{Paragraphs: []meeting.Paragraph{{No: 1 << 62}, {No: -3, Outcome: "okänt"}}}},
	}
	rounds := 25
	if testing.Short() {
		rounds = 5 // the inner loop; the full suite draws all 25
	}
	for range rounds {
		m := meeting.Meeting{Place: pick(), Digest: pick(), Board: pick()}
		names := []string{pick(), pick(), pick()}
		for i, u := range names {
			m.Seats = append(m.Seats, meeting.Seat{Username: u, Name: pick(), Role: []string{"ordforande", "ledamot", "ersattare", pick()}[rng.Intn(4)],
				Present: rng.Intn(2) == 0, ServesFor: names[(i+1)%len(names)]})
		}
		m.Justerare = []string{pick(), names[0]}
		for i := range rng.Intn(5) {
			m.Agenda = append(m.Agenda, meeting.AgendaItem{Kind: []string{"case", "delegation_report", pick()}[rng.Intn(3)],
				Title: pick(), RegistrationNumber: pick(), Decisions: []string{pick()}})
			m.Paragraphs = append(m.Paragraphs, meeting.Paragraph{No: i + 1, Title: pick(), RegistrationNumber: pick(),
				Outcome: meeting.Outcome([]string{"bifall", "avslag", "aterremiss", "bordlaggning", "anmalan", pick()}[rng.Intn(6)]),
				Clauses: []string{pick(), pick()}, Proposals: []string{pick()}, Jav: []string{pick()}, Decisions: []string{pick()},
				Votes:        []meeting.Vote{{Username: names[0], Vote: pick()}, {Username: pick(), Vote: "ja"}},
				Reservations: []meeting.Reservation{{Username: pick(), Reason: pick()}}, Secret: rng.Intn(2) == 0,
				Serving: []string{names[rng.Intn(3)]}})
		}
		m.Signatures = []meeting.ProtocolSignature{{Username: pick(), Role: pick(),
			Signature: signing.Signature{KeyID: pick(), SignedAt: time.Unix(rng.Int63n(1<<40)-1<<39, 0)}}}
		inputs = append(inputs, ProtocolInput{Organisation: pick(), BoardName: pick(), SecretaryName: pick(), Meeting: m})
	}
	for i, in := range inputs {
		if err := RenderProtocol(io.Discard, in); err != nil {
			t.Errorf("input %d: RenderProtocol: %v", i, err)
		}
		if err := RenderKallelse(io.Discard, in); err != nil {
			t.Errorf("input %d: RenderKallelse: %v", i, err)
		}
		for _, p := range in.Meeting.Paragraphs {
			if err := RenderExtract(io.Discard, ExtractInput{ProtocolInput: in, Paragraph: p.No}); err != nil {
				t.Errorf("input %d: RenderExtract § %d: %v", i, p.No, err)
			}
		}
	}
	if err := RenderProtocol(nil, seedProtocol()); err == nil {
		t.Error("no error for a nil writer")
	}
	if err := RenderKallelse(failWriter{}, seedProtocol()); err == nil {
		t.Error("no error from a failing writer")
	}
}

// TestRenderProtocolNamesReportedDecisions: a reported delegation
// decision is listed by its line (diarienummer, subject, decider, date),
// not by its id.
func TestRenderProtocolNamesReportedDecisions(t *testing.T) {
	in := seedProtocol()
	in.DecisionLines = map[string]string{"dec-0001": "ITN 2025/7 Avtal med BEAB om e-post, beslutat av Anna Åkesson 2025-04-02"}
	text := pdfText(t, protocolPDF(t, in))
	wantAll(t, "protocol", text, "ITN 2025/7 Avtal med BEAB om e-post, beslutat av Anna Åkesson 2025-04-02")
	if strings.Contains(text, "dec-0001") {
		t.Error("the protocol names a reported decision by its id")
	}
}
