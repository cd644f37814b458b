package mongostore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/store"
)

// Insert stores {_id: id, v: 1, d: body}. A taken id or a unique-index
// violation gives store.ErrDuplicate; a body that is not a JSON object or
// has forbidden keys gives store.ErrInvalidQuery.
func (b *Backend) Insert(ctx context.Context, coll, id string, data json.RawMessage) (store.Record, error) {
	if err := checkColl(coll); err != nil {
		return store.Record{}, err
	}
	body, err := bodyToBSON(data)
	if err != nil {
		return store.Record{}, err
	}
	doc := bson.D{{Key: "_id", Value: id}, {Key: "v", Value: int64(1)}, {Key: "d", Value: body}}
	if _, err := b.db.Collection(coll).InsertOne(ctx, doc); err != nil {
		return store.Record{}, wrapErr("insert", coll+"/"+id, err)
	}
	return store.Record{ID: id, Version: 1, Data: bytes.Clone(data)}, nil
}

// Get returns the document with the given id, or store.ErrNotFound.
func (b *Backend) Get(ctx context.Context, coll, id string) (store.Record, error) {
	if err := checkColl(coll); err != nil {
		return store.Record{}, err
	}
	raw, err := b.db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Record{}, fmt.Errorf("mongostore: get %s/%s: %w", coll, id, store.ErrNotFound)
	}
	if err != nil {
		return store.Record{}, wrapErr("get", coll+"/"+id, err)
	}
	return decodeRecord(raw)
}

// Update sets the body and increments the version with one
// findAndModify guarded by {_id: id, v: version}. If nothing matched, the
// id is looked up to tell store.ErrConflict (stale version) from
// store.ErrNotFound. A unique-index violation gives store.ErrDuplicate and
// leaves the document unchanged.
func (b *Backend) Update(ctx context.Context, coll, id string, version int64, data json.RawMessage) (store.Record, error) {
	if err := checkColl(coll); err != nil {
		return store.Record{}, err
	}
	body, err := bodyToBSON(data)
	if err != nil {
		return store.Record{}, err
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: "v", Value: version}}
	update := bson.D{
		{Key: "$set", Value: bson.D{{Key: "d", Value: body}}},
		{Key: "$inc", Value: bson.D{{Key: "v", Value: int64(1)}}},
	}
	// FerretDB does not implement findAndModify's projection ("fields"), so
	// the whole document comes back; only its version is read.
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After)
	raw, err := b.db.Collection(coll).FindOneAndUpdate(ctx, filter, update, opts).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Record{}, b.missOrConflict(ctx, "update", coll, id)
	}
	if isRefused(err) {
		// A server that cannot apply the filter and the update atomically
		// (FerretDB; see ferrettest) refuses the write that lost a race
		// instead of matching nothing. If the version moved on, that is
		// the same conflict; otherwise the refusal is an error of its own.
		cur, verr := b.versionOf(ctx, coll, id)
		switch {
		case errors.Is(verr, mongo.ErrNoDocuments):
			return store.Record{}, fmt.Errorf("mongostore: update %s/%s: %w", coll, id, store.ErrNotFound)
		case verr == nil && cur != version:
			return store.Record{}, fmt.Errorf("mongostore: update %s/%s: %w (%v)", coll, id, store.ErrConflict, err)
		}
	}
	if err != nil {
		return store.Record{}, wrapErr("update", coll+"/"+id, err)
	}
	v, ok := raw.Lookup("v").AsInt64OK()
	if !ok {
		return store.Record{}, fmt.Errorf("mongostore: update %s/%s: stored version is not a number", coll, id)
	}
	return store.Record{ID: id, Version: v, Data: bytes.Clone(data)}, nil
}

