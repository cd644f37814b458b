package sso_test

import (
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/internal/testkit/ssotest"
)

const (
	callback = "http://127.0.0.1:1/auth/oidc/callback" // never contacted: the test stops at the redirect
	roleMap  = "itn-handlaggare=ITN:handlaggare; revisorer=*:revisor"
)

var (
	samstyrClient = ssotest.Client{ID: "samstyr", Secret: "samstyr-test-secret-0123456789", RedirectURIs: []string{callback}}
	otherClient   = ssotest.Client{ID: "annan-app", Secret: "other-test-secret-0123456789", RedirectURIs: []string{"http://127.0.0.1:1/other"}}
	accounts      = map[string]ssotest.Account{
		"sub-anna": {Password: "anna-lösen", Claims: map[string]any{"preferred_username": "anna.s", "name": "Anna Svensson",
			"groups": []string{"itn-handlaggare", "alla-anstallda"}}},
		"sub-lars": {Password: "lars-lösen", Claims: map[string]any{"name": "Lars utan användarnamn", "groups": "revisorer"}},
	}
)

func start(t *testing.T) (*ssotest.Provider, *sso.Client, *platform.ManualClock) {
	t.Helper()
	p := ssotest.Start(t, ssotest.Options{Clients: []ssotest.Client{samstyrClient, otherClient}, Accounts: accounts})
	clk := platform.NewManualClock(time.Now())
	return p, sso.New(p.Config(t, samstyrClient, roleMap), clk, platform.NewLogger(io.Discard, slog.LevelInfo)), clk
}

// login runs Start, the provider's forms, and returns the pending login
// and the callback's query.
func login(t *testing.T, c *sso.Client, user, password string) (sso.Pending, url.Values) {
	t.Helper()
	authURL, pending, err := c.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	if q := u.Query(); q.Get("state") != pending.State || q.Get("nonce") != pending.Nonce ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("code_challenge") == pending.Verifier {
		t.Fatalf("authorization URL lacks state/nonce/PKCE: %s", authURL)
	}
	return pending, ssotest.Login(t, ssotest.Browser(), authURL, callback, user, password).Query()
}

func TestCodeFlowMapsClaimsAndRefusesReplayAndForgery(t *testing.T) {
	_, c, clk := start(t)
	ctx := t.Context()

	pending, q := login(t, c, "sub-anna", "anna-lösen")
	el, err := c.Finish(ctx, pending, q)
	if err != nil {
		t.Fatal(err)
	}
	if el.Username != "anna.s" || el.Name != "Anna Svensson" || el.ID.Subject != "sub-anna" || el.ID.Issuer != c.Issuer() ||
		len(el.Roles) != 1 || el.Roles[0].Board != "ITN" || el.Roles[0].Role != identity.RoleHandlaggare {
		t.Fatalf("login = %+v", el)
	}
	// The same code again: the provider refuses it (codes are single-use).
	if _, err := c.Finish(ctx, pending, q); !errors.Is(err, sso.ErrCodeRejected) {
		t.Errorf("replayed code: %v", err)
	}

	// A callback whose state is not this browser's.
	pending, q = login(t, c, "sub-anna", "anna-lösen")
	forged := url.Values{"state": {"someone-elses-state"}, "code": {q.Get("code")}}
	if _, err := c.Finish(ctx, pending, forged); !errors.Is(err, sso.ErrState) {
		t.Errorf("state mismatch: %v", err)
	}
	// The right state and code, but the ID token carries another nonce
	// (a token injected from another login).
	wrongNonce := pending
	wrongNonce.Nonce = "not-the-nonce-that-was-sent"
	if _, err := c.Finish(ctx, wrongNonce, q); !errors.Is(err, sso.ErrTokenInvalid) || !strings.Contains(err.Error(), "nonce") {
		t.Errorf("wrong nonce: %v", err)
	}
	// A wrong PKCE verifier: the provider refuses the code.
	pending, q = login(t, c, "sub-anna", "anna-lösen")
	wrongVerifier := pending
	wrongVerifier.Verifier = strings.Repeat("x", 43)
	if _, err := c.Finish(ctx, wrongVerifier, q); !errors.Is(err, sso.ErrCodeRejected) {
		t.Errorf("wrong PKCE verifier: %v", err)
	}
	// A login started too long ago.
	pending, q = login(t, c, "sub-anna", "anna-lösen")
	clk.Advance(sso.PendingTTL + time.Second)
	if _, err := c.Finish(ctx, pending, q); !errors.Is(err, sso.ErrState) {
		t.Errorf("stale login: %v", err)
	}
	// The provider reports an error (the user cancelled).
	if _, err := c.Finish(ctx, pending, url.Values{"state": {pending.State}, "error": {"access_denied"}}); err == nil {
		t.Error("provider error accepted")
	}
	// A token without the username claim.
	clk.Set(time.Now())
	pending, q = login(t, c, "sub-lars", "lars-lösen")
	if _, err := c.Finish(ctx, pending, q); !errors.Is(err, sso.ErrClaims) {
		t.Errorf("no username claim: %v", err)
	}
}

