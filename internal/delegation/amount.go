package delegation

import (
	"math"
	"math/bits"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
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

// The largest limits ParseLimit and ValidatePoints accept: money.MaxOre
// (10^11 kr, the bound of every amount) and 10^9 prisbasbelopp. Any real
// limit is far below; the caps keep conversions (PBBCents × a year's
// value in öre) well inside int64.
const (
	MaxLimitOre      int64 = money.MaxOre
	MaxLimitPBBCents int64 = 1e11
)

// Codes of the faults ParseLimit returns (also used as field codes).
const (
	codeInvalidLimit  = "invalid_limit"
	codeNegativeLimit = "negative_limit"
	codeLimitTooLarge = "limit_too_large"
)

// limitUnits maps a unit word (lower case) to the money unit its number is
// read in and the factor that turns that into öre (kronor units) or
// hundredths (prisbasbelopp, read like kronor: two decimals).
var limitUnits = []struct {
	word   string
	unit   string
	factor int64
	pbb    bool
}{
	// Longest words first, so "tkr" is not read as "kr".
	{"prisbasbelopp", money.UnitKr, 1, true},
	{"kronor", money.UnitKr, 1, false},
	{"mnkr", money.UnitTkr, 1000, false},
	{"mkr", money.UnitTkr, 1000, false},
	{"tkr", money.UnitTkr, 1, false},
	{"pbb", money.UnitKr, 1, true},
	{"sek", money.UnitKr, 1, false},
	{"kr", money.UnitKr, 1, false},
}

// ParseLimit reads an amount limit written the Swedish way:
//
//   - "", "-" (or an en or em dash) or "Ingen": no limit (nil, nil);
//   - "5 pbb", "5 prisbasbelopp", "2,5 pbb": prisbasbelopp, at most two
//     decimals (PBBCents);
//   - "180 000 kr", "1 500 000,50 kr", "180 tkr", "1,5 mnkr": kronor
//     (also "kronor", "SEK", "mkr"), exactly in whole öre (Ore); mnkr and
//     mkr to the whole krona.
//
// The number is read by money.Parse: thousands grouped with spaces (also
// U+00A0 and U+202F) in groups of three, a decimal comma, exact integer
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

	found := -1
	for i, u := range limitUnits {
		if n := len(t) - len(u.word); n >= 0 && strings.EqualFold(t[n:], u.word) {
			t, found = t[:n], i
			break
		}
	}
	if found < 0 {
		return bad(codeInvalidLimit, "state the unit: kr, tkr, mnkr or prisbasbelopp")
	}
	u := limitUnits[found]
	v, err := money.Parse(t, u.unit)
	if err != nil {
		return badNumber(fault.From(err).Code, u.pbb, bad)
	}

	switch {
	case v < 0:
		return bad(codeNegativeLimit, "a limit cannot be negative")
	case v == 0:
		return bad(codeInvalidLimit, "a limit of zero allows nothing; leave the cell empty for no limit")
	case v > MaxLimitOre/u.factor:
		return bad(codeLimitTooLarge, "too large")
	}
	v *= u.factor
	if u.pbb && v > MaxLimitPBBCents || !u.pbb && v > MaxLimitOre {
		return bad(codeLimitTooLarge, "too large")
	}
	if u.pbb {
		return &Limit{PBBCents: v}, nil
	}
	return &Limit{Ore: v}, nil
}

// badNumber turns the code of money.Parse's fault into ParseLimit's.
func badNumber(code string, pbb bool, bad func(code, format string, args ...any) (*Limit, error)) (*Limit, error) {
	switch {
	case code == money.CodeTooLarge:
		return bad(codeLimitTooLarge, "too large")
	case code == money.CodeTooManyDecimals && pbb:
		return bad(codeInvalidLimit, "at most two decimals of a prisbasbelopp")
	case code == money.CodeTooManyDecimals:
		return bad(codeInvalidLimit, "not a whole number of öre")
	}
	return bad(codeInvalidLimit, "not a number (digits in groups of three, decimal comma)")
}

// isGroupSpace reports whether r separates thousands: a space, a
// no-break space or a narrow no-break space.
func isGroupSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }

// FormatLimit writes a limit the way ParseLimit reads it: "5 prisbasbelopp",
// "2,5 prisbasbelopp", "180 000,00 kr" (money.Format), "" for nil (no
// limit). A limit with PBBCents set is written in prisbasbelopp (the
// number grouped like an amount, with as few decimals as needed),
// otherwise in kronor as every amount is.
func FormatLimit(l *Limit) string {
	if l == nil {
		return ""
	}
	if l.PBBCents != 0 {
		n := money.Number(l.PBBCents)
		n = strings.TrimSuffix(strings.TrimRight(n, "0"), ",")
		return n + " prisbasbelopp"
	}
	return money.Format(l.Ore)
}
