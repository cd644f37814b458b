// Package apptest starts a complete Samstyr for tests: the real Gin engine
// on a real store (SQLite in a temporary directory by default), served by
// an httptest server on 127.0.0.1, with the demo data loaded under a known
// password and a manual clock.
//
// Passwords are hashed at identity.InsecureTestPasswordCost (64 KiB, one
// pass) instead of the production cost (19 MiB, two passes), so creating
// the demo users and logging in cost microseconds: a test about the real
// cost (the hashing pool, login throttling under load) asks for it with
// WithPasswordCost(identity.DefaultPasswordCost). Every hash carries its
// cost, so verification is the production code either way; that a real
// start hashes at the production cost is proved in internal/app and
// cmd/samstyr, which start Samstyr without this kit.
package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/app"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// DemoPassword is every demo user's password in tests.
const DemoPassword = "demo-fjällräv-1"

// TestMasterKey seals signing keys in tests (32 bytes, base64).
const TestMasterKey = "c2Ftc3R5ci10ZXN0LW1hc3Rlci1rZXktMzItYnl0ZXM="

// Start is the instant the manual clock starts at: Monday 2 March 2026,
// 09:00 in Stockholm.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, platform.Stockholm)

// RedactCache is where every test instance's masking engine keeps PDFium
// compiled (the internal/redact tests use it too), so only the first
// masking of a run compiles it.
var RedactCache = filepath.Join(os.TempDir(), "samstyr-redact-wazero")

// Env is one running test instance.
type Env struct {
	t       testing.TB
	App     *app.App
	Server  *httptest.Server
	Clock   *platform.ManualClock
	Backend store.Backend
	Config  config.Config
	logs    *syncBuffer
}

// Option adjusts an Env before it starts.
type Option func(*options)

type options struct {
	backend store.Backend
	cfg     func(*config.Config)
	cfgAt   func(*config.Config, string)
	tp      *identity.ThrottlePolicy
	cost    *identity.PasswordCost
}

// WithBackend runs the instance on b instead of a fresh SQLite store.
func WithBackend(b store.Backend) Option { return func(o *options) { o.backend = b } }

// WithConfig edits the configuration.
func WithConfig(f func(*config.Config)) Option { return func(o *options) { o.cfg = f } }

// WithConfigAt edits the configuration knowing the instance's base URL
// (http://127.0.0.1:PORT), for settings that name it, such as the OIDC
// redirect URL.
func WithConfigAt(f func(cfg *config.Config, baseURL string)) Option {
	return func(o *options) { o.cfgAt = f }
}

// WithThrottle sets the login throttling policy.
func WithThrottle(tp identity.ThrottlePolicy) Option { return func(o *options) { o.tp = &tp } }

// WithPasswordCost sets the argon2id cost of the instance's password
// hashes (the demo users' included); without it they are hashed at
// identity.InsecureTestPasswordCost.
func WithPasswordCost(c identity.PasswordCost) Option { return func(o *options) { o.cost = &c } }

// New starts an instance; it stops when the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	cheap := identity.InsecureTestPasswordCost
	o := options{cost: &cheap}
	for _, f := range opts {
		f(&o)
	}
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	cfg.DemoPassword = DemoPassword
	cfg.Demo = true
	cfg.SecureCookies = false // httptest serves plain http
	cfg.MasterKey = TestMasterKey
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	srv := httptest.NewUnstartedServer(nil) // listening already, so its URL is known before the app is built
	t.Cleanup(srv.Close)
	if o.cfgAt != nil {
		o.cfgAt(&cfg, "http://"+srv.Listener.Addr().String())
	}
	b := o.backend
	if b == nil {
		// synchronous=NORMAL: a test's store need not survive a power
		// loss, so commits do not wait for fsync (the durable default
		// is TestEmbeddedStoreIsDurableByDefault's and the crash tests').
		sb, err := sqlitestore.Open(t.Context(), cfg.DataDir, sqlitestore.Options{Synchronous: "NORMAL"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sb.Close(t.Context()) })
		b = sb
	}
	logs := &syncBuffer{}
	clk := platform.NewManualClock(Start)
	a, err := app.New(t.Context(), app.Options{Config: cfg, Backend: b, Clock: clk,
		Log: platform.NewLogger(logs, cfg.LogLevel), Throttle: o.tp, PasswordCost: o.cost, RedactCache: RedactCache})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	t.Cleanup(func() { _ = a.Redactor.Close() })
	srv.Config.Handler = a.Engine
	srv.Start()
	return &Env{t: t, App: a, Server: srv, Clock: clk, Backend: b, Config: cfg, logs: logs}
}

// With returns a view of the instance that reports failures to t (inside
// a fuzz target or a subtest, where the creating test must not be used).
func (e *Env) With(t testing.TB) *Env {
	c := *e
	c.t = t
	return &c
}

// URL returns the absolute URL of path.
func (e *Env) URL(path string) string { return e.Server.URL + path }

// Logs returns everything the instance logged so far.
func (e *Env) Logs() string { return e.logs.String() }

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a map (fails the test if it is not JSON).
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// Request describes one request. Body may be a string (sent as is) or any
// value (sent as JSON).
type Request struct {
	Method, Path string
	Body         any
	Token        string
	Header       map[string]string
}

// Do sends the request and reads the response.
func (e *Env) Do(r Request) Response {
	e.t.Helper()
	var body io.Reader
	ct := ""
	switch b := r.Body.(type) {
	case nil:
	case string:
		body, ct = strings.NewReader(b), "application/json"
	case []byte:
		body, ct = bytes.NewReader(b), "application/json"
	default:
		js, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body, ct = bytes.NewReader(js), "application/json"
	}
	req, err := http.NewRequestWithContext(e.t.Context(), r.Method, e.URL(r.Path), body)
	if err != nil {
		e.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	res, err := e.Server.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Token logs a demo user in through the API and returns the bearer token.
func (e *Env) Token(username string) string {
	e.t.Helper()
	r := e.Do(Request{Method: http.MethodPost, Path: "/api/v1/auth/token",
		Body: map[string]string{"username": username, "password": DemoPassword}})
	if r.Status != http.StatusCreated {
		e.t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	return r.JSON(e.t)["access_token"].(string)
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// Call sends one JSON request as the holder of token, with If-Match set to
// ifMatch when it is not nil, fails the test on any status of 300 or more,
// and returns the decoded answer: the fixture-building step of many tests.
func (e *Env) Call(t testing.TB, token, method, path string, body, ifMatch any) map[string]any {
	t.Helper()
	hdr := map[string]string{}
	if ifMatch != nil {
		hdr["If-Match"] = fmt.Sprintf(`"%v"`, ifMatch)
	}
	r := e.Do(Request{Method: method, Path: path, Token: token, Body: body, Header: hdr})
	if r.Status >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
	}
	return r.JSON(t)
}

// EditStored changes one stored document behind the application's back,
// as someone with write access to the database would: edit gets the
// document's body as a map, and the result is written with a plain
// version-guarded update (tamper tests).
func (e *Env) EditStored(t testing.TB, coll, id string, edit func(doc map[string]any)) {
	t.Helper()
	rec, err := e.Backend.Get(t.Context(), coll, id)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	body, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Backend.Update(t.Context(), coll, id, rec.Version, body); err != nil {
		t.Fatal(err)
	}
}
