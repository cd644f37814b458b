package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var (
	inlineScript = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	inlineStyle  = regexp.MustCompile(`(?i)<style\b|\sstyle=|\son[a-z]+=|javascript:`)
	staticRef    = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)
)

// checkHeaders asserts the headers every response must carry.
func checkHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %s", what, csp, want)
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*", "data: 'self'; script"} {
		if strings.Contains(csp, bad) {
			t.Errorf("%s: CSP %q allows %s", what, csp, bad)
		}
	}
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
}

// TestSecurityHeadersOnEveryResponse checks the headers on every page the
// secretary reaches, on the login page, the public anslagstavla, an
// asset, the PDFs, a redirect, a refused form, a missing page and an API
// problem; and that no page carries inline script or style, which the CSP
// would block.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	env := apptest.New(t)
	decidedByChair(t, env, "Avtal med MBAB")
	mid := meetingIn(t, env, "avslutat", "Stadshuset")
	b, csrf := loggedIn(t, env, "sekreterare")
	var pages []string
	visit(t, b, "/", func(page, _ string) { pages = append(pages, page) })
	if len(pages) < 10 {
		t.Fatalf("only %d pages reached", len(pages))
	}
	var assets []string
	for _, p := range pages {
		status, body, h := b.get(p)
		if status != http.StatusOK {
			t.Errorf("%s: %d", p, status)
			continue
		}
		checkHeaders(t, p, h)
		if cc := h.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store for a logged-in page", p, cc)
		}
		for _, s := range inlineScript.FindAllString(body, -1) {
			if !strings.Contains(s, "src=") {
				t.Errorf("%s has an inline script: %s", p, s)
			}
		}
		if m := inlineStyle.FindString(body); m != "" {
			t.Errorf("%s has inline style or an event handler: %q", p, m)
		}
		for _, m := range staticRef.FindAllStringSubmatch(body, -1) {
			assets = append(assets, m[1])
		}
	}
	if len(assets) == 0 {
		t.Fatal("no asset referenced")
	}
	anon := newBrowser(t, env)
	others := map[string]func() (int, http.Header){
		"login page":   func() (int, http.Header) { s, _, h := anon.get("/login"); return s, h },
		"anslagstavla": func() (int, http.Header) { s, _, h := anon.get("/anslagstavla"); return s, h },
		"redirect":     func() (int, http.Header) { s, _, h := anon.get("/arenden"); return s, h },
		"asset":        func() (int, http.Header) { s, _, h := anon.get(assets[0]); return s, h },
		"missing page": func() (int, http.Header) { s, _, h := b.get("/finns-inte"); return s, h },
		"protocol PDF": func() (int, http.Header) { s, _, h := b.get("/sammantraden/" + mid + "/protokoll.pdf"); return s, h },
		"refused form": func() (int, http.Header) {
			s, _, h := b.post("/arenden", url.Values{"csrf": {csrf + "x"}, "board": {"ITN"}, "title": {"x"}})
			return s, h
		},
		"API problem": func() (int, http.Header) {
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases"})
			return r.Status, r.Header
		},
	}
	for name, get := range others {
		status, h := get()
		if status >= 500 {
			t.Errorf("%s: %d", name, status)
		}
		checkHeaders(t, name, h)
	}
}

// TestWebLoginThrottling: the login form obeys the same throttling as the
// API, with a Retry-After in seconds.
func TestWebLoginThrottling(t *testing.T) {
	env := apptest.New(t)
	b := newBrowser(t, env)
	_, page, _ := b.get("/login")
	csrf := csrfOf(t, page)
	for range 5 {
		b.post("/login", url.Values{"csrf": {csrf}, "username": {"revisor"}, "password": {"fel-lösenord"}})
	}
	status, page, h := b.post("/login", url.Values{"csrf": {csrf}, "username": {"revisor"}, "password": {apptest.DemoPassword}})
	if status != http.StatusTooManyRequests || b.cookie("samstyr_session") != "" {
		t.Fatalf("6th attempt with the right password: %d, session %q", status, b.cookie("samstyr_session"))
	}
	if secs, err := strconv.Atoi(h.Get("Retry-After")); err != nil || secs <= 0 {
		t.Errorf("Retry-After = %q, want a number of seconds", h.Get("Retry-After"))
	}
	if !strings.Contains(page, "försök") && !strings.Contains(page, "Försök") {
		t.Errorf("no Swedish message about waiting:\n%s", page)
	}
}
