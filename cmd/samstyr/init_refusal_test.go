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
