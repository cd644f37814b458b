package mongostore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/store"
)

var _ store.Copier = (*Backend)(nil)

// Collections lists the database's collections, sorted, leaving out the
// counters ("sequences"), system collections and names the kernel does
// not allow.
func (b *Backend) Collections(ctx context.Context) ([]string, error) {
	names, err := b.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, wrapErr("list collections", b.db.Name(), err)
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != sequencesCollection && !strings.HasPrefix(n, "system.") && store.ValidName(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Sequences reads every {_id: name, n} counter.
func (b *Backend) Sequences(ctx context.Context) (map[string]int64, error) {
	cur, err := b.db.Collection(sequencesCollection).Find(ctx, bson.D{})
	if err != nil {
		return nil, wrapErr("list sequences", sequencesCollection, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	out := map[string]int64{}
	for cur.Next(ctx) {
		name, ok := cur.Current.Lookup("_id").StringValueOK()
		n, ok2 := cur.Current.Lookup("n").AsInt64OK()
		if !ok || !ok2 {
			return nil, fmt.Errorf("mongostore: list sequences: malformed counter %s", cur.Current)
		}
		out[name] = n
	}
	if err := cur.Err(); err != nil {
		return nil, wrapErr("list sequences", sequencesCollection, err)
	}
	return out, nil
}

// Put reads the document with rec's id and, unless it already has rec's
// version and the very same BSON body, replaces it (or inserts it) with
// {_id, v, d} in one single-document upsert.
func (b *Backend) Put(ctx context.Context, coll string, rec store.Record) (bool, error) {
	if err := store.CheckPut(coll, rec); err != nil {
		return false, err
	}
	if err := checkColl(coll); err != nil {
		return false, err
	}
	body, err := bodyToBSON(rec.Data)
	if err != nil {
		return false, err
	}
	want, err := bson.Marshal(body)
	if err != nil {
		return false, fmt.Errorf("mongostore: put %s/%s: %w", coll, rec.ID, err)
	}
	c := b.db.Collection(coll)
	raw, err := c.FindOne(ctx, bson.D{{Key: "_id", Value: rec.ID}}).Raw()
	switch {
	case err == nil:
		v, _ := raw.Lookup("v").AsInt64OK()
		d, _ := raw.Lookup("d").DocumentOK()
		if v == rec.Version && bytes.Equal(d, want) {
			return false, nil
		}
	case !errors.Is(err, mongo.ErrNoDocuments):
		return false, wrapErr("put", coll+"/"+rec.ID, err)
	}
	doc := bson.D{{Key: "_id", Value: rec.ID}, {Key: "v", Value: rec.Version}, {Key: "d", Value: body}}
	_, err = c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: rec.ID}}, doc, options.Replace().SetUpsert(true))
	if err != nil {
		return false, wrapErr("put", coll+"/"+rec.ID, err)
	}
	return true, nil
}

// PutSequence raises the counter to n with a guarded update, inserting it
// when it does not exist; a counter at n or above is left alone.
func (b *Backend) PutSequence(ctx context.Context, name string, n int64) (bool, error) {
	c := b.db.Collection(sequencesCollection)
	for range 3 {
		res, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "n", Value: bson.D{{Key: "$lt", Value: n}}}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: n}}}})
		if err != nil {
			return false, wrapErr("put sequence", name, err)
		}
		if res.MatchedCount > 0 {
			return true, nil
		}
		_, err = c.InsertOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "n", Value: n}})
		if err == nil {
			return true, nil
		}
		if !isDuplicate(err) {
			return false, wrapErr("put sequence", name, err)
		}
		// The counter exists: it is at n or above, unless it was inserted
		// below n between the two calls; look again.
		raw, err := c.FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Raw()
		if err != nil {
			return false, wrapErr("put sequence", name, err)
		}
		if cur, ok := raw.Lookup("n").AsInt64OK(); ok && cur >= n {
			return false, nil
		}
	}
	return false, fmt.Errorf("mongostore: put sequence %s: counter kept changing", name)
}
