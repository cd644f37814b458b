package repo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/store"
)

// Derived fields: values a document carries for the store's queries
// (log_ns, a person's search text, a decision record's budget years, a
// case's creator and request key),
// computed from the document in the same write as the document itself,
// and filled in for documents stored before them by a migration
// (fillField).

// encodeDoc encodes a document for writing, with the fields derived from
// it added: log_ns when it carries a chain with records, a person's
// search text (peopleSearchField) and a decision record's budget years
// (budgetYearsField) and a case's creator and request key
// (requestKeyField).
func encodeDoc(v any) (json.RawMessage, error) {
	body, err := store.Encode(v)
	if err != nil {
		return nil, err
	}
	if u, ok := v.(*identity.User); ok {
		if body, err = withField(body, peopleSearchField, peopleSearch(*u)); err != nil {
			return nil, err
		}
	}
	if c, ok := v.(*cases.Case); ok && c.RequestKey != "" {
		if body, err = withField(body, requestKeyField, requestKey(c.CreatedBy, c.RequestKey)); err != nil {
			return nil, err
		}
	}
	if r, ok := v.(*audit.Record); ok {
		if body, err = withField(body, budgetYearsField, budgetYearsKey(*r)); err != nil {
			return nil, err
		}
	}
	if l, ok := chainLog(v); ok && len(l) > 0 {
		return withLogNS(body, l)
	}
	return body, nil
}

// withField adds the field name with value v to body, a JSON object
// without that field.
func withField(body json.RawMessage, name string, v any) (json.RawMessage, error) {
	b := bytes.TrimSpace(body)
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return nil, fmt.Errorf("repo: %s on a document that is not an object", name)
	}
	val, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	field := append(append(strconv.AppendQuote(nil, name), ':'), val...)
	out := make([]byte, 0, len(b)+len(field)+1)
	out = append(out, b[:len(b)-1]...)
	if len(bytes.TrimSpace(b[1:len(b)-1])) > 0 {
		out = append(out, ',')
	}
	out = append(append(out, field...), '}')
	return out, nil
}

// fillField is the data step of a migration that adds a derived field:
// every document of coll stored without field gets value(rec), unless
// value says the document has none (ok false), by a version-guarded
// update of the document as it is with only that field added (a document
// changed meanwhile got the field from that change). It reads the
// collection once, a batch at a time in id order, and is idempotent.
func fillField(ctx context.Context, b store.Backend, coll, field string, value func(store.Record) (v any, ok bool, err error)) error {
	var after *store.Position
	for {
		recs, err := b.Find(ctx, coll, store.Query{Limit: 200, After: after})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if err := fillOne(ctx, b, coll, field, rec, value); err != nil {
				return err
			}
		}
		if len(recs) < 200 {
			return nil
		}
		after = &store.Position{ID: recs[len(recs)-1].ID}
	}
}

func fillOne(ctx context.Context, b store.Backend, coll, field string, rec store.Record, value func(store.Record) (any, bool, error)) error {
	doc, err := rawDoc(rec)
	if err != nil {
		return err
	}
	if _, ok := doc[field]; ok {
		return nil
	}
	v, ok, err := value(rec)
	if err != nil || !ok {
		return err
	}
	body, err := withField(rec.Data, field, v)
	if err != nil {
		return err
	}
	_, err = b.Update(ctx, coll, rec.ID, rec.Version, body)
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}
