package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMissingMasterKeyIsNotReplaced: a store whose signing keys are sealed
// (here the server key of a checkpoint), restored without its master.key
// as docs/deployment.md keeps them apart, is refused by serve and verify
// with exit code 2 and a first line naming SAMSTYR_MASTER_KEY, and no new
// master.key is made. Found in review: a new random key was written beside
// the store, serve started as if nothing were wrong, and every signature
// and checkpoint after it failed ("wrong master key"). A new key given in
// SAMSTYR_MASTER_KEY still starts it, for a key that is truly lost.
func TestMissingMasterKeyIsNotReplaced(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	for _, args := range [][]string{
		{"init", "--org", "Borgholms kommun", "--org-number", "212000-0779", "--admin", "kommunadmin"},
		{"checkpoint"},
	} {
		cmd := exec.Command(binary, append(args, "--data-dir", dir)...)
		cmd.Env = append(os.Environ(), "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY=", "SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	key := filepath.Join(dir, "master.key")
	if err := os.Rename(key, filepath.Join(t.TempDir(), "master.key")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"serve", "--addr", freeAddr(t)}, {"verify"}} {
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second) // a serve that starts is stopped
		cmd := exec.CommandContext(ctx, binary, append(args, "--data-dir", dir)...)
		cmd.Env = append(os.Environ(), "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		cancel()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("%s without master.key: %v, want exit code 2\n%s", args[0], err, stderr.String())
		}
		var last string
		for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			if !strings.HasPrefix(l, "{") { // serve's JSON log lines come first
				last = l
				break
			}
		}
		if !strings.Contains(last, "SAMSTYR_MASTER_KEY") || !strings.Contains(last, "master.key") {
			t.Errorf("%s: message %q does not name SAMSTYR_MASTER_KEY and master.key", args[0], last)
		}
		if _, err := os.Stat(key); !os.IsNotExist(err) {
			t.Fatalf("%s made a new master.key (%v)", args[0], err)
		}
	}
	// A key truly lost: a new one given explicitly starts the service.
	start(t, dir, "SAMSTYR_MASTER_KEY=c2Ftc3R5ci10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM=", "SAMSTYR_MONGODB_URI=").stop(t)
}
