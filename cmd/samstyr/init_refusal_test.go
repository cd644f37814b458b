package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedInitWritesNoOrganisation: an init refused for the
// administrator's e-mail address, name or username writes nothing, not
// even the data dir, so a corrected init with another administrator
// succeeds.
// Found in review: the organisation was written before the account was
// refused, and every later init with another username was refused as
// "already set up".
func TestRefusedInitWritesNoOrganisation(t *testing.T) {
	for _, bad := range [][]string{
		{"--admin", "ka", "--admin-email", "inte-en-adress"},
		{"--admin", "ka", "--admin-name", "Eva\nAdmin"},
		{"--admin", "Kommun Admin"},
	} {
		dir := filepath.Join(t.TempDir(), "data")
		env := []string{"SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026", "SAMSTYR_MONGODB_URI="}
		base := []string{"init", "--data-dir", dir, "--org", "Borgholms kommun", "--org-number", "212000-0779"}
		if out, code := runBinary(t, env, append(base, bad...)...); code == 0 {
			t.Fatalf("%q: init succeeded\n%s", bad, out)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%q: the refused init made the data dir (%v)", bad, err)
		}
		out, code := runBinary(t, env, append(base, "--admin", "kommunadmin", "--admin-email", "eva@borgholm.se")...)
		if code != 0 || !strings.Contains(out, "kommunadmin") {
			t.Errorf("after %q, a corrected init: exit %d\n%s", bad, code, out)
		}
	}
}

// TestInitOnAStoreSetUpSaysWhere: init on a store already set up (the
// demo's ./data, as a README reader meets it) is refused with exit code 1
// and says to give it an empty data dir.
func TestInitOnAStoreSetUpSaysWhere(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := []string{"SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026", "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY="}
	args := []string{"init", "--data-dir", dir, "--org", "Borgholms kommun", "--org-number", "212000-0779", "--admin", "kommunadmin"}
	if out, code := runBinary(t, env, args...); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, out)
	}
	if out, code := runBinary(t, env, args...); code != 1 || !strings.Contains(out, "already set up") || !strings.Contains(out, "empty data dir") {
		t.Errorf("a second init: exit %d\n%s", code, out)
	}
}
