package mongostore

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/store"
)

// codeNotImplemented is the error code FerretDB gives for an unsupported
// command option.
const codeNotImplemented = 238

// ensureIndex creates one index on d.<field>…, ascending, with the declared
// name.
//
// A unique index constrains only documents that have every indexed field:
// it carries partialFilterExpression {d.<f>: {$exists: true}, …}. Without it
// MongoDB would index a missing field as null, and a second document
// without, say, a diarienummer would be a duplicate, whereas the SQLite
// backend (like SQL) lets any number of rows lack the value. One difference
// remains: an explicit JSON null is a value to MongoDB (and to FerretDB),
// so two documents whose unique field is null conflict there but not on
// SQLite; bodies should omit empty unique fields (omitempty) rather than
// store null.
//
// FerretDB 1.24 refuses partial indexes, but its SQLite unique indexes
// already skip documents that lack the field, so on a server that answers
// NotImplemented the index is created without the filter.
func (b *Backend) ensureIndex(ctx context.Context, coll string, ix store.Index) error {
	indexes := b.db.Collection(coll).Indexes()
	partial := ix.Unique && !b.noPartialIndexes.Load()
	_, err := indexes.CreateOne(ctx, indexModel(ix, partial))
	if err != nil && partial && isPartialUnsupported(err) {
		b.noPartialIndexes.Store(true)
		_, err = indexes.CreateOne(ctx, indexModel(ix, false))
	}
	if err != nil {
		return wrapErr("create index "+ix.Name+" on", coll, err)
	}
	return nil
}

// indexModel describes ix on the stored document's body; partial adds the
// filter that leaves documents missing an indexed field out of the index.
func indexModel(ix store.Index, partial bool) mongo.IndexModel {
	keys := make(bson.D, 0, len(ix.Fields))
	exists := make(bson.D, 0, len(ix.Fields))
	for _, f := range ix.Fields {
		keys = append(keys, bson.E{Key: bodyPath(f), Value: 1})
		exists = append(exists, bson.E{Key: bodyPath(f), Value: bson.D{{Key: "$exists", Value: true}}})
	}
	opts := options.Index().SetName(ix.Name)
	if ix.Unique {
		opts.SetUnique(true)
	}
	if partial {
		opts.SetPartialFilterExpression(exists)
	}
	return mongo.IndexModel{Keys: keys, Options: opts}
}

// isPartialUnsupported reports whether err refuses partialFilterExpression.
func isPartialUnsupported(err error) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCodeWithMessage(codeNotImplemented, "partialFilterExpression")
}
