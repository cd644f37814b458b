// Package ssotest starts a real OpenID Connect provider for tests: the npm
// package oidc-provider, pinned in internal/sso/testdata/provider, run by
// the machine's node on 127.0.0.1. When node_modules is missing it runs
// `npm ci` there first. Without node or npm the calling test is skipped,
// unless SAMSTYR_REQUIRE_OIDC=1 (CI), where that is a failure.
package ssotest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samstyr/samstyr/internal/config"
)

// Client is a client registered at the provider.
type Client struct {
	ID           string   `json:"client_id"`
	Secret       string   `json:"client_secret"`
	RedirectURIs []string `json:"redirect_uris"`
}

// Account is a user at the provider: its password and the claims it
// releases (sub is its key in Options.Accounts).
type Account struct {
	Password string         `json:"password"`
	Claims   map[string]any `json:"claims"`
}

// Options configure a provider.
type Options struct {
	Port       int                `json:"port,omitempty"` // 0: any free port
	Clients    []Client           `json:"clients"`
	Accounts   map[string]Account `json:"accounts"`
	IDTokenTTL int                `json:"id_token_ttl,omitempty"` // seconds; 0: one hour
}

// Provider is a running provider.
type Provider struct {
	Issuer string
	cmd    *exec.Cmd
	done   chan struct{}
	stderr *lockedBuffer
	once   sync.Once
}

// Dir returns the directory of the provider's package.json.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "sso", "testdata", "provider")
}

// Start runs a provider with o until the test ends (or Stop). Under
// `go test -short` it skips the test.
func Start(t testing.TB, o Options) *Provider {
	t.Helper()
	if testing.Short() {
		t.Skip("single sign-on tests with the OpenID Connect provider run in the full suite, not under -short")
	}
	node := requireTools(t)
	dir := Dir()
	installOnce(t, dir)
	cfg, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "provider.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SAMSTYR_TEST_OIDC_CONFIG="+string(cfg), "NODE_ENV=test")
	setParentDeath(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{cmd: cmd, done: make(chan struct{}), stderr: &lockedBuffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start oidc provider: %v", err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if iss, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				ready <- iss
			}
		}
	}()
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(p.Stop)
	select {
	case p.Issuer = <-ready:
	case <-p.done:
		t.Fatalf("oidc provider exited before listening:\n%s", p.stderr.String())
	case <-time.After(60 * time.Second):
		p.Stop()
		t.Fatalf("oidc provider did not start within 60 s:\n%s", p.stderr.String())
	}
	return p
}

// Stop ends the provider (idempotent).
func (p *Provider) Stop() {
	p.once.Do(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
}

// Config returns Samstyr's SSO configuration for cl at this provider,
// with the role map in SAMSTYR_OIDC_ROLE_MAP syntax.
func (p *Provider) Config(t testing.TB, cl Client, roleMap string) config.OIDC {
	t.Helper()
	rules, err := config.ParseRoleMap(roleMap)
	if err != nil {
		t.Fatal(err)
	}
	return config.OIDC{Issuer: p.Issuer, ClientID: cl.ID, ClientSecret: cl.Secret, RedirectURL: cl.RedirectURIs[0],
		Scopes: []string{"openid", "profile", "email", "groups"}, UsernameClaim: "preferred_username", RolesClaim: "groups",
		RoleMap: rules}
}

// SetClaims replaces an account's claims, as a change in the directory
// behind a real provider would.
func (p *Provider) SetClaims(t testing.TB, sub string, claims map[string]any) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"claims": claims})
	res, err := http.Post(p.Issuer+"/_test/accounts/"+url.PathEscape(sub), "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("set claims: %d", res.StatusCode)
	}
}

var formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// Login drives a browser (hc: a client with a cookie jar that does not
// follow redirects) from start through the provider's login and consent
// forms, and returns the first redirect to a URL beginning with stopAt
// (the client's redirect URI) without following it.
func Login(t testing.TB, hc *http.Client, start, stopAt, username, password string) *url.URL {
	t.Helper()
	next, _ := url.Parse(start)
	var form url.Values
	for range 20 {
		var res *http.Response
		var err error
		if form != nil {
			res, err = hc.PostForm(next.String(), form)
		} else {
			res, err = hc.Get(next.String())
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case res.StatusCode >= 300 && res.StatusCode < 400:
			loc, err := res.Request.URL.Parse(res.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(loc.String(), stopAt) {
				return loc
			}
			next, form = loc, nil
		case res.StatusCode == http.StatusOK:
			m := formAction.FindSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no form in page:\n%s", next, body)
			}
			action, _ := res.Request.URL.Parse(string(m[1]))
			form = url.Values{}
			if bytes.Contains(body, []byte(`name="login"`)) {
				form = url.Values{"login": {username}, "password": {password}}
			}
			next = action
		default:
			t.Fatalf("%s: %d\n%s", next, res.StatusCode, body)
		}
	}
	t.Fatalf("login did not reach %s in 20 steps", stopAt)
	return nil
}

// Browser returns a client with a fresh cookie jar that does not follow
// redirects.
func Browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// IDToken logs username in as client cl (like a native app would, with
// PKCE) and returns the raw ID token the provider issued to cl.
func (p *Provider) IDToken(t testing.TB, cl Client, username, password string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	op, err := oidc.NewProvider(ctx, p.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	conf := oauth2.Config{ClientID: cl.ID, ClientSecret: cl.Secret, Endpoint: op.Endpoint(), RedirectURL: cl.RedirectURIs[0],
		Scopes: []string{"openid", "profile", "email", "groups"}}
	verifier := oauth2.GenerateVerifier()
	start := conf.AuthCodeURL("state-"+fmt.Sprint(time.Now().UnixNano()), oauth2.S256ChallengeOption(verifier), oidc.Nonce("n"))
	cb := Login(t, Browser(), start, cl.RedirectURIs[0], username, password)
	tok, err := conf.Exchange(ctx, cb.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		t.Fatal("no id_token in the token response")
	}
	return raw
}

// requireTools returns node's path, or skips (fails under
// SAMSTYR_REQUIRE_OIDC=1) when node or npm is missing.
func requireTools(t testing.TB) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = exec.LookPath("npm")
	}
	if err == nil {
		// oidc-provider 9 uses crypto.hash (Node.js >= 20.12 / 21.7).
		if out, e := exec.Command(node, "-e", "if (typeof require('node:crypto').hash !== 'function') { console.log(process.version); process.exit(3) }").CombinedOutput(); e != nil {
			err = fmt.Errorf("node %s is too old for oidc-provider 9 (needs >= 20.12): %v", strings.TrimSpace(string(out)), e)
		}
	}
	if err != nil {
		if os.Getenv("SAMSTYR_REQUIRE_OIDC") == "1" {
			t.Fatalf("SAMSTYR_REQUIRE_OIDC=1 but node/npm are missing: %v", err)
		}
		t.Skipf("no node/npm for the OIDC provider (set SAMSTYR_REQUIRE_OIDC=1 to make this a failure): %v", err)
	}
	return node
}

// installOnce runs `npm ci` in dir when its node_modules lacks
// oidc-provider, under a file lock so parallel test binaries wait for one
// install.
func installOnce(t testing.TB, dir string) {
	t.Helper()
	marker := filepath.Join(dir, "node_modules", "oidc-provider", "package.json")
	if _, err := os.Stat(marker); err == nil {
		return
	}
	unlock, err := lockFile(filepath.Join(os.TempDir(), "samstyr-oidc-provider-npm.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := os.Stat(marker); err == nil {
		return
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
