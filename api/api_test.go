package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// scenario is one request and what must come back.
type scenario struct {
	name     string
	req      apptest.Request
	status   int
	code     string   // problem code, for 4xx
	contains []string // substrings of the body
}

func run(t *testing.T, env *apptest.Env, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			r := env.Do(sc.req)
			if r.Status != sc.status {
				t.Fatalf("status = %d, want %d; body %s", r.Status, sc.status, r.Body)
			}
			if sc.code != "" {
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
					t.Errorf("Content-Type = %q, want application/problem+json", ct)
				}
				p := r.JSON(t)
				if p["code"] != sc.code || p["title"] == "" || int(p["status"].(float64)) != sc.status {
					t.Errorf("problem = %v, want code %s", p, sc.code)
				}
			}
			for _, s := range sc.contains {
				if !strings.Contains(string(r.Body), s) {
					t.Errorf("body lacks %q: %s", s, r.Body)
				}
			}
			if r.Header.Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID on the response")
			}
		})
	}
}

func TestBadInputIsA4xxProblemAndStoresNothing(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	before, err := env.Backend.Count(t.Context(), repo.CollCredentials, nil)
	if err != nil {
		t.Fatal(err)
	}
	post := func(body any, hdr map[string]string) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/auth/token", Body: body, Header: hdr}
	}
	run(t, env, []scenario{
		{name: "malformed JSON", req: post(`{"username": "ordforande",`, nil), status: 400, code: "malformed_json"},
		{name: "unknown field", req: post(map[string]string{"username": "ordforande", "password": apptest.DemoPassword, "admin": "ja"}, nil),
			status: 400, code: "unknown_field", contains: []string{"admin"}},
		{name: "missing field", req: post(map[string]string{"username": "ordforande"}, nil), status: 400, code: "invalid_request", contains: []string{"password"}},
		{name: "wrong type", req: post(`{"username": 5, "password": "x"}`, nil), status: 400, code: "invalid_request"},
		{name: "JSON array", req: post(`[]`, nil), status: 400, code: "invalid_request"},
		{name: "oversized body", req: post(`{"username":"`+strings.Repeat("a", 2<<20)+`","password":"x"}`, nil), status: 413, code: "body_too_large"},
		{name: "wrong content type", req: post(`username=ordforande`, map[string]string{"Content-Type": "text/plain"}), status: 415, code: "unsupported_media_type"},
		{name: "bad password", req: post(map[string]string{"username": "ordforande", "password": "fel-lösenord"}, nil), status: 401, code: "invalid_credentials"},
		{name: "unknown user", req: post(map[string]string{"username": "finns-inte", "password": "fel-lösenord"}, nil), status: 401, code: "invalid_credentials"},
		{name: "missing token", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/me"}, status: 401, code: "unauthenticated"},
		{name: "garbage token", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: "sst_nope"}, status: 401, code: "unauthenticated"},
		{name: "basic auth is not a token", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/me",
			Header: map[string]string{"Authorization": "Basic b3JkZm9yYW5kZTp4"}}, status: 401, code: "unauthenticated"},
		{name: "unknown route", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/nothing-here", Token: token}, status: 404, code: "route_not_found"},
		{name: "method not allowed", req: apptest.Request{Method: http.MethodPut, Path: "/api/v1/me", Token: token, Body: `{}`}, status: 405, code: "method_not_allowed"},
		{name: "bad path parameter", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/itn", Token: token}, status: 400, code: "invalid_parameter"},
		{name: "unknown board", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/KFN", Token: token}, status: 404, code: "unknown_board"},
	})
	after, err := env.Backend.Count(t.Context(), repo.CollCredentials, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("bad requests stored %d credentials", after-before)
	}
	if strings.Contains(env.Logs(), `"level":"ERROR"`) {
		t.Errorf("a client error was logged as a server error:\n%s", env.Logs())
	}
}

func TestTokenLifecycle(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("ordforande")
	me := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: token})
	if me.Status != 200 {
		t.Fatalf("me: %d %s", me.Status, me.Body)
	}
	m := me.JSON(t)
	roles := m["roles"].([]any)
	if m["username"] != "ordforande" || len(roles) == 0 {
		t.Fatalf("me = %v", m)
	}
	first := roles[0].(map[string]any)
	if first["board"] != "ITN" || first["role"] != "ordforande" || first["board_name"] != "Ölands IT-nämnd" || first["role_name"] != "Ordförande" {
		t.Errorf("first role = %v", first)
	}
	// Revoking makes the token useless at once.
	if r := env.Do(apptest.Request{Method: http.MethodDelete, Path: "/api/v1/auth/token", Token: token}); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	run(t, env, []scenario{{name: "revoked", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: token}, status: 401, code: "unauthenticated"}})
	// Tokens expire after the configured lifetime.
	token = env.Token("ordforande")
	env.Clock.Advance(env.Config.TokenTTL + time.Second)
	run(t, env, []scenario{{name: "expired", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: token}, status: 401, code: "token_expired"}})
}

