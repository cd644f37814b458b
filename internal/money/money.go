// Package money holds the one bound every amount of öre that enters
// Samstyr keeps, whatever door it comes through: a decision's amount, a
// memo's budget impact, a budget line. Amounts are int64 öre (1 kr = 100
// öre); the bound keeps every sum the cost allocation takes of them far
// inside an int64, so no amount a client sends can make it fail.
package money

// MaxOre is the largest amount, either sign, that any input may carry:
// 10^13 öre, that is 100 000 000 000 kr. Any real amount of a municipal
// board is far below.
const MaxOre int64 = 10_000_000_000_000

// CodeTooLarge is the field code (and i18n key) of an amount beyond
// ±MaxOre.
const CodeTooLarge = "amount_too_large"

// InRange reports whether |ore| ≤ MaxOre.
func InRange(ore int64) bool { return ore >= -MaxOre && ore <= MaxOre }
