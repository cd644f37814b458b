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
	dir := filepath.Join(t.TempDir(), "data")
	env := []string{"SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026", "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY="}
	if out, code := runBinary(t, env, "init", "--data-dir", dir, "--org", "Borgholms kommun", "--org-number", "212000-0779", "--admin", "kommunadmin"); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, out)
	}
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
