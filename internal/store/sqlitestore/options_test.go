package sqlitestore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// modes returns the permission bits of the data dir and of every file in
// it.
func modes(t *testing.T, dir string) map[string]os.FileMode {
	t.Helper()
	out := map[string]os.FileMode{}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	out["."] = fi.Mode().Perm()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fi.Mode().Perm()
	}
	return out
}

// TestStoreFilesArePrivate: the data dir is 0700 and the database with
// its -wal and -shm files 0600, on a new store (under a umask that would
// give 0755/0644) and on one made with looser modes, which the next Open
// tightens. Found in review: they were 0755 and 0644.
func TestStoreFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		m := modes(t, dir)
		for _, f := range []string{sqlitestore.FileName, sqlitestore.FileName + "-wal", sqlitestore.FileName + "-shm"} {
			if _, ok := m[f]; !ok {
				t.Errorf("%s: no %s", when, f)
			}
		}
		for name, mode := range m {
			want := os.FileMode(0o600)
			if name == "." {
				want = 0o700
			}
			if mode != want {
				t.Errorf("%s: %s has mode %04o, want %04o", when, name, mode, want)
			}
		}
	}
	b, err := sqlitestore.Open(t.Context(), dir, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.NextSequence(t.Context(), "x"); err != nil { // a write: the WAL exists
		t.Fatal(err)
	}
	check("new store")
	// An installation from before: everything readable by others.
	for name := range modes(t, dir) {
		mode := os.FileMode(0o644)
		if name == "." {
			mode = 0o755
		}
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	b2, err := sqlitestore.Open(t.Context(), dir, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	check("reopened loose store")
	b2.Close(context.Background())
	b.Close(context.Background())
}
