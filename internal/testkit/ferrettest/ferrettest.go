// Package ferrettest runs the Mongo backend's tests against an embedded
// FerretDB v1.24 started inside the test process: on SQLite with one
// connection (URI, Open), and on PostgreSQL with the driver's normal pool
// for tests of contention (PostgresURI, OpenPostgres; see postgres.go);
// and, when SAMSTYR_TEST_MONGODB_URI is set, against a real MongoDB.
//
// Import it only from _test.go files: it links FerretDB, which must never
// end up in the samstyr binary.
//
// One FerretDB serves the whole test process. It listens on 127.0.0.1 only,
// keeps its data in a temporary directory, and is reached with
// maxPoolSize=1: FerretDB's SQLite handler does the read-check-write of an
// update outside a transaction, so the version check of Update only holds
// if the server sees one operation at a time. Each Open gets a fresh
// database that is dropped when the test ends. Packages that use it should
// call Shutdown from TestMain after m.Run to stop the server and remove its
// directory.
package ferrettest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"

	"github.com/samstyr/samstyr/internal/store/mongostore"
)

// EnvMongoDBURI names the environment variable that points the tests at a
// real MongoDB (a replica set, so that majority reads and writes work).
const EnvMongoDBURI = "SAMSTYR_TEST_MONGODB_URI"

var (
	startOnce sync.Once
	server    struct {
		uri    string
		err    error
		dir    string
		cancel context.CancelFunc
		done   chan struct{}
	}

	// opened maps each backend opened here, until it is closed, to the URI
	// it was opened with, so Reopen can connect to the same deployment.
	openedMu sync.Mutex
	opened   = map[*mongostore.Backend]string{}
)

// URI returns the connection string of the process's embedded FerretDB,
// starting it on first use. It ends in maxPoolSize=1 (see the package
// comment). A failed start fails every test that asks for it.
func URI(t testing.TB) string {
	t.Helper()
	SkipShort(t)
	startOnce.Do(start)
	if server.err != nil {
		t.Fatalf("ferrettest: start embedded FerretDB: %v", server.err)
	}
	return server.uri
}

func start() {
	dir, err := os.MkdirTemp("", "samstyr-ferretdb-")
	if err != nil {
		server.err = err
		return
	}
	server.dir = dir
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/", // the directory must exist; the URL must end in "/"
		// FerretDB logs unsupported commands the driver sends (endSessions)
		// at WARN; only errors are worth seeing in test output.
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		server.err = err
		_ = os.RemoveAll(dir)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	server.cancel = cancel
	server.done = make(chan struct{})
	go func() {
		defer close(server.done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI waits for the listener, so it must come after Run starts.
	u, err := url.Parse(f.MongoDBURI())
	if err != nil {
		server.err = err
		return
	}
	q := u.Query()
	q.Set("maxPoolSize", "1")
	u.RawQuery = q.Encode()
	server.uri = u.String()
}

// Shutdown stops the embedded FerretDBs (and PostgreSQL), if they were
// started, and removes their data directories. Call it from TestMain after m.Run, when every test's
// cleanup has closed its client (FerretDB logs errors if connections are
// still open when it stops).
func Shutdown() {
	shutdownPostgres()
	if server.cancel == nil {
		if server.dir != "" {
			_ = os.RemoveAll(server.dir)
		}
		return
	}
	server.cancel()
	select {
	case <-server.done:
	case <-time.After(10 * time.Second):
	}
	_ = os.RemoveAll(server.dir)
}

// MongoURI returns the real MongoDB's URI from SAMSTYR_TEST_MONGODB_URI, or
// "" if none is configured.
func MongoURI() string { return os.Getenv(EnvMongoDBURI) }

// SkipShort skips a test of the Mongo backend under `go test -short`, the
// inner loop of development; the full suite (`go test ./...`) runs them.
// URI, OpenReal and PostgresURI call it, so every test that reaches for
// one of the harnesses skips there.
func SkipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("the Mongo backend (FerretDB harness) is tested by the full suite, not under -short")
	}
}

// Open returns a backend on a fresh, randomly named database of the
// embedded FerretDB. The database is dropped and the client closed when the
// test ends.
func Open(t testing.TB) *mongostore.Backend {
	t.Helper()
	return open(t, URI(t), randomDB(t))
}

// OpenReal is Open against the real MongoDB named by
// SAMSTYR_TEST_MONGODB_URI; it skips the test if the variable is unset.
func OpenReal(t testing.TB) *mongostore.Backend {
	t.Helper()
	SkipShort(t)
	uri := MongoURI()
	if uri == "" {
		t.Skipf("%s is not set; skipping the test against a real MongoDB", EnvMongoDBURI)
	}
	return open(t, uri, randomDB(t))
}

// Reopen closes b, as a stopping process would, and opens the same database
// on the same deployment again. b must come from Open, OpenReal or Reopen.
// The new backend drops the database when the test ends.
func Reopen(t testing.TB, b *mongostore.Backend) *mongostore.Backend {
	t.Helper()
	uri, ok := forget(b)
	if !ok {
		t.Fatalf("ferrettest: Reopen of a backend that ferrettest did not open, or already closed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Close(ctx); err != nil {
		t.Fatalf("ferrettest: close before reopen: %v", err)
	}
	return open(t, uri, b.Database())
}

// open connects to dbName at uri and registers the test cleanup that drops
// the database and closes the client (skipped if Reopen closed it first).
func open(t testing.TB, uri, dbName string) *mongostore.Backend {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := mongostore.Open(ctx, uri, dbName)
	if err != nil {
		t.Fatalf("ferrettest: open %s: %v", dbName, err)
	}
	openedMu.Lock()
	opened[b] = uri
	openedMu.Unlock()
	t.Cleanup(func() {
		if _, ok := forget(b); !ok {
			return // closed by Reopen; its successor cleans up
		}
		// t.Context() is already cancelled while cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := b.Drop(ctx); err != nil {
			t.Errorf("ferrettest: drop %s: %v", dbName, err)
		}
		if err := b.Close(ctx); err != nil {
			t.Errorf("ferrettest: close %s: %v", dbName, err)
		}
	})
	return b
}

// forget removes b from the open set and returns the URI it was opened with.
func forget(b *mongostore.Backend) (string, bool) {
	openedMu.Lock()
	defer openedMu.Unlock()
	uri, ok := opened[b]
	delete(opened, b)
	return uri, ok
}

// randomDB returns a fresh database name, valid on MongoDB and FerretDB.
func randomDB(t testing.TB) string {
	var p [8]byte
	if _, err := rand.Read(p[:]); err != nil {
		t.Fatalf("ferrettest: random database name: %v", err)
	}
	return fmt.Sprintf("samstyr_test_%s", hex.EncodeToString(p[:]))
}
