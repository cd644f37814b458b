package budget

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/csvcell"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/money"
)

// Limits on an imported CSV file.
const (
	MaxImportBytes = 1 << 20 // 1 MiB
	MaxImportRows  = 20000   // lines (data rows, not counting the header and blank rows)
	// MaxImportErrors is how many problems ReadCSV lists; past it the list
	// ends with a "too_many_errors" entry.
	MaxImportErrors = 1000
)

// The CSV columns. CSVHeader lists all but ColYear, which is optional.
const (
	ColType     = "Typ"        // Budget, Prognos or Utfall
	ColCategory = "Kategori"   // Line.Category
	ColITObject = "IT-objekt"  // Line.ITObject
	ColKind     = "Slag"       // Gemensam, Politisk, Direkt or Medlemsavgift
	ColMember   = "Kommun"     // member code or name
	ColAmount   = "Belopp"     // a Swedish amount, see money.Parse
	ColUnit     = "Enhet"      // kr or tkr; empty is kr
	ColNote     = "Anteckning" // Line.Note
	ColYear     = "År"         // optional; must be the imported year
)

// CSVHeader is the header row of a budget CSV file, in the order WriteCSV
// writes it: Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning.
// ReadCSV requires these columns in any order, and accepts ColYear too.
var CSVHeader = []string{ColType, ColCategory, ColITObject, ColKind, ColMember, ColAmount, ColUnit, ColNote}

// Column indexes in columns.
const (
	iType = iota
	iCategory
	iITObject
	iKind
	iMember
	iAmount
	iUnit
	iNote
	iYear
	numColumns
)

// columns are the columns ReadCSV knows: CSVHeader, then ColYear.
var columns = append(slices.Clone(CSVHeader), ColYear)

// columnOf maps a Line's JSON field name (the last segment of a
// ValidateLines path) to its CSV column.
var columnOf = map[string]string{
	"year": ColYear, "type": ColType, "category": ColCategory, "it_object": ColITObject,
	"kind": ColKind, "member": ColMember, "amount_ore": ColAmount, "note": ColNote,
}

// typeLabels and kindLabels are the Swedish names WriteCSV writes.
var (
	typeLabels = map[LineType]string{TypeBudget: "Budget", TypeForecast: "Prognos", TypeOutcome: "Utfall"}
	kindLabels = map[Kind]string{KindShared: "Gemensam", KindPolitical: "Politisk", KindDirect: "Direkt",
		KindContribution: "Medlemsavgift"}
)

// TypeLabel returns the Swedish name of a line type ("Prognos"), or t
// itself when it is not a known type.
func TypeLabel(t LineType) string {
	if l, ok := typeLabels[t]; ok {
		return l
	}
	return string(t)
}

// KindLabel returns the Swedish name of a kind ("Medlemsavgift"), or k
// itself when it is not a known kind.
func KindLabel(k Kind) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// ParseType reads a line type from its Swedish name (Budget, Prognos,
// Utfall) or id (budget, forecast, outcome), case-insensitively. Anything
// else is returned trimmed with false, so that validation can report it.
func ParseType(s string) (LineType, bool) {
	s = strings.TrimSpace(s)
	for t, l := range typeLabels {
		if strings.EqualFold(s, l) || strings.EqualFold(s, string(t)) {
			return t, true
		}
	}
	return LineType(s), false
}

// ParseKind reads a kind from its Swedish name (Gemensam, Politisk,
// Direkt, Medlemsavgift) or id (shared, political, direct, contribution),
// case-insensitively. Anything else is returned trimmed with false, so that
// validation can report it.
func ParseKind(s string) (Kind, bool) {
	s = strings.TrimSpace(s)
	for k, l := range kindLabels {
		if strings.EqualFold(s, l) || strings.EqualFold(s, string(k)) {
			return k, true
		}
	}
	return Kind(s), false
}

// memberIndex resolves the Kommun cell: a member code, or a name of
// memberNames matched case-insensitively with runs of spaces as one.
type memberIndex struct {
	byName map[string]string // folded name → code; "" when two codes share the name
	byCode map[string]string // code → the name WriteCSV writes
}

func foldName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func newMemberIndex(memberNames map[string]string) memberIndex {
	idx := memberIndex{byName: map[string]string{}, byCode: map[string]string{}}
	names := make([]string, 0, len(memberNames))
	for name, code := range memberNames {
		f := foldName(name)
		if f == "" || code == "" {
			continue
		}
		if c, seen := idx.byName[f]; seen && c != code {
			idx.byName[f] = ""
		} else {
			idx.byName[f] = code
		}
		names = append(names, name)
	}
	slices.Sort(names) // the first usable name of a code, in sorted order, is written
	for _, name := range names {
		code := memberNames[name]
		if _, done := idx.byCode[code]; !done && name == strings.TrimSpace(name) &&
			utf8.ValidString(name) && idx.byName[foldName(name)] == code {
			idx.byCode[code] = name
		}
	}
	return idx
}

