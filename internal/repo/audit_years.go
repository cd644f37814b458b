package repo

import (
	"context"
	"errors"
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
// stored without budget_years_key gets it, by a version-guarded update of
// the document as it is with only that field added (a record rewritten
// meanwhile got it from that write). It reads the records once, a batch
// at a time in id order, and is idempotent.
func fillBudgetYearsKey(ctx context.Context, b store.Backend) error {
	var after *store.Position
	for {
		recs, err := b.Find(ctx, CollDecisions, store.Query{Limit: 200, After: after})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if err := fillOneBudgetYearsKey(ctx, b, rec); err != nil {
				return err
			}
		}
		if len(recs) < 200 {
			return nil
		}
		after = &store.Position{ID: recs[len(recs)-1].ID}
	}
}

func fillOneBudgetYearsKey(ctx context.Context, b store.Backend, rec store.Record) error {
	doc, err := rawDoc(rec)
	if err != nil {
		return err
	}
	if _, ok := doc[budgetYearsField]; ok {
		return nil
	}
	var r audit.Record
	if err := rec.Decode(&r); err != nil {
		return err
	}
	body, err := withField(rec.Data, budgetYearsField, budgetYearsKey(r))
	if err != nil {
		return err
	}
	_, err = b.Update(ctx, CollDecisions, rec.ID, rec.Version, body)
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}
