package ferrettest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"

	"github.com/samstyr/samstyr/internal/store/mongostore"
)

// EnvRequirePostgres names the environment variable that turns a missing
// PostgreSQL into a test failure instead of a skip (.ci/run sets it).
const EnvRequirePostgres = "SAMSTYR_REQUIRE_POSTGRES"

// pgServer is the process's FerretDB on PostgreSQL: a throwaway cluster
// (initdb into a temporary directory, a postgres server listening on a
// unix socket in that directory only) and a FerretDB with the postgresql
// handler in front of it, reached with the driver's normal pool. The
// handler is compiled into FerretDB unless the build tag
// ferretdb_no_postgresql is set; this repository sets no build tags.
var (
	pgOnce   sync.Once
	pgServer struct {
		uri    string
		skip   string // why PostgreSQL cannot run here
		err    error
		dir    string
		pg     *exec.Cmd
		pgDone chan struct{}
		cancel context.CancelFunc
		done   chan struct{}
	}
)

// PostgresURI returns the connection string of the process's FerretDB on
// PostgreSQL, starting PostgreSQL and FerretDB on first use. Unlike URI it
// keeps the driver's default pool: FerretDB's postgresql handler serves
// many clients at once, so concurrent tests meet real contention. Without
// PostgreSQL binaries the test is skipped, unless SAMSTYR_REQUIRE_POSTGRES=1.
func PostgresURI(t testing.TB) string {
	t.Helper()
	SkipShort(t)
	pgOnce.Do(startPostgres)
	switch {
	case pgServer.skip != "" && os.Getenv(EnvRequirePostgres) == "1":
		t.Fatalf("ferrettest: %s, and %s=1", pgServer.skip, EnvRequirePostgres)
	case pgServer.skip != "":
		t.Skipf("ferrettest: %s; set %s=1 to fail instead", pgServer.skip, EnvRequirePostgres)
	case pgServer.err != nil:
		t.Fatalf("ferrettest: start FerretDB on PostgreSQL: %v", pgServer.err)
	}
	return pgServer.uri
}

// OpenPostgres is Open against the FerretDB on PostgreSQL (see
// PostgresURI): a fresh database, dropped when the test ends.
func OpenPostgres(t testing.TB) *mongostore.Backend {
	t.Helper()
	return open(t, PostgresURI(t), randomDB(t))
}

// postgresBinDir finds the directory that holds initdb, postgres and psql
// together: that of initdb on the PATH (symbolic links resolved), else the
// newest of Debian's /usr/lib/postgresql/<major>/bin.
func postgresBinDir() (string, bool) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	debian, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(debian, func(a, b string) int { return majorOf(b) - majorOf(a) })
	for _, dir := range append(dirs, debian...) {
		if hasAll(dir, "initdb", "postgres", "psql") {
			return dir, true
		}
	}
	return "", false
}

func hasAll(dir string, names ...string) bool {
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			return false
		}
	}
	return true
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// runAs returns the credential to run PostgreSQL with: none when this
// process is not root, else the "postgres" system user (Debian's package
// creates it) or "nobody", since PostgreSQL refuses to run as root.
func runAs() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
	}
	return nil, errors.New("running as root and neither a postgres nor a nobody user exists to run PostgreSQL as")
}

// pgCommand prepares a PostgreSQL program run as cred, in a clean
// environment; it is ended with SIGKILL if this process dies first.
func pgCommand(cred *syscall.Credential, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL, Setpgid: true}
	return cmd
}

func startPostgres() {
	bin, ok := postgresBinDir()
	if !ok {
		pgServer.skip = "PostgreSQL is not installed (no directory with initdb, postgres and psql on the PATH or under /usr/lib/postgresql/*/bin)"
		return
	}
	cred, err := runAs()
	if err != nil {
		pgServer.err = err
		return
	}
	// Not t.TempDir: the server user must own the directory and reach it,
	// and it outlives single tests. The socket path must stay short.
	dir, err := os.MkdirTemp("", "samstyr-pg-")
	if err != nil {
		pgServer.err = err
		return
	}
	pgServer.dir = dir
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			pgServer.err = err
			return
		}
	}
	data := filepath.Join(dir, "data")
	initdb := pgCommand(cred, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		pgServer.err = fmt.Errorf("initdb: %v\n%s", err, out)
		return
	}
	// A test cluster: no TCP at all (the socket lives in dir), and no
	// fsync, since these tests kill clients, never the database server.
	pgServer.pgDone = make(chan struct{})
	started := make(chan error, 1)
	go func() {
		// Pdeathsig fires when the thread that started the child exits;
		// this goroutine keeps its thread until the server has ended.
		runtime.LockOSThread()
		defer close(pgServer.pgDone)
		cmd := pgCommand(cred, filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-c", "listen_addresses=",
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
		cmd.Stderr = &pgLog
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		pgServer.pg = cmd
		started <- nil
		_ = cmd.Wait()
	}()
	if err := <-started; err != nil {
		pgServer.err = fmt.Errorf("start postgres: %w", err)
		return
	}
	if err := waitReady(data, 30*time.Second); err != nil {
		pgServer.err = fmt.Errorf("%w\n%s", err, pgLog.String())
		return
	}

	psql := pgCommand(cred, filepath.Join(bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir, "-U", "postgres",
		"-d", "postgres", "-c", versionGuardSQL)
	if out, err := psql.CombinedOutput(); err != nil {
		pgServer.err = fmt.Errorf("install the version guard: %v\n%s", err, out)
		return
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:       "postgresql",
		PostgreSQLURL: "postgres://postgres@/postgres?host=" + url.QueryEscape(dir),
		Logger:        slog.New(expectedRefusals{slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})}),
	})
	if err != nil {
		pgServer.err = err
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	pgServer.cancel = cancel
	pgServer.done = make(chan struct{})
	go func() {
		defer close(pgServer.done)
		_ = f.Run(ctx)
	}()
	pgServer.uri = f.MongoDBURI()
}