func TestPendingCookieRoundTrip(t *testing.T) {
	p := sso.Pending{State: "s", Nonce: "n", Verifier: "v", Expires: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	got, err := sso.DecodePending(p.Encode())
	if err != nil || got != p {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{"", "%%%", base64.RawURLEncoding.EncodeToString([]byte(`{"s":"x"}`)), strings.Repeat("A", 2000)} {
		if _, err := sso.DecodePending(bad); !errors.Is(err, sso.ErrState) {
			t.Errorf("DecodePending(%.20q) = %v", bad, err)
		}
	}
}

func TestVerifyIDTokenChecksAudienceSignatureAndExpiry(t *testing.T) {
	p, c, clk := start(t)
	ctx := t.Context()
	ours := p.IDToken(t, samstyrClient, "sub-anna", "anna-lösen")
	el, err := c.VerifyIDToken(ctx, ours)
	if err != nil || el.Username != "anna.s" || len(el.Roles) != 1 {
		t.Fatalf("our client's ID token: %+v %v", el, err)
	}
	if _, err := c.VerifyIDToken(ctx, p.IDToken(t, otherClient, "sub-anna", "anna-lösen")); !errors.Is(err, sso.ErrTokenInvalid) ||
		!strings.Contains(err.Error(), "audience") {
		t.Errorf("another client's ID token: %v", err)
	}
	parts := strings.Split(ours, ".")
	sig := []byte(parts[2])
	sig[10] ^= 0x01
	if sig[10] == '.' {
		sig[10] = 'A'
	}
	if _, err := c.VerifyIDToken(ctx, parts[0]+"."+parts[1]+"."+string(sig)); !errors.Is(err, sso.ErrTokenInvalid) {
		t.Errorf("tampered signature: %v", err)
	}
	// A changed claim under the original signature.
	claims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := strings.Replace(string(claims), `"anna.s"`, `"admin1"`, 1)
	if _, err := c.VerifyIDToken(ctx, parts[0]+"."+base64.RawURLEncoding.EncodeToString([]byte(forged))+"."+parts[2]); !errors.Is(err, sso.ErrTokenInvalid) {
		t.Errorf("tampered claims: %v", err)
	}
	if _, err := c.VerifyIDToken(ctx, "not-a-jwt"); !errors.Is(err, sso.ErrTokenInvalid) {
		t.Errorf("garbage: %v", err)
	}
	// Still valid for the provider, but too old to exchange: a token kept
	// since an earlier login is not a credential. The provider stamps iat
	// from the wall clock, which ran on while the tokens above were fetched
	// (seconds on a loaded machine), so step well past the limit.
	clk.Advance(sso.MaxExchangeAge + time.Minute)
	if _, err := c.VerifyIDToken(ctx, ours); !errors.Is(err, sso.ErrTokenInvalid) || !strings.Contains(err.Error(), "at most") {
		t.Errorf("ID token older than %v: %v", sso.MaxExchangeAge, err)
	}
	clk.Advance(2 * time.Hour) // the provider's ID tokens live one hour
	if _, err := c.VerifyIDToken(ctx, ours); !errors.Is(err, sso.ErrTokenInvalid) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired ID token: %v", err)
	}
}

func TestDiscoveryIsLazyAndRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now
	cfg := ssotest.Client{ID: "samstyr", Secret: "samstyr-test-secret-0123456789", RedirectURIs: []string{callback}}
	fake := &ssotest.Provider{Issuer: "http://127.0.0.1:" + strconv.Itoa(port)}
	c := sso.New(fake.Config(t, cfg, roleMap), platform.NewManualClock(time.Now()), platform.NewLogger(io.Discard, slog.LevelInfo))
	c.RetryPause = time.Hour
	if _, _, err := c.Start(t.Context()); !errors.Is(err, sso.ErrUnavailable) {
		t.Fatalf("provider down: %v", err)
	}
	p := ssotest.Start(t, ssotest.Options{Port: port, Clients: []ssotest.Client{cfg}, Accounts: accounts})
	if p.Issuer != fake.Issuer {
		t.Fatalf("provider at %s, want %s", p.Issuer, fake.Issuer)
	}
	// Within the pause the failure is remembered (no request is made) …
	if _, _, err := c.Start(t.Context()); !errors.Is(err, sso.ErrUnavailable) {
		t.Fatalf("within the retry pause: %v", err)
	}
	// … after it, the next login discovers the provider.
	c.RetryPause = 0
	if _, _, err := c.Start(t.Context()); err != nil {
		t.Fatalf("after the pause: %v", err)
	}
}
