package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusalsReadAsText: a one-shot command refused by a use case says
// what is wrong in words, with the stable code after it, not the bare
// code. Found in review: "samstyr: case_not_found: case KFN 2026/1".
func TestRefusalsReadAsText(t *testing.T) {
	dir, env := initializedStore(t)
	out := filepath.Join(t.TempDir(), "ut")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export-archive", "--out", out, "--case", "KFN 2026/1"}, "samstyr: The case does not exist. (case KFN 2026/1) [case_not_found]"},
		{[]string{"export-archive", "--out", out, "--board", "KFN"}, "samstyr: The board does not exist."},
		{[]string{"export-ledger", "--out", filepath.Join(t.TempDir(), "l.json")}, "[no_checkpoint]"},
		{[]string{"export-ledger", "--out", filepath.Join(out, "l.json")}, "samstyr: --out " + filepath.Join(out, "l.json") + ": no such file or directory"},
	} {
		got, code := runBinary(t, env, append(c.args, "--data-dir", dir)...)
		if code != 1 || !strings.Contains(got, c.want) {
			t.Errorf("%v: exit %d, want 1 and %q:\n%s", c.args, code, c.want, got)
		}
	}
}
