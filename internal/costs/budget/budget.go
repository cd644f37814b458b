// Package budget holds the budget, forecast (prognos) and outcome (utfall)
// lines of a board and year, and their CSV import and export.
//
// A Line is one amount of one year: a cost or revenue of a category (the
// rows of the seed's "Ekonomisk sammanställning": Personalkostnader,
// Telefoni, Övriga intäkter …), optionally of one IT object, with a Kind
// that says how the amount reaches the member municipalities:
//
//   - KindShared: inside the shared net cost (gemensam nettokostnad),
//     which is split between the members by the allocation key. Revenues
//     counted into the net cost, such as income from the municipal
//     companies, are shared lines too.
//   - KindPolitical: arvoden and expense allowances of the elected members
//     (nämndsarvoden), charged to the member that pays them (§16 of the
//     samverkansavtal), never split.
//   - KindDirect: a cost that can be traced to one member and is charged
//     to it.
//   - KindContribution: a member's payment to the board (the seed's
//     "Intäkter Borgholms kommun").
//
// Money is int64 öre (1 kr = 100 öre), with the seed's signs: costs are
// positive, revenues and contributions negative. The package does not
// enforce the signs (a correction may go the other way); it does cap every
// amount at MaxAmountOre, so that the sum of MaxImportRows lines cannot
// overflow an int64.
//
// Amounts are read the Swedish way ("12 345,67 kr", "-8 220,6 tkr") by
// money.Parse and written as spreadsheet cells by money.Cell, exactly,
// without floating point.
package budget

import (
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
)

// LineType says whether a line is budgeted, forecast or an outcome.
type LineType string

// The line types.
const (
	TypeBudget   LineType = "budget"   // årsbudget
	TypeForecast LineType = "forecast" // årsprognos
	TypeOutcome  LineType = "outcome"  // utfall
)

// Kind says how a line's amount is charged to the member municipalities;
// see the package comment.
type Kind string

// The kinds of line.
const (
	KindShared       Kind = "shared"       // inside the shared net cost, split by the key
	KindPolitical    Kind = "political"    // arvoden of elected members, charged to the paying member
	KindDirect       Kind = "direct"       // traceable to one member, charged to it
	KindContribution Kind = "contribution" // a member's payment to the board (negative)
)

// NeedsMember reports whether a line of kind k names a member: political,
// direct and contribution lines do, shared lines do not.
func (k Kind) NeedsMember() bool {
	return k == KindPolitical || k == KindDirect || k == KindContribution
}

// Line is one budget, forecast or outcome amount of a board's year.
type Line struct {
	Year     int      `json:"year"`
	Type     LineType `json:"type"`
	Category string   `json:"category"`  // kostnadsslag, e.g. "Personalkostnader"
	ITObject string   `json:"it_object"` // optional IT object (objekt) the amount belongs to
	Kind     Kind     `json:"kind"`
	// Member is the member's code (kommunkod, e.g. "0885"): required for
	// political, direct and contribution lines, empty for shared ones.
	Member    string `json:"member"`
	AmountOre int64  `json:"amount_ore"`
	Note      string `json:"note"`
}

// MaxAmountOre is the largest amount of one line, either sign: the bound
// of every amount (money.MaxOre, 10^13 öre, that is 100 000 000 000 kr).
// Any real line is far below; the cap keeps the sum of MaxImportRows
// lines inside an int64.
const MaxAmountOre int64 = money.MaxOre

// The longest texts of a line, in characters.
const (
	MaxCategoryLen = 200
	MaxITObjectLen = 200
	MaxNoteLen     = 2000
)

