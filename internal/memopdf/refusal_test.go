package memopdf

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

func TestRenderRefusal(t *testing.T) {
	in := RefusalInput{Organisation: "Borgholms kommun", BoardName: "Ölands IT-nämnd", RequestRef: "Begäran 2026-03-16 nr 4",
		ReceivedAt: time.Date(2026, 3, 16, 9, 0, 0, 0, platform.Stockholm), Items: []string{"ITN 2026/7, handling 3: Läkarintyg"},
		Lagrum: []string{"OSL 25 kap. 1 §"}, Reasoning: "Handlingen innehåller uppgifter om en enskilds hälsa.",
		DeciderName: "Karin Berg", Proof: []string{"Delegationspunkt D4, delegationsordning version 3"},
		DecidedAt:         time.Date(2026, 3, 16, 15, 0, 0, 0, platform.Stockholm),
		Besvarshanvisning: "Hur man överklagar\nBeslutet kan överklagas hos Kammarrätten i Jönköping inom tre veckor.",
		Digest:            strings.Repeat("ab", 32)}
	var buf bytes.Buffer
	if err := RenderRefusal(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Beslut om avslag på begäran om utlämnande av allmän handling", "Sökanden (anonym)", "OSL 25 kap. 1 §",
		"enskilds hälsa", "Karin Berg", "Delegationspunkt D4", "Hur man överklagar", "Kammarrätten i Jönköping", "2026-03-16"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing: %s", want, text)
		}
	}
	in.Partial, in.Requester = true, "Eva Ek"
	buf.Reset()
	if err := RenderRefusal(&buf, in); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "delvis avslag") || !strings.Contains(text, "Eva Ek") {
		t.Errorf("partial refusal: %s", text)
	}
	if RenderRefusal(nil, in) == nil {
		t.Error("nil writer accepted")
	}
}
