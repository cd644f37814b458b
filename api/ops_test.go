package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/api"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

func TestOpenAPIDocumentIsServedAndCoversEveryRoute(t *testing.T) {
	env := apptest.New(t)
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/openapi.json"})
	if r.Status != 200 {
		t.Fatalf("%d", r.Status)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi.json: %v %q", err, doc.OpenAPI)
	}
	// Every API route Gin serves is declared in the document: it is the one
	// source of truth for validation and, later, for the security suite.
	spec, err := api.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range env.App.Engine.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/") {
			continue
		}
		p := rt.Path
		if prefix, _, ok := strings.Cut(p, "/*"); ok {
			// A catch-all (the OParl API) is declared path by path
			// under its prefix.
			found := false
			for sp, item := range spec.Doc.Paths.Map() {
				found = found || strings.HasPrefix(sp, prefix+"/") && item.GetOperation(rt.Method) != nil
			}
			if !found {
				t.Errorf("%s %s is served but no path under it is in openapi.yaml", rt.Method, p)
			}
			continue
		}
		for _, seg := range strings.Split(p, "/") {
			if strings.HasPrefix(seg, ":") {
				p = strings.Replace(p, seg, "{"+seg[1:]+"}", 1)
			}
		}
		item := spec.Doc.Paths.Find(p)
		if item == nil || item.GetOperation(rt.Method) == nil {
			t.Errorf("%s %s is served but not in openapi.yaml", rt.Method, p)
		}
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	env := apptest.New(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: p}); r.Status != 200 {
			t.Errorf("%s = %d %s", p, r.Status, r.Body)
		}
	}
	env.Token("admin")
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/metrics"})
	if !strings.Contains(string(r.Body), `samstyr_http_requests_total{method="POST",route="/api/v1/auth/token",status="201"} 1`) {
		t.Errorf("metrics lack the token request:\n%s", r.Body)
	}
	if !strings.Contains(string(r.Body), "samstyr_http_request_duration_seconds_bucket") {
		t.Error("metrics lack the latency histogram")
	}
	// The token request wrote its token: the SQLite store counts writes and commits.
	for _, m := range []string{"samstyr_sqlite_writes_total", "samstyr_sqlite_commits_total"} {
		if !regexp.MustCompile(`(?m)^` + m + ` [1-9]`).Match(r.Body) {
			t.Errorf("metrics lack a positive %s", m)
		}
	}
	if !strings.Contains(string(r.Body), "samstyr_sqlite_batch_fallbacks_total 0") {
		t.Error("metrics lack samstyr_sqlite_batch_fallbacks_total")
	}
}

func TestRequestIDInLogsAndSecurityHeaders(t *testing.T) {
	env := apptest.New(t)
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Header: map[string]string{"X-Request-ID": "test-request-0001"}})
	if r.Header.Get("X-Request-ID") != "test-request-0001" {
		t.Errorf("request id not echoed: %q", r.Header.Get("X-Request-ID"))
	}
	if !strings.Contains(env.Logs(), `"request_id":"test-request-0001"`) {
		t.Errorf("request id not in the logs:\n%s", env.Logs())
	}
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
}