// Codes of the field errors and faults this package returns beyond the
// shared ones ("required", "invalid_type", "invalid_kind", "too_long",
// "invalid_value" and the CSV codes listed at ReadCSV).
const (
	CodeInvalidAmount    = money.CodeInvalid         // not an amount: bad digits, grouping, sign or decimal comma
	CodeTooManyDecimals  = money.CodeTooManyDecimals // more than 2 decimals of kr or 5 of tkr
	CodeAmountTooLarge   = money.CodeTooLarge        // beyond MaxAmountOre
	CodeInvalidUnit      = money.CodeInvalidUnit     // a unit other than kr or tkr, or two units that disagree
	CodeUnknownMember    = "unknown_member"          // not a member of the board
	CodeMemberNotAllowed = "member_not_allowed"      // a member on a shared line
	CodeWrongYear        = "wrong_year"              // a line of another year than the one imported
)

// ValidateLines checks lines for a board whose member codes are members
// and the year year, and returns every problem with a JSON pointer
// ("/lines/3/member", as in a request body {"lines": [...]}) and a code:
//
//   - year: CodeWrongYear when it is not year;
//   - type, kind: "required" when empty, "invalid_type" / "invalid_kind"
//     when not one of the constants;
//   - category: "required"; category, it_object, note: "too_long" over
//     MaxCategoryLen, MaxITObjectLen, MaxNoteLen characters, and
//     "invalid_encoding" or "invalid_value" for text that is not UTF-8 or
//     holds control characters (a note may hold line breaks);
//   - member: "required" on political, direct and contribution lines,
//     CodeMemberNotAllowed on shared lines, CodeUnknownMember when it is
//     not one of members;
//   - amount_ore: CodeAmountTooLarge beyond ±MaxAmountOre.
//
// It returns nil when all lines are valid.
func ValidateLines(lines []Line, year int, members []string) []fault.FieldError {
	var fs []fault.FieldError
	for i, l := range lines {
		add := func(field, code, detail string) {
			fs = append(fs, fault.FieldError{Field: fmt.Sprintf("/lines/%d/%s", i, field), Code: code, Detail: detail})
		}
		if l.Year != year {
			add("year", CodeWrongYear, fmt.Sprintf("%d, not %d", l.Year, year))
		}
		switch l.Type {
		case TypeBudget, TypeForecast, TypeOutcome:
		case "":
			add("type", "required", "")
		default:
			add("type", "invalid_type", fmt.Sprintf("%q: budget, forecast or outcome", l.Type))
		}
		if l.Category == "" {
			add("category", "required", "")
		}
		for _, t := range []struct {
			field, s   string
			max        int
			lineBreaks bool
		}{{"category", l.Category, MaxCategoryLen, false}, {"it_object", l.ITObject, MaxITObjectLen, false},
			{"note", l.Note, MaxNoteLen, true}} {
			if code, detail := checkText(t.s, t.max, t.lineBreaks); code != "" {
				add(t.field, code, detail)
			}
		}
		switch l.Kind {
		case KindShared, KindPolitical, KindDirect, KindContribution:
		case "":
			add("kind", "required", "")
		default:
			add("kind", "invalid_kind", fmt.Sprintf("%q: shared, political, direct or contribution", l.Kind))
		}
		switch {
		case l.Kind == KindShared && l.Member != "":
			add("member", CodeMemberNotAllowed, "a shared line belongs to no member")
		case l.Kind.NeedsMember() && l.Member == "":
			add("member", "required", fmt.Sprintf("a %s line names its member", l.Kind))
		case l.Member != "" && !slices.Contains(members, l.Member):
			add("member", CodeUnknownMember, fmt.Sprintf("%q is not a member of the board", l.Member))
		}
		if l.AmountOre > MaxAmountOre || l.AmountOre < -MaxAmountOre {
			add("amount_ore", CodeAmountTooLarge, "beyond 100 000 000 000 kr")
		}
	}
	return fs
}

// checkText returns the code and detail of what is wrong with a text
// field, or "" when nothing is.
func checkText(s string, max int, lineBreaks bool) (string, string) {
	if !utf8.ValidString(s) {
		return "invalid_encoding", "not UTF-8"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "too_long", fmt.Sprintf("%d characters, at most %d", n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(lineBreaks && r == '\n') {
			return "invalid_value", fmt.Sprintf("control character %U", r)
		}
	}
	return "", ""
}