// resolve returns the member code a cell names, or the cell itself when it
// names none, for validation to report.
func (idx memberIndex) resolve(cell string, members []string) string {
	if cell == "" || slices.Contains(members, cell) {
		return cell
	}
	if code := idx.byName[foldName(cell)]; code != "" {
		return code
	}
	return cell
}

// tooLarge is the fault of a file over the limits.
func tooLarge(detail string) error {
	return fault.Fields{{Code: "too_large", Detail: detail}}.Err(fault.Unprocessable)
}

// ReadCSV reads the budget, forecast and outcome lines of year from a CSV
// file, for a board whose member codes are members: UTF-8 (a byte order
// mark is skipped), ';' separated, a header row with the columns of
// CSVHeader in any order, matched case-insensitively,
//
//	Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning
//
// and optionally ColYear ("År"), then one line per row. Rows whose cells
// are all empty are skipped; cells are trimmed.
//
// Cells: Typ is Budget, Prognos or Utfall; Slag is Gemensam, Politisk,
// Direkt or Medlemsavgift (the ids of LineType and Kind are accepted too,
// see ParseType and ParseKind); Kommun is a member code or a name of
// memberNames (name → code, matched case-insensitively; it may be nil),
// required for Politisk, Direkt and Medlemsavgift and empty for Gemensam;
// Belopp is an amount as money.Parse reads it, in the unit of Enhet (kr or
// tkr, empty is kr) or its own; År, when the column is there, is year on
// every row.
//
// ReadCSV returns either all lines or no lines and an Unprocessable
// "validation_failed" fault whose fields name every problem, sorted, as
// "row 3, column Belopp" (or "row 3" for a whole row) with a code: the
// header's "invalid_header" (a column missing, unknown or repeated); a
// cell's "required", "invalid_type", "invalid_kind", CodeUnknownMember,
// CodeMemberNotAllowed, CodeInvalidAmount, CodeTooManyDecimals,
// CodeAmountTooLarge, CodeInvalidUnit, CodeWrongYear, "too_long",
// "invalid_value" (control characters) or "invalid_encoding" (not UTF-8);
// a row's "wrong_column_count" or "invalid_csv" (after which reading
// stops); a value under no header, "unnamed_column". At most
// MaxImportErrors problems are listed; a last entry with the code
// "too_many_errors" and no field says more were left out. A file over
// MaxImportBytes or with more than MaxImportRows lines gives only an entry
// with the code "too_large" and no field.
//
// Rows are counted as a spreadsheet shows them: the header is row 1, a
// cell with line breaks stays one row, and blank lines count.
//
// An error reading r is returned as it is.
func ReadCSV(r io.Reader, year int, members []string, memberNames map[string]string) ([]Line, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, tooLarge(fmt.Sprintf("the file is larger than %d bytes", MaxImportBytes))
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1

	errs := csvcell.NewErrors(columns)
	header, err := cr.Read()
	if err != nil && !errors.Is(err, io.EOF) {
		errs.Add(1, "", "invalid_csv", csvcell.Detail(err))
		return nil, errs.Err(MaxImportErrors)
	}
	cols, hasYear := readHeader(header, errs) // cols[i]: columns index of file column i, or -1
	if errs.Len() > 0 {
		return nil, errs.Err(MaxImportErrors)
	}
	named := 0 // the named columns come first
	for _, c := range cols {
		if c >= 0 {
			named++
		}
	}

	idx := newMemberIndex(memberNames)
	var lines []Line
	var rows []int // rows[i]: the file row of lines[i]
	// Rows are numbered as a spreadsheet shows them (see csvcell.Rows).
	for row, rec := range csvcell.Rows(cr, header, errs) {
		if len(lines) == MaxImportRows {
			return nil, tooLarge(fmt.Sprintf("more than %d lines", MaxImportRows))
		}
		// Tolerate empty cells past the end, or missing ones in unnamed columns.
		for len(rec) > len(cols) && strings.TrimSpace(rec[len(rec)-1]) == "" {
			rec = rec[:len(rec)-1]
		}
		for len(rec) < len(cols) && len(rec) >= named {
			rec = append(rec, "")
		}
		if len(rec) != len(cols) {
			errs.Add(row, "", "wrong_column_count", fmt.Sprintf("%d cells, the header has %d", len(rec), named))
			lines = append(lines, Line{}) // keeps the row count; dropped with the error
			rows = append(rows, -row)
			continue
		}
		cells := make([]string, numColumns)
		for i, v := range rec {
			if cols[i] < 0 {
				if strings.TrimSpace(v) != "" {
					errs.Add(row, strconv.Itoa(i+1), "unnamed_column", "a value in a column without a header")
				}
				continue
			}
			if !utf8.ValidString(v) {
				errs.Add(row, columns[cols[i]], "invalid_encoding", "not UTF-8")
				v = strings.ToValidUTF8(v, "\uFFFD")
			}
			cells[cols[i]] = csvcell.Unguard(strings.TrimSpace(v))
		}
		lines = append(lines, lineFromCells(cells, hasYear, year, members, idx, row, errs))
		rows = append(rows, row)
	}

	for _, fe := range ValidateLines(lines, year, members) {
		// "/lines/<i>/<field>"
		parts := strings.Split(fe.Field, "/")
		if len(parts) != 4 {
			continue
		}
		i, err := strconv.Atoi(parts[2])
		if err != nil || i < 0 || i >= len(rows) || rows[i] < 0 {
			continue
		}
		if column := columnOf[parts[3]]; !errs.Has(rows[i], column) {
			errs.Add(rows[i], column, fe.Code, fe.Detail)
		}
	}
	if err := errs.Err(MaxImportErrors); err != nil {
		return nil, err
	}
	if lines == nil {
		lines = []Line{}
	}
	return lines, nil
}

