package mongostore

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/store"
)

// Find returns the documents matching q, ordered by q.Sort and then by id
// ascending, so pages are stable.
func (b *Backend) Find(ctx context.Context, coll string, q store.Query) ([]store.Record, error) {
	if err := checkColl(coll); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	filter, err := b.filter(ctx, coll, q.Where, q.Sort, q.After)
	if err != nil {
		return nil, err
	}
	opts := options.Find().SetSort(buildSort(q.Sort))
	if q.Offset > 0 {
		opts.SetSkip(int64(q.Offset))
	}
	if q.Limit > 0 {
		opts.SetLimit(int64(q.Limit))
	}
	cur, err := b.db.Collection(coll).Find(ctx, filter, opts)
	if err != nil {
		return nil, queryErr("find", coll, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var out []store.Record
	if q.Limit > 0 {
		out = make([]store.Record, 0, min(q.Limit, 256))
	}
	for cur.Next(ctx) {
		rec, err := decodeRecord(cur.Current)
		if err != nil {
			return nil, fmt.Errorf("mongostore: find %s: %w", coll, err)
		}
		out = append(out, rec)
	}
	if err := cur.Err(); err != nil {
		return nil, wrapErr("find", coll, err)
	}
	return out, nil
}

// Count returns how many documents match where.
func (b *Backend) Count(ctx context.Context, coll string, where []store.Cond) (int64, error) {
	if err := checkColl(coll); err != nil {
		return 0, err
	}
	if err := store.ValidateConds(where); err != nil {
		return 0, err
	}
	filter, err := b.filter(ctx, coll, where, nil, nil)
	if err != nil {
		return 0, err
	}
	n, err := b.db.Collection(coll).CountDocuments(ctx, filter)
	if err != nil {
		return 0, queryErr("count", coll, err)
	}
	return n, nil
}

// filter builds the whole filter of a validated query: the conditions,
// the text search of its OpText conditions (text.go) and, if after is set,
// the keyset condition. Parts beyond plain conditions are ANDed with $and.
func (b *Backend) filter(ctx context.Context, coll string, where []store.Cond, sort []store.SortKey, after *store.Position) (bson.D, error) {
	rest, words, hasText := store.SplitText(where)
	base, err := buildFilter(rest)
	if err != nil {
		return nil, err
	}
	var parts bson.A
	if hasText {
		tf, err := b.textFilter(ctx, coll, words)
		if err != nil {
			return nil, err
		}
		if tf[0].Key == "$text" {
			// $text stays a top-level key: MongoDB accepts it there (a
			// filter never repeats it, and no condition key starts with $).
			base = append(base, tf[0])
		} else {
			parts = append(parts, tf)
		}
	}
	if after != nil {
		kf, err := keysetFilter(sort, *after)
		if err != nil {
			return nil, err
		}
		parts = append(parts, kf...)
	}
	if len(parts) == 0 {
		return base, nil
	}
	if len(base) > 0 {
		parts = append(bson.A{base}, parts...)
	}
	return bson.D{{Key: "$and", Value: parts}}, nil
}

// keysetFilter renders "strictly after p" (store.ExpandAfter) as filter
// documents to AND: the lead bounds, then {$or: [branch, …]} where each
// branch is its conditions plus {_id: {$gt: p.ID}} if it compares ids.
func keysetFilter(sort []store.SortKey, p store.Position) (bson.A, error) {
	lead, branches := store.ExpandAfter(sort, p)
	var out bson.A
	if len(lead) > 0 {
		f, err := buildFilter(lead)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	or := make(bson.A, 0, len(branches))
	for _, br := range branches {
		f, err := buildFilter(br.Where)
		if err != nil {
			return nil, err
		}
		if br.IDAfter {
			f = append(f, bson.E{Key: "_id", Value: bson.D{{Key: "$gt", Value: p.ID}}})
		}
		or = append(or, f)
	}
	return append(out, bson.D{{Key: "$or", Value: or}}), nil
}

// queryErr wraps a find or count error; MongoDB refusing $text on a
// collection without a text index is the caller's ErrInvalidQuery.
func queryErr(op, coll string, err error) error {
	if isNoTextIndex(err) {
		return fmt.Errorf("mongostore: %s %s: %w: text search without a text index (%v)", op, coll, store.ErrInvalidQuery, err)
	}
	return wrapErr(op, coll, err)
}

// buildFilter translates validated conditions into a filter on d.<field>.
// Values are always operands (of an implicit equality or of an explicit
// operator), never filter documents, so they cannot inject operators. If
// two conditions name the same field they are ANDed explicitly, since a
// filter document cannot repeat a key.
func buildFilter(where []store.Cond) (bson.D, error) {
	filter := make(bson.D, 0, len(where))
	seen := make(map[string]bool, len(where))
	repeated := false
	for _, c := range where {
		path := bodyPath(c.Field)
		cond, err := condition(c)
		if err != nil {
			return nil, err
		}
		repeated = repeated || seen[path]
		seen[path] = true
		filter = append(filter, bson.E{Key: path, Value: cond})
	}
	if !repeated {
		return filter, nil
	}
	and := make(bson.A, len(filter))
	for i, e := range filter {
		and[i] = bson.D{e}
	}
	return bson.D{{Key: "$and", Value: and}}, nil
}

// condition renders the right-hand side of one condition.
func condition(c store.Cond) (any, error) {
	op := func(name string, v any) bson.D { return bson.D{{Key: name, Value: v}} }
	switch c.Op {
	case store.OpEq:
		// Implicit equality on a scalar; null matches a missing field too.
		return normalize(c.Value), nil
	case store.OpNe:
		return op("$ne", normalize(c.Value)), nil
	case store.OpGt:
		return op("$gt", normalize(c.Value)), nil
	case store.OpGte:
		return op("$gte", normalize(c.Value)), nil
	case store.OpLt:
		return op("$lt", normalize(c.Value)), nil
	case store.OpLte:
		return op("$lte", normalize(c.Value)), nil
	case store.OpIn:
		vs, err := store.InValues(c.Value)
		if err != nil {
			return nil, err
		}
		arr := make(bson.A, len(vs))
		for i, v := range vs {
			arr[i] = normalize(v)
		}
		return op("$in", arr), nil
	case store.OpContains:
		s, ok := c.Value.(string)
		if !ok || strings.IndexByte(s, 0) >= 0 {
			// A BSON regex pattern is a C string and cannot hold NUL.
			return nil, fmt.Errorf("%w: contains value on %s", store.ErrInvalidQuery, c.Field)
		}
		// Case-sensitive literal substring: every metacharacter escaped.
		return op("$regex", regexp.QuoteMeta(s)), nil
	}
	return nil, fmt.Errorf("%w: operator %q", store.ErrInvalidQuery, c.Op)
}

// normalize widens Go integers to int64, the type bodies store integers
// as, so a condition's BSON type never depends on the caller's int type.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	}
	return v
}

// buildSort orders by the sort keys on d.<field>, then by _id ascending. A
// field repeated in keys is dropped after its first use (MongoDB refuses
// repeated sort keys, and the later one could never decide anything).
func buildSort(keys []store.SortKey) bson.D {
	sort := make(bson.D, 0, len(keys)+1)
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		path := bodyPath(k.Field)
		if seen[path] {
			continue
		}
		seen[path] = true
		dir := 1
		if k.Desc {
			dir = -1
		}
		sort = append(sort, bson.E{Key: path, Value: dir})
	}
	return append(sort, bson.E{Key: "_id", Value: 1})
}
