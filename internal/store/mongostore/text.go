package mongostore

// Full-text search (store.OpText) on the Mongo backend.
//
// On MongoDB a collection's Text fields get one text index, named "_text"
// (not a valid kernel index name, so it cannot clash with a declared one),
// over d.<field> with default_language "none": no stemming and no stop
// words, since the bodies are Swedish. OpText becomes
//
//	{$text: {$search: "\"w1\" \"w2\"", $language: "none"}}
//
// in which every word is a quoted phrase, and MongoDB keeps only documents
// that contain every phrase: it finds candidates through the index by whole
// words, then checks each phrase case-insensitively against the indexed
// text (as a substring, so a later word may also match inside a longer
// one). This path needs a real MongoDB; the tests reach it only when
// SAMSTYR_TEST_MONGODB_URI is set.
//
// FerretDB 1.24, the test harness, implements neither text indexes nor
// $text. The backend recognises it once, by the ferretdbVersion field of
// buildInfo, and then falls back — a HARNESS-ONLY behaviour, a full scan
// that must never serve production data — to a case-insensitive $regex per
// word and text field:
//
//	{$and: [{$or: [{d.title: /(?:^|[^\pL\pN\pM])w1/i}, {d.body: …}]}, …]}
//
// (the word regexp.QuoteMeta-escaped, so a word that starts a token
// matches, like SQLite's prefix search). The text fields are declared by an
// ordinary ascending index "_text" on the same d.<field> paths, which
// persists them for later processes; Find reads them from there.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/store"
)

// textIndexName names the index that carries a collection's Text fields.
const textIndexName = "_text"

// codeIndexNotFound is MongoDB's error code for a $text query on a
// collection without a text index.
const codeIndexNotFound = 27

// Text support of the server, detected once per backend.
const (
	textUnknown  int32 = iota
	textNative         // MongoDB: text indexes and $text
	textFallback       // FerretDB: regex scan (harness only)
)

// textMode returns how the server searches text, asking it on first use.
func (b *Backend) textMode(ctx context.Context) (int32, error) {
	if m := b.textSupport.Load(); m != textUnknown {
		return m, nil
	}
	raw, err := b.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Raw()
	if err != nil {
		return textUnknown, fmt.Errorf("mongostore: buildInfo: %w", err)
	}
	m := textNative
	if _, err := raw.LookupErr("ferretdbVersion"); err == nil {
		m = textFallback
	}
	b.textSupport.Store(m)
	return m, nil
}

// ensureText creates coll's "_text" index over fields, replacing one that
// covers other fields. Existing documents are indexed by the server.
func (b *Backend) ensureText(ctx context.Context, coll string, fields []string) error {
	mode, err := b.textMode(ctx)
	if err != nil {
		return err
	}
	have, found, err := b.textIndexFields(ctx, coll, mode)
	if err != nil {
		return err
	}
	indexes := b.db.Collection(coll).Indexes()
	if found {
		if sameFields(have, fields) {
			b.textFields.Store(coll, fields)
			return nil
		}
		if err := indexes.DropOne(ctx, textIndexName); err != nil {
			return wrapErr("drop text index on", coll, err)
		}
	}
	keys := make(bson.D, 0, len(fields))
	opts := options.Index().SetName(textIndexName)
	for _, f := range fields {
		if mode == textNative {
			keys = append(keys, bson.E{Key: bodyPath(f), Value: "text"})
		} else {
			keys = append(keys, bson.E{Key: bodyPath(f), Value: 1})
		}
	}
	if mode == textNative {
		opts.SetDefaultLanguage("none")
	}
	if _, err := indexes.CreateOne(ctx, mongo.IndexModel{Keys: keys, Options: opts}); err != nil {
		return wrapErr("create text index on", coll, err)
	}
	b.textFields.Store(coll, slices.Clone(fields))
	return nil
}

// textIndexFields reads the fields of coll's "_text" index: the weights of
// a text index (MongoDB lists them in alphabetical order, so they are
// compared sorted), or the keys of the fallback's ordinary index.
func (b *Backend) textIndexFields(ctx context.Context, coll string, mode int32) ([]string, bool, error) {
	cur, err := b.db.Collection(coll).Indexes().List(ctx)
	if err != nil {
		return nil, false, wrapErr("list indexes of", coll, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		if name, _ := cur.Current.Lookup("name").StringValueOK(); name != textIndexName {
			continue
		}
		spec := "key"
		if mode == textNative {
			spec = "weights"
		}
		doc, ok := cur.Current.Lookup(spec).DocumentOK()
		if !ok {
			return nil, true, nil
		}
		elems, err := doc.Elements()
		if err != nil {
			return nil, false, fmt.Errorf("mongostore: text index of %s: %w", coll, err)
		}
		var fields []string
		for _, e := range elems {
			fields = append(fields, strings.TrimPrefix(e.Key(), "d."))
		}
		return fields, true, nil
	}
	if err := cur.Err(); err != nil {
		return nil, false, wrapErr("list indexes of", coll, err)
	}
	return nil, false, nil
}

// textFilter renders a text search for words on coll (see the file
// comment); no words match nothing.
func (b *Backend) textFilter(ctx context.Context, coll string, words []string) (bson.D, error) {
	if len(words) == 0 {
		return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{}}}}}, nil
	}
	mode, err := b.textMode(ctx)
	if err != nil {
		return nil, err
	}
	if mode == textNative {
		phrases := make([]string, len(words))
		for i, w := range words {
			phrases[i] = `"` + w + `"` // words hold no quote or backslash
		}
		return bson.D{{Key: "$text", Value: bson.D{
			{Key: "$search", Value: strings.Join(phrases, " ")},
			{Key: "$language", Value: "none"},
		}}}, nil
	}
	fields, err := b.fallbackFields(ctx, coll)
	if err != nil {
		return nil, err
	}
	and := make(bson.A, 0, len(words))
	for _, w := range words {
		pattern := `(?:^|[^\pL\pN\pM])` + regexp.QuoteMeta(w)
		or := make(bson.A, 0, len(fields))
		for _, f := range fields {
			or = append(or, bson.D{{Key: bodyPath(f), Value: bson.D{
				{Key: "$regex", Value: pattern}, {Key: "$options", Value: "i"},
			}}})
		}
		and = append(and, bson.D{{Key: "$or", Value: or}})
	}
	return bson.D{{Key: "$and", Value: and}}, nil
}

// fallbackFields returns coll's text fields on FerretDB: cached, or read
// from the "_text" index an earlier EnsureCollection created.
func (b *Backend) fallbackFields(ctx context.Context, coll string) ([]string, error) {
	if v, ok := b.textFields.Load(coll); ok {
		return v.([]string), nil
	}
	fields, found, err := b.textIndexFields(ctx, coll, textFallback)
	if err != nil {
		return nil, err
	}
	if !found || len(fields) == 0 {
		return nil, fmt.Errorf("%w: text search on %s, which has no text index", store.ErrInvalidQuery, coll)
	}
	b.textFields.Store(coll, fields)
	return fields, nil
}

// isNoTextIndex reports whether err is MongoDB refusing $text on a
// collection without a text index.
func isNoTextIndex(err error) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCode(codeIndexNotFound)
}

// sameFields reports whether two field lists hold the same fields, in any
// order (a text index lists its fields in its own order).
func sameFields(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
