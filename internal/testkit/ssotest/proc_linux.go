package ssotest

import (
	"os/exec"
	"syscall"
)

// setParentDeath kills the provider if the test binary dies first.
func setParentDeath(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
