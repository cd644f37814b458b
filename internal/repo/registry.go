package repo

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/public"
	"github.com/samstyr/samstyr/internal/store"
)

// fillPublicText gives every case stored before the public e-diarium its
// public_text (public.SearchText), which Cases writes at every change
// since. Each case is rewritten as it is, with only that field added, by a
// version-guarded update; a case changed meanwhile got the field from that
// change. It runs in batches until no case lacks the field.
func fillPublicText(ctx context.Context, b store.Backend) error {
	for {
		recs, err := b.Find(ctx, CollCases, store.Query{Where: []store.Cond{store.Eq("public_text", nil)}, Limit: 200})
		if err != nil || len(recs) == 0 {
			return err
		}
		written := 0
		for _, rec := range recs {
			var c cases.Case
			if err := json.Unmarshal(rec.Data, &c); err != nil {
				return err
			}
			doc, err := rawDoc(rec) // registered_ns as written, not rounded to a float64
			if err != nil {
				return err
			}
			doc["public_text"] = public.SearchText(c)
			body, err := json.Marshal(doc)
			if err != nil {
				return err
			}
			_, err = b.Update(ctx, CollCases, rec.ID, rec.Version, body)
			switch {
			case err == nil:
				written++
			case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
			default:
				return err
			}
		}
		if written == 0 {
			return nil
		}
	}
}