// lineFromCells builds a line from the cells of one row (indexed like
// columns), reporting the cells that cannot be read at all. Values that
// can be read but are wrong (an unknown member) are left for
// ValidateLines.
func lineFromCells(c []string, hasYear bool, year int, members []string, idx memberIndex, row int, errs *csvcell.Errors) Line {
	l := Line{
		Year:     year,
		Category: c[iCategory],
		ITObject: c[iITObject],
		Member:   idx.resolve(c[iMember], members),
		Note:     c[iNote],
	}
	l.Type, _ = ParseType(c[iType])
	l.Kind, _ = ParseKind(c[iKind])
	if hasYear {
		switch y, err := strconv.Atoi(c[iYear]); {
		case c[iYear] == "":
			errs.Add(row, ColYear, "required", fmt.Sprintf("the year, %d", year))
		case err != nil:
			errs.Add(row, ColYear, CodeWrongYear, fmt.Sprintf("%q, not %d", c[iYear], year))
		default:
			l.Year = y
		}
	}

	unit, unitOK := money.ParseUnit(c[iUnit])
	if !unitOK {
		errs.Add(row, ColUnit, CodeInvalidUnit, fmt.Sprintf("%q: write kr or tkr", c[iUnit]))
	}
	switch {
	case c[iAmount] == "":
		errs.Add(row, ColAmount, "required", "")
	case !unitOK:
		// Without a unit only the syntax can be checked; tkr allows the
		// most decimals.
		if _, err := money.Parse(c[iAmount], money.UnitTkr); err != nil && fault.From(err).Code == CodeInvalidAmount {
			errs.Add(row, ColAmount, CodeInvalidAmount, fault.From(err).Detail)
		}
	default:
		v, err := money.Parse(c[iAmount], unit)
		if err != nil {
			f := fault.From(err)
			errs.Add(row, ColAmount, f.Code, f.Detail)
		}
		l.AmountOre = v
	}
	return l
}

// readHeader matches the header row against columns, reports every
// missing, unknown or repeated column, and says whether ColYear is there.
//
// Empty header cells at the end of the row (spreadsheet programs write
// them) stand for unnamed columns whose cells must be empty.
func readHeader(header []string, errs *csvcell.Errors) ([]int, bool) {
	named := len(header)
	for named > 0 && strings.TrimSpace(header[named-1]) == "" {
		named--
	}
	cols := make([]int, len(header))
	found := make([]bool, len(columns))
	for i, h := range header {
		h = strings.ToValidUTF8(strings.TrimSpace(h), "\uFFFD")
		cols[i] = slices.IndexFunc(columns, func(c string) bool { return strings.EqualFold(c, h) })
		switch {
		case i >= named:
			// unnamed trailing column
		case cols[i] < 0 && h == "":
			errs.Add(1, strconv.Itoa(i+1), "invalid_header", "a column without a name")
		case cols[i] < 0:
			errs.Add(1, h, "invalid_header", "unknown column")
		case found[cols[i]]:
			errs.Add(1, columns[cols[i]], "invalid_header", "repeated column")
		default:
			found[cols[i]] = true
		}
	}
	for i, ok := range found[:iYear] {
		if !ok {
			errs.Add(1, columns[i], "invalid_header", "missing column")
		}
	}
	return cols, found[iYear]
}

// WriteCSV writes lines as a CSV file that ReadCSV reads back to the same
// lines (for valid lines of one year): UTF-8 without a byte order mark,
// ';' separated, the CSVHeader row, then one row per line with the Swedish
// names of types and kinds, the member's name from memberNames (name →
// code; the first name in sorted order that ReadCSV resolves back to the
// code) or else its code, and the amount in kr with two decimals
// as money.Cell writes it ("-8220600,00", Enhet "kr"). A text cell a spreadsheet would run as a
// formula (starting with =, +, -, @) gets a leading apostrophe, which
// ReadCSV removes.
func WriteCSV(w io.Writer, lines []Line, memberNames map[string]string) error {
	idx := newMemberIndex(memberNames)
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, l := range lines {
		member := l.Member
		if name, ok := idx.byCode[member]; ok {
			member = name
		}
		rec := []string{
			csvcell.Guard(TypeLabel(l.Type)),
			csvcell.Guard(l.Category),
			csvcell.Guard(l.ITObject),
			csvcell.Guard(KindLabel(l.Kind)),
			csvcell.Guard(member),
			money.Cell(l.AmountOre),
			money.UnitKr,
			csvcell.Guard(l.Note),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
