package audit

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/samstyr/samstyr/internal/csvcell"
	"github.com/samstyr/samstyr/internal/money"
)

// ExportCSV streams the matching decisions as CSV for Swedish Excel:
// UTF-8 with BOM, ';' separated, ISO dates, amounts in kronor with a
// decimal comma.
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
		_ = cw.Write([]string{r.ID, r.Board, r.RegistrationNumber, csvcell.Guard(r.Title), r.Kind, csvcell.Guard(r.DeciderName),
			r.Role, csvcell.Guard(r.PointCode), r.OrderID, money.Cell(r.AmountOre), yesNo(r.BudgetImpact), yesNo(r.Signed),
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

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}
