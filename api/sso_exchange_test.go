package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ssotest"
)

var (
	exchangeAccounts = map[string]ssotest.Account{
		"sub-anna": {Password: "anna-lösen", Claims: map[string]any{"preferred_username": "anna.s", "name": "Anna Svensson",
			"groups": []string{"itn-handlaggare"}}},
		"sub-bo": {Password: "bo-lösen", Claims: map[string]any{"preferred_username": "bo.k", "name": "Bo Karlsson",
			"groups": []string{"ks-handlaggare"}}},
	}
	otherApp = ssotest.Client{ID: "annan-app", Secret: "other-test-secret-0123456789", RedirectURIs: []string{"http://127.0.0.1:1/other"}}
)

// exchangeEnv starts the provider and a Samstyr configured for it; it
// returns Samstyr's client registration too.
func exchangeEnv(t *testing.T) (*apptest.Env, *ssotest.Provider, ssotest.Client) {
	t.Helper()
	var p *ssotest.Provider
	var cl ssotest.Client
	env := apptest.New(t, apptest.WithConfigAt(func(cfg *config.Config, base string) {
		cl = ssotest.Client{ID: "samstyr", Secret: "samstyr-test-secret-0123456789", RedirectURIs: []string{base + "/auth/oidc/callback"}}
		p = ssotest.Start(t, ssotest.Options{Clients: []ssotest.Client{cl, otherApp}, Accounts: exchangeAccounts})
		cfg.OIDC = p.Config(t, cl, "itn-handlaggare=ITN:handlaggare; ks-handlaggare=KS:handlaggare")
	}))
	env.Clock.Set(time.Now()) // the provider's tokens carry real time
	return env, p, cl
}

func postForm(t *testing.T, env *apptest.Env, form url.Values) (int, map[string]any, http.Header) {
	t.Helper()
	res, err := env.Server.Client().Post(env.URL("/api/v1/auth/token"), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%d: body is not JSON: %s", res.StatusCode, b)
	}
	return res.StatusCode, m, res.Header
}

func exchange(subjectToken string) url.Values {
	return url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:token-exchange"}, "subject_token": {subjectToken},
		"subject_token_type": {"urn:ietf:params:oauth:token-type:id_token"}}
}

func TestTokenExchangeGivesAWorkingBearerToken(t *testing.T) {
	env, p, cl := exchangeEnv(t)
	status, body, h := postForm(t, env, exchange(p.IDToken(t, cl, "sub-anna", "anna-lösen")))
	if status != http.StatusOK || body["token_type"] != "Bearer" || body["issued_token_type"] != "urn:ietf:params:oauth:token-type:access_token" ||
		body["expires_in"] != env.Config.TokenTTL.Seconds() || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("exchange: %d %v %v", status, body, h)
	}
	anna := body["access_token"].(string)
	me := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: anna})
	if me.Status != 200 || !strings.Contains(string(me.Body), `"username":"anna.s"`) || !strings.Contains(string(me.Body), `"handlaggare"`) {
		t.Fatalf("me with the exchanged token: %d %s", me.Status, me.Body)
	}
	cs := register(t, env, anna, map[string]any{"board": "ITN", "title": "Registrerat med SSO-token"})

	// Bo's mapped role is in KS only.
	_, body, _ = postForm(t, env, exchange(p.IDToken(t, cl, "sub-bo", "bo-lösen")))
	bo, _ := body["access_token"].(string)
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: bo, Body: map[string]any{"board": "ITN", "title": "Obehörigt"}}); r.Status != http.StatusForbidden {
		t.Errorf("Bo registers in ITN: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + cs["id"].(string), Token: bo}); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
		t.Errorf("Bo reads ITN's case: %d", r.Status)
	}
	// Password login is unchanged next to it.
	if tok := env.Token("handlaggare"); tok == "" {
		t.Error("password login broken")
	}
}

