package repo

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store"
)

// Audit stores the decision projection and the auditors' query log.
type Audit struct{ b store.Backend }

var (
	_ audit.Storer       = Audit{}
	_ audit.RecordReader = Audit{}
)

// NewAudit returns the audit storage on b.
func NewAudit(b store.Backend) Audit { return Audit{b} }

func setRecordV(r *audit.Record, v int64) { r.Version = v }

// GetRecord loads a decision record.
func (r Audit) GetRecord(ctx context.Context, id string) (audit.Record, error) {
	var rec audit.Record
	return rec, get(ctx, r.b, CollDecisions, id, &rec, setRecordV)
}

// PutRecord inserts (version 0) or updates a decision record.
func (r Audit) PutRecord(ctx context.Context, rec audit.Record) (audit.Record, error) {
	if rec.Version == 0 {
		err := insert(ctx, r.b, CollDecisions, rec.ID, &rec, setRecordV, nil)
		return rec, conflictOnDup(err)
	}
	err := update(ctx, r.b, CollDecisions, rec.ID, rec.Version, &rec, setRecordV, nil)
	return rec, err
}

// CountRecords counts the decision records.
func (r Audit) CountRecords(ctx context.Context) (int64, error) {
	return r.b.Count(ctx, CollDecisions, nil)
}

// EachRecord calls fn with every decision record in id order, a page at
// a time (keyset on the document id, no index needed).
func (r Audit) EachRecord(ctx context.Context, fn func(audit.Record) error) error {
	var after *store.Position
	for {
		recs, err := r.b.Find(ctx, CollDecisions, store.Query{Limit: 500, After: after})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			var a audit.Record
			if err := rec.Decode(&a); err != nil {
				return err
			}
			a.Version = rec.Version
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(recs) < 500 {
			return nil
		}
		after = &store.Position{ID: recs[len(recs)-1].ID}
	}
}

// Search runs a filtered, keyset-paginated query over the projection.
func (r Audit) Search(ctx context.Context, f audit.Filter, after *audit.Cursor, limit int) ([]audit.Record, error) {
	return find(ctx, r.b, CollDecisions, AuditQuery(f, after, limit), setRecordV)
}

// AuditQuery is the store query of an auditor's search: the filter's
// conditions, its order and the keyset position after the cursor.
func AuditQuery(f audit.Filter, after *audit.Cursor, limit int) store.Query {
	var w []store.Cond
	switch {
	case f.Board != "":
		w = append(w, store.Eq("board", f.Board))
	case f.Boards != nil:
		w = append(w, store.Cond{Field: "board", Op: store.OpIn, Value: f.Boards})
	}
	// A record's decided_on is the Stockholm date of its decided_ns
	// (both from the decision's instant), so a date range is the range of
	// instants from the first day's midnight to the midnight after the
	// last: on the order key, where the indexes (board, …, decided_ns)
	// serve it together with the order.
	if !f.From.IsZero() {
		w = append(w, store.Cond{Field: "decided_ns", Op: store.OpGte, Value: midnight(f.From)})
	}
	if !f.To.IsZero() {
		w = append(w, store.Cond{Field: "decided_ns", Op: store.OpLt, Value: midnight(f.To.AddDays(1))})
	}
	for field, v := range map[string]string{"kind": f.Kind, "decider": f.Decider, "role": f.Role, "point_code": f.PointCode} {
		if v != "" {
			w = append(w, store.Eq(field, v))
		}
	}
	if f.AmountMin != nil {
		w = append(w, store.Cond{Field: "amount_ore", Op: store.OpGte, Value: *f.AmountMin})
	}
	if f.AmountMax != nil {
		w = append(w, store.Cond{Field: "amount_ore", Op: store.OpLte, Value: *f.AmountMax})
	}
	for field, v := range map[string]*bool{"budget_impact": f.BudgetImpact, "signed": f.Signed, "reported": f.Reported, "compliant": f.Compliant} {
		if v != nil {
			w = append(w, store.Eq(field, *v))
		}
	}
	if f.BudgetYear != 0 {
		w = append(w, budgetYearCond(f.BudgetYear))
	}
	if f.Text != "" {
		w = append(w, store.Cond{Field: "title", Op: store.OpText, Value: f.Text})
	}
	sortField := "decided_ns"
	if f.SortBy == "amount" {
		sortField = "amount_ore"
	}
	// Both sort fields are in every record (no omitempty): NotNull lets a
	// newest-first page start at an index range instead of a scan.
	q := store.Query{Where: w, Sort: []store.SortKey{{Field: sortField, Desc: !f.Asc, NotNull: true}}, Limit: limit}
	if after != nil {
		q.After = &store.Position{Values: []any{after.Key}, ID: after.ID}
	}
	return q
}

// midnight is the instant day begins in Stockholm, in Unix nanoseconds.
func midnight(day platform.Date) int64 {
	return time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, platform.Stockholm).UnixNano()
}

// LogQuery appends an entry to the auditors' query log.
func (r Audit) LogQuery(ctx context.Context, q audit.QueryLog) error {
	return insert(ctx, r.b, CollAuditLog, q.ID, &q, func(*audit.QueryLog, int64) {}, nil)
}

// CasesWithDecisions pages through the cases that have decisions, by id.
func (r Cases) CasesWithDecisions(ctx context.Context, after string, limit int) ([]cases.Case, error) {
	w := []store.Cond{store.Eq("has_decisions", true)}
	if after != "" {
		w = append(w, store.Cond{Field: "id", Op: store.OpGt, Value: after})
	}
	return find(ctx, r.b, CollCases, store.Query{Where: w, Sort: []store.SortKey{{Field: "id"}}, Limit: limit}, setCaseV)
}
