// Package csvcell holds the cell rules shared by Samstyr's CSV files
// (delegationsordning, budget, the auditors' decision export and the cost
// allocation export): the guard against spreadsheet formulas and the way
// a cell is named in a validation error, the reading of data rows with
// the row numbers a spreadsheet shows, and the collector that lists an
// import's errors row by row.
package csvcell

import (
	"fmt"
	"strings"
)

// FormulaLike reports whether a spreadsheet program would run the cell as
// a formula: it starts with '=', '+', '-', '@', a tab or a carriage
// return, possibly after guard apostrophes.
func FormulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return FormulaLike(s[1:])
	}
	return false
}

// Guard puts an apostrophe in front of a formula-like text cell (the usual
// guard), so the cell is shown as text. Use it for free text, not for
// numbers: "-12,50" is formula-like too.
func Guard(s string) string {
	if FormulaLike(s) {
		return "'" + s
	}
	return s
}

// Unguard takes away the apostrophe Guard added.
func Unguard(s string) string {
	if strings.HasPrefix(s, "'") && FormulaLike(s[1:]) {
		return s[1:]
	}
	return s
}

// Field is the path of a cell in a CSV file as validation errors name it:
// "row 3, column Belopp" (rows counted from 1, the header being row 1), or
// "row 3" for a whole row.
func Field(row int, column string) string {
	if column == "" {
		return fmt.Sprintf("row %d", row)
	}
	return fmt.Sprintf("row %d, column %s", row, column)
}
