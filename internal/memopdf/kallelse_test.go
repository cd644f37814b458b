package memopdf

import (
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// TestKallelseListsHandlingarAndWhenSent: under each ärende the kallelse
// names its handlingar ("inga" for an ärende without any), and it says
// when, by whom and to how many it was sent, a later sending as a
// kompletterande kallelse; an unsent kallelse says nothing of sending.
func TestKallelseListsHandlingarAndWhenSent(t *testing.T) {
	in := seedProtocol()
	in.Handlingar = map[string][]string{"c1": {"Tjänsteskrivelse, version 2", "Avtalsförslag från BEAB"}}
	text := pdfText(t, kallelsePDF(t, in))
	wantAll(t, "unsent kallelse", text, "Handlingar: Tjänsteskrivelse, version 2; Avtalsförslag från BEAB", "Handlingar: inga")
	wantOrder(t, "unsent kallelse", text, "1. Översyn", "Handlingar: Tjänsteskrivelse", "2. Upphandling", "Handlingar: inga", "3. Anmälan")
	if strings.Contains(text, "Skickad") {
		t.Errorf("an unsent kallelse says it was sent:\n%s", text)
	}
	at := time.Date(2025, 5, 5, 8, 30, 0, 0, time.UTC)
	in.Meeting.Kallelser = []meeting.Kallelse{
		{No: 1, SentAt: at, SentByName: "Sara Sjöström", Recipients: make([]meeting.Recipient, 4)},
		{No: 2, SentAt: at.Add(26 * time.Hour), SentByName: "Sara Sjöström", Recipients: make([]meeting.Recipient, 4)},
	}
	text = pdfText(t, kallelsePDF(t, in))
	wantAll(t, "sent kallelse", text, "Skickad", "Kallelse "+platform.LocalTime(at)+" av Sara Sjöström till 4 ledamöter och ersättare",
		"Kompletterande kallelse "+platform.LocalTime(at.Add(26*time.Hour))+" av Sara Sjöström")
}
