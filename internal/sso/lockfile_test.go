package sso_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/ssotest"
)

// The test provider's lock file pins every package by version and
// integrity only: no "resolved" URL (so no registry host) is committed,
// and .npmrc keeps npm from writing one back.
func TestProviderLockFileNamesNoRegistry(t *testing.T) {
	dir := ssotest.Dir()
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(lock), `"resolved"`) {
		t.Error(`package-lock.json contains "resolved" URLs`)
	}
	if !strings.Contains(string(lock), `"node_modules/oidc-provider"`) || !strings.Contains(string(lock), `"integrity"`) {
		t.Error("package-lock.json does not pin oidc-provider with integrity hashes")
	}
	rc, err := os.ReadFile(filepath.Join(dir, ".npmrc"))
	if err != nil || !strings.Contains(string(rc), "omit-lockfile-registry-resolved=true") {
		t.Errorf(".npmrc lacks omit-lockfile-registry-resolved=true: %v", err)
	}
}
