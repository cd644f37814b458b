package mongostore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/mongostore"
	"github.com/samstyr/samstyr/internal/store/storetest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	ferrettest.Shutdown()
	os.Exit(code)
}

// harness adapts an open function of ferrettest to the conformance suite.
func harness(open func(testing.TB) *mongostore.Backend) storetest.Harness {
	return storetest.Harness{
		Open: func(t *testing.T) store.Backend { return open(t) },
		Reopen: func(t *testing.T, b store.Backend) store.Backend {
			return ferrettest.Reopen(t, b.(*mongostore.Backend))
		},
	}
}

// TestConformance runs the storage conformance suite against the
// embedded FerretDB harness always, and against a real MongoDB when
// SAMSTYR_TEST_MONGODB_URI is set. The real-MongoDB subtest is only
// registered then, so a CI run without MongoDB has nothing skipped.
func TestConformance(t *testing.T) {
	t.Run("ferretdb", func(t *testing.T) { storetest.Run(t, harness(ferrettest.Open)) })
	if ferrettest.MongoURI() != "" {
		t.Run("mongodb", func(t *testing.T) { storetest.Run(t, harness(ferrettest.OpenReal)) })
	}
}

// backends runs f against FerretDB (ferret true) and, if configured, a real
// MongoDB.
func backends(t *testing.T, f func(t *testing.T, b *mongostore.Backend, ferret bool)) {
	t.Run("ferretdb", func(t *testing.T) { f(t, ferrettest.Open(t), true) })
	if ferrettest.MongoURI() != "" {
		t.Run("mongodb", func(t *testing.T) { f(t, ferrettest.OpenReal(t), false) })
	}
}

// TestBodyRoundTripStored stores bodies and reads them back: the JSON that
// comes out is the JSON that went in (compacted, key order kept).
func TestBodyRoundTripStored(t *testing.T) {
	type body struct {
		json        string
		notFerretDB string // why FerretDB cannot store it, if it cannot
	}
	bodies := []body{
		{json: `{}`},
		{json: `{"title":"Överklagande av beslut om bygglov – Ärende §12","namnd":"Miljö- och byggnämnden"}`},
		{json: `{"big":9007199254740993,"min":-9223372036854775808,"max":9223372036854775807}`},
		{json: `{"x":1.5,"neg":-0.25,"tiny":1e-7,"zero":0}`},
		{json: `{"a":[],"o":{},"n":null,"t":true,"f":false}`},
		{json: `{"nested":{"arr":[{"k":[1,2]},{"k":"v"}],"obj":{"deep":{"deeper":["å","ä","ö"]}}}}`},
		{json: `{"matrix":[[1,2],[{"k":"v"}],[]]}`, notFerretDB: "FerretDB 1.24 refuses nested arrays"},
		{json: `{"html":"<a href=\"x\">&</a>","ctl":"tab\tnl\n","uni":"\u2028"}`},
		{json: `{"z":1,"a":2,"m":3}`},
	}
	backends(t, func(t *testing.T, b *mongostore.Backend, ferret bool) {
		ctx := t.Context()
		for i, body := range bodies {
			if ferret && body.notFerretDB != "" {
				t.Logf("skipping %s: %s", body.json, body.notFerretDB)
				continue
			}
			id := string(rune('a' + i))
			if _, err := b.Insert(ctx, "bodies", id, json.RawMessage(body.json)); err != nil {
				t.Fatalf("Insert %s: %v", body.json, err)
			}
			got, err := b.Get(ctx, "bodies", id)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !sameJSON(t, got.Data, []byte(body.json)) {
				t.Errorf("round trip:\n got %s\nwant %s", got.Data, body.json)
			}
		}
	})
}

// sameJSON compares two JSON texts as values, with numbers compared as
// their literal text and object key order significant.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var ca, cb bytes.Buffer
	if err := json.Compact(&ca, a); err != nil {
		t.Fatalf("invalid JSON %s: %v", a, err)
	}
	if err := json.Compact(&cb, b); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	if bytes.Equal(ca.Bytes(), cb.Bytes()) {
		return true
	}
	// Same value, different escaping (\u003c versus <, …)?
	var va, vb any
	da, db := json.NewDecoder(&ca), json.NewDecoder(&cb)
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return false
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return bytes.Equal(ja, jb) && bytes.Equal(keyOrder(ca.Bytes()), keyOrder(cb.Bytes()))
}

