package audit

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/samstyr/samstyr/internal/csvcell"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/money"
)

// ExportCSV streams the matching decisions as CSV for Swedish Excel:
// UTF-8 with BOM, ';' separated, ISO dates, amounts in kronor with a
// decimal comma, decisions named by diarienummer (DecisionRef) and kinds
// and roles in words (the JSON Lines export keeps ids and codes).
func (s *Service) ExportCSV(ctx context.Context, f Filter, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	_ = cw.Write([]string{"Beslut", "Nämnd", "Diarienummer", "Ärendemening", "Typ", "Beslutsfattare", "Roll", "Punkt",
		"Delegationsordning", "Belopp (kr)", "Budgetpåverkan", "Signerat", "Anmält", "Anmält vid", "Följer delegationsordningen",
		"Beslutsdatum", "Beslutstext"})
	n := 0
	err := s.Each(ctx, f, func(r Record) error {
		n++
		// Free text is guarded against spreadsheet formulas: a title
		// "=HYPERLINK(…)" must reach the auditor's Excel as text.
		_ = cw.Write([]string{DecisionRef(r.RegistrationNumber, r.ID), r.Board, r.RegistrationNumber, csvcell.Guard(r.Title),
			word("decision_kind", r.Kind), csvcell.Guard(r.DeciderName), word("role", r.Role), csvcell.Guard(r.PointCode), r.OrderID, money.Cell(r.AmountOre), yesNo(r.BudgetImpact), yesNo(r.Signed),
			yesNo(r.Reported), csvcell.Guard(r.ReportRef), yesNo(r.Compliant), r.DecidedOn,
			csvcell.Guard(strings.ReplaceAll(r.Text, "\n", " "))})
		if n%500 == 0 {
			cw.Flush()
			return cw.Error()
		}
		return nil
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	return n, err
}

// ExportJSONL streams the matching decisions as JSON Lines.
func (s *Service) ExportJSONL(ctx context.Context, f Filter, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	n := 0
	err := s.Each(ctx, f, func(r Record) error {
		n++
		return enc.Encode(r)
	})
	if err == nil {
		err = bw.Flush()
	}
	return n, err
}

// DecisionRef names a decision for people: its case's diarienummer and
// its number in the case, "ITN 2026/1, beslut 1" (the decision's id is
// the case's id and "-b1"; an id of another form is named by the case).
func DecisionRef(number, id string) string {
	if i := strings.LastIndex(id, "-b"); i >= 0 && i+2 < len(id) && strings.Trim(id[i+2:], "0123456789") == "" {
		return number + ", beslut " + id[i+2:]
	}
	return number
}

// word is a code's Swedish label in the export (the code itself if it
// has none).
func word(group, code string) string {
	if code == "" || !i18n.HasLabel(group, code) {
		return code
	}
	return i18n.Label(group, code)
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}
