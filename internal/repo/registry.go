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
	return fillCases(ctx, b, "public_text", func(c cases.Case, doc map[string]any) {
		doc["public_text"] = public.SearchText(c)
	})
}

// refreshPublicText writes every case's public_text anew where it differs
// from public.SearchText today, so a rule that now hides more (an e-mail
// address, the digits of a personnummer a marking cut) also leaves the
// search index: otherwise a search could still find an entry by what the
// entry no longer shows. Each case is rewritten as it is, with only that
// field changed, by a version-guarded update; a case changed meanwhile got
// the field from that change.
func refreshPublicText(ctx context.Context, b store.Backend) error {
	var after *store.Position
	for {
		recs, err := b.Find(ctx, CollCases, store.Query{Limit: 200, After: after})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			var c cases.Case
			if err := json.Unmarshal(rec.Data, &c); err != nil {
				return err
			}
			text := public.SearchText(c)
			if c.PublicText == text {
				continue
			}
			doc, err := rawDoc(rec)
			if err != nil {
				return err
			}
			doc["public_text"] = text
			body, err := json.Marshal(doc)
			if err != nil {
				return err
			}
			_, err = b.Update(ctx, CollCases, rec.ID, rec.Version, body)
			if err != nil && !errors.Is(err, store.ErrConflict) && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		if len(recs) < 200 {
			return nil
		}
		after = &store.Position{ID: recs[len(recs)-1].ID}
	}
}

// fillCases rewrites every case stored without the field missing, in
// batches, until none lacks it: each as it is (numbers as written), with
// what add sets, by a version-guarded update. A case changed meanwhile got
// the field from that change.
func fillCases(ctx context.Context, b store.Backend, missing string, add func(c cases.Case, doc map[string]any)) error {
	for {
		recs, err := b.Find(ctx, CollCases, store.Query{Where: []store.Cond{store.Eq(missing, nil)}, Limit: 200})
		if err != nil || len(recs) == 0 {
			return err
		}
		written := 0
		for _, rec := range recs {
			var c cases.Case
			if err := json.Unmarshal(rec.Data, &c); err != nil {
				return err
			}
			doc, err := rawDoc(rec)
			if err != nil {
				return err
			}
			add(c, doc)
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
