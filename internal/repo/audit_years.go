package repo

import (
	"context"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/store"
)

// budgetYearsField is the field every decision record carries, derived
// from the record in the same write: its budget years (the years its
// budget impact affects) as one string, each year between commas
// (",2025,2026,"; "" for none). The budget report of a year searches it
// with OpContains for ",<year>,", an exact year and never a part of one,
// since the kernel has no "array contains".
const budgetYearsField = "budget_years_key"

// budgetYearsKey is r's budgetYearsField.
func budgetYearsKey(r audit.Record) string {
	if len(r.BudgetYears) == 0 {
		return ""
	}
	var b strings.Builder
	for _, y := range r.BudgetYears {
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(y))
	}
	b.WriteByte(',')
	return b.String()
}

// budgetYearCond is the condition of the records with a budget impact on
// year.
func budgetYearCond(year int) store.Cond {
	return store.Cond{Field: budgetYearsField, Op: store.OpContains, Value: "," + strconv.Itoa(year) + ","}
}

// fillBudgetYearsKey is migration 23's data step: every decision record
// stored without budget_years_key gets it (fillField).
func fillBudgetYearsKey(ctx context.Context, b store.Backend) error {
	return fillField(ctx, b, CollDecisions, budgetYearsField, func(rec store.Record) (any, bool, error) {
		var r audit.Record
		err := rec.Decode(&r)
		return budgetYearsKey(r), err == nil, err
	})
}
