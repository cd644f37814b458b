package delegation

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
	"github.com/samstyr/samstyr/internal/identity"
)

// Limits on an imported file (CSV or YAML).
const (
	MaxImportBytes = 1 << 20 // 1 MiB
	MaxImportRows  = 5000    // points (CSV data rows, not counting the header)
	// MaxImportErrors is how many problems an import lists; past it the
	// list ends with a "too_many_errors" entry.
	MaxImportErrors = 1000
)

// ErrImportTooLarge is returned when an imported file is over
// MaxImportBytes or has more than MaxImportRows points.
var ErrImportTooLarge = fault.New(fault.TooLarge, "too_large")

// The CSV columns, in the order WriteCSV writes them.
const (
	ColCode          = "Kod"
	ColSection       = "Avsnitt"
	ColMatter        = "Ärende"
	ColLegalBasis    = "Lagrum"
	ColDelegate      = "Delegat"
	ColSubstitutes   = "Ersättare"
	ColLimit         = "Beloppsgräns"
	ColConditions    = "Villkor"
	ColReportTo      = "Anmäls till"
	ColSubdelegation = "Vidaredelegering"
	ColUrgentOnly    = "Endast brådskande"
	ColExcluded      = "Undantag KL 6:38"
	ColPrinciple     = "Principiell"
)

// Column indexes in CSVHeader.
const (
	iCode = iota
	iSection
	iMatter
	iLegalBasis
	iDelegate
	iSubstitutes
	iLimit
	iConditions
	iReportTo
	iSubdelegation
	iUrgentOnly
	iExcluded
	iPrinciple
	numColumns
)

// CSVHeader is the header row of a delegationsordning CSV file, in the
// order WriteCSV writes it. ReadCSV accepts the columns in any order.
var CSVHeader = []string{ColCode, ColSection, ColMatter, ColLegalBasis, ColDelegate, ColSubstitutes,
	ColLimit, ColConditions, ColReportTo, ColSubdelegation, ColUrgentOnly, ColExcluded, ColPrinciple}

// csvColumnOf maps a Point's JSON field name (the segment after
// "/points/i/" in ValidatePoints paths) to its CSV column.
var csvColumnOf = map[string]string{
	"code": ColCode, "section": ColSection, "matter": ColMatter, "legal_basis": ColLegalBasis,
	"delegate": ColDelegate, "substitutes": ColSubstitutes, "limit": ColLimit,
	"conditions": ColConditions, "report_to": ColReportTo, "subdelegation_allowed": ColSubdelegation,
	"urgent_only": ColUrgentOnly, "excluded": ColExcluded, "principle": ColPrinciple,
}

// roleLabels are the Swedish names WriteCSV writes for the roles.
var roleLabels = map[identity.Role]string{
	identity.RoleHandlaggare:      "Handläggare",
	identity.RoleOrdforande:       "Ordförande",
	identity.RoleViceOrdforande:   "Vice ordförande",
	identity.RoleSekreterare:      "Nämndsekreterare",
	identity.RoleForvaltningschef: "Förvaltningschef",
	identity.RoleLedamot:          "Ledamot",
	identity.RoleErsattare:        "Ersättare",
	identity.RoleRevisor:          "Revisor",
	identity.RoleAdmin:            "Systemadministratör",
	identity.RoleArkivarie:        "Arkivarie",
}

// roleNames maps lower-case names (role ids, Swedish names and common
// titles) to role ids.
var roleNames = func() map[string]identity.Role {
	m := map[string]identity.Role{
		"vice_ordförande":        identity.RoleViceOrdforande,
		"vice-ordförande":        identity.RoleViceOrdforande,
		"förste vice ordförande": identity.RoleViceOrdforande,
		"it-chef":                identity.RoleForvaltningschef,
		"sekreterare":            identity.RoleSekreterare,
		"administratör":          identity.RoleAdmin,
	}
	for r, label := range roleLabels {
		m[string(r)] = r
		m[strings.ToLower(label)] = r
	}
	return m
}()

