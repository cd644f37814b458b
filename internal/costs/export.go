package costs

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/samstyr/samstyr/internal/csvcell"
	"github.com/samstyr/samstyr/internal/money"
)

// bom makes Swedish Excel read the CSV as UTF-8.
const bom = "\ufeff"

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
		_ = cw.Write([]string{csvcell.Guard(m.Name), m.Code, strconv.FormatInt(m.Users, 10), m.Percent, money.Cell(m.BudgetNetShare), money.Cell(m.Invoiced),
			money.Cell(m.ResultShared), money.Cell(m.ResultPolitical), money.Cell(m.ResultDirect), money.Cell(m.Total), money.Cell(m.Reconciliation)})
	}
	r := s.Primary
	_ = cw.Write([]string{"Summa", "", "", "", money.Cell(r.BudgetNet), money.Cell(r.Invoiced), money.Cell(r.ResultShared), money.Cell(r.ResultPolitical),
		money.Cell(r.ResultDirect), money.Cell(r.ResultTotal), money.Cell(r.Reconciliation)})
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
			_ = cw.Write([]string{csvcell.Guard(m.Name), m.Code, strconv.Itoa(s.Year), fmt.Sprintf("Q%d", q+1), money.Cell(amount), string(s.Primary.Rule)})
		}
		_ = cw.Write([]string{csvcell.Guard(m.Name), m.Code, strconv.Itoa(s.Year), "Avstämning december", money.Cell(m.Reconciliation), string(s.Primary.Rule)})
	}
	cw.Flush()
	return cw.Error()
}
