package public

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/personnummer"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

func TestMaskTitle(t *testing.T) {
	title := "Ansökan om bistånd från Anna Andersson, 121212-1212"
	for _, tc := range []struct {
		spans []Span
		want  string
	}{
		{nil, "Ansökan om bistånd från Anna Andersson, [personnummer]"},
		{[]Span{{Start: 24, End: 38}}, "Ansökan om bistånd från [sekretess], [personnummer]"},
		{[]Span{{Start: 24, End: 38}, {Start: 38, End: 51}}, "Ansökan om bistånd från [sekretess]"},
		{[]Span{{Start: 0, End: 7}, {Start: 24, End: 51}}, "[sekretess] om bistånd från [sekretess]"},
		{[]Span{{Start: 24, End: 99}}, "[sekretess]"}, // a bad stored marking fails closed
		{[]Span{{Start: 30, End: 40}, {Start: 24, End: 38}}, "[sekretess]"},
		// A marking that cuts a personnummer masks all of it: no digits of
		// it are left on either side of the marker.
		{[]Span{{Start: 24, End: 45}}, "Ansökan om bistånd från [sekretess]"},
		{[]Span{{Start: 46, End: 51}}, "Ansökan om bistånd från Anna Andersson, [sekretess]"},
		{[]Span{{Start: 0, End: 7}, {Start: 42, End: 44}}, "[sekretess] om bistånd från Anna Andersson, [sekretess]"},
	} {
		if got := MaskTitle(title, tc.spans); got != tc.want {
			t.Errorf("MaskTitle(%v) = %q, want %q", tc.spans, got, tc.want)
		}
	}
	if Title(title, true, nil) != SecretMarker {
		t.Error("a secret title with no marked part must show only the marker")
	}
	if got := Title(title, false, []Span{{Start: 24, End: 38}}); got != "Ansökan om bistånd från Anna Andersson, [personnummer]" {
		t.Errorf("a title that is not secret ignores spans: %q", got)
	}
}

func TestTextHidesEmailAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"Per Persson, per.persson@example.org":               "Per Persson, [e-post]",
		"<åsa.öberg+diarium@kommun.example.se>, 121212-1212": "<[e-post]>, [personnummer]",
		"Möte @ Stadshuset, Borgholm":                        "Möte @ Stadshuset, Borgholm",
		"anna@localhost":                                     "anna@localhost",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseMarked(t *testing.T) {
	title, spans, err := ParseMarked("/title", "Ansökan om bistånd från [[Anna Andersson]], Öland")
	if err != nil || title != "Ansökan om bistånd från Anna Andersson, Öland" || len(spans) != 1 || spans[0] != (Span{Start: 24, End: 38}) {
		t.Fatalf("ParseMarked = %q %v %v", title, spans, err)
	}
	if MaskTitle(title, spans) != "Ansökan om bistånd från [sekretess], Öland" {
		t.Errorf("masked: %q", MaskTitle(title, spans))
	}
	if FormatMarked(title, spans) != "Ansökan om bistånd från [[Anna Andersson]], Öland" {
		t.Errorf("FormatMarked = %q", FormatMarked(title, spans))
	}
	for _, bad := range []string{"a [[b", "a ]] b", "[[a [[b]] c]]"} {
		_, _, err := ParseMarked("/title", bad)
		f := fault.From(err)
		if err == nil || f.Kind != fault.Unprocessable || len(f.Fields) != 1 || f.Fields[0].Code != CodeUnbalancedMarking {
			t.Errorf("ParseMarked(%q) = %v", bad, err)
		}
	}
}

func TestValidateSpans(t *testing.T) {
	if err := ValidateSpans("/title_secret", "Åtta ord", []Span{{Start: 0, End: 4}, {Start: 5, End: 8}}); err != nil {
		t.Errorf("valid spans refused: %v", err)
	}
	err := ValidateSpans("/title_secret", "Åtta ord", []Span{{Start: 0, End: 4}, {Start: 3, End: 5}, {Start: 6, End: 6}, {Start: 7, End: 9}})
	f := fault.From(err)
	if len(f.Fields) != 3 || f.Fields[0].Field != "/title_secret/1" || f.Fields[2].Field != "/title_secret/3" {
		t.Errorf("ValidateSpans = %+v", f.Fields)
	}
	for _, code := range []string{CodeInvalidSpan, CodeUnbalancedMarking} {
		if !i18n.Has(code) || i18n.T(i18n.English, code) == i18n.T(i18n.Swedish, code) {
			t.Errorf("code %s lacks a Swedish or an English text", code)
		}
	}
}

func signedDecision(reported bool) cases.Decision {
	d := cases.Decision{ID: "c1-b1", No: 1, DeciderID: "u1", Signatures: []signing.Signature{{SignerID: "u1"}}}
	if reported {
		d.Report = &cases.Report{MeetingRef: "ITN 2026-03-12 § 7", At: time.Now()}
	}
	return d
}

