// Package money is the one place Samstyr reads and writes amounts of
// money. An amount is an int64 count of öre (1 kr = 100 öre) everywhere:
// in every record, every request and every sum. This package holds the
// bound every amount that enters keeps (±MaxOre), the one Swedish
// formatter (Format for people, Cell for spreadsheet cells, both built on
// the same digits) and the one parser (Parse), so the web, the API, the
// PDFs and the CSV exports print the same amount the same way and read
// the same text to the same öre.
//
// The bound keeps every sum the cost allocation takes of amounts far
// inside an int64, so no amount a client sends can make it fail.
package money

// MaxOre is the largest amount, either sign, that any input may carry:
// 10^13 öre, that is 100 000 000 000 kr. Any real amount of a municipal
// board is far below.
const MaxOre int64 = 10_000_000_000_000

// Codes of the faults Parse returns (also used as field codes and i18n
// keys).
const (
	CodeInvalid         = "invalid_amount"    // not an amount: bad digits, grouping, sign or decimal comma
	CodeTooManyDecimals = "too_many_decimals" // more decimals than the unit has (2 of kr, 5 of tkr)
	CodeTooLarge        = "amount_too_large"  // beyond ±MaxOre
	CodeInvalidUnit     = "invalid_unit"      // an unknown unit, or two units that disagree
)

// InRange reports whether |ore| ≤ MaxOre.
func InRange(ore int64) bool { return ore >= -MaxOre && ore <= MaxOre }