// RoleLabel returns the Swedish name of a role ("Förvaltningschef"), or
// role itself when it is not a known role.
func RoleLabel(role string) string {
	if l, ok := roleLabels[identity.Role(role)]; ok {
		return l
	}
	return role
}

// ParseRole reads a role id ("ordforande") or a Swedish name
// ("Ordförande", "Vice ordförande", "IT-chef", "Nämndsekreterare"), case
// insensitively. An unknown name is returned trimmed and unchanged with
// false, so that validation can report it.
func ParseRole(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if r, ok := roleNames[strings.ToLower(strings.Join(strings.Fields(s), " "))]; ok {
		return string(r), true
	}
	return s, false
}

// categoryLabels are the Swedish labels WriteCSV writes for the KL 6:38
// categories; categoryNames also accepts some variants. No label may
// contain a comma: the Undantag cell is a comma-separated list.
var categoryLabels = map[Category]string{
	CatGoals:       "mål och inriktning",
	CatToCouncil:   "framställning till fullmäktige",
	CatPrinciple:   "principiell beskaffenhet",
	CatCitizen:     "medborgarförslag",
	CatSpecialLaw:  "speciallag",
	CatAppealReply: "yttrande över överklagat beslut",
}

var categoryNames = func() map[string]Category {
	m := map[string]Category{
		"framställning eller yttrande till fullmäktige":  CatToCouncil,
		"yttrande till fullmäktige":                      CatToCouncil,
		"principiell":                                    CatPrinciple,
		"myndighetsutövning av principiell beskaffenhet": CatPrinciple,
		"speciallagstiftning":                            CatSpecialLaw,
		"yttrande över överklagande":                     CatAppealReply,
	}
	for c, label := range categoryLabels {
		m[string(c)] = c
		m[label] = c
	}
	return m
}()

// CategoryLabel returns the Swedish label of a KL 6:38 category ("mål och
// inriktning"), or the id itself when it is not a known category.
func CategoryLabel(c Category) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return string(c)
}

// ParseCategory reads a category id ("mal_inriktning") or a Swedish label
// ("mål och inriktning"), case insensitively. An unknown label is returned
// trimmed with false, so that validation can report it.
func ParseCategory(s string) (Category, bool) {
	s = strings.TrimSpace(s)
	if c, ok := categoryNames[strings.ToLower(strings.Join(strings.Fields(s), " "))]; ok {
		return c, true
	}
	return Category(s), false
}

// reportToNames maps lower-case Swedish and id forms of "Anmäls till".
var reportToNames = map[string]ReportTo{
	"nämnd": ReportBoard, "nämnden": ReportBoard, "namnd": ReportBoard,
	"förvaltningschef": ReportManager, "förvaltningschefen": ReportManager, "forvaltningschef": ReportManager,
	"nej": ReportNone, "ingen": ReportNone, "anmäls ej": ReportNone,
}

// reportToLabels are what WriteCSV writes.
var reportToLabels = map[ReportTo]string{ReportBoard: "Nämnd", ReportManager: "Förvaltningschef", ReportNone: "Nej"}

// ParseReportTo reads "Nämnd", "Förvaltningschef" or "Nej" (also the ids
// namnd, forvaltningschef, ingen), case insensitively. Anything else is
// returned trimmed with false, so that validation can report it.
func ParseReportTo(s string) (ReportTo, bool) {
	s = strings.TrimSpace(s)
	if r, ok := reportToNames[strings.ToLower(s)]; ok {
		return r, true
	}
	return ReportTo(s), false
}

// parseBool reads Ja/Nej (any case; empty is Nej).
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ja":
		return true, true
	case "nej", "":
		return false, true
	}
	return false, false
}

func formatBool(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}