func TestPolicy(t *testing.T) {
	m := meeting.Meeting{Status: meeting.StatusClosed, Paragraphs: []meeting.Paragraph{{No: 1}, {No: 2, Secret: true}, {No: 3}}}
	if Meeting(m) || Paragraphs(m) != nil {
		t.Error("a protocol not yet justerat is public")
	}
	m.Status = meeting.StatusJusterad
	if ps := Paragraphs(m); !Meeting(m) || len(ps) != 2 || ps[0].No != 1 || ps[1].No != 3 {
		t.Errorf("public paragraphs = %+v", ps)
	}
	if Decision(signedDecision(false)) || !Decision(signedDecision(true)) || Decision(cases.Decision{Report: &cases.Report{}}) {
		t.Error("a decision is public only when signed and reported")
	}
	c := cases.Case{RegistrationNumber: "ITN 2026/3", State: cases.StatePreparing}
	in := cases.Document{No: 1, Direction: cases.DirIncoming}
	internal := cases.Document{No: 2, Direction: cases.DirInternal}
	secretDoc := cases.Document{No: 3, Direction: cases.DirOutgoing, Secrecy: &cases.Secrecy{Reference: "OSL 21 kap. 1 §"}}
	if !Case(c) || !Document(c, in) || Document(c, internal) || Document(c, secretDoc) {
		t.Error("open case: incoming is public, internal is not yet, a secret handling never")
	}
	c.State = cases.StateClosed
	if !Document(c, internal) {
		t.Error("an internal handling is allmän once the ärende is closed")
	}
	c.Secrecy = &cases.Secrecy{Reference: "OSL 26 kap. 1 §"}
	if Case(c) || Document(c, in) {
		t.Error("a sekretessmarkerat ärende offers nothing")
	}
	now := time.Now()
	c2 := cases.Case{RegistrationNumber: "ITN 2026/4", Memo: &cases.MemoHead{}}
	if Memo(c2) {
		t.Error("a memo that is not upprättad is public")
	}
	c2.Memo.UpprattadAt = &now
	if !Memo(c2) || Case(cases.Case{RegistrationNumber: "ITN 2026/5", State: cases.StateVoided}) {
		t.Error("upprättad memo must be public; makulerat ärende must not")
	}
}

func TestEntryOfSecretCase(t *testing.T) {
	c := cases.Case{ID: "c1", RegistrationNumber: "ITN 2026/7", Board: "ITN", State: cases.StateRegistered,
		Title: "Begäran om rättelse från Anna Andersson", Counterpart: "Anna Andersson, 121212-1212",
		RegisteredOn: platform.MustParseDate("2026-03-02"), Secrecy: &cases.Secrecy{Reference: "OSL 21 kap. 1 §", Date: platform.MustParseDate("2026-03-02")},
		Documents: []cases.Document{
			{No: 1, Direction: cases.DirIncoming, Description: "Skrivelse från Anna Andersson", Party: "Anna Andersson"},
			{No: 2, Direction: cases.DirOutgoing, Description: "Svar"},
		}}
	marks := Marks{Title: []Span{{Start: 25, End: 39}}, Documents: map[int][]Span{1: {{Start: 15, End: 29}}}}
	e, ok := EntryOf(c, marks)
	if !ok {
		t.Fatal("a secret ärende must still have a registry entry")
	}
	if e.Title != "Begäran om rättelse från [sekretess]" || e.Counterpart != "" || !e.Secret {
		t.Errorf("entry = %+v", e)
	}
	if e.Documents[0].Description != "Skrivelse från [sekretess]" || e.Documents[0].Party != "" || e.Documents[0].Offered {
		t.Errorf("secret handling = %+v", e.Documents[0])
	}
	if e.Documents[1].Description != SecretMarker || e.Documents[1].Offered {
		t.Errorf("unmarked handling of a secret ärende = %+v", e.Documents[1])
	}
	b, _ := json.Marshal(e)
	if strings.Contains(string(b), "Anna") || strings.Contains(string(b), "OSL") || personnummer.Contains(string(b)) {
		t.Errorf("secret data in the public entry: %s", b)
	}

	c.Secrecy = nil
	e, _ = EntryOf(c, marks)
	if e.Title != c.Title || e.Counterpart != "Anna Andersson, [personnummer]" || !e.Documents[0].Offered || e.Documents[0].Party != "Anna Andersson" {
		t.Errorf("open entry = %+v", e)
	}
	c.State = cases.StateVoided
	if _, ok := EntryOf(c, marks); ok {
		t.Error("a makulerat ärende is in the public registry")
	}
	if !errors.Is(ValidateSpans("/x", "ab", []Span{{Start: 1, End: 3}}), &fault.Error{Code: "validation_failed"}) {
		t.Error("ValidateSpans must return a validation fault")
	}
}