// keyOrder lists the object keys of a JSON text in the order they appear.
func keyOrder(data []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []byte
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if s, ok := tok.(string); ok {
			out = append(out, s...)
			out = append(out, 0)
		}
	}
}

// TestOperatorKeysRejected: a body whose keys MongoDB could read as
// operators or paths never reaches the server.
func TestOperatorKeysRejected(t *testing.T) {
	bad := []string{
		`{"$where":"sleep(1000)"}`,
		`{"title":{"$gt":""}}`,
		`{"$numberLong":"1"}`,
		`{"d":{"$set":{"v":1}}}`,
		`{"list":[{"ok":1},{"$oid":"0123456789abcdef01234567"}]}`,
		`{"a.b":1}`,
		`{"nul\u0000key":1}`,
		`{"dup":1,"dup":2}`,
		`["not","an","object"]`,
		`"scalar"`,
		`{"open":`,
		`{} {}`,
	}
	backends(t, func(t *testing.T, b *mongostore.Backend, _ bool) {
		ctx := t.Context()
		ok, err := b.Insert(ctx, "items", "ok", json.RawMessage(`{"title":"ok"}`))
		if err != nil {
			t.Fatal(err)
		}
		for i, body := range bad {
			if _, err := b.Insert(ctx, "items", string(rune('a'+i)), json.RawMessage(body)); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("Insert %s: err = %v, want ErrInvalidQuery", body, err)
			}
			if _, err := b.Update(ctx, "items", "ok", ok.Version, json.RawMessage(body)); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("Update %s: err = %v, want ErrInvalidQuery", body, err)
			}
		}
		n, err := b.Count(ctx, "items", nil)
		if err != nil || n != 1 {
			t.Errorf("Count = %d (%v); rejected bodies must not be stored", n, err)
		}
		got, err := b.Get(ctx, "items", "ok")
		if err != nil || got.Version != 1 {
			t.Errorf("rejected updates touched the document: %+v, %v", got, err)
		}
	})
}

// TestConditionEdgeCases covers query shapes beyond the conformance suite:
// several conditions on one field, values that look like operators, and
// collection names the kernel refuses.
func TestConditionEdgeCases(t *testing.T) {
	backends(t, func(t *testing.T, b *mongostore.Backend, _ bool) {
		ctx := t.Context()
		for i, body := range []string{
			`{"n":1,"s":"$gt"}`, `{"n":2,"s":"a.b"}`, `{"n":3,"s":"x"}`, `{"n":4}`,
		} {
			if _, err := b.Insert(ctx, "edge", string(rune('a'+i)), json.RawMessage(body)); err != nil {
				t.Fatal(err)
			}
		}
		count := func(where ...store.Cond) int64 {
			t.Helper()
			n, err := b.Count(ctx, "edge", where)
			if err != nil {
				t.Fatalf("Count %v: %v", where, err)
			}
			return n
		}
		if n := count(store.Cond{Field: "n", Op: store.OpGt, Value: 1}, store.Cond{Field: "n", Op: store.OpNe, Value: int32(3)}, store.Cond{Field: "n", Op: store.OpLt, Value: 4}); n != 1 {
			t.Errorf("1 < n < 4, n != 3: %d, want 1", n)
		}
		if n := count(store.Eq("s", "$gt")); n != 1 {
			t.Errorf(`s = "$gt": %d, want 1 (a value is never an operator)`, n)
		}
		if n := count(store.Cond{Field: "s", Op: store.OpContains, Value: "."}); n != 1 {
			t.Errorf(`s contains ".": %d, want 1 (literal, not a regex)`, n)
		}
		if n := count(store.Cond{Field: "s", Op: store.OpIn, Value: []any{"x", "a.b"}}); n != 2 {
			t.Errorf(`s in [x a.b]: %d, want 2`, n)
		}
		if n := count(store.Cond{Field: "s", Op: store.OpNe, Value: nil}); n != 3 {
			t.Errorf(`s != nil: %d, want 3`, n)
		}
		if _, err := b.Find(ctx, "system_x", store.Query{}); err != nil {
			t.Errorf("valid collection name refused: %v", err)
		}
		for _, coll := range []string{"system.users", "Edge", "sequences", ""} {
			if _, err := b.Get(ctx, coll, "a"); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("Get on collection %q: err = %v, want ErrInvalidQuery", coll, err)
			}
		}
		if _, err := b.Count(ctx, "edge", []store.Cond{{Field: "s", Op: store.OpContains, Value: "a\x00"}}); !errors.Is(err, store.ErrInvalidQuery) {
			t.Errorf("contains with NUL: err = %v, want ErrInvalidQuery", err)
		}
	})
}

