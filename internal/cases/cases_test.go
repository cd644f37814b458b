package cases

import (
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

func TestNumberRoundTrip(t *testing.T) {
	s := FormatNumber("ITN", 2026, 14)
	if s != "ITN 2026/14" {
		t.Fatalf("FormatNumber = %q", s)
	}
	b, y, n, err := ParseNumber(s)
	if err != nil || b != "ITN" || y != 2026 || n != 14 {
		t.Errorf("ParseNumber = %s %d %d %v", b, y, n, err)
	}
	for _, bad := range []string{"ITN 2026/0", "itn 2026/1", "ITN 26/1", "ITN 2026-1", "", "ITN 2026/1 "} {
		if _, _, _, err := ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q) accepted", bad)
		}
	}
}

func TestSecrecyReference(t *testing.T) {
	for _, ok := range []string{"OSL 21 kap. 1 §", "OSL 18 kap. 8 § första stycket", "OSL 31:16", "OSL 23 kap. 1 a §"} {
		if !ValidSecrecyReference(ok) {
			t.Errorf("rejected %q", ok)
		}
	}
	for _, bad := range []string{"", "OSL", "OSL 99 kap. 1 §", "TF 2:1", "hemligt", "OSL 21 kap 1"} {
		if ValidSecrecyReference(bad) {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestRegistrationValidate(t *testing.T) {
	today := platform.MustParseDate("2026-03-02")
	r := Registration{Board: "ITN", Title: strings.Repeat("å", 501), Secrecy: &Secrecy{Reference: "hemligt", Date: today.AddDays(1)}}
	f := fault.From(r.Validate(today))
	if len(f.Fields) != 3 {
		t.Errorf("fields = %+v, want title, secrecy reference and date", f.Fields)
	}
	ok := Registration{Board: " ITN ", Title: " Avtal med MBAB "}
	if err := ok.Validate(today); err != nil || ok.Title != "Avtal med MBAB" || ok.Board != "ITN" {
		t.Errorf("valid registration: %v %+v", err, ok)
	}
}

func newCase() Case {
	c := Case{ID: "c1", State: StateRegistered}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c.Append(Event{At: at, Actor: "handlaggare", Action: ActionRegister, To: StateRegistered, DataDigest: Digest("x")})
	c.Append(Event{At: at.Add(time.Minute), Actor: "handlaggare", Action: "start", From: StateRegistered, To: StatePreparing})
	c.State = StatePreparing
	d := Document{No: 1, FileName: "avtal.pdf", SHA256: Digest("pdf")}
	c.Documents = append(c.Documents, d)
	c.Append(Event{At: at.Add(2 * time.Minute), Actor: "handlaggare", Action: ActionDocument, Ref: DocumentRef(1), DataDigest: d.DocumentDigest()})
	return c
}

func TestVerifyDetectsTampering(t *testing.T) {
	c := newCase()
	if err := c.Verify(); err != nil {
		t.Fatalf("clean chain: %v", err)
	}
	cases := map[string]struct {
		edit func(c *Case)
		seq  int
	}{
		"edited actor":     {func(c *Case) { c.History[1].Actor = "ordforande" }, 2},
		"removed event":    {func(c *Case) { c.History = append(c.History[:1], c.History[2:]...) }, 2},
		"edited first":     {func(c *Case) { c.History[0].At = c.History[0].At.Add(time.Second) }, 1},
		"swapped document": {func(c *Case) { c.Documents[0].SHA256 = Digest("other") }, 0},
		"state changed":    {func(c *Case) { c.State = StateDecided }, 0},
	}
	for name, tc := range cases {
		c := newCase()
		c.History = append([]Event(nil), c.History...)
		c.Documents = append([]Document(nil), c.Documents...)
		tc.edit(&c)
		err := c.Verify()
		if err == nil {
			t.Errorf("%s: not detected", name)
			continue
		}
		if err.Seq != tc.seq {
			t.Errorf("%s: reported event %d (%v), want %d", name, err.Seq, err, tc.seq)
		}
	}
}
