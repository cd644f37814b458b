package delegation

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
)

// PBBTable maps a year to that year's prisbasbelopp in öre.
type PBBTable map[int]int64

// PrisbasbeloppOre are the published prisbasbelopp (öre per year) that
// were built into Samstyr before the table became reference data an
// administrator maintains (internal/refdata). They only seed that table:
// a store upgraded from a version with the built-in table, and the demo,
// start with them, so that limits decided under it keep their meaning. No
// check reads them: every limit in prisbasbelopp converts with the stored
// table, and a missing year is refused as reference_value_missing.
//
// DOMAIN.md marks the 2025 value (58 800 kr) UNVERIFIED; the 2026 value
// (59 200 kr) is likewise unverified here. Check them against the SFS.
var PrisbasbeloppOre = PBBTable{
	2023: 5_250_000, // 52 500 kr
	2024: 5_730_000, // 57 300 kr
	2025: 5_880_000, // 58 800 kr (UNVERIFIED in DOMAIN.md)
	2026: 5_920_000, // 59 200 kr (unverified)
}

// Ore returns the prisbasbelopp of year in öre, and whether t has it.
func (t PBBTable) Ore(year int) (int64, bool) {
	v, ok := t[year]
	return v, ok && v > 0
}

// OreFor returns the limit in öre for a decision made in year, converting
// a prisbasbelopp limit with pbb (öre per year; a PBBTable will do):
// PBBCents × pbb[year] / 100, rounded down to the öre. An öre limit is
// returned as is. It reports false when the year's value is missing or not
// positive, when the limit is negative, and for a nil Limit (no limit:
// nothing to convert). A product beyond int64 saturates at math.MaxInt64,
// which no amount can exceed.
func (l *Limit) OreFor(year int, pbb map[int]int64) (int64, bool) {
	if l == nil || l.Ore < 0 || l.PBBCents < 0 {
		return 0, false
	}
	if l.PBBCents == 0 {
		return l.Ore, true
	}
	v, ok := pbb[year]
	if !ok || v <= 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(l.PBBCents), uint64(v))
	if hi >= 100 {
		return math.MaxInt64, true
	}
	q, _ := bits.Div64(hi, lo, 100)
	if q > math.MaxInt64 {
		return math.MaxInt64, true
	}
	return int64(q), true
}

// The largest limits ParseLimit and ValidatePoints accept: 10^14 kr and
// 10^9 prisbasbelopp. Any real limit is far below; the caps keep
// conversions (PBBCents × a year's value in öre) well inside int64.
const (
	MaxLimitOre      int64 = 1e16
	MaxLimitPBBCents int64 = 1e11
)

// Codes of the faults ParseLimit returns (also used as field codes).
const (
	codeInvalidLimit  = "invalid_limit"
	codeNegativeLimit = "negative_limit"
	codeLimitTooLarge = "limit_too_large"
)

// limitUnits maps a unit word (lower case) to its scale: the power of ten
// that turns one unit into öre (kronor units) or hundredths (prisbasbelopp).
var limitUnits = []struct {
	word  string
	scale int
	pbb   bool
}{
	// Longest words first, so "tkr" is not read as "kr".
	{"prisbasbelopp", 2, true},
	{"kronor", 2, false},
	{"mnkr", 8, false},
	{"mkr", 8, false},
	{"tkr", 5, false},
	{"pbb", 2, true},
	{"sek", 2, false},
	{"kr", 2, false},
}

// isGroupSpace reports whether r separates thousands: a space, a
// non-breaking space or a narrow non-breaking space.
func isGroupSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }

// ParseLimit reads an amount limit written the Swedish way:
//
//   - "", "-" (or an en or em dash) or "Ingen": no limit (nil, nil);
//   - "5 pbb", "5 prisbasbelopp", "2,5 pbb": prisbasbelopp, at most two
//     decimals (PBBCents);
//   - "180 000 kr", "1 500 000,50 kr", "180 tkr", "1,5 mnkr": kronor
//     (also "kronor", "SEK", "mkr"), exactly in whole öre (Ore).
//
// Thousands are grouped with spaces (also U+00A0 and U+202F) in groups of
// three; the decimal separator is a comma. The arithmetic is exact integer
// arithmetic. Errors are faults of kind Unprocessable with code
// "invalid_limit" (bad syntax, unknown unit, a fraction of an öre or of a
// hundredth, zero), "negative_limit" or "limit_too_large" (over
// MaxLimitOre or MaxLimitPBBCents).
func ParseLimit(s string) (*Limit, error) {
	t := strings.TrimFunc(s, func(r rune) bool { return isGroupSpace(r) || r == '\t' || r == '\n' || r == '\r' })
	switch strings.ToLower(t) {
	case "", "-", "–", "—", "ingen", "ingen gräns", "ingen beloppsgräns":
		return nil, nil
	}
	bad := func(code, format string, args ...any) (*Limit, error) {
		return nil, fault.Newf(fault.Unprocessable, code, "beloppsgräns %q: "+format, append([]any{s}, args...)...)
	}

	var scale int
	var pbb, found bool
	for _, u := range limitUnits {
		if n := len(t) - len(u.word); n >= 0 && strings.EqualFold(t[n:], u.word) {
			t, scale, pbb, found = t[:n], u.scale, u.pbb, true
			break
		}
	}
	if !found {
		return bad(codeInvalidLimit, "state the unit: kr, tkr, mnkr or prisbasbelopp")
	}
	t = strings.TrimRightFunc(t, isGroupSpace)

	negative := false
	if r := []rune(t); len(r) > 0 && (r[0] == '-' || r[0] == '\u2212') {
		negative = true
		t = strings.TrimLeftFunc(strings.TrimPrefix(strings.TrimPrefix(t, "-"), "\u2212"), isGroupSpace)
	}

	intPart, frac, hasComma := strings.Cut(t, ",")
	if hasComma && frac == "" {
		return bad(codeInvalidLimit, "no digits after the decimal comma")
	}
	digits, ok := groupedDigits(intPart)
	if !ok {
		return bad(codeInvalidLimit, "not a number (digits in groups of three, decimal comma)")
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return bad(codeInvalidLimit, "not a number (digits in groups of three, decimal comma)")
		}
	}
	if negative {
		return bad(codeNegativeLimit, "a limit cannot be negative")
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > scale {
		if pbb {
			return bad(codeInvalidLimit, "at most two decimals of a prisbasbelopp")
		}
		return bad(codeInvalidLimit, "not a whole number of öre")
	}
	all := digits + frac + strings.Repeat("0", scale-len(frac))
	var v int64
	for _, c := range all {
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return bad(codeLimitTooLarge, "too large")
		}
		v = v*10 + d
	}
	if v == 0 {
		return bad(codeInvalidLimit, "a limit of zero allows nothing; leave the cell empty for no limit")
	}
	if pbb && v > MaxLimitPBBCents || !pbb && v > MaxLimitOre {
		return bad(codeLimitTooLarge, "too large")
	}
	if pbb {
		return &Limit{PBBCents: v}, nil
	}
	return &Limit{Ore: v}, nil
}

// groupedDigits returns the digits of s, which is either plain digits or
// digits in groups of three separated by single spaces ("1 500 000").
func groupedDigits(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	groups := strings.FieldsFunc(s, isGroupSpace)
	var b strings.Builder
	for i, g := range groups {
		for _, r := range g {
			if r < '0' || r > '9' {
				return "", false
			}
		}
		if len(groups) > 1 && (i > 0 && len(g) != 3 || i == 0 && len(g) > 3) {
			return "", false
		}
		b.WriteString(g)
	}
	// FieldsFunc swallows runs of separators; allow only one between groups.
	if n := len([]rune(s)) - b.Len(); n != len(groups)-1 {
		return "", false
	}
	return b.String(), true
}

// FormatLimit writes a limit the way ParseLimit reads it: "5 prisbasbelopp",
// "2,5 prisbasbelopp", "180 000 kr", "1 500 000,50 kr"; "" for nil (no
// limit). Thousands are grouped with plain spaces. A limit with PBBCents
// set is written in prisbasbelopp, otherwise in kronor.
func FormatLimit(l *Limit) string {
	if l == nil {
		return ""
	}
	if l.PBBCents != 0 {
		return formatHundredths(l.PBBCents, false) + " prisbasbelopp"
	}
	return formatHundredths(l.Ore, true) + " kr"
}

// formatHundredths writes v/100 with grouped thousands and a decimal comma;
// with both it always writes two decimals when there are any ("0,50"),
// otherwise as few as needed ("2,5").
func formatHundredths(v int64, both bool) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	whole, cents := u/100, u%100
	ds := strconv.FormatUint(whole, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range ds {
		if i > 0 && (len(ds)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	if cents != 0 {
		f := strconv.FormatUint(cents+100, 10)[1:]
		if !both {
			f = strings.TrimRight(f, "0")
		}
		b.WriteString("," + f)
	}
	return b.String()
}
