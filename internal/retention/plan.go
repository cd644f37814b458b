// Package retention holds the informationshanteringsplan's rules on
// gallring (weeding) as pure domain logic: reading the plan from CSV,
// and saying for an ärende or a handling what the plan says and whether
// gallring may run on a given day.
//
// Gallring is allowed only under the adopted plan (AL 10 §, DOMAIN.md
// §3). It is refused for what the plan says to keep (bevaras), for a
// class the plan does not name, for anything under a pending request for
// allmän handling, for anything whose decisions have not gained laga
// kraft, before the plan's retention period has run out, and without a
// recorded gallringsbeslut (§ or delegationsbeslut). The facts (the
// pending request, laga kraft, the start of the period) are inputs: this
// package reads no store and no clock.
package retention

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
)

// The plan file's columns, in the order WriteCSV writes them. ReadCSV
// accepts them in any order, matched case-insensitively.
const (
	ColClass     = "Klass"          // the class of the klassificeringsstruktur, e.g. "2.3"
	ColName      = "Benämning"      // the class's or handling type's name (optional text)
	ColAction    = "Åtgärd"         // "Bevaras" or "Gallras"
	ColYears     = "Gallringsfrist" // whole years before gallring; empty for Bevaras
	ColReference = "Paragraf"       // the plan's § reference, e.g. "§ 4.2"
)

var columns = []string{ColClass, ColName, ColAction, ColYears, ColReference}

// Limits of an imported plan.
const (
	MaxImportBytes  = 1 << 20
	MaxImportRows   = 10_000
	MaxImportErrors = 50
	MaxYears        = 200
	maxCell         = 500
)

// Codes of the problems ReadCSV names (each with Swedish and English text
// in internal/i18n).
const (
	CodeUnknownClass      = "unknown_class"        // the class is not in the klassificeringsstruktur
	CodeDuplicateClass    = "duplicate_class"      // the class has another row
	CodeInvalidPlanAction = "invalid_plan_action"  // not Bevaras or Gallras
	CodeNegativeYears     = "negative_years"       // a negative gallringsfrist
	CodeInvalidYears      = "invalid_years"        // not a whole number of years, or too many
	CodeYearsForKept      = "years_for_kept_class" // a gallringsfrist on a class that is kept
)

// Rule is the plan's word on one class.
type Rule struct {
	Class string
	Name  string
	// Keep is true for "Bevaras".
	Keep bool
	// Years is the gallringsfrist for a class that is weeded.
	Years int
	// Reference is the plan's § for the rule.
	Reference string
}

// Plan is an informationshanteringsplan's gallring rules, one per class,
// sorted by class.
type Plan struct {
	Rules []Rule
}

// Rule returns the plan's rule for class.
func (p Plan) Rule(class string) (Rule, bool) {
	i, ok := slices.BinarySearchFunc(p.Rules, strings.TrimSpace(class), func(r Rule, c string) int { return strings.Compare(r.Class, c) })
	if !ok {
		return Rule{}, false
	}
	return p.Rules[i], true
}

// ReadCSV reads a plan: UTF-8 (a byte order mark is skipped), ';'
// separated, a header with the columns Klass, Benämning, Åtgärd,
// Gallringsfrist and Paragraf in any order, then one row per class.
// Blank rows are skipped and cells trimmed.
//
// Klass is required, once per plan, and must be one of classes (the
// klassificeringsstruktur; nil accepts any class). Åtgärd is Bevaras or
// Gallras (any case). Gallringsfrist is a whole number of years from 0
// to MaxYears, required for Gallras and empty for Bevaras. Paragraf is
// required.
//
// ReadCSV is all or nothing: it returns the whole plan, or no plan and an
// Unprocessable "validation_failed" fault whose fields name every
// problem by row and column as csvcell does ("row 3, column Klass"), with
// the codes of this package and "required", "invalid_header",
// "wrong_column_count", "unnamed_column", "invalid_encoding", "too_long",
// "invalid_csv" and "too_large".
func ReadCSV(r io.Reader, classes []string) (Plan, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return Plan{}, err
	}
	if len(data) > MaxImportBytes {
		return Plan{}, fault.Fields{{Code: "too_large", Detail: fmt.Sprintf("the file is larger than %d bytes", MaxImportBytes)}}.Err(fault.Unprocessable)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1

	errs := csvcell.NewErrors(columns)
	header, err := cr.Read()
	if err != nil && !errors.Is(err, io.EOF) {
		errs.Add(1, "", "invalid_csv", csvcell.Detail(err))
		return Plan{}, errs.Err(MaxImportErrors)
	}
	cols := readHeader(header, errs)
	if errs.Len() > 0 {
		return Plan{}, errs.Err(MaxImportErrors)
	}
	known := map[string]bool{}
	for _, c := range classes {
		known[strings.TrimSpace(c)] = true
	}
	var plan Plan
	firstRow := map[string]int{}
	n := 0
	for row, rec := range csvcell.Rows(cr, header, errs) {
		if n++; n > MaxImportRows {
			return Plan{}, fault.Fields{{Code: "too_large", Detail: fmt.Sprintf("more than %d rows", MaxImportRows)}}.Err(fault.Unprocessable)
		}
		for len(rec) > len(cols) && strings.TrimSpace(rec[len(rec)-1]) == "" {
			rec = rec[:len(rec)-1]
		}
		if len(rec) != len(cols) {
			errs.Add(row, "", "wrong_column_count", fmt.Sprintf("%d cells, the header has %d", len(rec), len(cols)))
			continue
		}
		cell := map[string]string{}
		for i, v := range rec {
			if cols[i] == "" {
				if strings.TrimSpace(v) != "" {
					errs.Add(row, strconv.Itoa(i+1), "unnamed_column", "a value in a column without a header")
				}
				continue
			}
			if !utf8.ValidString(v) {
				errs.Add(row, cols[i], "invalid_encoding", "not UTF-8")
				v = strings.ToValidUTF8(v, "\uFFFD")
			}
			v = csvcell.Unguard(strings.TrimSpace(v))
			if utf8.RuneCountInString(v) > maxCell {
				errs.Add(row, cols[i], "too_long", fmt.Sprintf("at most %d characters", maxCell))
			}
			cell[cols[i]] = v
		}
		rule := readRule(row, cell, errs)
		switch {
		case rule.Class == "":
		case classes != nil && !known[rule.Class]:
			errs.Add(row, ColClass, CodeUnknownClass, fmt.Sprintf("%q is not in the klassificeringsstruktur", rule.Class))
		case firstRow[rule.Class] > 0:
			errs.Add(row, ColClass, CodeDuplicateClass, fmt.Sprintf("%q is also on row %d", rule.Class, firstRow[rule.Class]))
		default:
			firstRow[rule.Class] = row
		}
		plan.Rules = append(plan.Rules, rule)
	}
	if err := errs.Err(MaxImportErrors); err != nil {
		return Plan{}, err
	}
	slices.SortFunc(plan.Rules, func(a, b Rule) int { return strings.Compare(a.Class, b.Class) })
	return plan, nil
}

