package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	gojson "github.com/goccy/go-json"
)

// The document codec. Bodies are JSON, and Samstyr encodes and decodes
// them with github.com/goccy/go-json, which keeps encoding/json's rules
// (struct tags, omitempty, Marshaler and Unmarshaler methods, HTML
// escaping, sorted map keys) and decodes a case document about 3.7 times
// as fast (17 µs instead of 62 µs for a 4 KB ärende; docs/benchmarks.md).
// Loading and writing documents is most of the engine's own work on a
// transition, so the codec is where it pays.
//
// Test binaries turn on CheckCodec: every body the test suite encodes or
// decodes then also goes through encoding/json, and any difference is
// kept for CodecMismatches, which the test helpers fail on.

var (
	codecCheck atomic.Bool
	mismatchMu sync.Mutex
	mismatches []string
)

// CheckCodec turns the comparison with encoding/json on or off. It doubles
// the cost of every encode and decode; tests use it, production does not.
func CheckCodec(on bool) { codecCheck.Store(on) }

// CodecMismatches returns the differences from encoding/json seen since
// CheckCodec was turned on (at most 20).
func CodecMismatches() []string {
	mismatchMu.Lock()
	defer mismatchMu.Unlock()
	return append([]string(nil), mismatches...)
}

func mismatch(format string, args ...any) {
	mismatchMu.Lock()
	defer mismatchMu.Unlock()
	if len(mismatches) < 20 {
		mismatches = append(mismatches, fmt.Sprintf(format, args...))
	}
}

// Encode marshals a document body.
func Encode(v any) (json.RawMessage, error) {
	body, err := gojson.Marshal(v)
	if codecCheck.Load() {
		std, stdErr := json.Marshal(v)
		if (err == nil) != (stdErr == nil) || !bytes.Equal(body, std) {
			mismatch("encode %T: %s (%v), encoding/json %s (%v)", v, body, err, std, stdErr)
		}
	}
	return body, err
}

// Decode unmarshals the record's body into v.
func (r Record) Decode(v any) error {
	var fresh reflect.Value // a zero value of v's type, when v starts zero
	if codecCheck.Load() {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().IsZero() {
			fresh = reflect.New(rv.Elem().Type())
		}
	}
	err := gojson.Unmarshal(r.Data, v)
	if fresh.IsValid() {
		stdErr := json.Unmarshal(r.Data, fresh.Interface())
		if (err == nil) != (stdErr == nil) || (err == nil && !reflect.DeepEqual(reflect.ValueOf(v).Elem().Interface(), fresh.Elem().Interface())) {
			mismatch("decode %s into %T: %v / encoding/json %v; body %s", r.ID, v, err, stdErr, r.Data)
		}
	}
	if err != nil {
		return fmt.Errorf("store: decode %s: %w", r.ID, err)
	}
	return nil
}
