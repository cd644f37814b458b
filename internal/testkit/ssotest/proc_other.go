//go:build !linux

package ssotest

import "os/exec"

// setParentDeath is Linux-only; elsewhere the test's cleanup stops the
// provider.
func setParentDeath(*exec.Cmd) {}
