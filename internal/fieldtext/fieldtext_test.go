package fieldtext

import (
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

func TestLineAndBlock(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		line, blk bool
	}{
		{"plain swedish", "Överklagande av beslut om bygglov – §12", true, true},
		{"file name", "Avtal BHEM 2026-03-01 (slutlig).pdf", true, true},
		{"arabic and hebrew letters", "تقرير שלום", true, true},
		{"empty", "", true, true},
		{"emoji and nbsp", "Möte\u00a0📅", true, true},
		{"tab", "a\tb", false, true},
		{"newline", "rad 1\nrad 2", false, true},
		{"crlf", "rad 1\r\nrad 2", false, true},
		{"NUL", "a\x00b", false, false},
		{"escape", "\x1b[31mröd", false, false},
		{"DEL", "a\x7f", false, false},
		{"C1 NEL", "a\u0085b", false, false},
		{"line separator", "a\u2028b", false, true},
		{"RLO in file name", "faktura\u202efdp.exe", false, false},
		{"LRE", "\u202aa", false, false},
		{"RLE", "\u202ba", false, false},
		{"PDF (pop)", "a\u202c", false, false},
		{"LRO", "\u202da", false, false},
		{"LRI", "\u2066a", false, false},
		{"RLI", "\u2067a", false, false},
		{"FSI", "\u2068a", false, false},
		{"PDI", "a\u2069", false, false},
		{"LRM", "a\u200eb", false, false},
		{"RLM", "a\u200fb", false, false},
		{"ALM", "a\u061cb", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LineOK(tt.s); got != tt.line {
				t.Errorf("LineOK(%q) = %v, want %v", tt.s, got, tt.line)
			}
			if got := BlockOK(tt.s); got != tt.blk {
				t.Errorf("BlockOK(%q) = %v, want %v", tt.s, got, tt.blk)
			}
			var fs fault.Fields
			Line(&fs, "/title", tt.s)
			Block(&fs, "/description", tt.s)
			want := 0
			if !tt.line {
				want++
			}
			if !tt.blk {
				want++
			}
			if len(fs) != want {
				t.Fatalf("fields = %v, want %d errors", fs, want)
			}
			for _, f := range fs {
				if f.Code != Code {
					t.Errorf("code %q, want %q", f.Code, Code)
				}
			}
		})
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"Avtal", "a\u202eb", "a\tb", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if LineOK(s) && !BlockOK(s) {
			t.Fatalf("%q is a valid line but not valid text", s)
		}
		for _, r := range s {
			if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
				if BlockOK(s) {
					t.Fatalf("%q contains %U and passed", s, r)
				}
			}
		}
	})
}
