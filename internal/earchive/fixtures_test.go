package earchive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/memopdf"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// The test cases are realistic ärenden of Ölands IT-nämnd: their
// documents are the PDFs Samstyr renders (PDF/A) and files as received,
// their events a real hash chain built with cases.Case.Append.

var created = time.Date(2026, time.March, 12, 9, 30, 0, 0, platform.Stockholm)

func stockholm(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, platform.Stockholm)
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func render(t *testing.T, fn func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// chain builds a real hash chain of events (as the workflow writes them)
// and returns it mapped to the package's events.
func chain(caseID string, evs ...cases.Event) []Event {
	c := cases.Case{ID: caseID}
	var out []Event
	for _, e := range evs {
		e = c.Append(e)
		out = append(out, Event{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, From: string(e.From), To: string(e.To),
			Ref: e.Ref, Note: e.Note, DataDigest: e.DataDigest, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	return out
}

func memoPDF(t *testing.T, dnr, title string, date platform.Date) []byte {
	return render(t, func(b *bytes.Buffer) error {
		return memopdf.Render(b, memopdf.Input{Organisation: "Borgholms kommun", BoardName: "Ölands IT-nämnd",
			RegistrationNumber: dnr, RevisionNo: 4, Memo: cases.Memo{Date: date, Title: title, AuthorName: "Niklas Palmquist",
				AuthorTitle: "IT-chef", ProposalIntro: "IT-nämnden beslutar", Clauses: []string{"godkänna förslaget"},
				Description: "Ärendet gäller " + title + ".", Assessment: "Förvaltningen bedömer att förslaget är rimligt.",
				Consequences: "Ryms inom ram.", SendTo: []string{"IT-chefen"}}})
	})
}

func baseInput() Input {
	return Input{
		Created:              created,
		SoftwareVersion:      "0.19.0",
		Creator:              Organisation{Name: "Ölands IT-nämnd", ID: "ORG:2120000712"},
		Submitter:            Organisation{Name: "Borgholms kommun", ID: "ORG:2120000712"},
		Contact:              &Person{Name: "Karin Arkivarie", Title: "Kommunarkivarie", Contact: "arkiv@borgholm.se"},
		Archive:              &Organisation{Name: "Sydarkivera"},
		SubmissionAgreement:  "Leveransöverenskommelse 2025:3",
		ClassificationScheme: "Klassificeringsstruktur för Ölands IT-nämnd, version 2025",
	}
}

// delegatedCase: a delegationsbeslut with its signature.
func delegatedCase(t *testing.T) Input {
	t.Helper()
	in := baseInput()
	offer := []byte("%PDF-1.4\n% offert från leverantören (inte PDF/A)\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")
	memo := memoPDF(t, "ITN 2025/31", "Avtal om drift av brandvägg", platform.MustParseDate("2025-03-28"))
	decidedAt := stockholm(2025, time.April, 3, 10, 15)
	sig := signing.Signature{Method: "samstyr-ed25519", KeyID: "a1b2c3d4e5f60718", PublicKey: "MCowBQYDK2VwAyEA9s8mB7v7",
		Value: "c2lnbmF0dXI=", Digest: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00", SignedAt: decidedAt.Add(2 * time.Minute), SignerID: "niklas"}
	decision := render(t, func(b *bytes.Buffer) error {
		return memopdf.RenderDecision(b, memopdf.DecisionInput{Organisation: "Borgholms kommun", BoardName: "Ölands IT-nämnd",
			RegistrationNumber: "ITN 2025/31", CaseTitle: "Avtal om drift av brandvägg", Heading: "Delegationsbeslut",
			Intro: "Beslut med stöd av delegation, punkt B.3", Clauses: []string{"teckna avtal med leverantören om 180 000 kr"},
			Proof: []string{"Delegationspunkt B.3, delegationsordning version 3"}, DeciderName: "Niklas Palmquist",
			DecidedAt: decidedAt, Digest: sig.Digest, Signatures: []string{"Niklas Palmquist, nyckel a1b2c3d4e5f60718"}})
	})
	in.Case = Case{
		ID: "c-2025-31", RegistrationNumber: "ITN 2025/31", Title: "Avtal om drift av brandvägg",
		Class: Class{Code: "2.3", Name: "Avtal och upphandling"}, State: "arkiverad",
		Officer:    Person{Name: "Niklas Palmquist", Title: "IT-chef"},
		Parties:    []Party{{Name: "Nätverksbolaget i Kalmar AB", Role: "motpart"}},
		Registered: stockholm(2025, time.March, 20, 8, 40), Decided: decidedAt,
		Closed: stockholm(2025, time.June, 16, 9, 0), Archived: stockholm(2026, time.March, 1, 10, 0),
		Handlings: []Handling{
			{No: 1, Type: "Inkommen handling", Title: "Offert på drift av brandvägg", Direction: Incoming,
				Date: platform.MustParseDate("2025-03-20"), Party: "Nätverksbolaget i Kalmar AB", FileName: "Offert brandvägg.pdf",
				Added: stockholm(2025, time.March, 20, 8, 45), Content: offer, SHA256: digest(offer)},
			{No: 2, Type: "Tjänsteskrivelse", Title: "Tjänsteskrivelse: Avtal om drift av brandvägg", Direction: DrawnUp,
				Date: platform.MustParseDate("2025-03-28"), FileName: "tjansteskrivelse.pdf", Added: stockholm(2025, time.April, 3, 10, 0),
				Content: memo, Version: "revision 4"},
			{No: 3, Type: "Beslut", Title: "Delegationsbeslut B.3", Direction: DrawnUp, Date: platform.DateOf(decidedAt),
				FileName: "beslut.pdf", Added: decidedAt, Content: decision,
				Signatures: []Signature{{SignerName: "Niklas Palmquist", Role: "beslutsfattare", Method: sig.Method, KeyID: sig.KeyID,
					PublicKey: sig.PublicKey, Value: sig.Value, Digest: sig.Digest, SignedAt: sig.SignedAt, VerifiedAt: created}}},
		},
		Decisions: []Decision{{
			ID: "c-2025-31-b1", Kind: DelegatedDecision, Intro: "Beslut med stöd av delegation, punkt B.3",
			Clauses: []string{"teckna avtal med leverantören om 180 000 kr"}, Decider: Person{Name: "Niklas Palmquist", Title: "IT-chef"},
			Point: "B.3", OrderVersion: 3, OrderHash: "4be2d1f0", Reported: "ITN 2025-05-15 § 34", DecidedAt: decidedAt,
			AppealEnd: platform.MustParseDate("2025-06-13"), LagaKraft: platform.MustParseDate("2025-06-14"), Digest: sig.Digest, Handling: 3,
		}},
		Events: chain("c-2025-31",
			cases.Event{At: stockholm(2025, time.March, 20, 8, 40), Actor: "registrator", Action: cases.ActionRegister, To: cases.StateRegistered, DataDigest: digest([]byte("reg"))},
			cases.Event{At: stockholm(2025, time.March, 20, 8, 45), Actor: "registrator", Action: cases.ActionDocument, Ref: "handling 1", DataDigest: digest(offer)},
			cases.Event{At: stockholm(2025, time.April, 3, 10, 15), Actor: "niklas", Action: "decide_delegated", From: cases.StateReady, To: cases.StateDecided, Ref: "beslut 1", DataDigest: sig.Digest},
			cases.Event{At: sig.SignedAt, Actor: "niklas", Action: cases.ActionSign, Ref: "beslut 1", DataDigest: sig.Digest},
			cases.Event{At: stockholm(2026, time.March, 1, 10, 0), Actor: "arkivarie", Action: "archive", From: cases.StateClosed, To: cases.StateArchived, DataDigest: digest([]byte("arkiv"))},
		),
		Chain:    ChainCheck{At: created, OK: true},
		Disposal: &Disposal{Keep: true, Reference: "IHP 2025 § 3.1 Avtal"},
	}
	return in
}

// boardCase: a nämnd decision with its protocol extract.
func boardCase(t *testing.T) Input {
	t.Helper()
	in := baseInput()
	letter := []byte("Hej!\nMörbylånga kommun vill se över samverkansavtalet före 2026.\nMed vänlig hälsning\nKommunchefen\n")
	memo := memoPDF(t, "ITN 2024/128", "Översyn av samverkansavtal", platform.MustParseDate("2025-04-20"))
	m := meeting.Meeting{ID: "m-2025-05", Board: "ITN", Year: 2025, StartsAt: stockholm(2025, time.May, 15, 13, 0),
		Date: platform.MustParseDate("2025-05-15"), Place: "Stadshuset, Borgholm", Status: meeting.StatusJusterad,
		Seats:     []meeting.Seat{{Username: "anna", Name: "Anna Åkesson", Role: "ordforande", Present: true}, {Username: "bo", Name: "Bo Ekström", Role: "ledamot", Present: true}},
		Justerare: []string{"bo"},
		Paragraphs: []meeting.Paragraph{{No: 7, Kind: "case", CaseID: "c-2024-128", RegistrationNumber: "ITN 2024/128",
			Title: "Översyn av samverkansavtal", Outcome: meeting.OutcomeApproved, Clauses: []string{"godkänna förslaget"},
			Serving: []string{"anna", "bo"}}},
		JusteredOn: platform.MustParseDate("2025-05-22"), Digest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
	extract := render(t, func(b *bytes.Buffer) error {
		return memopdf.RenderExtract(b, memopdf.ExtractInput{ProtocolInput: memopdf.ProtocolInput{Organisation: "Borgholms kommun",
			BoardName: "Ölands IT-nämnd", Meeting: m, SecretaryName: "Sara Sjöström"}, Paragraph: 7})
	})
	in.Case = Case{
		ID: "c-2024-128", RegistrationNumber: "ITN 2024/128", Title: "Översyn av samverkansavtal",
		Description: "Samverkansavtalet mellan Borgholm och Mörbylånga ses över.",
		Class:       Class{Code: "1.2", Name: "Samverkan"}, State: "arkiverad",
		Officer:    Person{Name: "Niklas Palmquist", Title: "IT-chef"},
		Parties:    []Party{{Name: "Mörbylånga kommun", Role: "avsändare"}},
		Registered: stockholm(2024, time.August, 27, 9, 0), Decided: stockholm(2025, time.May, 15, 14, 10),
		Closed: stockholm(2025, time.June, 20, 9, 0), Archived: stockholm(2026, time.March, 1, 10, 0),
		Handlings: []Handling{
			{No: 1, Type: "Inkommen handling", Title: "Skrivelse från Mörbylånga kommun", Direction: Incoming,
				Date: platform.MustParseDate("2024-08-27"), Party: "Mörbylånga kommun", FileName: "skrivelse.txt",
				Added: stockholm(2024, time.August, 27, 9, 5), Content: letter, SHA256: digest(letter)},
			{No: 2, Type: "Tjänsteskrivelse", Title: "Tjänsteskrivelse: Översyn av samverkansavtal", Direction: DrawnUp,
				Date: platform.MustParseDate("2025-04-20"), FileName: "tjansteskrivelse.pdf", Content: memo, Version: "revision 4"},
			{No: 3, Type: "Protokollsutdrag", Title: "Protokollsutdrag ITN 2025-05-15 § 7", Direction: Outgoing,
				Date: platform.MustParseDate("2025-05-22"), Party: "Mörbylånga kommun", FileName: "utdrag § 7.pdf", Content: extract},
		},
		Decisions: []Decision{{
			ID: "ITN-2025-05-15-7", Kind: BoardDecision, Intro: "IT-nämnden beslutar", Clauses: []string{"godkänna förslaget"},
			Decider: Person{Name: "Ölands IT-nämnd"}, Paragraph: "ITN 2025-05-15 § 7", DecidedAt: stockholm(2025, time.May, 15, 14, 10),
			AppealEnd: platform.MustParseDate("2025-06-13"), LagaKraft: platform.MustParseDate("2025-06-14"), Extract: 3,
		}},
		Events: chain("c-2024-128",
			cases.Event{At: stockholm(2024, time.August, 27, 9, 0), Actor: "registrator", Action: cases.ActionRegister, To: cases.StateRegistered, DataDigest: digest([]byte("r"))},
			cases.Event{At: stockholm(2025, time.May, 15, 14, 10), Actor: "sekreterare", Action: "meeting_decided", From: cases.StateReady, To: cases.StateDecided, Ref: "§ 7", DataDigest: digest([]byte("p"))},
		),
		Chain:    ChainCheck{At: created, OK: true},
		Disposal: &Disposal{Keep: true, Reference: "IHP 2025 § 1.1 Protokoll och beslut"},
	}
	return in
}

// secretCase: an incoming handling marked secret, its party masked, and
// a masked copy of it.
func secretCase(t *testing.T) Input {
	t.Helper()
	in := baseInput()
	report := []byte("Incidentrapport\nElev: Anna Andersson, 070-123 45 67\nIntrånget upptäcktes 2025-09-02.\n")
	masked := []byte("Incidentrapport\nElev: [maskerat]\nIntrånget upptäcktes 2025-09-02.\n")
	docx := minimalDOCX(t)
	in.Case = Case{
		ID: "c-2025-40", RegistrationNumber: "ITN 2025/40", Title: "Säkerhetsincident i skolans nätverk",
		Class: Class{Code: "3.1", Name: "Informationssäkerhet"}, State: "arkiverad",
		Officer:    Person{Name: "Lena Säkerhetsson", Title: "Informationssäkerhetssamordnare"},
		Registered: stockholm(2025, time.September, 3, 8, 0), Closed: stockholm(2025, time.October, 1, 9, 0),
		Archived: stockholm(2026, time.March, 1, 10, 0),
		Handlings: []Handling{
			{No: 1, Type: "Inkommen handling", Title: "Incidentrapport från skolan", Direction: Incoming,
				Date: platform.MustParseDate("2025-09-03"), Party: "Anna Andersson", FileName: "incident.txt",
				Content: report, SHA256: digest(report), Secrecy: &Secrecy{Reference: "OSL 18 kap. 8 §", Date: platform.MustParseDate("2025-09-03")}},
			{No: 2, Type: "Maskerad kopia", Title: "Incidentrapport, maskerad", Direction: DrawnUp,
				Date: platform.MustParseDate("2025-09-10"), FileName: "incident maskerad.txt", Content: masked, RedactedVersionOf: 1},
			{No: 3, Type: "Inkommen handling", Title: "Leverantörens analys", Direction: Incoming,
				Date: platform.MustParseDate("2025-09-12"), Party: "Säkerhetsfirman AB", FileName: "analys.docx", Content: docx},
		},
		Events: chain("c-2025-40",
			cases.Event{At: stockholm(2025, time.September, 3, 8, 0), Actor: "registrator", Action: cases.ActionRegister, To: cases.StateRegistered, DataDigest: digest([]byte("x"))},
		),
		Chain:    ChainCheck{At: created, OK: true},
		Disposal: &Disposal{Years: 2, Reference: "IHP 2025 § 5.4 Incidentrapporter", Due: platform.MustParseDate("2027-10-02")},
	}
	return in
}

// minimalDOCX is a zip shaped like a Word document (what filetype
// recognises as DOCX): not an archival format.
func minimalDOCX(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		h := &zip.FileHeader{Name: name, Method: zip.Store, Modified: created}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
