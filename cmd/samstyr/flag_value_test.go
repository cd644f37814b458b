package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagWithoutAValueIsRefused: a flag that takes a value, given without
// one (last on the line, or followed by another flag), stops the command
// with exit code 2 naming the flag, and nothing is written. Found in
// review: the bare flag was dropped, so `verify --against` verified
// without the published roots and said "Inga avvikelser", `verify --file`
// checked the store instead of the file, and `export-archive --case`
// exported every archived ärende of every board.
func TestFlagWithoutAValueIsRefused(t *testing.T) {
	dir, env := initializedStore(t)
	out := filepath.Join(t.TempDir(), "ut")
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"verify", "--data-dir", dir, "--against"}, "--against"},
		{[]string{"verify", "--data-dir", dir, "--file"}, "--file"},
		{[]string{"verify", "--against=", "--data-dir", dir}, "--against"},
		{[]string{"export-archive", "--data-dir", dir, "--out", out, "--case"}, "--case"},
		{[]string{"export-archive", "--data-dir", dir, "--out", out, "--board"}, "--board"},
		{[]string{"export-archive", "--out", out, "--case", "--board", "KFN", "--data-dir", dir}, "--case"},
		{[]string{"export-archive", "--data-dir", dir, "--out", out, "--closed-before"}, "--closed-before"},
		{[]string{"init", "--data-dir", dir, "--org", "X", "--org-number", "212000-0779", "--admin", "ka", "--admin-email"}, "--admin-email"},
	} {
		got, code := runBinary(t, env, c.args...)
		if code != 2 || !strings.Contains(got, c.flag) {
			t.Errorf("%q: exit %d, want 2 naming %s\n%s", c.args, code, c.flag, got)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("something was written to %s (%v)", out, err)
	}
}