// versionGuardSQL gives FerretDB's tables the per-document atomicity of
// MongoDB. FerretDB 1.24 runs findAndModify and update as a read, a check
// in Go and then "UPDATE … WHERE _id = $1" in a separate transaction (see
// its handler/common.UpdateDocument and backends/postgresql UpdateAll), so
// two clients that read version 1 both write version 2 and one write is
// lost; MongoDB applies the filter and the update to a document
// atomically. Every table FerretDB creates (outside its own _ferretdb_*
// metadata) gets a row trigger that refuses an update which does not raise
// the stored version "v" (and, in the counters' table, the counter "n"):
// the losing write fails with serialization_failure instead of silently
// overwriting the winner. That is the guarantee mongostore relies on, not
// a stand-in for its logic: the version filter, the conflict answer and
// the retries are still mongostore's and are what the tests exercise.
const versionGuardSQL = `
CREATE FUNCTION public.samstyr_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF jsonb_typeof(OLD._jsonb->'v') = 'number' AND jsonb_typeof(NEW._jsonb->'v') = 'number'
     AND (NEW._jsonb->>'v')::numeric <= (OLD._jsonb->>'v')::numeric THEN
    RAISE EXCEPTION 'ferrettest version guard: %.% version % already written (a concurrent write won)',
      TG_TABLE_SCHEMA, TG_TABLE_NAME, OLD._jsonb->>'v' USING ERRCODE = 'serialization_failure';
  END IF;
  IF TG_TABLE_NAME LIKE 'sequences\_%' AND jsonb_typeof(OLD._jsonb->'n') = 'number'
     AND jsonb_typeof(NEW._jsonb->'n') = 'number' AND (NEW._jsonb->>'n')::numeric <= (OLD._jsonb->>'n')::numeric THEN
    RAISE EXCEPTION 'ferrettest version guard: counter %.% at % already advanced (a concurrent increment won)',
      TG_TABLE_SCHEMA, TG_TABLE_NAME, OLD._jsonb->>'n' USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION public.samstyr_attach_version_guard() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    IF r.object_identity NOT LIKE '%._ferretdb\_%' THEN
      EXECUTE format('CREATE TRIGGER samstyr_version_guard BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION public.samstyr_version_guard()', r.object_identity);
    END IF;
  END LOOP;
END $$;
CREATE EVENT TRIGGER samstyr_attach_version_guard ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION public.samstyr_attach_version_guard();
`

// waitReady waits until postmaster.pid reports the server ready.
func waitReady(data string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-pgServer.pgDone:
			return errors.New("postgres exited at start")
		default:
		}
		if b, err := os.ReadFile(filepath.Join(data, "postmaster.pid")); err == nil && strings.Contains(string(b), "ready") {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("postgres not ready within %s", limit)
}

// shutdownPostgres stops FerretDB, then PostgreSQL (fast shutdown), and
// removes the cluster's directory.
func shutdownPostgres() {
	if pgServer.cancel != nil {
		pgServer.cancel()
		select {
		case <-pgServer.done:
		case <-time.After(10 * time.Second):
		}
	}
	if pgServer.pg != nil && pgServer.pg.Process != nil {
		_ = pgServer.pg.Process.Signal(syscall.SIGINT)
		select {
		case <-pgServer.pgDone:
		case <-time.After(10 * time.Second):
			_ = pgServer.pg.Process.Kill()
			<-pgServer.pgDone
		}
	}
	if pgServer.dir != "" {
		_ = os.RemoveAll(pgServer.dir)
	}
}

// expectedRefusals drops FerretDB's log lines about SQL statements that
// PostgreSQL refused for the two reasons the tests provoke on purpose: a
// unique violation (SQLSTATE 23505) and the version guard
// (serialization_failure, 40001). The client gets the error either way;
// every other error is still logged.
type expectedRefusals struct{ slog.Handler }

func (h expectedRefusals) Handle(ctx context.Context, r slog.Record) error {
	expected := false
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			s := a.Value.String()
			expected = strings.Contains(s, "(SQLSTATE 23505)") || strings.Contains(s, "(SQLSTATE 40001)")
		}
		return !expected
	})
	if expected {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h expectedRefusals) WithAttrs(as []slog.Attr) slog.Handler {
	return expectedRefusals{h.Handler.WithAttrs(as)}
}

func (h expectedRefusals) WithGroup(name string) slog.Handler {
	return expectedRefusals{h.Handler.WithGroup(name)}
}

// pgLog keeps the start of PostgreSQL's log for error messages.
var pgLog boundedBuffer

// boundedBuffer is a goroutine-safe buffer that keeps the first 64 KiB.
type boundedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := 64<<10 - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *boundedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
