package repo

import (
	"context"
	"errors"

	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/store"
)

// fillLogNS is migration 20's data step: every document with a chain
// that was stored without log_ns gets it, by a version-guarded update of
// the document as it is with only log_ns added (a document changed
// meanwhile got it from that change). It reads each collection once, a
// batch at a time in id order, and is idempotent.
func fillLogNS(ctx context.Context, b store.Backend) error {
	for _, k := range chainKinds {
		var after *store.Position
		for {
			recs, err := b.Find(ctx, k.coll, store.Query{Limit: 200, After: after})
			if err != nil {
				return err
			}
			for _, rec := range recs {
				if err := fillOneLogNS(ctx, b, k, rec); err != nil {
					return err
				}
			}
			if len(recs) < 200 {
				break
			}
			after = &store.Position{ID: recs[len(recs)-1].ID}
		}
	}
	return nil
}

func fillOneLogNS(ctx context.Context, b store.Backend, k chainKind, rec store.Record) error {
	if k.coll == CollReference && rec.ID != refdata.PrisbasbeloppID && rec.ID != refdata.ClassificationID {
		return nil
	}
	c, err := k.chain(rec)
	if err != nil {
		return err
	}
	if len(c.Log) == 0 {
		return nil
	}
	doc, err := rawDoc(rec)
	if err != nil {
		return err
	}
	if _, ok := doc[logNSField]; ok {
		return nil
	}
	body, err := withLogNS(rec.Data, c.Log)
	if err != nil {
		return err
	}
	_, err = b.Update(ctx, k.coll, rec.ID, rec.Version, body)
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}
