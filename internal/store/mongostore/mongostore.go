// Package mongostore implements store.Backend on MongoDB with
// go.mongodb.org/mongo-driver/v2. It is the scale-out backend; its tests run
// against embedded FerretDB, on SQLite and, for contention, on PostgreSQL
// (see internal/testkit/ferrettest), and, when one is configured, a real
// MongoDB.
//
// Every collection holds documents of the form
//
//	{_id: <id string>, v: <int64 version>, d: <body document>}
//
// Indexes are built on d.<field>, and query fields map to d.<field> the same
// way. A unique index constrains only documents that have all its fields,
// as on the SQLite backend (an explicit null, though, counts as a value).
// Counters live in the collection "sequences" as {_id: name, n: int64},
// so no kernel collection may be called "sequences".
//
// Bodies are converted between JSON and BSON by hand, never through
// Extended JSON; keys that MongoDB could read as operators or paths ($…,
// dotted, NUL) are refused with store.ErrInvalidQuery. Every write is a
// single-document operation, so the backend needs no transactions.
//
// Keyset pagination (store.Query.After) is an $or of comparisons on d.<field>
// and _id (store.ExpandAfter); full-text search (store.OpText) is $text on
// MongoDB and a regex fallback on the FerretDB test harness (see text.go).
package mongostore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"github.com/samstyr/samstyr/internal/store"
)

// DefaultDatabase is the database used when neither Open's dbName nor the
// URI's path names one.
const DefaultDatabase = "samstyr"

// sequencesCollection holds the NextSequence counters.
const sequencesCollection = "sequences"

// serverSelectionTimeout bounds how long an operation waits for a usable
// server when the URI does not say (the driver's default is 30 s).
const serverSelectionTimeout = 10 * time.Second

// Backend is a store.Backend on one MongoDB database. It is safe for
// concurrent use.
type Backend struct {
	client *mongo.Client
	db     *mongo.Database

	// noPartialIndexes is set once the server has refused a partial index
	// (FerretDB 1.24 does not implement them).
	noPartialIndexes atomic.Bool

	// textSupport is how the server searches text (textUnknown until
	// asked; see text.go), textFields caches each collection's text fields
	// for the FerretDB fallback (collection name → []string).
	textSupport atomic.Int32
	textFields  sync.Map
}

var _ store.Backend = (*Backend)(nil)

// Open connects to the deployment at uri, pings it, and returns a backend
// on database dbName; an empty dbName means the database in the URI's path,
// or DefaultDatabase if the path names none.
//
// Client options come from the URI (maxPoolSize, TLS, credentials, …). The
// write concern defaults to majority, the read concern to majority and
// server selection to a 10 s timeout; a URI that sets w, readConcernLevel or
// serverSelectionTimeoutMS explicitly wins. Majority on both sides keeps
// the version check of Update honest across a replica-set failover.
func Open(ctx context.Context, uri, dbName string) (*Backend, error) {
	if dbName == "" {
		cs, err := connstring.ParseAndValidate(uri)
		if err != nil {
			return nil, fmt.Errorf("mongostore: parse URI: %w", err)
		}
		dbName = cs.Database
		if dbName == "" {
			dbName = DefaultDatabase
		}
	}
	opts := options.Client().ApplyURI(uri)
	if opts.WriteConcern == nil {
		opts.SetWriteConcern(writeconcern.Majority())
	}
	if opts.ReadConcern == nil {
		opts.SetReadConcern(readconcern.Majority())
	}
	if opts.ServerSelectionTimeout == nil {
		opts.SetServerSelectionTimeout(serverSelectionTimeout)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("mongostore: connect: %w", err)
	}
	if err := client.Ping(ctx, readpref.Primary()); err != nil {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = client.Disconnect(dctx)
		return nil, fmt.Errorf("mongostore: ping %s: %w", dbName, err)
	}
	return &Backend{client: client, db: client.Database(dbName)}, nil
}

// Name returns "mongo".
func (b *Backend) Name() string { return "mongo" }

// Database returns the name of the backend's database.
func (b *Backend) Database() string { return b.db.Name() }

// Ping checks that the primary answers.
func (b *Backend) Ping(ctx context.Context) error {
	if err := b.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("mongostore: ping: %w", err)
	}
	return nil
}

// Close disconnects the client. Closing a closed backend does nothing.
func (b *Backend) Close(ctx context.Context) error {
	err := b.client.Disconnect(ctx)
	if err != nil && !errors.Is(err, mongo.ErrClientDisconnected) {
		return fmt.Errorf("mongostore: close: %w", err)
	}
	return nil
}

// Drop deletes the backend's whole database. Tests use it to clean up.
func (b *Backend) Drop(ctx context.Context) error {
	if err := b.db.Drop(ctx); err != nil {
		return fmt.Errorf("mongostore: drop database %s: %w", b.db.Name(), err)
	}
	return nil
}

// EnsureCollection creates the collection if it is missing, then its
// indexes (see indexes.go) and its text index (see text.go). Every step is
// idempotent: an existing collection is accepted, and creating an index
// that exists with the same definition is a no-op. An index that exists with the same name but
// another definition is an error; building a unique index over duplicate
// values gives store.ErrDuplicate.
func (b *Backend) EnsureCollection(ctx context.Context, c store.Collection) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkColl(c.Name); err != nil {
		return err
	}
	if err := b.db.CreateCollection(ctx, c.Name); err != nil && !isNamespaceExists(err) {
		return wrapErr("create collection", c.Name, err)
	}
	// One createIndexes command per index: FerretDB 1.24 panics (and drops
	// the connection) when a single command names two or more indexes that
	// already exist, because it deletes them from its list by stale
	// positions. MongoDB treats an identical existing index as a no-op.
	for _, ix := range c.Indexes {
		if err := b.ensureIndex(ctx, c.Name, ix); err != nil {
			return err
		}
	}
	if len(c.Text) > 0 {
		return b.ensureText(ctx, c.Name, c.Text)
	}
	return nil
}

// maxSequenceAttempts bounds how often NextSequence tries an increment
// that lost a race.
const maxSequenceAttempts = 50

// NextSequence increments the named counter with an upsert and returns its
// new value; a new counter starts at 1.
func (b *Backend) NextSequence(ctx context.Context, name string) (int64, error) {
	coll := b.db.Collection(sequencesCollection)
	filter := bson.D{{Key: "_id", Value: name}}
	update := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}}}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	for attempt := 1; ; attempt++ {
		raw, err := coll.FindOneAndUpdate(ctx, filter, update, opts).Raw()
		if err != nil {
			// Two first-time upserts of one counter can race to insert it;
			// the loser sees a duplicate _id and simply increments again.
			// A server without atomic findAndModify (FerretDB; see
			// ferrettest) refuses an increment that lost a race: it
			// changed nothing, so it is tried again too.
			if (isDuplicate(err) || isRefused(err)) && attempt < maxSequenceAttempts {
				continue
			}
			return 0, fmt.Errorf("mongostore: sequence %s: %w", name, err)
		}
		n, ok := raw.Lookup("n").AsInt64OK()
		if !ok {
			return 0, fmt.Errorf("mongostore: sequence %s: counter is not a number", name)
		}
		return n, nil
	}
}

// bodyPath maps a kernel field to its path in the stored document.
func bodyPath(field string) string { return "d." + field }
