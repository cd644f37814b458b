package budget

import (
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
)

// The units of an amount.
const (
	UnitKr  = "kr"  // kronor: at most 2 decimals
	UnitTkr = "tkr" // tusen kronor: at most 5 decimals
)

// unitScale is the number of decimals of a unit: the power of ten that
// turns one unit into öre.
func unitScale(unit string) int {
	if unit == UnitTkr {
		return 5
	}
	return 2
}

// isBlank reports whether r may surround an amount or separate a group of
// thousands: a space, a non-breaking space (U+00A0) or a narrow
// non-breaking space (U+202F). Around an amount a tab may be, too.
func isBlank(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }

// parseUnit reads a unit word, case-insensitively: "kr", "tkr", or "" (no
// unit). It reports false for anything else.
func parseUnit(s string) (string, bool) {
	switch u := strings.ToLower(strings.TrimFunc(s, func(r rune) bool { return isBlank(r) || r == '\t' })); u {
	case "", UnitKr, UnitTkr:
		return u, true
	}
	return "", false
}

// ParseAmount reads a Swedish amount into öre, exactly:
//
//	"12 345,67"      1 234 567 öre (kr)
//	"-8 220,6 tkr"   -822 060 000 öre
//	"−8 220,6"       with a minus sign U+2212
//	"160 tkr", "0", "1 000 000"
//
// unit is the unit of the amount, "kr" or "tkr" (any case), or "" when the
// amount states it itself ("12 kr", "160 tkr") or is in kr. An amount that
// states a unit other than unit is an error.
//
// The amount is an optional sign (- or U+2212), digits that are either
// ungrouped or grouped by threes with single spaces (also U+00A0 or
// U+202F), and optionally a decimal comma and at most 2 decimals of kr or
// 5 of tkr. Nothing else is accepted: no "+", no point, no accounting
// parentheses "(1 234)", no grouping in the decimals.
//
// Errors are faults of kind Unprocessable with the code CodeInvalidAmount
// (not such an amount, or empty), CodeTooManyDecimals, CodeAmountTooLarge
// (beyond ±MaxAmountOre) or CodeInvalidUnit (an unknown unit, or two that
// disagree).
func ParseAmount(s string, unit string) (int64, error) {
	bad := func(code, format string, args ...any) (int64, error) {
		return 0, fault.Newf(fault.Unprocessable, code, "amount %q: "+format, append([]any{s}, args...)...)
	}
	u, ok := parseUnit(unit)
	if !ok {
		return bad(CodeInvalidUnit, "unknown unit %q: write kr or tkr", unit)
	}
	t := strings.TrimFunc(s, func(r rune) bool { return isBlank(r) || r == '\t' })

	// The unit in the amount itself; "tkr" before "kr", which it ends with.
	for _, w := range []string{UnitTkr, UnitKr} {
		if n := len(t) - len(w); n >= 0 && strings.EqualFold(t[n:], w) {
			if u != "" && u != w {
				return bad(CodeInvalidUnit, "the amount is in %s, the unit is %s", w, u)
			}
			u, t = w, strings.TrimRightFunc(t[:n], isBlank)
			break
		}
	}
	if u == "" {
		u = UnitKr
	}

	negative := false
	for _, minus := range []string{"-", "\u2212"} {
		if strings.HasPrefix(t, minus) {
			negative, t = true, strings.TrimLeftFunc(t[len(minus):], isBlank)
			break
		}
	}

	intPart, frac, hasComma := strings.Cut(t, ",")
	digits, ok := groupedDigits(intPart)
	if !ok || hasComma && !allDigits(frac) {
		return bad(CodeInvalidAmount, "write digits grouped by three with spaces, and a decimal comma")
	}
	scale := unitScale(u)
	if len(frac) > scale {
		return bad(CodeTooManyDecimals, "at most %d decimals of %s", scale, u)
	}

	var v int64
	for _, c := range digits + frac + strings.Repeat("0", scale-len(frac)) {
		d := int64(c - '0')
		if v > (MaxAmountOre-d)/10 {
			return bad(CodeAmountTooLarge, "beyond 100 000 000 000 kr")
		}
		v = v*10 + d
	}
	if negative {
		v = -v
	}
	return v, nil
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// groupedDigits returns the digits of s, which is either plain digits or
// groups of three digits (the first of one to three) separated by single
// blanks ("1 500 000").
func groupedDigits(s string) (string, bool) {
	groups := strings.FieldsFunc(s, isBlank)
	var b strings.Builder
	for i, g := range groups {
		if !allDigits(g) || len(groups) > 1 && (i > 0 && len(g) != 3 || i == 0 && len(g) > 3) {
			return "", false
		}
		b.WriteString(g)
	}
	// FieldsFunc swallows leading, trailing and repeated separators: allow
	// exactly one between groups.
	if len(groups) == 0 || len([]rune(s))-b.Len() != len(groups)-1 {
		return "", false
	}
	return b.String(), true
}

// FormatAmount writes an amount of öre in kronor the Swedish way, the way
// ParseAmount reads it: "12 345,67 kr", "-8 220 600,00 kr", "0,00 kr".
// Thousands are grouped with plain spaces, there are always two decimals,
// and a negative amount has an ASCII "-".
func FormatAmount(ore int64) string {
	return formatNumber(ore) + " " + UnitKr
}

// formatNumber is FormatAmount without the unit: "12 345,67".
func formatNumber(ore int64) string {
	u := uint64(ore)
	if ore < 0 {
		u = -u
	}
	ds := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	if ore < 0 {
		b.WriteByte('-')
	}
	for i := range len(ds) {
		if i > 0 && (len(ds)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(ds[i])
	}
	b.WriteString("," + strconv.FormatUint(u%100+100, 10)[1:])
	return b.String()
}
