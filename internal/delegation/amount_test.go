package delegation

import (
	"errors"
	"math"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

func TestParseLimit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *Limit
	}{
		{"", nil},
		{"  ", nil},
		{"-", nil},
		{"Ingen", nil},
		{"ingen", nil},
		{"5 pbb", &Limit{PBBCents: 500}},
		{"5 prisbasbelopp", &Limit{PBBCents: 500}},
		{"5 Prisbasbelopp", &Limit{PBBCents: 500}},
		{"5pbb", &Limit{PBBCents: 500}},
		{"2,5 pbb", &Limit{PBBCents: 250}},
		{"0,5 prisbasbelopp", &Limit{PBBCents: 50}},
		{"1,25 pbb", &Limit{PBBCents: 125}},
		{"1,250 pbb", &Limit{PBBCents: 125}}, // trailing zeros are exact
		{"1 000 pbb", &Limit{PBBCents: 100_000}},
		{"180 000 kr", &Limit{Ore: 18_000_000}},
		{"180000 kr", &Limit{Ore: 18_000_000}},
		{"180\u00a0000\u00a0kr", &Limit{Ore: 18_000_000}},
		{"180\u202f000 kr", &Limit{Ore: 18_000_000}},
		{"1 500 000,50 kr", &Limit{Ore: 150_000_050}},
		{"0,05 kr", &Limit{Ore: 5}},
		{"100 kronor", &Limit{Ore: 10_000}},
		{"100 SEK", &Limit{Ore: 10_000}},
		{"180 tkr", &Limit{Ore: 18_000_000}},
		{"0,5 tkr", &Limit{Ore: 50_000}},
		{"1,23456 tkr", &Limit{Ore: 123_456}},
		{"1,5 mnkr", &Limit{Ore: 150_000_000}},
		{"1,5 mkr", &Limit{Ore: 150_000_000}},
		{"2 MNKR", &Limit{Ore: 200_000_000}},
		{" 5 pbb ", &Limit{PBBCents: 500}},
		{"100 000 000 000 kr", &Limit{Ore: MaxLimitOre}},
		{"1 000 000 000 pbb", &Limit{PBBCents: MaxLimitPBBCents}},
	} {
		got, err := ParseLimit(tc.in)
		if err != nil {
			t.Errorf("ParseLimit(%q): %v", tc.in, err)
			continue
		}
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("ParseLimit(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseLimitRejects(t *testing.T) {
	for in, code := range map[string]string{
		"12,5,0":                       "invalid_limit",
		"12,5,0 kr":                    "invalid_limit",
		"abc":                          "invalid_limit",
		"abc kr":                       "invalid_limit",
		"5":                            "invalid_limit", // no unit
		"5 euro":                       "invalid_limit",
		"5,125 pbb":                    "invalid_limit", // a thousandth of a pbb
		"1,001 kr":                     "invalid_limit", // a tenth of an öre
		"1,234567 tkr":                 "invalid_limit",
		"1,123456789 mnkr":             "invalid_limit",
		"5, pbb":                       "invalid_limit",
		",5 pbb":                       "invalid_limit",
		"1.5 pbb":                      "invalid_limit",
		"180.000 kr":                   "invalid_limit",
		"18 0000 kr":                   "invalid_limit", // groups of three
		"1800 000 kr":                  "invalid_limit",
		"180  000 kr":                  "invalid_limit", // one separator only
		"kr":                           "invalid_limit",
		"0 kr":                         "invalid_limit",
		"0,00 pbb":                     "invalid_limit",
		"+5 kr":                        "invalid_limit",
		"5 xkr":                        "invalid_limit",
		"-5 pbb":                       "negative_limit",
		"-1 kr":                        "negative_limit",
		"\u22121 kr":                   "negative_limit",
		"- 2,5 prisbasbelopp":          "negative_limit",
		"1 000 000 000 000 000 kr":     "limit_too_large", // 10^15 kr: over the cap
		"100 000 000 000 000,01 kr":    "limit_too_large",
		"1 000 000 000,01 pbb":         "limit_too_large",
		"92 233 720 368 547 758,08 kr": "limit_too_large", // beyond int64 öre
		"100 000 000 000 000 000 pbb":  "limit_too_large",
	} {
		got, err := ParseLimit(in)
		var f *fault.Error
		if !errors.As(err, &f) || f.Code != code || f.Kind != fault.Unprocessable {
			t.Errorf("ParseLimit(%q) = %+v, %v; want code %s", in, got, err, code)
		}
	}
}

func TestFormatLimit(t *testing.T) {
	for _, tc := range []struct {
		in   *Limit
		want string
	}{
		{nil, ""},
		{&Limit{PBBCents: 500}, "5 prisbasbelopp"},
		{&Limit{PBBCents: 250}, "2,5 prisbasbelopp"},
		{&Limit{PBBCents: 125}, "1,25 prisbasbelopp"},
		{&Limit{PBBCents: 100_000}, "1\u00a0000 prisbasbelopp"},
		{&Limit{Ore: 18_000_000}, "180\u00a0000,00\u00a0kr"}, // as money.Format writes every amount
		{&Limit{Ore: 150_000_050}, "1\u00a0500\u00a0000,50\u00a0kr"},
		{&Limit{Ore: 5}, "0,05\u00a0kr"},
		{&Limit{Ore: 99_900}, "999,00\u00a0kr"},
		{&Limit{Ore: math.MaxInt64}, "92\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,07\u00a0kr"},
	} {
		if got := FormatLimit(tc.in); got != tc.want {
			t.Errorf("FormatLimit(%+v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	values := []int64{1, 9, 10, 99, 100, 101, 999, 1000, 1001, 123_456_789, 1 << 40, MaxLimitPBBCents, MaxLimitOre}
	for _, v := range values {
		for _, l := range []Limit{{Ore: v}, {PBBCents: min(v, MaxLimitPBBCents)}} {
			s := FormatLimit(&l)
			got, err := ParseLimit(s)
			if err != nil || got == nil || *got != l {
				t.Errorf("ParseLimit(FormatLimit(%+v) = %q) = %+v, %v", l, s, got, err)
			}
		}
	}
}

func TestOreFor(t *testing.T) {
	pbb := map[int]int64{2025: 5_880_000, 2026: 5_920_000, 2030: 3}
	for _, tc := range []struct {
		l    *Limit
		year int
		want int64
		ok   bool
	}{
		{&Limit{PBBCents: 500}, 2025, 29_400_000, true}, // 5 × 58 800 kr = 294 000 kr
		{&Limit{PBBCents: 500}, 2026, 29_600_000, true},
		{&Limit{PBBCents: 250}, 2025, 14_700_000, true},
		{&Limit{PBBCents: 1}, 2030, 0, true},    // 0,03 öre rounds down
		{&Limit{PBBCents: 150}, 2030, 4, true},  // 4,5 öre rounds down
		{&Limit{PBBCents: 500}, 2024, 0, false}, // missing year
		{&Limit{Ore: 18_000_000}, 1999, 18_000_000, true},
		{&Limit{PBBCents: math.MaxInt64}, 2026, math.MaxInt64, true}, // saturates
		{&Limit{PBBCents: -5}, 2025, 0, false},
		{nil, 2025, 0, false},
	} {
		got, ok := tc.l.OreFor(tc.year, pbb)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%+v.OreFor(%d) = %d, %v; want %d, %v", tc.l, tc.year, got, ok, tc.want, tc.ok)
		}
	}
	// The default table works as the map argument.
	if got, ok := (&Limit{PBBCents: 500}).OreFor(2025, PrisbasbeloppOre); !ok || got != 29_400_000 {
		t.Errorf("with PrisbasbeloppOre: %d, %v", got, ok)
	}
	if v, ok := PrisbasbeloppOre.Ore(2024); !ok || v != 5_730_000 {
		t.Errorf("PrisbasbeloppOre.Ore(2024) = %d, %v", v, ok)
	}
}

func FuzzParseLimit(f *testing.F) {
	for _, s := range []string{"5 pbb", "2,5 prisbasbelopp", "1 500 000,50 kr", "180 tkr", "1,5 mnkr", "12,5,0", "-1 kr", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLimit(s)
		if err != nil || l == nil {
			return
		}
		if l.Ore < 0 || l.PBBCents < 0 || (l.Ore != 0) == (l.PBBCents != 0) {
			t.Fatalf("ParseLimit(%q) = %+v", s, l)
		}
		back, err := ParseLimit(FormatLimit(l))
		if err != nil || *back != *l {
			t.Fatalf("round trip of %q: %+v → %q → %+v, %v", s, l, FormatLimit(l), back, err)
		}
	})
}
