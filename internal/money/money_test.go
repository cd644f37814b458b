package money

import (
	"math"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
)

func TestParse(t *testing.T) {
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
		{"1,250", "kr", 125}, // trailing zeros are exact
		{"1,2345000", "tkr", 123_450},
		{"\u22121\u00a0500,00\u00a0kr", "", -150_000}, // as Format writes it
		{"-1500,00", "kr", -150_000},                  // as Cell writes it
		{"100 000 000 000", "kr", MaxOre},
		{"-100 000 000", "tkr", -MaxOre},
	}
	for _, c := range good {
		got, err := Parse(c.s, c.unit)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q, %q) = %d, %v; want %d", c.s, c.unit, got, err, c.want)
		}
	}

	bad := []struct{ s, unit, code string }{
		{"12,5,0", "", CodeInvalid},
		{"1,234", "kr", CodeTooManyDecimals},
		{"1,234", "", CodeTooManyDecimals},
		{"1,234 kr", "", CodeTooManyDecimals},
		{"1,234567", "tkr", CodeTooManyDecimals},
		{"1 23", "", CodeInvalid},
		{"12.5", "", CodeInvalid},
		{"1.234,5", "", CodeInvalid},
		{"1,234.5", "", CodeInvalid},
		{"abc", "", CodeInvalid},
		{"", "", CodeInvalid},
		{"   ", "", CodeInvalid},
		{"kr", "", CodeInvalid},
		{"-", "", CodeInvalid},
		{"--5", "", CodeInvalid},
		{"+5", "", CodeInvalid},
		{"(1 234)", "", CodeInvalid},
		{"5-", "", CodeInvalid},
		{"\u20135", "", CodeInvalid}, // en dash is not a minus
		{"12,", "", CodeInvalid},
		{",5", "", CodeInvalid},
		{"1 000,000 5", "tkr", CodeInvalid},
		{"1  000", "", CodeInvalid},
		{" 1 0000", "", CodeInvalid},
		{"1234 567", "", CodeInvalid},
		{"١٢٣", "", CodeInvalid}, // Arabic-Indic digits
		{"9 999 999 999 999 999 tkr", "", CodeTooLarge},
		{"9 999 999 999 999 999", "tkr", CodeTooLarge},
		{"99999999999999999999999999999999", "", CodeTooLarge},
		{"100 000 000 000,01", "kr", CodeTooLarge},
		{"-100 000 000,00001", "tkr", CodeTooLarge},
		{"1 000 000 000 000", "kr", CodeTooLarge},
		{"12 kr", "tkr", CodeInvalidUnit},
		{"12 tkr", "kr", CodeInvalidUnit},
		{"12", "mkr", CodeInvalidUnit},
		{"12 mkr", "", CodeInvalid},
	}
	for _, c := range bad {
		got, err := Parse(c.s, c.unit)
		if err == nil {
			t.Errorf("Parse(%q, %q) = %d, want %s", c.s, c.unit, got, c.code)
			continue
		}
		if f := fault.From(err); f.Kind != fault.Unprocessable || f.Code != c.code {
			t.Errorf("Parse(%q, %q): %v (kind %d), want %s", c.s, c.unit, err, f.Kind, c.code)
		}
	}
}

func TestFormat(t *testing.T) {
	// U+2212 minus and U+00A0 no-break spaces, written out by hand.
	for ore, want := range map[int64]string{
		0:               "0,00\u00a0kr",
		5:               "0,05\u00a0kr",
		-5:              "\u22120,05\u00a0kr",
		-150_000:        "\u22121\u00a0500,00\u00a0kr", // the web printed ",00 kr"
		1_234_567:       "12\u00a0345,67\u00a0kr",
		-822_060_000:    "\u22128\u00a0220\u00a0600,00\u00a0kr",
		100_000:         "1\u00a0000,00\u00a0kr",
		99_999:          "999,99\u00a0kr",
		MaxOre:          "100\u00a0000\u00a0000\u00a0000,00\u00a0kr",
		math.MaxInt64:   "92\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,07\u00a0kr",
		math.MinInt64:   "\u221292\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,08\u00a0kr",
		-MaxOre:         "\u2212100\u00a0000\u00a0000\u00a0000,00\u00a0kr",
		123_456_789_012: "1\u00a0234\u00a0567\u00a0890,12\u00a0kr",
	} {
		if got := Format(ore); got != want {
			t.Errorf("Format(%d) = %q, want %q", ore, got, want)
		}
		if got, want := Number(ore), strings.TrimSuffix(want, "\u00a0kr"); got != want {
			t.Errorf("Number(%d) = %q, want %q", ore, got, want)
		}
	}
}

func TestCell(t *testing.T) {
	for ore, want := range map[int64]string{
		0:             "0,00",
		-5:            "-0,05",
		-150_000:      "-1500,00",
		-1_250:        "-12,50",
		1_234_567:     "12345,67",
		math.MinInt64: "-92233720368547758,08",
	} {
		if got := Cell(ore); got != want {
			t.Errorf("Cell(%d) = %q, want %q", ore, got, want)
		}
	}
}

func TestFormatThenParse(t *testing.T) {
	for _, ore := range []int64{0, 1, -1, 99, 100, 101, 999_999, 1_000_000, -822_060_000, MaxOre, -MaxOre} {
		got, err := Parse(Format(ore), "")
		if err != nil || got != ore {
			t.Errorf("Parse(Format(%d)) = %d, %v", ore, got, err)
		}
		got, err = Parse(Cell(ore), "kr")
		if err != nil || got != ore {
			t.Errorf("Parse(Cell(%d)) = %d, %v", ore, got, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"12 345,67", "-8 220,6 tkr", "\u22121 000", "12,5,0", "1 23", ""} {
		f.Add(s, "")
		f.Add(s, "tkr")
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		v, err := Parse(s, unit)
		if err != nil {
			return
		}
		if v > MaxOre || v < -MaxOre {
			t.Fatalf("Parse(%q, %q) = %d, beyond the cap", s, unit, v)
		}
		if back, err := Parse(Format(v), ""); err != nil || back != v {
			t.Fatalf("Parse(Format(%d)) = %d, %v", v, back, err)
		}
	})
}
