package repo

import (
	"context"

	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/store"
)

// fillLogNS is migration 20's data step: every document with a chain
// with records that was stored without log_ns gets it (fillField), in
// each collection with chains.
func fillLogNS(ctx context.Context, b store.Backend) error {
	for _, k := range chainKinds {
		err := fillField(ctx, b, k.coll, logNSField, func(rec store.Record) (any, bool, error) {
			if k.coll == CollReference && rec.ID != refdata.PrisbasbeloppID && rec.ID != refdata.ClassificationID {
				return nil, false, nil
			}
			c, err := k.chain(rec)
			if err != nil || len(c.Log) == 0 {
				return nil, false, err
			}
			return c.Log.Newest().UnixNano(), true, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