func TestOpenDatabaseName(t *testing.T) {
	uri := ferrettest.URI(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := mongostore.Open(ctx, uri, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	if b.Name() != "mongo" || b.Database() != mongostore.DefaultDatabase {
		t.Errorf("Name, Database = %q, %q; want mongo, %s", b.Name(), b.Database(), mongostore.DefaultDatabase)
	}
	if err := b.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
	if err := b.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := b.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
	named, err := mongostore.Open(ctx, strings.Replace(uri, "/?", "/from_uri?", 1), "")
	if err != nil {
		t.Fatal(err)
	}
	defer named.Close(ctx)
	if named.Database() != "from_uri" {
		t.Errorf("database from the URI path = %q, want from_uri", named.Database())
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	// Port 1 on loopback refuses connections at once.
	_, err := mongostore.Open(ctx, "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300", "x")
	if err == nil {
		t.Fatal("Open of an unreachable server succeeded")
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Open took %v to fail", time.Since(start))
	}
}

// TestUniqueIgnoresMissingField: like the SQLite backend, a unique index
// constrains only documents that have the field.
func TestUniqueIgnoresMissingField(t *testing.T) {
	backends(t, func(t *testing.T, b *mongostore.Backend, _ bool) {
		ctx := t.Context()
		coll := store.Collection{Name: "cases", Indexes: []store.Index{
			{Name: "cases_dnr", Fields: []string{"dnr"}, Unique: true},
			{Name: "cases_board_seq", Fields: []string{"board", "seq"}, Unique: true},
		}}
		if err := b.EnsureCollection(ctx, coll); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"a", "b", "c"} {
			if _, err := b.Insert(ctx, "cases", id, json.RawMessage(`{"board":"ITN"}`)); err != nil {
				t.Fatalf("insert %s without dnr and seq: %v", id, err)
			}
		}
		if _, err := b.Insert(ctx, "cases", "d", json.RawMessage(`{"dnr":"ITN 2026/1","board":"ITN","seq":1}`)); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Insert(ctx, "cases", "e", json.RawMessage(`{"dnr":"ITN 2026/1"}`)); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("taken dnr: err = %v, want ErrDuplicate", err)
		}
		if _, err := b.Insert(ctx, "cases", "f", json.RawMessage(`{"board":"ITN","seq":1}`)); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("taken (board, seq): err = %v, want ErrDuplicate", err)
		}
		if _, err := b.Update(ctx, "cases", "a", 1, json.RawMessage(`{"board":"ITN","seq":1}`)); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("update to taken (board, seq): err = %v, want ErrDuplicate", err)
		}
		if _, err := b.Update(ctx, "cases", "a", 1, json.RawMessage(`{"board":"ITN","seq":2}`)); err != nil {
			t.Errorf("update to free (board, seq): %v", err)
		}
	})
}

// TestContentionOnPostgres runs the suite's contention cases against
// FerretDB on PostgreSQL with the driver's normal pool, where many
// operations reach the database at once (see ferrettest.PostgresURI): 32
// writers on one version, raced unique values and 50 concurrent draws
// from one counter. It skips without PostgreSQL unless
// SAMSTYR_REQUIRE_POSTGRES=1.
func TestContentionOnPostgres(t *testing.T) {
	storetest.RunContention(t, harness(ferrettest.OpenPostgres))
}
