package budget

import (
	"math"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

func TestParseAmount(t *testing.T) {
	good := []struct {
		s, unit string
		want    int64
	}{
		{"12 345,67", "", 1_234_567},
		{"12 345,67", "kr", 1_234_567},
		{"12 345,67 kr", "", 1_234_567},
		{"12 345,67kr", "KR", 1_234_567},
		{"-8 220,6 tkr", "", -822_060_000},
		{"-8 220,6", "tkr", -822_060_000},
		{"\u22128 220,6", "tkr", -822_060_000}, // minus sign U+2212
		{"- 8 220,6 TKR", "", -822_060_000},
		{"160 tkr", "", 16_000_000},
		{"160", "tkr", 16_000_000},
		{"0", "", 0},
		{"-0", "", 0},
		{"0,00", "kr", 0},
		{"1 000 000", "", 100_000_000},
		{"1000000", "", 100_000_000},
		{"1\u00a0000\u202f000,5", "", 100_000_050}, // no-break and narrow no-break spaces
		{"  12,5\t", "", 1250},
		{"1,234", "tkr", 123_400},
		{"1,23456", "tkr", 123_456},
		{"0,00001", "tkr", 1},
		{"007", "", 700},
		{"100 000 000 000", "kr", MaxAmountOre},
		{"-100 000 000", "tkr", -MaxAmountOre},
	}
	for _, c := range good {
		got, err := ParseAmount(c.s, c.unit)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q, %q) = %d, %v; want %d", c.s, c.unit, got, err, c.want)
		}
	}

	bad := []struct{ s, unit, code string }{
		{"12,5,0", "", CodeInvalidAmount},
		{"1,234", "kr", CodeTooManyDecimals},
		{"1,234", "", CodeTooManyDecimals},
		{"1,234 kr", "", CodeTooManyDecimals},
		{"1,234567", "tkr", CodeTooManyDecimals},
		{"1 23", "", CodeInvalidAmount},
		{"12.5", "", CodeInvalidAmount},
		{"1.234,5", "", CodeInvalidAmount},
		{"1,234.5", "", CodeInvalidAmount},
		{"abc", "", CodeInvalidAmount},
		{"", "", CodeInvalidAmount},
		{"   ", "", CodeInvalidAmount},
		{"kr", "", CodeInvalidAmount},
		{"-", "", CodeInvalidAmount},
		{"--5", "", CodeInvalidAmount},
		{"+5", "", CodeInvalidAmount},
		{"(1 234)", "", CodeInvalidAmount},
		{"5-", "", CodeInvalidAmount},
		{"\u20135", "", CodeInvalidAmount}, // en dash is not a minus
		{"12,", "", CodeInvalidAmount},
		{",5", "", CodeInvalidAmount},
		{"1 000,000 5", "tkr", CodeInvalidAmount},
		{"1  000", "", CodeInvalidAmount},
		{" 1 0000", "", CodeInvalidAmount},
		{"1234 567", "", CodeInvalidAmount},
		{"١٢٣", "", CodeInvalidAmount}, // Arabic-Indic digits
		{"9 999 999 999 999 999 tkr", "", CodeAmountTooLarge},
		{"9 999 999 999 999 999", "tkr", CodeAmountTooLarge},
		{"99999999999999999999999999999999", "", CodeAmountTooLarge},
		{"100 000 000 000,01", "kr", CodeAmountTooLarge},
		{"-100 000 000,00001", "tkr", CodeAmountTooLarge},
		{"1 000 000 000 000", "kr", CodeAmountTooLarge},
		{"12 kr", "tkr", CodeInvalidUnit},
		{"12 tkr", "kr", CodeInvalidUnit},
		{"12", "mkr", CodeInvalidUnit},
		{"12 mkr", "", CodeInvalidAmount},
	}
	for _, c := range bad {
		got, err := ParseAmount(c.s, c.unit)
		if err == nil {
			t.Errorf("ParseAmount(%q, %q) = %d, want %s", c.s, c.unit, got, c.code)
			continue
		}
		if f := fault.From(err); f.Kind != fault.Unprocessable || f.Code != c.code {
			t.Errorf("ParseAmount(%q, %q): %v (kind %d), want %s", c.s, c.unit, err, f.Kind, c.code)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for ore, want := range map[int64]string{
		0:               "0,00 kr",
		5:               "0,05 kr",
		-5:              "-0,05 kr",
		1_234_567:       "12 345,67 kr",
		-822_060_000:    "-8 220 600,00 kr",
		100_000:         "1 000,00 kr",
		99_999:          "999,99 kr",
		MaxAmountOre:    "100 000 000 000,00 kr",
		math.MaxInt64:   "92 233 720 368 547 758,07 kr",
		math.MinInt64:   "-92 233 720 368 547 758,08 kr",
		-MaxAmountOre:   "-100 000 000 000,00 kr",
		123_456_789_012: "1 234 567 890,12 kr",
	} {
		if got := FormatAmount(ore); got != want {
			t.Errorf("FormatAmount(%d) = %q, want %q", ore, got, want)
		}
	}
}

func TestFormatThenParse(t *testing.T) {
	for _, ore := range []int64{0, 1, -1, 99, 100, 101, 999_999, 1_000_000, -822_060_000, MaxAmountOre, -MaxAmountOre} {
		got, err := ParseAmount(FormatAmount(ore), "")
		if err != nil || got != ore {
			t.Errorf("ParseAmount(FormatAmount(%d)) = %d, %v", ore, got, err)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12 345,67", "-8 220,6 tkr", "\u22121 000", "12,5,0", "1 23", ""} {
		f.Add(s, "")
		f.Add(s, "tkr")
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		v, err := ParseAmount(s, unit)
		if err != nil {
			return
		}
		if v > MaxAmountOre || v < -MaxAmountOre {
			t.Fatalf("ParseAmount(%q, %q) = %d, beyond the cap", s, unit, v)
		}
		if back, err := ParseAmount(FormatAmount(v), ""); err != nil || back != v {
			t.Fatalf("ParseAmount(FormatAmount(%d)) = %d, %v", v, back, err)
		}
	})
}
