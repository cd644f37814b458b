package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/store"
)

// scanPage is how many documents one Find of a copy or digest reads.
const scanPage = 500

// scan calls fn with every document of coll in id order, a page at a time
// (keyset on the id, so a page costs the same however deep it is). It
// checks that ids come strictly ascending in byte order, the order both
// backends keep, so two stores' digests are taken in the same order.
func scan(ctx context.Context, b store.Backend, coll string, fn func(store.Record) error) error {
	q := store.Query{Limit: scanPage}
	last, seen := "", false
	for {
		page, err := b.Find(ctx, coll, q)
		if err != nil {
			return fmt.Errorf("read %s: %w", coll, err)
		}
		for _, rec := range page {
			if seen && rec.ID <= last {
				return fmt.Errorf("read %s: %q came after %q (ids out of order)", coll, rec.ID, last)
			}
			last, seen = rec.ID, true
			if err := fn(rec); err != nil {
				return err
			}
		}
		if len(page) < q.Limit {
			return nil
		}
		q.After = &store.Position{ID: last}
	}
}

// summary is what the comparison after a copy checks per collection.
type summary struct {
	Count  int64
	Digest string // hex SHA-256 over id, version and canonical body, in id order
}

// summarize counts coll's documents and digests them. Bodies are
// canonicalized first (see canonicalJSON), so the same data stored by
// SQLite (the JSON text as written) and by MongoDB (BSON rendered back to
// JSON) digest alike.
func summarize(ctx context.Context, b store.Backend, coll string) (summary, error) {
	h := sha256.New()
	var (
		s   summary
		buf []byte
	)
	err := scan(ctx, b, coll, func(rec store.Record) error {
		var err error
		buf, err = canonicalJSON(buf[:0], rec.Data)
		if err != nil {
			return fmt.Errorf("%s/%s: %w", coll, rec.ID, err)
		}
		fmt.Fprintf(h, "%d:%s %d ", len(rec.ID), rec.ID, rec.Version)
		h.Write(buf)
		h.Write([]byte{'\n'})
		s.Count++
		return nil
	})
	s.Digest = hex.EncodeToString(h.Sum(nil))
	return s, err
}

// canonicalJSON appends a canonical form of the JSON value data to buf:
// no whitespace, object keys sorted, strings as encoding/json writes them,
// integers that fit int64 exactly as integers, and every other number as
// the shortest text of its float64 ("3.0" and "3" are the same number;
// MongoDB returns a double 3 as "3"). Unlike RFC 8785 it keeps int64
// values beyond 2^53 exact, which the store's nanosecond timestamps need.
func canonicalJSON(buf, data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return appendCanonical(buf, v)
}

func appendCanonical(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case bool:
		return strconv.AppendBool(buf, x), nil
	case string:
		b, err := json.Marshal(x)
		return append(buf, b...), err
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return strconv.AppendInt(buf, i, 10), nil
			}
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, err
		}
		if f >= -1<<63 && f < 1<<63 && f == float64(int64(f)) {
			return strconv.AppendInt(buf, int64(f), 10), nil
		}
		return strconv.AppendFloat(buf, f, 'g', -1, 64), nil
	case []any:
		buf = append(buf, '[')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = appendCanonical(buf, e); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		buf = append(buf, '{')
		for i, k := range keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			kb, _ := json.Marshal(k)
			buf = append(append(buf, kb...), ':')
			var err error
			if buf, err = appendCanonical(buf, x[k]); err != nil {
				return nil, err
			}
		}
		return append(buf, '}'), nil
	}
	return nil, fmt.Errorf("unexpected JSON value %T", v)
}
