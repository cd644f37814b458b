package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLedgerCountsNameWhatTheyCount: right after samstyr init there is no
// ärende, only the administration's records (the organisation and the
// administrator); checkpoint does not call its leaves ärenden, and verify
// says how many of the administration's chains and records it checked.
// Found in review: checkpoint printed "2 ärenden" on a store without one,
// while verify printed "0 ärenden" and nothing of the chains it checked.
func TestLedgerCountsNameWhatTheyCount(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(binary, append(args, "--data-dir", dir)...)
		cmd.Env = append(os.Environ(), "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY=", "SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("init", "--org", "Borgholms kommun", "--org-number", "212000-0779", "--admin", "kommunadmin")
	if out := run("checkpoint"); strings.Contains(out, "2 ärenden") || !strings.Contains(out, "Kontrollpunkt 1: 2 kedjor") {
		t.Errorf("checkpoint after init:\n%s", out)
	}
	out := run("verify")
	if !strings.HasPrefix(out, "Kontrollerade 0 ärenden, 0 händelser och 1 kontrollpunkter.\n") ||
		!strings.Contains(out, "Administrationens register: 2 kedjor med 2 poster.") {
		t.Errorf("verify after init:\n%s", out)
	}
}
