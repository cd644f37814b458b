package meeting

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
)

// TestRecordKallelse: a planned meeting records numbered sendings, each
// with its record chained in the meeting's Log; editing a sending or its
// record shows; no recipient and a meeting no longer planned are refused
// and change nothing.
func TestRecordKallelse(t *testing.T) {
	m := Meeting{ID: "m1", Status: StatusPlanned}
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	if err := m.RecordKallelse(Kallelse{SentAt: at, SentBy: "sek"}); err == nil || len(m.Kallelser) != 0 || len(m.Log) != 0 {
		t.Fatalf("no recipients: %v, %d sendings", err, len(m.Kallelser))
	}
	to := []Recipient{{Username: "a", Name: "A", Role: "ledamot"}, {Username: "b", Name: "B", Role: "ersattare"}}
	for i := range 2 {
		k := Kallelse{SentAt: at.Add(time.Duration(i) * time.Hour), SentBy: "sek", Recipients: to,
			Items: []CalledItem{{Kind: "case", CaseID: "c1", Title: "Avtal", Handlingar: []Handling{{Kind: HandlingMemo, No: 1 + i, Title: "Tjänsteskrivelse"}}}}}
		if err := m.RecordKallelse(k); err != nil {
			t.Fatal(err)
		}
	}
	if len(m.Kallelser) != 2 || m.Kallelser[1].No != 2 || m.VerifyLog() != nil || m.Log[1].Action != ActionKallelseSent {
		t.Fatalf("two sendings: %+v, verify %v", m.Kallelser, m.VerifyLog())
	}
	if !m.Called("b") || m.Called("c") || !m.SentHandling("b", "c1", HandlingMemo, 1) || m.SentHandling("c", "c1", HandlingMemo, 1) ||
		m.SentHandling("b", "c1", HandlingDocument, 1) {
		t.Errorf("Called/SentHandling answer wrongly")
	}
	if it, ok := m.SentItem("c1"); !ok || it.Handlingar[0].No != 2 {
		t.Errorf("SentItem = %+v, want the latest sending's", it)
	}
	edited := m
	edited.Kallelser = append([]Kallelse(nil), m.Kallelser...)
	edited.Kallelser[0].SentBy = "annan"
	if f := edited.VerifyLog(); f == nil || f.Kind != adminlog.FaultState {
		t.Errorf("an edited sending: %v", f)
	}
	edited = m
	edited.Log = append(adminlog.Log(nil), m.Log...)
	edited.Log[0].Actor = "annan"
	if f := edited.VerifyLog(); f == nil || f.Kind != adminlog.FaultEdited {
		t.Errorf("an edited record: %v", f)
	}
	m.Status = StatusOpen
	if err := m.RecordKallelse(Kallelse{SentAt: at, Recipients: to}); err == nil || len(m.Kallelser) != 2 {
		t.Errorf("an open meeting: %v", err)
	}
}