// Increment adds delta to an integer body field with one findAndModify
// upsert: $inc on d.<field> and the version, and $setOnInsert of init's
// other fields, so a new document is init with field set to delta.
func (b *Backend) Increment(ctx context.Context, coll, id, field string, delta int64, init json.RawMessage) (store.Record, error) {
	if err := checkColl(coll); err != nil {
		return store.Record{}, err
	}
	if !store.ValidField(field) || strings.Contains(field, ".") {
		return store.Record{}, fmt.Errorf("%w: increment field %q (a top-level field)", store.ErrInvalidQuery, field)
	}
	body, err := bodyToBSON(init)
	if err != nil {
		return store.Record{}, err
	}
	var onInsert bson.D
	for _, e := range body {
		if e.Key != field {
			onInsert = append(onInsert, bson.E{Key: bodyPath(e.Key), Value: e.Value})
		}
	}
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: bodyPath(field), Value: delta}, {Key: "v", Value: int64(1)}}}}
	if len(onInsert) > 0 {
		update = append(update, bson.E{Key: "$setOnInsert", Value: onInsert})
	}
	filter := bson.D{{Key: "_id", Value: id}}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	for attempt := 1; ; attempt++ {
		raw, err := b.db.Collection(coll).FindOneAndUpdate(ctx, filter, update, opts).Raw()
		if err != nil {
			// Two first-time upserts can race to insert the document; the
			// loser sees a duplicate _id and increments the winner's.
			if isDuplicate(err) && attempt < 5 {
				continue
			}
			// A counter that many requests increment at once (a login
			// throttle) can lose a race on servers that refuse rather
			// than serialize; $inc is safe to repeat because the lost
			// attempt changed nothing.
			if isWriteConflict(err) && attempt < 20 {
				time.Sleep(time.Duration(attempt) * time.Millisecond)
				continue
			}
			return store.Record{}, wrapErr("increment", coll+"/"+id, err)
		}
		return decodeRecord(raw)
	}
}

// Delete removes the document if its version is version; otherwise it
// returns store.ErrConflict, or store.ErrNotFound if there is no such id.
func (b *Backend) Delete(ctx context.Context, coll, id string, version int64) error {
	if err := checkColl(coll); err != nil {
		return err
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: "v", Value: version}}
	res, err := b.db.Collection(coll).DeleteOne(ctx, filter)
	if err != nil {
		return wrapErr("delete", coll+"/"+id, err)
	}
	if res.DeletedCount == 0 {
		return b.missOrConflict(ctx, "delete", coll, id)
	}
	return nil
}

// missOrConflict tells a stale version from a missing document after a
// guarded write matched nothing.
func (b *Backend) missOrConflict(ctx context.Context, op, coll, id string) error {
	// The filter is exactly {_id}: FerretDB pushes only that shape down to
	// SQLite instead of scanning the collection.
	opts := options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})
	err := b.db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}, opts).Err()
	switch {
	case err == nil:
		return fmt.Errorf("mongostore: %s %s/%s: %w", op, coll, id, store.ErrConflict)
	case errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("mongostore: %s %s/%s: %w", op, coll, id, store.ErrNotFound)
	}
	return wrapErr(op, coll+"/"+id, err)
}

// versionOf reads the stored version of one document (mongo.ErrNoDocuments
// if there is none).
func (b *Backend) versionOf(ctx context.Context, coll, id string) (int64, error) {
	opts := options.FindOne().SetProjection(bson.D{{Key: "v", Value: 1}})
	raw, err := b.db.Collection(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}, opts).Raw()
	if err != nil {
		return 0, err
	}
	v, ok := raw.Lookup("v").AsInt64OK()
	if !ok {
		return 0, fmt.Errorf("mongostore: %s/%s: stored version is not a number", coll, id)
	}
	return v, nil
}

// decodeRecord turns a stored {_id, v, d} document into a store.Record.
func decodeRecord(raw bson.Raw) (store.Record, error) {
	id, ok := raw.Lookup("_id").StringValueOK()
	if !ok {
		return store.Record{}, fmt.Errorf("mongostore: stored document has no string _id")
	}
	v, ok := raw.Lookup("v").AsInt64OK()
	if !ok {
		return store.Record{}, fmt.Errorf("mongostore: %s: stored version is not a number", id)
	}
	body, ok := raw.Lookup("d").DocumentOK()
	if !ok {
		return store.Record{}, fmt.Errorf("mongostore: %s: stored body is not a document", id)
	}
	data, err := bsonToJSON(body)
	if err != nil {
		return store.Record{}, fmt.Errorf("mongostore: %s: %w", id, err)
	}
	return store.Record{ID: id, Version: v, Data: data}, nil
}
