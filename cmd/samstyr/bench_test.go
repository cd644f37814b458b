package main

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestBenchCommand runs a short `samstyr bench` on its in-process server,
// seeded with a small organisation: the seeding, the raw store baseline,
// every flow, a table with percentiles, the summary, no errors.
func TestBenchCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(binary, "bench", "-clients", "2", "-duration", "1500ms", "-baseline", "200ms", "-mix", "drafting=1,deciding=2,auditor=1,reads=1",
		"-users", "12", "-boards", "2", "-board-decisions", "2")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"Seeding an organisation of 12 people on 2 boards", "2 boards with adopted delegationsordningar",
		"12 people provisioned with roles", "4 cases decided, signed, reported and archived over HTTP (2 per board)",
		"Raw store baseline", " 1 goroutine(s):", " 2 goroutine(s):", "HTTP load: 2 clients", "p99", "acknowledged-or-refused writes",
		"Summary:", "decide p50", "% of the raw store's", "ms per request", "writes per commit"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	total := regexp.MustCompile(`(?m)^total\s+(\d+)\s+\d+\s+(\d+)\s`).FindStringSubmatch(out)
	if total == nil || total[1] == "0" || total[2] != "0" {
		t.Errorf("total line (count, errors) = %v:\n%s", total, out)
	}
	if strings.Contains(stderr.String(), `"level":"ERROR"`) {
		t.Errorf("the in-process server logged an error:\n%s", stderr.String())
	}
}

// TestBenchManySignersAtOnce: sixteen clients deciding and signing at
// once (each signature asks for the password again) finish without a
// refusal: every signature comes from its own address, and a busy hashing
// pool (429 login_busy) is waited out as a browser would.
func TestBenchManySignersAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("16 clients signing with argon2id for 3 s; the full suite runs it")
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(binary, "bench", "-clients", "16", "-duration", "3s", "-baseline", "0", "-mix", "deciding=1")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if !regexp.MustCompile(`(?m)^sign\s+[1-9]`).MatchString(stdout.String()) {
		t.Errorf("no signature in the run:\n%s", stdout.String())
	}
}

func TestBenchBadFlagsExitWith2(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "-mix", "voting=1"},
		{"bench", "-clients", "0"},
		{"bench", "-duration", "0"},
		{"bench", "-duration", "-1s", "-cases", "10"},
		{"bench", "-mix", "drafting=9223372036854775807,reads=1"},
		{"bench", "-target", "http://127.0.0.1:9"}, // no password
		{"bench", "-target", "http://127.0.0.1:9", "-password", "x", "-users", "10", "-boards", "2"},
		{"bench", "-users", "9", "-boards", "2"}, // fewer than five people a board
		{"bench", "-users", "10"},                // no boards
	} {
		cmd := exec.Command(binary, args...)
		cmd.Env = []string{"PATH=/usr/bin:/bin"}
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("%v: %v, want exit code 2", args, err)
		}
	}
}
