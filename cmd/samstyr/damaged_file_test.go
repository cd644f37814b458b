package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestVerifyReportsADamagedDatabaseFile: a SQLite file with a damaged page
// that no hash chain lives on (here an index's) fails samstyr verify with
// exit code 1 and a line saying the database file is damaged. Found in
// review: verify read every chain, found them whole and printed "Inga
// avvikelser" over a file SQLite's own check calls malformed.
func TestVerifyReportsADamagedDatabaseFile(t *testing.T) {
	dir, env := initializedStore(t)
	if out, code := runBinary(t, env, "checkpoint", "--data-dir", dir); code != 0 {
		t.Fatalf("checkpoint: exit %d\n%s", code, out)
	}
	path := filepath.Join(dir, "samstyr.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	if err := db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'ix_blob_chunks_blob'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, int(size)), (root-1)*size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, code := runBinary(t, env, "verify", "--data-dir", dir)
	if code != 1 || !strings.Contains(out, "Databasfilen är skadad") || strings.Contains(out, "Inga avvikelser") {
		t.Errorf("verify of a damaged file: exit %d\n%s", code, out)
	}
}
