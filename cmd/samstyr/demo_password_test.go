package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDemoPasswordOnALoadedDemoWarns: SAMSTYR_DEMO_PASSWORD counts only at
// the start that loads the demo; given on a data dir whose demo is
// already loaded, serve says in its log that it changed no password.
// Found in review: following the README (first start, then the
// SAMSTYR_DEMO_PASSWORD example) ended in a silent 401.
func TestDemoPasswordOnALoadedDemoWarns(t *testing.T) {
	dir := t.TempDir()
	start(t, dir).stop(t)
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "SAMSTYR_ADDR=127.0.0.1:0", "SAMSTYR_DATA_DIR="+dir, "SAMSTYR_DEMO_PASSWORD=fjällräv-demo-1")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var warned bool
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		l := sc.Text()
		if strings.Contains(l, `"level":"WARN"`) && strings.Contains(l, "SAMSTYR_DEMO_PASSWORD") {
			warned = true
		}
		if strings.Contains(l, `"msg":"listening"`) {
			break
		}
	}
	if !warned {
		t.Error("no warning that SAMSTYR_DEMO_PASSWORD changed nothing")
	}
}
