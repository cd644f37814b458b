package main

import (
	"os"
	"os/exec"
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

// TestReadOnlyDataDirStaysReadOnly: a data dir an operator made read-only
// (0500, files 0400; docs/deployment.md keeps the SQLite dir read-only
// after a move) keeps its modes through a samstyr verify: tightening
// removes group and other bits and never adds the owner's. Found in
// review: every open made the dir 0700 and the database 0600 again.
func TestReadOnlyDataDirStaysReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(binary, "init", "--org", "Borgholms kommun", "--org-number", "212000-0779", "--admin", "kommunadmin", "--data-dir", dir)
	cmd.Env = append(os.Environ(), "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY=", "SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o400); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	cmd = exec.Command(binary, "verify", "--data-dir", dir)
	cmd.Env = append(os.Environ(), "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY=")
	out, _ := cmd.CombinedOutput() // root may read it; anyone else is refused: either way the modes stay
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o500 {
		t.Errorf("data dir mode %04o after verify, want 0500\n%s", m, out)
	}
	for _, e := range es {
		fi, err := os.Stat(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o400 {
			t.Errorf("%s mode %04o after verify, want 0400", e.Name(), m)
		}
	}
}
