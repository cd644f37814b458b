package workflow

import (
	"context"
	"strconv"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/refdata"
)

// WithReference gives the engine the reference data an administrator
// maintains: the prisbasbelopp table every limit in prisbasbelopp
// converts with (a missing year is refused as reference_value_missing),
// and the classification scheme a case is registered in. Without it the
// delegation enforcer's own table converts (tests).
func (e *Engine) WithReference(refs refdata.Storer) *Engine {
	e.core.refs = refs
	return e
}

// pbbFor returns the prisbasbelopp table to convert limits with on date,
// or nil for the enforcer's own. When limit (a point's or a
// vidaredelegering's) is in prisbasbelopp and the table lacks the date's
// year, the check cannot be made: reference_value_missing, naming the
// value to enter.
func (e *core) pbbFor(ctx context.Context, date platform.Date, limits ...*delegation.Limit) (delegation.PBBTable, error) {
	t, _, err := e.reference(ctx, date, limits...)
	return t, err
}

// reference is pbbFor with, from the same reading, the reference data
// missing or due today (shown with the delegation check's answer; nil
// without reference data).
func (e *core) reference(ctx context.Context, date platform.Date, limits ...*delegation.Limit) (delegation.PBBTable, []refdata.Warning, error) {
	if e.refs == nil {
		return nil, nil, nil
	}
	p, err := e.refs.GetPrisbasbelopp(ctx)
	if err != nil {
		return nil, nil, err
	}
	t := delegation.PBBTable(p.Table())
	for _, l := range limits {
		if l != nil && l.PBBCents > 0 {
			if _, ok := t.Ore(date.Year); !ok {
				return nil, nil, refdata.Missing(date.Year)
			}
		}
	}
	return t, p.Warnings(e.today()), nil
}

// checkClass resolves a registration's class in the classification
// scheme, when there is one: the class must be one of its ärendegrupper
// (by code or "code name"; retired ones are not offered) and is recorded
// as "code name". Without a scheme the class is free text.
func (e *core) checkClass(ctx context.Context, r *cases.Registration) error {
	if e.refs == nil || r.Class == "" {
		return nil
	}
	cl, err := e.refs.GetClassification(ctx)
	if err != nil || len(cl.Classes) == 0 {
		return err
	}
	c, ok := cl.Resolve(r.Class)
	if !ok {
		return (&fault.Fields{{Field: "/class", Code: "unknown_class", Detail: strconv.Quote(r.Class) + " is not in the classification scheme"}}).Err(fault.Unprocessable)
	}
	r.Class = c.Label()
	return nil
}
