package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDataDirIsPrivate starts the real server on a data dir created 0755
// and checks that the dir is 0700 and every file in it (the SQLite
// database, its -wal and -shm files, master.key) 0600; then it loosens
// them all, as an older installation left them, and a restart tightens
// them again. Found in review: 0755 and 0644.
func TestDataDirIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o700 {
			t.Errorf("%s: data dir mode %04o, want 0700", when, m)
		}
		es, _ := os.ReadDir(dir)
		names := map[string]bool{}
		for _, e := range es {
			names[e.Name()] = true
			fi, err := e.Info()
			if err != nil {
				t.Fatal(err)
			}
			if m := fi.Mode().Perm(); m != 0o600 {
				t.Errorf("%s: %s mode %04o, want 0600", when, e.Name(), m)
			}
		}
		for _, f := range []string{"samstyr.db", "samstyr.db-wal", "samstyr.db-shm", "master.key"} {
			if !names[f] {
				t.Errorf("%s: no %s in the data dir (%v)", when, f, names)
			}
		}
	}
	p := start(t, dir, "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1")
	check("first start")
	p.stop(t)
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p = start(t, dir)
	check("restart of a loose installation")
	p.stop(t)
}