func TestTokenExchangeRefusesForeignTamperedAndExpiredTokens(t *testing.T) {
	env, p, cl := exchangeEnv(t)
	ours := p.IDToken(t, cl, "sub-anna", "anna-lösen")
	parts := strings.Split(ours, ".")
	sig := []byte(parts[2])
	sig[5] ^= 0x01
	refused := map[string]string{
		"another client's ID token": p.IDToken(t, otherApp, "sub-anna", "anna-lösen"),
		"tampered signature":        parts[0] + "." + parts[1] + "." + string(sig),
		"not a JWT":                 "sst_not-an-id-token",
		"unsigned (alg none)":       "eyJhbGciOiJub25lIn0." + parts[1] + ".",
	}
	for name, tok := range refused {
		status, body, h := postForm(t, env, exchange(tok))
		if status != http.StatusUnauthorized || body["code"] != "sso_token_invalid" || body["error"] != "invalid_grant" ||
			!strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") || h.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: %d %v", name, status, body)
		}
	}
	env.Clock.Advance(2 * time.Hour) // past the ID token's one-hour lifetime
	if status, body, _ := postForm(t, env, exchange(ours)); status != http.StatusUnauthorized || !strings.Contains(body["detail"].(string), "expired") {
		t.Errorf("expired ID token: %d %v", status, body)
	}
	if _, err := env.App.Identity.UserByUsername(t.Context(), "anna.s"); err == nil {
		t.Error("a refused exchange provisioned the user")
	}
}

func TestTokenExchangeRequestIsChecked(t *testing.T) {
	env, _, _ := exchangeEnv(t)
	cases := map[string]struct {
		form url.Values
		code string
	}{
		"password grant":        {url.Values{"grant_type": {"password"}, "username": {"x"}}, "validation_failed"},
		"client credentials":    {url.Values{"grant_type": {"client_credentials"}}, "unsupported_grant_type"},
		"access token as input": {with(exchange("x"), "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), "validation_failed"},
		"no subject token":      {with(exchange(""), "subject_token", ""), "validation_failed"},
		"actor token":           {with(exchange("x"), "actor_token", "y"), "validation_failed"},
		"refresh token wanted":  {with(exchange("x"), "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"), "validation_failed"},
	}
	for name, c := range cases {
		status, body, _ := postForm(t, env, c.form)
		if status != http.StatusBadRequest || body["code"] != c.code || body["error"] == nil {
			t.Errorf("%s: %d %v", name, status, body)
		}
	}
	// Repeated parameters are refused too.
	f := exchange("x")
	f.Add("subject_token", "y")
	if status, _, _ := postForm(t, env, f); status != http.StatusBadRequest {
		t.Errorf("repeated subject_token: %d", status)
	}
}

func TestTokenExchangeWithoutOrWithAnUnreachableProvider(t *testing.T) {
	off := apptest.New(t)
	if status, body, _ := postForm(t, off, exchange("x")); status != http.StatusBadRequest || body["code"] != "unsupported_grant_type" {
		t.Errorf("exchange without SSO: %d %v", status, body)
	}
	down := apptest.New(t, apptest.WithConfigAt(func(cfg *config.Config, base string) {
		cfg.OIDC = config.OIDC{Issuer: "http://127.0.0.1:1", ClientID: "samstyr", ClientSecret: "x",
			RedirectURL: base + "/auth/oidc/callback", Scopes: []string{"openid"}, UsernameClaim: "preferred_username", RolesClaim: "groups"}
	}))
	status, body, h := postForm(t, down, exchange("x.y.z"))
	if status != http.StatusServiceUnavailable || body["code"] != "sso_unavailable" || h.Get("Retry-After") == "" {
		t.Errorf("provider down: %d %v", status, body)
	}
}

func with(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for a, b := range v {
		out[a] = append([]string(nil), b...)
	}
	out.Set(k, val)
	return out
}

// TestTokenExchangeFailuresAreThrottledPerAddress: refused exchanges count
// against the caller's address like failed password logins, so nobody can
// make Samstyr verify (and fetch the provider's keys for) forged tokens
// without limit; a locked-out address is refused before any work, even
// with a good token.
func TestTokenExchangeFailuresAreThrottledPerAddress(t *testing.T) {
	env, p, cl := exchangeEnv(t)
	for i := range 20 {
		if status, body, _ := postForm(t, env, exchange(fmt.Sprintf("sst_forged-%d", i))); status != http.StatusUnauthorized {
			t.Fatalf("forged token %d: %d %v", i, status, body)
		}
	}
	status, body, h := postForm(t, env, exchange(p.IDToken(t, cl, "sub-anna", "anna-lösen")))
	if status != http.StatusTooManyRequests || body["code"] != "too_many_attempts" || h.Get("Retry-After") == "" {
		t.Errorf("21st exchange from the address: %d %v (Retry-After %q)", status, body, h.Get("Retry-After"))
	}
}
