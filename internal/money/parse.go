package money

import (
	"strings"

	"github.com/samstyr/samstyr/internal/fault"
)

// The units an amount may be written in.
const (
	UnitKr  = "kr"  // kronor: at most 2 decimals
	UnitTkr = "tkr" // tusen kronor: at most 5 decimals
)

// unitDecimals is the number of decimals of a unit: the power of ten that
// turns one unit into öre.
func unitDecimals(unit string) int {
	if unit == UnitTkr {
		return 5
	}
	return 2
}

// isBlank reports whether r may surround an amount or separate a group of
// thousands: a space, a no-break space (U+00A0) or a narrow no-break space
// (U+202F).
func isBlank(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }

// isOuterBlank reports whether r may surround an amount: a blank or a tab.
func isOuterBlank(r rune) bool { return isBlank(r) || r == '\t' }

// ParseUnit reads a unit word, case-insensitively and without the blanks
// around it: "kr", "tkr", or "" (no unit). It reports false for anything
// else.
func ParseUnit(s string) (string, bool) {
	switch u := strings.ToLower(strings.TrimFunc(s, isOuterBlank)); u {
	case "", UnitKr, UnitTkr:
		return u, true
	}
	return "", false
}

// Parse reads a Swedish amount into öre, exactly:
//
//	"12 345,67"      1 234 567 öre (kr)
//	"-8 220,6 tkr"   -822 060 000 öre
//	"−1 500,00 kr"   -150 000 öre: with a minus sign U+2212, as Format writes it
//	"160 tkr", "0", "1 000 000", "-1500,00" (as Cell writes it)
//
// unit is the unit of the amount, "kr" or "tkr" (any case), or "" when the
// amount states it itself ("12 kr", "160 tkr") or is in kr. An amount that
// states a unit other than unit is an error.
//
// The amount is an optional sign (- or U+2212), digits that are either
// ungrouped or grouped by threes with single spaces (also U+00A0 or
// U+202F), and optionally a decimal comma and at most 2 decimals of kr or
// 5 of tkr (more only when they are zeros: "1,250" is 1,25 exactly).
// Nothing else is accepted: no "+", no point, no accounting parentheses
// "(1 234)", no grouping in the decimals.
//
// Errors are faults of kind Unprocessable with the code CodeInvalid (not
// such an amount, or empty), CodeTooManyDecimals, CodeTooLarge (beyond
// ±MaxOre) or CodeInvalidUnit (an unknown unit, or two that disagree).
func Parse(s string, unit string) (int64, error) {
	bad := func(code, format string, args ...any) (int64, error) {
		return 0, fault.Newf(fault.Unprocessable, code, "amount %q: "+format, append([]any{s}, args...)...)
	}
	u, ok := ParseUnit(unit)
	if !ok {
		return bad(CodeInvalidUnit, "unknown unit %q: write kr or tkr", unit)
	}
	t := strings.TrimFunc(s, isOuterBlank)

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
	for _, minus := range []string{"-", Minus} {
		if strings.HasPrefix(t, minus) {
			negative, t = true, strings.TrimLeftFunc(t[len(minus):], isBlank)
			break
		}
	}

	intPart, frac, hasComma := strings.Cut(t, ",")
	digits, ok := groupedDigits(intPart)
	if !ok || hasComma && !allDigits(frac) {
		return bad(CodeInvalid, "write digits grouped by three with spaces, and a decimal comma")
	}
	decimals := unitDecimals(u)
	if len(frac) > decimals {
		if strings.Trim(frac[decimals:], "0") != "" {
			return bad(CodeTooManyDecimals, "at most %d decimals of %s", decimals, u)
		}
		frac = frac[:decimals]
	}

	var v int64
	for _, c := range digits + frac + strings.Repeat("0", decimals-len(frac)) {
		d := int64(c - '0')
		if v > (MaxOre-d)/10 {
			return bad(CodeTooLarge, "beyond 100 000 000 000 kr")
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
