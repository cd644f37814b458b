package money

import (
	"strconv"
	"strings"
)

// The characters of a formatted amount.
const (
	// Minus is the minus sign of an amount for people: U+2212, as Swedish
	// typography writes it (not the hyphen "-").
	Minus = "\u2212"
	// Space is the space that groups thousands and parts the number from
	// "kr": a no-break space (U+00A0), so an amount never breaks over two
	// lines, in HTML or in a PDF.
	Space = "\u00a0"
)

// Format writes öre as Swedish kronor for people, with two decimals,
// thousands grouped by Space and a negative amount led by Minus:
//
//	−150 000 öre   "−1 500,00 kr"
//	1 234 567 öre  "12 345,67 kr"
//	0              "0,00 kr"
//
// Parse reads every text Format writes back to the same öre. The web
// pages, the API's texts and the PDFs print amounts with it.
func Format(ore int64) string {
	return Number(ore) + Space + UnitKr
}

// Number is Format without the unit, for a table whose heading names it:
// "−1 500,00".
func Number(ore int64) string {
	return number(ore, Minus, Space)
}

// Cell writes öre as a spreadsheet cell in kronor: two decimals after a
// decimal comma, no grouping, no unit and an ASCII "-" ("-1500,00"), the
// form a Swedish spreadsheet reads as a number (it reads neither U+2212 nor
// grouped digits reliably). Parse reads it back. The CSV exports write
// amounts with it under a heading that names the unit.
func Cell(ore int64) string {
	return number(ore, "-", "")
}

// number writes ore/100 with two decimals after a comma, thousands
// grouped by group and a negative amount led by minus. It is exact for
// every int64, math.MinInt64 included.
func number(ore int64, minus, group string) string {
	u := uint64(ore)
	if ore < 0 {
		u = -u
	}
	ds := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	if ore < 0 {
		b.WriteString(minus)
	}
	for i := range len(ds) {
		if i > 0 && (len(ds)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteByte(ds[i])
	}
	b.WriteString("," + strconv.FormatUint(u%100+100, 10)[1:])
	return b.String()
}
