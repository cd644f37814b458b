package ferrettest_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	ferrettest.Shutdown()
	os.Exit(code)
}

func TestURI(t *testing.T) {
	u, err := url.Parse(ferrettest.URI(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.Hostname() != "127.0.0.1" {
		t.Errorf("FerretDB listens on %q, want 127.0.0.1 only", u.Hostname())
	}
	if got := u.Query().Get("maxPoolSize"); got != "1" {
		t.Errorf("maxPoolSize = %q, want 1", got)
	}
	if again := ferrettest.URI(t); again != u.String() {
		t.Errorf("second URI %q differs from first %q: one server per process", again, u)
	}
}

func TestOpenReopen(t *testing.T) {
	b := ferrettest.Open(t)
	other := ferrettest.Open(t)
	if b.Database() == other.Database() {
		t.Fatalf("two Opens share database %s", b.Database())
	}
	ctx := t.Context()
	if _, err := b.Insert(ctx, "things", "x", json.RawMessage(`{"kept":true}`)); err != nil {
		t.Fatal(err)
	}
	b2 := ferrettest.Reopen(t, b)
	if b2.Database() != b.Database() {
		t.Errorf("Reopen switched database %s to %s", b.Database(), b2.Database())
	}
	if _, err := b2.Get(ctx, "things", "x"); err != nil {
		t.Errorf("after Reopen: %v", err)
	}
	if _, err := other.Get(ctx, "things", "x"); err == nil {
		t.Error("a fresh database sees another test's document")
	}
}

// TestPostgres checks the FerretDB on PostgreSQL: loopback only, the
// driver's normal pool, and the version guard that gives FerretDB's
// read-check-write updates MongoDB's per-document atomicity: a write that
// does not raise the stored version is refused and changes nothing.
func TestPostgres(t *testing.T) {
	u, err := url.Parse(ferrettest.PostgresURI(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.Hostname() != "127.0.0.1" {
		t.Errorf("FerretDB listens on %q, want 127.0.0.1 only", u.Hostname())
	}
	if u.Query().Has("maxPoolSize") {
		t.Errorf("URI %s limits the pool; the PostgreSQL harness must not", u)
	}
	b := ferrettest.OpenPostgres(t)
	ctx := t.Context()
	rec, err := b.Insert(ctx, "things", "x", json.RawMessage(`{"n":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if rec, err = b.Update(ctx, "things", "x", rec.Version, json.RawMessage(`{"n":2}`)); err != nil || rec.Version != 2 {
		t.Fatalf("Update = %+v, %v", rec, err)
	}

	cli, err := mongo.Connect(options.Client().ApplyURI(u.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Disconnect(context.Background())
	coll := cli.Database(b.Database()).Collection("things")
	for _, v := range []int64{2, 1} {
		_, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: "x"}}, bson.D{{Key: "$set", Value: bson.D{
			{Key: "v", Value: v}, {Key: "d", Value: bson.D{{Key: "n", Value: 99}}}}}})
		if err == nil || !strings.Contains(err.Error(), "version guard") {
			t.Errorf("write of version %d over version 2: err = %v, want the version guard's refusal", v, err)
		}
	}
	got, err := b.Get(ctx, "things", "x")
	if err != nil || got.Version != 2 || string(got.Data) != `{"n":2}` {
		t.Errorf("after refused writes: %+v, %v; want version 2 {\"n\":2}", got, err)
	}
	if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: "x"}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "v", Value: int64(1)}}}}); err != nil {
		t.Errorf("a write that raises the version was refused: %v", err)
	}
}
