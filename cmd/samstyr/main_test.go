package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

var binary string

// TestMain builds the real binary once; the tests run it as a user would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "samstyr-cmd-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "samstyr")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	ferrettest.Shutdown() // the migrate-store test's FerretDB, if it started
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestBadConfigExitsWithCode2AndNamesTheSetting(t *testing.T) {
	cases := []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"SAMSTYR_ADDR=not-an-address"}, nil, "SAMSTYR_ADDR"},
		{[]string{"SAMSTYR_LOG_LEVEL=chatty"}, nil, "SAMSTYR_LOG_LEVEL"},
		{[]string{"SAMSTYR_MONGODB_URI=postgres://x"}, nil, "SAMSTYR_MONGODB_URI"},
		{nil, []string{"serve", "--token-ttl", "0"}, "SAMSTYR_TOKEN_TTL"},
		{nil, []string{"frobnicate"}, "unknown command"},
		{[]string{"SAMSTYR_OIDC_ISSUER=https://login.example.se", "SAMSTYR_OIDC_CLIENT_ID=samstyr", "SAMSTYR_OIDC_CLIENT_SECRET=s",
			"SAMSTYR_OIDC_REDIRECT_URL=https://samstyr.example.se/auth/oidc/callback", "SAMSTYR_OIDC_ROLE_MAP=itn=ITN:kung"}, nil, "SAMSTYR_OIDC_ROLE_MAP"},
		{[]string{"SAMSTYR_OIDC_ISSUER=https://login.example.se"}, nil, "SAMSTYR_OIDC_CLIENT_ID"},
	}
	for _, c := range cases {
		cmd := exec.Command(binary, c.args...)
		cmd.Env = append(os.Environ(), c.env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 {
			t.Errorf("%v %v: err = %v, want exit code 2", c.env, c.args, err)
			continue
		}
		first := strings.SplitN(stderr.String(), "\n", 2)[0]
		if !strings.Contains(first, c.want) {
			t.Errorf("%v %v: first line %q does not name %s", c.env, c.args, first, c.want)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type proc struct {
	cmd    *exec.Cmd
	stdout *bytes.Buffer
	addr   string
}

// start runs `samstyr` (serve by default) on dataDir and waits for /readyz.
func start(t *testing.T, dataDir string, extra ...string) *proc {
	t.Helper()
	p := &proc{addr: freeAddr(t), stdout: &bytes.Buffer{}}
	p.cmd = exec.Command(binary)
	p.cmd.Env = append(os.Environ(), "SAMSTYR_ADDR="+p.addr, "SAMSTYR_DATA_DIR="+dataDir)
	p.cmd.Env = append(p.cmd.Env, extra...)
	p.cmd.Stdout = p.stdout
	stderr, _ := p.cmd.StderrPipe()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), `"level":"ERROR"`) {
				t.Errorf("server logged an error: %s", sc.Text())
			}
		}
	}()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + p.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server on %s not ready within 20 s", p.addr)
	return nil
}

// stop sends SIGTERM and expects a clean exit within the 10 s grace.
func (p *proc) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(11 * time.Second):
		t.Fatal("no exit within 10 s of SIGTERM")
	}
}

func (p *proc) token(t *testing.T, user, password string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	res, err := http.Post("http://"+p.addr+"/api/v1/auth/token", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServeDemoRestartAndGracefulStop(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir)
	// First start: the demo logins are printed once, with random passwords.
	out := p.stdout.String()
	var chairPassword string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "ordforande" {
			chairPassword = f[1]
		}
	}
	for _, u := range []string{"ordforande", "vice-ordforande", "it-chef", "handlaggare", "sekreterare", "revisor", "admin"} {
		if !strings.Contains(out, "  "+u+" ") {
			t.Errorf("demo login %s not printed:\n%s", u, out)
		}
	}
	if chairPassword == "" {
		t.Fatalf("no password for ordforande in:\n%s", out)
	}
	res, err := http.Get("http://" + p.addr + "/login")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login page: %v %v", err, res)
	}
	res.Body.Close()
	if code, body := p.token(t, "ordforande", chairPassword); code != 201 {
		t.Fatalf("login with printed password: %d %s", code, body)
	}
	p.stop(t)

	// Restart on the same data: nothing printed, nothing loaded twice, and
	// the same password still works.
	p = start(t, dir)
	if strings.Contains(p.stdout.String(), "ordforande") {
		t.Errorf("demo data loaded again on restart:\n%s", p.stdout.String())
	}
	if code, body := p.token(t, "ordforande", chairPassword); code != 201 {
		t.Errorf("login after restart: %d %s", code, body)
	}
	p.stop(t)
}

func TestNoDemoAndFixedDemoPassword(t *testing.T) {
	p := start(t, t.TempDir(), "SAMSTYR_NO_DEMO=true")
	if code, _ := p.token(t, "ordforande", "whatever-1"); code != 401 {
		t.Errorf("--no-demo store has a demo user (status %d)", code)
	}
	p.stop(t)
	p = start(t, t.TempDir(), "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1")
	if code, body := p.token(t, "revisor", "gemensam-demo-1"); code != 201 {
		t.Errorf("SAMSTYR_DEMO_PASSWORD not applied: %d %s", code, body)
	}
	p.stop(t)
}

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	run := func() string {
		out, err := exec.CommandContext(context.Background(), binary, "migrate", "--data-dir", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("migrate: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(); !strings.Contains(out, "schema_version 0 -> ") {
		t.Errorf("first migrate: %s", out)
	}
	if out := run(); !strings.Contains(out, "(sqlite)") || strings.Contains(out, " 0 -> ") {
		t.Errorf("second migrate: %s", out)
	}
}