// readRule reads the cells of one row, naming what is wrong.
func readRule(row int, c map[string]string, errs *csvcell.Errors) Rule {
	r := Rule{Class: c[ColClass], Name: c[ColName], Reference: c[ColReference]}
	if r.Class == "" {
		errs.Add(row, ColClass, "required", "")
	}
	if r.Reference == "" {
		errs.Add(row, ColReference, "required", "the plan's §")
	}
	years := c[ColYears]
	switch strings.ToLower(c[ColAction]) {
	case "bevaras":
		r.Keep = true
		if years != "" {
			errs.Add(row, ColYears, CodeYearsForKept, fmt.Sprintf("%q for a class that is kept", years))
		}
		return r
	case "gallras":
	case "":
		errs.Add(row, ColAction, "required", "Bevaras or Gallras")
		return r
	default:
		errs.Add(row, ColAction, CodeInvalidPlanAction, fmt.Sprintf("%q: write Bevaras or Gallras", c[ColAction]))
		return r
	}
	y, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(years, "år")), " "))
	switch {
	case years == "":
		errs.Add(row, ColYears, "required", "the number of years before gallring")
	case err != nil:
		errs.Add(row, ColYears, CodeInvalidYears, fmt.Sprintf("%q is not a whole number of years", years))
	case y < 0:
		errs.Add(row, ColYears, CodeNegativeYears, fmt.Sprintf("%d", y))
	case y > MaxYears:
		errs.Add(row, ColYears, CodeInvalidYears, fmt.Sprintf("%d years; at most %d", y, MaxYears))
	default:
		r.Years = y
	}
	return r
}

// readHeader matches the header against the columns; cols[i] is the
// column of file column i ("" for an unnamed trailing one).
func readHeader(header []string, errs *csvcell.Errors) []string {
	named := len(header)
	for named > 0 && strings.TrimSpace(header[named-1]) == "" {
		named--
	}
	cols := make([]string, len(header))
	found := map[string]bool{}
	for i, h := range header[:named] {
		h = strings.ToValidUTF8(strings.TrimSpace(h), "\uFFFD")
		j := slices.IndexFunc(columns, func(c string) bool { return strings.EqualFold(c, h) })
		switch {
		case j < 0 && h == "":
			errs.Add(1, strconv.Itoa(i+1), "invalid_header", "a column without a name")
		case j < 0:
			errs.Add(1, h, "invalid_header", "unknown column")
		case found[columns[j]]:
			errs.Add(1, columns[j], "invalid_header", "repeated column")
		default:
			found[columns[j]] = true
			cols[i] = columns[j]
		}
	}
	for _, c := range columns {
		if !found[c] && c != ColName {
			errs.Add(1, c, "invalid_header", "missing column")
		}
	}
	return cols
}

// WriteCSV writes the plan in the form ReadCSV reads.
func WriteCSV(w io.Writer, p Plan) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(columns); err != nil {
		return err
	}
	for _, r := range p.Rules {
		action, years := "Bevaras", ""
		if !r.Keep {
			action, years = "Gallras", strconv.Itoa(r.Years)
		}
		if err := cw.Write([]string{csvcell.Guard(r.Class), csvcell.Guard(r.Name), action, years, csvcell.Guard(r.Reference)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
