package cases

import "testing"

// FuzzParseNumber: the diarienummer parser never panics, and whatever it
// accepts formats back to the same text.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"ITN 2026/14", "KS 2024/72", "ITN 2026/0", "ÅÄÖ 1999/999999999", "itn 2026/1", "ITN 2026/1 ", "", "ITN 20266/1", "AA 2000/01", "ITN 2026/007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, y, n, err := ParseNumber(s)
		if err != nil {
			return
		}
		if got := FormatNumber(b, y, n); got != s {
			t.Errorf("ParseNumber(%q) = %s %d %d, formats as %q", s, b, y, n, got)
		}
	})
}
