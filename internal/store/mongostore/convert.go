package mongostore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/samstyr/samstyr/internal/store"
)

// maxDepth bounds the nesting of a body. MongoDB refuses documents nested
// deeper than 100 levels; the stored document adds one level (d).
const maxDepth = 90

// The body conversion is written by hand instead of going through Extended
// JSON: an ExtJSON parser gives meaning to keys such as $numberLong, $date or
// $oid, so a client-supplied string would decide the stored BSON type. Here
// JSON has exactly one mapping to BSON, and any key that MongoDB could read as
// an operator or a path is refused.

// bodyToBSON converts a JSON object to a BSON document, preserving key order:
// objects become bson.D, arrays bson.A, integers that fit int64 become int64,
// every other number float64, and strings, booleans and null map to
// themselves.
//
// It refuses, with an error wrapping store.ErrInvalidQuery: a body that is
// not one well-formed JSON object; an object key that starts with "$",
// contains "." or contains a NUL byte (operator injection, path ambiguity,
// and BSON's C-string keys); a key repeated within one object; nesting
// deeper than maxDepth; and numbers outside float64's range.
func bodyToBSON(data []byte) (bson.D, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, invalidBody(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("%w: document body must be a JSON object", store.ErrInvalidQuery)
	}
	doc, err := decodeObject(dec, 1)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the object")
		}
		return nil, invalidBody(err)
	}
	return doc, nil
}

func invalidBody(err error) error {
	return fmt.Errorf("%w: document body: %w", store.ErrInvalidQuery, err)
}

// decodeObject reads the members of an object whose '{' was just consumed.
func decodeObject(dec *json.Decoder, depth int) (bson.D, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: document body nested deeper than %d levels", store.ErrInvalidQuery, maxDepth)
	}
	doc := bson.D{}
	var seen map[string]struct{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, invalidBody(err)
		}
		if tok == json.Delim('}') {
			return doc, nil
		}
		key, ok := tok.(string)
		if !ok {
			return nil, invalidBody(fmt.Errorf("unexpected %v", tok))
		}
		if err := checkKey(key); err != nil {
			return nil, err
		}
		if seen == nil {
			seen = make(map[string]struct{})
		}
		if _, dup := seen[key]; dup {
			return nil, fmt.Errorf("%w: document body repeats key %q", store.ErrInvalidQuery, key)
		}
		seen[key] = struct{}{}
		tok, err = dec.Token()
		if err != nil {
			return nil, invalidBody(err)
		}
		v, err := decodeValue(dec, tok, depth)
		if err != nil {
			return nil, err
		}
		doc = append(doc, bson.E{Key: key, Value: v})
	}
}

// decodeArray reads the elements of an array whose '[' was just consumed.
func decodeArray(dec *json.Decoder, depth int) (bson.A, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: document body nested deeper than %d levels", store.ErrInvalidQuery, maxDepth)
	}
	arr := bson.A{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, invalidBody(err)
		}
		if tok == json.Delim(']') {
			return arr, nil
		}
		v, err := decodeValue(dec, tok, depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
}

// decodeValue converts the value that starts with tok.
func decodeValue(dec *json.Decoder, tok json.Token, depth int) (any, error) {
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			return decodeObject(dec, depth+1)
		case '[':
			return decodeArray(dec, depth+1)
		}
		return nil, invalidBody(fmt.Errorf("unexpected %v", v))
	case json.Number:
		return decodeNumber(v)
	case string, bool, nil:
		return v, nil
	}
	return nil, invalidBody(fmt.Errorf("unexpected token %T", tok))
}

// decodeNumber maps a JSON integer to int64 when it fits, and any other
// number (fractions, exponents, integers beyond int64) to float64.
func decodeNumber(n json.Number) (any, error) {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, invalidBody(fmt.Errorf("number %s: %w", s, err))
	}
	return f, nil
}

// checkKey refuses object keys MongoDB could read as operators or paths.
func checkKey(k string) error {
	switch {
	case strings.HasPrefix(k, "$"):
		return fmt.Errorf("%w: document key %q starts with $", store.ErrInvalidQuery, k)
	case strings.Contains(k, "."):
		return fmt.Errorf("%w: document key %q contains a dot", store.ErrInvalidQuery, k)
	case strings.IndexByte(k, 0) >= 0:
		return fmt.Errorf("%w: document key %q contains NUL", store.ErrInvalidQuery, k)
	}
	return nil
}

// bsonToJSON renders a stored body as JSON with the shapes bodyToBSON
// accepts: int32 and int64 as integers, doubles as numbers, strings,
// booleans, null, documents (key order kept) and arrays. A datetime, which
// bodyToBSON never writes but another writer might, becomes an RFC 3339 UTC
// string. Any other BSON type is an error.
func bsonToJSON(doc bson.Raw) ([]byte, error) {
	buf := make([]byte, 0, len(doc)+len(doc)/4)
	return appendDocument(buf, doc)
}

func appendDocument(buf []byte, doc bson.Raw) ([]byte, error) {
	elems, err := doc.Elements()
	if err != nil {
		return nil, fmt.Errorf("mongostore: stored body: %w", err)
	}
	buf = append(buf, '{')
	for i, e := range elems {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, e.Key())
		buf = append(buf, ':')
		if buf, err = appendValue(buf, e.Value()); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Key(), err)
		}
	}
	return append(buf, '}'), nil
}

func appendValue(buf []byte, v bson.RawValue) ([]byte, error) {
	switch v.Type {
	case bson.TypeString:
		return appendString(buf, v.StringValue()), nil
	case bson.TypeInt32:
		return strconv.AppendInt(buf, int64(v.Int32()), 10), nil
	case bson.TypeInt64:
		return strconv.AppendInt(buf, v.Int64(), 10), nil
	case bson.TypeDouble:
		b, err := json.Marshal(v.Double()) // refuses NaN and ±Inf
		if err != nil {
			return nil, err
		}
		return append(buf, b...), nil
	case bson.TypeBoolean:
		return strconv.AppendBool(buf, v.Boolean()), nil
	case bson.TypeNull:
		return append(buf, "null"...), nil
	case bson.TypeEmbeddedDocument:
		return appendDocument(buf, v.Document())
	case bson.TypeArray:
		vals, err := v.Array().Values()
		if err != nil {
			return nil, err
		}
		buf = append(buf, '[')
		for i, x := range vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			if buf, err = appendValue(buf, x); err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return append(buf, ']'), nil
	case bson.TypeDateTime:
		t := time.UnixMilli(v.DateTime()).UTC()
		return appendString(buf, t.Format(time.RFC3339Nano)), nil
	}
	return nil, fmt.Errorf("mongostore: BSON type %s has no JSON form", v.Type)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, escaping what encoding/json
// escapes except the HTML characters <, > and &: quotes, backslashes,
// control characters, U+2028 and U+2029. Invalid UTF-8 becomes U+FFFD.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
