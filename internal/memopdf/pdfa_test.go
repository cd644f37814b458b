package memopdf

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/pdfa/pdfatest"
	"github.com/samstyr/samstyr/internal/platform"
)

// seedDecision is a delegationsbeslut as api/decisions.go prints it.
func seedDecision() DecisionInput {
	return DecisionInput{
		Organisation:       "Borgholms kommun",
		BoardName:          "Ölands IT-nämnd",
		RegistrationNumber: "ITN 2025/31",
		CaseTitle:          "Avtal om drift av brandvägg för Mörbylånga och Borgholm",
		Heading:            "Delegationsbeslut",
		Intro:              "Beslut med stöd av delegation, punkt B.3",
		Clauses:            []string{"teckna avtal med leverantören om 180 000 kr", "avtalet gäller till 2027-12-31"},
		Proof: []string{
			"Delegationspunkt B.3, delegationsordning version 3 (sha256 4be2…)",
			"Beloppsgräns 5 prisbasbelopp; beslutet 180 000 kr ryms",
		},
		DeciderName: "Niklas Palmquist, IT-chef",
		DecidedAt:   time.Date(2025, time.April, 3, 10, 15, 0, 0, platform.Stockholm),
		Digest:      "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
		Signatures:  []string{"Undertecknat av Niklas Palmquist 2025-04-03 10:17, nyckel a1b2c3d4e5f60718"},
	}
}

// seedRefusal is an avslagsbeslut on a request for allmän handling.
func seedRefusal() RefusalInput {
	return RefusalInput{Organisation: "Borgholms kommun", BoardName: "Ölands IT-nämnd", RequestRef: "Begäran 2026-03-16 nr 4",
		ReceivedAt: time.Date(2026, 3, 16, 9, 0, 0, 0, platform.Stockholm), Items: []string{"ITN 2026/7, handling 3: Läkarintyg"},
		Lagrum: []string{"OSL 25 kap. 1 §"}, Reasoning: "Handlingen innehåller uppgifter om en enskilds hälsa.",
		DeciderName: "Karin Berg", Proof: []string{"Delegationspunkt D4, delegationsordning version 3"},
		DecidedAt:         time.Date(2026, 3, 16, 15, 0, 0, 0, platform.Stockholm),
		Besvarshanvisning: "Hur man överklagar\nBeslutet kan överklagas hos Kammarrätten i Jönköping inom tre veckor.",
		Digest:            strings.Repeat("ab", 32)}
}

// Every PDF Samstyr writes is PDF/A-2b: tjänsteskrivelse, beslut,
// protokoll, kallelse, protokollsutdrag and avslagsbeslut, with their Swedish texts
// still readable.
func TestEveryDocumentIsPDFA2b(t *testing.T) {
	memo := seedInput()
	draft := seedInput()
	draft.Draft = true
	proto := seedProtocol()
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
		texts []string
	}{
		{"tjänsteskrivelse", func(w io.Writer) error { return Render(w, memo) },
			[]string{"TJÄNSTESKRIVELSE", "Översyn av samverkansavtal", "Förslag till beslut", "Ärendebeskrivning",
				"att planeringsmöte genomförs under 2025", "Beslutet skickas till", "Kommundirektör/Kommunchef"}},
		{"utkast", func(w io.Writer) error { return Render(w, draft) }, []string{DraftMarker, "Bedömning"}},
		{"beslut", func(w io.Writer) error { return RenderDecision(w, seedDecision()) },
			[]string{"DELEGATIONSBESLUT", "ITN 2025/31", "Mörbylånga", "att teckna avtal med leverantören om 180 000 kr",
				"Beslutsfattare", "Niklas Palmquist, IT-chef", "Stöd för beslutet", "Delegationspunkt B.3"}},
		{"protokoll", func(w io.Writer) error { return RenderProtocol(w, proto) },
			[]string{"PROTOKOLL", "Översyn av samverkansavtal", "Anna Åkesson", "Bo Ekström", "Upphandling av brandvägg"}},
		{"kallelse", func(w io.Writer) error { return RenderKallelse(w, proto) },
			[]string{"KALLELSE", "Stadshuset, Borgholm", "Anmälan av delegationsbeslut"}},
		{"avslagsbeslut", func(w io.Writer) error { return RenderRefusal(w, seedRefusal()) },
			[]string{"Beslut om avslag på begäran om utlämnande av allmän handling", "OSL 25 kap. 1 §", "Karin Berg", "Kammarrätten i Jönköping"}},
		{"protokollsutdrag", func(w io.Writer) error { return RenderExtract(w, ExtractInput{ProtocolInput: proto, Paragraph: 1}) },
			[]string{"PROTOKOLLSUTDRAG", "§ 1", "Översyn av samverkansavtal", "Rätt utdraget intygar"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.write(&buf); err != nil {
				t.Fatal(err)
			}
			pdfatest.Require(t, c.name, buf.Bytes(), c.texts...)
		})
	}
}