// splitList splits a comma-separated cell; an empty cell is an empty list.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// ReadCSV reads the points of a delegationsordning from a CSV file: UTF-8
// (a byte order mark is skipped), ';' separated, a header row with the
// columns of CSVHeader in any order (matched case-insensitively), then one
// point per row. Rows whose cells are all empty are skipped.
//
// Cells: Delegat and Ersättare take role ids or Swedish names (see
// ParseRole), Ersättare as a comma-separated ordered list; Beloppsgräns as
// ParseLimit reads it; Anmäls till Nämnd, Förvaltningschef or Nej;
// Vidaredelegering, Endast brådskande and Principiell Ja or Nej (empty is
// Nej); Undantag KL 6:38 a comma-separated list of categories (see
// ParseCategory).
//
// ReadCSV returns either all points or no points and an Unprocessable
// "validation_failed" fault whose fields name every problem, sorted, as
// "row 3, column Delegat" (or "row 3" for a whole row) with a code: the
// header's "invalid_header" (a column missing, unknown or repeated), a
// cell's "invalid_boolean", "invalid_limit", "negative_limit",
// "limit_too_large" or "invalid_encoding", a row's "wrong_column_count" or
// "invalid_csv", and every code of ValidatePoints. At most
// MaxImportErrors problems are listed; a last entry with the code
// "too_many_errors" (and no field) says more were left out. Input over
// MaxImportBytes or with more than MaxImportRows data rows gives
// ErrImportTooLarge.
func ReadCSV(r io.Reader) ([]Point, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, ErrImportTooLarge.WithDetail("the file is larger than %d bytes", MaxImportBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1

	errs := csvcell.NewErrors(CSVHeader)
	header, err := cr.Read()
	if err != nil && !errors.Is(err, io.EOF) {
		errs.Add(1, "", "invalid_csv", csvcell.Detail(err))
		return nil, errs.Err(MaxImportErrors)
	}
	cols := readHeader(header, errs) // cols[i]: CSVHeader index of file column i, or -1
	if errs.Len() > 0 {
		return nil, errs.Err(MaxImportErrors)
	}
	named := 0 // the named columns come first
	for _, c := range cols {
		if c >= 0 {
			named++
		}
	}

	var points []Point
	var rows []int // rows[i]: the file row of points[i]
	dataRows := 0
	// Rows are numbered as a spreadsheet shows them (see csvcell.Rows).
	for row, rec := range csvcell.Rows(cr, header, errs) {
		if dataRows++; dataRows > MaxImportRows {
			return nil, ErrImportTooLarge.WithDetail("more than %d points", MaxImportRows)
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
				errs.Add(row, CSVHeader[cols[i]], "invalid_encoding", "not UTF-8")
				v = strings.ToValidUTF8(v, "\uFFFD")
			}
			cells[cols[i]] = csvcell.Unguard(strings.TrimSpace(v))
		}
		points = append(points, pointFromCells(cells, row, errs))
		rows = append(rows, row)
	}

	// Problems already reported for a cell are not repeated by validation
	// (all of validation's own problems of a cell are kept).
	type cellProblem struct {
		row          int
		column, code string
		detail       string
	}
	var found []cellProblem
	for _, fe := range ValidatePoints(points) {
		// "/points/<i>/<field>[/<j>]"
		parts := strings.SplitN(strings.TrimPrefix(fe.Field, "/points/"), "/", 3)
		i, _ := strconv.Atoi(parts[0])
		column := ""
		if len(parts) > 1 {
			column = csvColumnOf[parts[1]]
		}
		if !errs.Has(rows[i], column) {
			detail := fe.Detail
			if fe.Code == "duplicate_code" {
				detail = duplicateDetail(fe.Detail, rows)
			}
			found = append(found, cellProblem{rows[i], column, fe.Code, detail})
		}
	}
	for _, p := range found {
		errs.Add(p.row, p.column, p.code, p.detail)
	}
	if err := errs.Err(MaxImportErrors); err != nil {
		return nil, err
	}
	if points == nil {
		points = []Point{}
	}
	return points, nil
}

// duplicateDetail rewrites ValidatePoints' "X is also point i" as a row.
func duplicateDetail(detail string, rows []int) string {
	code, idx, ok := strings.Cut(detail, " is also point ")
	if i, err := strconv.Atoi(idx); ok && err == nil && i >= 0 && i < len(rows) {
		return fmt.Sprintf("%s is also in row %d", code, rows[i])
	}
	return detail
}

