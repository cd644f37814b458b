package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandAnswersHelp: `samstyr CMD --help` (and -h) describes
// that command, exits 0 and touches no store. Found in review: verify,
// checkpoint and migrate printed "Usage of samstyr serve" with serve's
// flags only; init, export-ledger and export-archive exited 2 for a
// missing flag; verify-decision tried to open a file named "--help".
func TestEveryCommandAnswersHelp(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ cmd, want string }{
		{"serve", "samstyr serve"},
		{"migrate", "samstyr migrate"},
		{"init", "--org-number"},
		{"verify", "--against"},
		{"export-ledger", "--out FILE"},
		{"checkpoint", "samstyr checkpoint"},
		{"export-archive", "--closed-before"},
		{"verify-decision", "verify-decision FILE"},
		{"migrate-store", "from-data-dir"},
		{"bench", "--duration"},
	} {
		for _, flag := range []string{"--help", "-h"} {
			cmd := exec.Command(binary, c.cmd, flag)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "SAMSTYR_MONGODB_URI=", "SAMSTYR_DATA_DIR=")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s %s: %v\n%s", c.cmd, flag, err, out)
				continue
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("%s %s does not mention %q:\n%s", c.cmd, flag, c.want, out)
			}
			if strings.Contains(string(out), "samstyr serve:") && c.cmd != "serve" {
				t.Errorf("%s %s shows serve's help:\n%s", c.cmd, flag, out)
			}
		}
	}
	if out, err := exec.Command(binary, "--help").CombinedOutput(); err != nil || !strings.Contains(string(out), "export-archive") {
		t.Errorf("samstyr --help: %v, want every command:\n%s", err, out)
	}
	// An unknown flag: exit 2, naming the flag, not serve's help.
	for _, c := range [][]string{{"verify"}, {"checkpoint"}, {"export-ledger", "--out", "x"}, {"migrate"}} {
		cmd := exec.Command(binary, append(c, "--bogus")...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "-bogus") || strings.Contains(string(out), "samstyr serve") {
			t.Errorf("%s --bogus: %v, want exit 2 naming the flag and no serve help:\n%s", c, err, out)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) > 0 {
		t.Errorf("--help wrote %v into the working folder", es)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("--help made a data dir")
	}
}
