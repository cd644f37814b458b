package costs

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/samstyr/samstyr/internal/csvcell"
)

// bom makes Swedish Excel read the CSV as UTF-8.
const bom = "\ufeff"

func kr(ore int64) string {
	sign := ""
	if ore < 0 {
		sign, ore = "-", -ore
	}
	return fmt.Sprintf("%s%d,%02d", sign, ore/100, ore%100)
}

// WriteAllocationCSV writes a snapshot's allocation per member (';',
// decimal comma, UTF-8 with BOM: opens in Swedish Excel).
func WriteAllocationCSV(w io.Writer, s Snapshot) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	_ = cw.Write([]string{"Kommun", "Kod", "Användare", "Andel", "Budgeterad nettokostnad", "Fakturerat", "Gemensamt resultat",
		"Politiska kostnader", "Direkta kostnader", "Totalt", "Avstämning december"})
	for _, m := range s.Primary.Members {
		_ = cw.Write([]string{csvcell.Guard(m.Name), m.Code, strconv.FormatInt(m.Users, 10), m.Percent, kr(m.BudgetNetShare), kr(m.Invoiced),
			kr(m.ResultShared), kr(m.ResultPolitical), kr(m.ResultDirect), kr(m.Total), kr(m.Reconciliation)})
	}
	r := s.Primary
	_ = cw.Write([]string{"Summa", "", "", "", kr(r.BudgetNet), kr(r.Invoiced), kr(r.ResultShared), kr(r.ResultPolitical),
		kr(r.ResultDirect), kr(r.ResultTotal), kr(r.Reconciliation)})
	cw.Flush()
	return cw.Error()
}

// WriteInvoicesCSV writes a snapshot's invoice plan: one row per member
// and quarter.
func WriteInvoicesCSV(w io.Writer, s Snapshot) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	_ = cw.Write([]string{"Kommun", "Kod", "År", "Kvartal", "Belopp (kr)", "Regel"})
	for _, m := range s.Primary.Members {
		for q, amount := range m.Invoices {
			_ = cw.Write([]string{csvcell.Guard(m.Name), m.Code, strconv.Itoa(s.Year), fmt.Sprintf("Q%d", q+1), kr(amount), string(s.Primary.Rule)})
		}
		_ = cw.Write([]string{csvcell.Guard(m.Name), m.Code, strconv.Itoa(s.Year), "Avstämning december", kr(m.Reconciliation), string(s.Primary.Rule)})
	}
	cw.Flush()
	return cw.Error()
}
