package personnummer

import (
	"strings"
	"testing"
)

func TestFindForms(t *testing.T) {
	for _, tc := range []struct {
		text  string
		want  string // the match, "" for none
		valid bool
		kind  Kind
	}{
		{"Sökande 121212-1212 har", "121212-1212", true, KindPersonnummer},
		{"född 19121212-1212.", "19121212-1212", true, KindPersonnummer},
		{"pnr 1212121212", "1212121212", true, KindPersonnummer},
		{"pnr 191212121212", "191212121212", true, KindPersonnummer},
		{"hundraåring 121212+1212", "121212+1212", true, KindPersonnummer},
		{"samordningsnummer 701063-2391", "701063-2391", true, KindSamordningsnummer},
		{"(198112189876)", "198112189876", true, KindPersonnummer},
		{"121212-1213", "121212-1213", false, KindPersonnummer},     // wrong check digit
		{"19000229-1234", "19000229-1234", false, KindPersonnummer}, // 1900 was no leap year
	} {
		ms := Find(tc.text, Options{Lookalikes: true})
		if len(ms) != 1 || ms[0].Text != tc.want || ms[0].Valid != tc.valid || ms[0].Kind != tc.kind {
			t.Errorf("Find(%q) = %+v, want %q valid=%v %s", tc.text, ms, tc.want, tc.valid, tc.kind)
			continue
		}
		if tc.text[ms[0].Start:ms[0].End] != tc.want {
			t.Errorf("offsets of %q wrong: %+v", tc.text, ms[0])
		}
		if got := Find(tc.text, Options{}); (len(got) == 1) != tc.valid {
			t.Errorf("Find(%q) without lookalikes = %+v", tc.text, got)
		}
	}
}

func TestNotPersonnummer(t *testing.T) {
	for _, s := range []string{
		"ITN 2026/14",                          // diarienummer
		"2026-03-12",                           // date
		"556036-0793",                          // organisationsnummer (month 60)
		"0485-880 00",                          // phone number
		"a3f1121212121212bc",                   // inside a hex digest
		"0190f3a2-1212-7121-8212-121212121212", // a UUID
		"1765091234567890123",                  // Unix nanoseconds
		"1212121212121",                        // 13 digits
		"12121212121",                          // 11 digits
		"121212-12120",                         // too many digits after the dash
		"991332-1234",                          // month 13
		"990100-1234",                          // day 0
		"21121212-1212",                        // century 21
	} {
		if ms := Find(s, Options{Lookalikes: true}); len(ms) != 0 {
			t.Errorf("Find(%q) = %+v, want none", s, ms)
		}
	}
}

func TestSeveralAndMask(t *testing.T) {
	s := "Anna 121212-1212 och Bo 701063-2391, inte ITN 2026/14; felskrivet 121212-1213."
	ms := Find(s, Options{Lookalikes: true})
	if len(ms) != 3 {
		t.Fatalf("found %d, want 3: %+v", len(ms), ms)
	}
	got := Mask(s, Options{Lookalikes: true}, "[personnummer]")
	want := "Anna [personnummer] och Bo [personnummer], inte ITN 2026/14; felskrivet [personnummer]."
	if got != want {
		t.Errorf("Mask = %q\nwant   %q", got, want)
	}
	if Mask(s, Options{}, "X") != strings.Replace(strings.Replace(s, "121212-1212", "X", 1), "701063-2391", "X", 1) {
		t.Errorf("Mask without lookalikes = %q", Mask(s, Options{}, "X"))
	}
	if !Contains("x 121212-1213") || Contains("ITN 2026/14") {
		t.Error("Contains wrong")
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"121212-1212": true, "19121212-1212": true, "191212121212": true, "701063-2391": true,
		"121212-1213": false, " 121212-1212": false, "121212-1212 ": false, "": false,
	} {
		if Valid(s) != want {
			t.Errorf("Valid(%q) = %v, want %v", s, !want, want)
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add("121212-1212 19121212+1212 701063-2391")
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, m := range Find(s, Options{Lookalikes: true}) {
			if m.Start < last || m.End <= m.Start || s[m.Start:m.End] != m.Text {
				t.Fatalf("bad match %+v in %q", m, s)
			}
			last = m.End
		}
		if Contains(Mask(s, Options{Lookalikes: true}, "[personnummer]")) {
			t.Fatalf("masked text of %q still has a number", s)
		}
	})
}