// readHeader matches the header row against CSVHeader and reports every
// missing, unknown or repeated column.
//
// Empty header cells at the end of the row (spreadsheet programs write
// them) stand for unnamed columns whose cells must be empty.
func readHeader(header []string, errs *csvcell.Errors) []int {
	named := len(header)
	for named > 0 && strings.TrimSpace(header[named-1]) == "" {
		named--
	}
	cols := make([]int, len(header))
	found := make([]bool, len(CSVHeader))
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !utf8.ValidString(h) {
			h = strings.ToValidUTF8(h, "\uFFFD")
		}
		cols[i] = slices.IndexFunc(CSVHeader, func(c string) bool { return strings.EqualFold(c, h) })
		switch {
		case i >= named:
			// unnamed trailing column
		case cols[i] < 0 && h == "":
			errs.Add(1, fmt.Sprintf("%d", i+1), "invalid_header", "a column without a name")
		case cols[i] < 0:
			errs.Add(1, h, "invalid_header", "unknown column")
		case found[cols[i]]:
			errs.Add(1, CSVHeader[cols[i]], "invalid_header", "repeated column")
		default:
			found[cols[i]] = true
		}
	}
	for i, ok := range found {
		if !ok {
			errs.Add(1, CSVHeader[i], "invalid_header", "missing column")
		}
	}
	return cols
}

// pointFromCells builds a point from the cells of one row (indexed like
// CSVHeader), reporting cells that cannot be read at all. Values that can
// be read but are wrong (an unknown role) are left for ValidatePoints.
func pointFromCells(c []string, row int, errs *csvcell.Errors) Point {
	p := Point{
		Code:       c[iCode],
		Section:    c[iSection],
		Matter:     c[iMatter],
		LegalBasis: c[iLegalBasis],
		Conditions: c[iConditions],
	}
	p.Delegate, _ = ParseRole(c[iDelegate])
	for _, s := range splitList(c[iSubstitutes]) {
		r, _ := ParseRole(s)
		p.Substitutes = append(p.Substitutes, r)
	}
	if l, err := ParseLimit(c[iLimit]); err != nil {
		errs.Add(row, ColLimit, fault.From(err).Code, fault.From(err).Detail)
	} else {
		p.Limit = l
	}
	if c[iReportTo] != "" {
		p.ReportTo, _ = ParseReportTo(c[iReportTo])
	}
	for _, b := range []struct {
		col int
		dst *bool
	}{{iSubdelegation, &p.SubdelegationAllowed}, {iUrgentOnly, &p.UrgentOnly}, {iPrinciple, &p.Principle}} {
		v, ok := parseBool(c[b.col])
		if !ok {
			errs.Add(row, CSVHeader[b.col], "invalid_boolean", fmt.Sprintf("%q: write Ja or Nej", c[b.col]))
		}
		*b.dst = v
	}
	for _, s := range splitList(c[iExcluded]) {
		cat, _ := ParseCategory(s)
		p.Excluded = append(p.Excluded, cat)
	}
	return p
}

// WriteCSV writes points as a CSV file ReadCSV reads back to the same
// points: UTF-8 without a byte order mark, ';' separated, the CSVHeader
// row, then one row per point with Swedish names for roles, reporting
// targets, categories and Ja/Nej. A cell a spreadsheet would run as a
// formula (starting with =, +, -, @) gets a leading apostrophe, which
// ReadCSV removes.
func WriteCSV(w io.Writer, points []Point) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, p := range points {
		subs := make([]string, len(p.Substitutes))
		for i, s := range p.Substitutes {
			subs[i] = RoleLabel(s)
		}
		excl := make([]string, len(p.Excluded))
		for i, c := range p.Excluded {
			excl[i] = CategoryLabel(c)
		}
		report, ok := reportToLabels[p.ReportTo]
		if !ok {
			report = string(p.ReportTo)
		}
		rec := []string{p.Code, p.Section, p.Matter, p.LegalBasis, RoleLabel(p.Delegate),
			strings.Join(subs, ", "), FormatLimit(p.Limit), p.Conditions, report,
			formatBool(p.SubdelegationAllowed), formatBool(p.UrgentOnly), strings.Join(excl, ", "),
			formatBool(p.Principle)}
		for i := range rec {
			rec[i] = csvcell.Guard(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