func TestLoginThrottling(t *testing.T) {
	env := apptest.New(t)
	for range 5 {
		env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/auth/token",
			Body: map[string]string{"username": "revisor", "password": "fel-lösenord"}})
	}
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/auth/token",
		Body: map[string]string{"username": "revisor", "password": apptest.DemoPassword}})
	if r.Status != http.StatusTooManyRequests || r.JSON(t)["code"] != "too_many_attempts" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("6th attempt: %d %s (Retry-After %q)", r.Status, r.Body, r.Header.Get("Retry-After"))
	}
}

// TestThrottleAddressBehindTrustedProxy fails 20 logins, each claiming a
// different client in X-Forwarded-For: by default that header is not
// believed, so the one peer address is locked; with the peer configured as
// a trusted load balancer each client counts on its own and the next
// client may log in.
func TestThrottleAddressBehindTrustedProxy(t *testing.T) {
	for _, trusted := range []bool{false, true} {
		env := apptest.New(t, apptest.WithConfig(func(c *config.Config) {
			if trusted {
				c.TrustedProxies = []string{"127.0.0.1", "::1", "192.0.2.0/24"}
			}
		}))
		for i := range 20 {
			env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/auth/token",
				Header: map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", i+1)},
				Body:   map[string]string{"username": fmt.Sprintf("gissning-%d", i), "password": "fel-lösenord"}})
		}
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/auth/token",
			Header: map[string]string{"X-Forwarded-For": "203.0.113.99"},
			Body:   map[string]string{"username": "revisor", "password": apptest.DemoPassword}})
		if want := map[bool]int{false: http.StatusTooManyRequests, true: http.StatusCreated}[trusted]; r.Status != want {
			t.Errorf("trusted proxy %t: 21st login %d %s, want %d", trusted, r.Status, r.Body, want)
		}
	}
}

func TestEnglishProblems(t *testing.T) {
	env := apptest.New(t)
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"}})
	if p := r.JSON(t); p["title"] != "You need to log in." || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("English problem = %v", p)
	}
	r = env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me"})
	if p := r.JSON(t); p["title"] != "Du måste logga in." {
		t.Errorf("default problem title = %v, want Swedish", p["title"])
	}
}

func TestBoards(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("it-chef")
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN", Token: token})
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	b := r.JSON(t)
	members := b["members"].([]any)
	if b["kind"] != "gemensam_namnd" || len(members) != 2 {
		t.Fatalf("board = %v", b)
	}
	users := map[string]float64{}
	for _, m := range members {
		mm := m.(map[string]any)
		uc := mm["user_counts"].([]any)[0].(map[string]any)
		users[mm["name"].(string)] = uc["users"].(float64)
	}
	if users["Borgholms kommun"] != 1658 || users["Mörbylånga kommun"] != 2002 {
		t.Errorf("user counts = %v, want Borgholm 1658 and Mörbylånga 2002 (seed, Bilaga 3)", users)
	}
}
