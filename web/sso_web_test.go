package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ssotest"
)

const ssoRoleMap = "itn-handlaggare=ITN:handlaggare; itn-ordf=ITN:ordforande,ITN:ledamot; ks-handlaggare=KS:handlaggare"

var ssoAccounts = map[string]ssotest.Account{
	"sub-anna": {Password: "anna-lösen", Claims: map[string]any{"preferred_username": "anna.s", "name": "Anna Svensson",
		"groups": []string{"itn-handlaggare", "alla-anstallda"}}},
	"sub-bo": {Password: "bo-lösen", Claims: map[string]any{"preferred_username": "bo.k", "name": "Bo Karlsson",
		"groups": []string{"ks-handlaggare"}}},
	"sub-cia": {Password: "cia-lösen", Claims: map[string]any{"preferred_username": "cia", "name": "Cia Utan Grupp",
		"groups": []string{"alla-anstallda"}}},
	// Claims the username of the demo's local account "ordforande".
	"sub-mallory": {Password: "mallory-lösen", Claims: map[string]any{"preferred_username": "ordforande", "name": "Mallory",
		"groups": []string{"itn-ordf"}}},
}

// ssoEnv starts the OIDC provider and a Samstyr configured for it.
func ssoEnv(t *testing.T) (*apptest.Env, *ssotest.Provider) {
	t.Helper()
	var p *ssotest.Provider
	env := apptest.New(t, apptest.WithConfigAt(func(cfg *config.Config, base string) {
		cl := ssotest.Client{ID: "samstyr", Secret: "samstyr-test-secret-0123456789", RedirectURIs: []string{base + "/auth/oidc/callback"}}
		p = ssotest.Start(t, ssotest.Options{Clients: []ssotest.Client{cl}, Accounts: ssoAccounts})
		cfg.OIDC = p.Config(t, cl, ssoRoleMap)
	}))
	env.Clock.Set(time.Now()) // the provider's tokens carry real time
	return env, p
}

// ssoLogin walks b from the start route through the provider's forms and
// returns the callback URL (not yet visited) and the start's cookies.
func ssoLogin(t *testing.T, b *browser, sub, password string) (*url.URL, []string) {
	t.Helper()
	status, _, h := b.get("/auth/oidc/start")
	if status != http.StatusSeeOther {
		t.Fatalf("start: %d", status)
	}
	return ssotest.Login(t, b.c, h.Get("Location"), b.env.URL("/auth/oidc/callback"), sub, password), h.Values("Set-Cookie")
}

func ssoVisit(t *testing.T, b *browser, u *url.URL) (int, string, http.Header) {
	t.Helper()
	return b.get(u.RequestURI())
}

func TestSSOLoginEndToEnd(t *testing.T) {
	env, p := ssoEnv(t)
	b := newBrowser(t, env)
	status, page, _ := b.get("/login")
	if status != 200 || !strings.Contains(page, `href="/auth/oidc/start"`) || !strings.Contains(page, "Logga in med organisationskonto") ||
		!strings.Contains(page, `name="password"`) {
		t.Fatalf("login page with SSO: %d\n%s", status, page)
	}
	// A planted session cookie (fixation attempt).
	base, _ := url.Parse(env.URL("/"))
	b.c.Jar.SetCookies(base, []*http.Cookie{{Name: "samstyr_session", Value: "sss_planted", Path: "/"}})

	cb, startCookies := ssoLogin(t, b, "sub-anna", "anna-lösen")
	sc := strings.Join(startCookies, "\n")
	if !strings.Contains(sc, "samstyr_oidc=") || !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") ||
		!strings.Contains(sc, "Path=/auth/oidc/") || !strings.Contains(sc, "Max-Age=600") {
		t.Errorf("pending-login cookie: %s", sc)
	}
	if cb.Query().Get("code") == "" || cb.Query().Get("state") == "" {
		t.Fatalf("callback without code/state: %s", cb)
	}
	status, _, h := ssoVisit(t, b, cb)
	if status != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Fatalf("callback: %d %s", status, h.Get("Location"))
	}
	session := b.cookie("samstyr_session")
	if session == "" || session == "sss_planted" {
		t.Fatalf("session after SSO login = %q", session)
	}
	if !strings.Contains(strings.Join(h.Values("Set-Cookie"), "\n"), "samstyr_oidc=;") {
		t.Errorf("the pending-login cookie is not cleared: %v", h.Values("Set-Cookie"))
	}
	status, page, _ = b.get("/")
	if status != 200 || !strings.Contains(page, "Anna Svensson") || !strings.Contains(page, "Handläggare") ||
		!strings.Contains(page, "Ölands IT-nämnd (ITN)") {
		t.Fatalf("start page after SSO login: %d\n%s", status, page)
	}
	u, err := env.App.Identity.UserByUsername(t.Context(), "anna.s")
	if err != nil || u.External == nil || u.External.Issuer != p.Issuer || u.External.Subject != "sub-anna" {
		t.Fatalf("provisioned user: %+v %v", u, err)
	}

	// The mapped role works: Anna (handläggare in ITN) registers a case.
	_, page, _ = b.get("/arenden/nytt")
	status, _, h = b.post("/arenden", url.Values{"csrf": {csrfOf(t, page)}, "board": {"ITN"}, "title": {"Avtal via SSO"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/arenden/") {
		t.Fatalf("register a case as an SSO handläggare: %d %s", status, h.Get("Location"))
	}
	casePath := strings.Split(h.Get("Location"), "?")[0]
	if status, page, _ := b.get(casePath); status != 200 || !strings.Contains(page, "Avtal via SSO") {
		t.Fatalf("case page: %d", status)
	}

	// Bo holds a role only in KS: ITN's case and registering in ITN are
	// forbidden to him.
	bo := newBrowser(t, env)
	cb, _ = ssoLogin(t, bo, "sub-bo", "bo-lösen")
	if status, _, _ := ssoVisit(t, bo, cb); status != http.StatusSeeOther {
		t.Fatalf("Bo's callback: %d", status)
	}
	if status, _, _ := bo.get(casePath); status != http.StatusForbidden && status != http.StatusNotFound {
		t.Errorf("Bo sees ITN's case: %d", status)
	}
	_, page, _ = bo.get("/arenden/nytt")
	if status, _, _ := bo.post("/arenden", url.Values{"csrf": {csrfOf(t, page)}, "board": {"ITN"}, "title": {"Obehörigt"}}); status != http.StatusForbidden {
		t.Errorf("Bo registers in ITN: %d, want 403", status)
	}
}

func TestSSORoleChangesAtTheNextLogin(t *testing.T) {
	env, p := ssoEnv(t)
	login := func() *browser {
		b := newBrowser(t, env)
		cb, _ := ssoLogin(t, b, "sub-anna", "anna-lösen")
		if status, _, _ := ssoVisit(t, b, cb); status != http.StatusSeeOther {
			t.Fatalf("callback: %d", status)
		}
		return b
	}
	login()
	// In the directory, Anna moves from handläggare to ordförande.
	p.SetClaims(t, "sub-anna", map[string]any{"preferred_username": "anna.s", "name": "Anna Svensson", "groups": []string{"itn-ordf"}})
	b := login() // (the same day: the provider's tokens carry real time, so the clock stays)
	today := platform.DateOf(env.Clock.Now())
	u, _ := env.App.Identity.UserByUsername(t.Context(), "anna.s")
	if u.HasRole("ITN", identity.RoleHandlaggare, today) || !u.HasRole("ITN", identity.RoleOrdforande, today) ||
		!u.HasRole("ITN", identity.RoleLedamot, today) {
		t.Fatalf("roles after the change: %+v", u.Roles)
	}
	if _, page, _ := b.get("/"); !strings.Contains(page, "Ordförande") {
		t.Errorf("start page lacks the new role")
	}
	// Out of every mapped group: the login is refused and no role is left.
	p.SetClaims(t, "sub-anna", map[string]any{"preferred_username": "anna.s", "groups": []string{}})
	b = newBrowser(t, env)
	cb, _ := ssoLogin(t, b, "sub-anna", "anna-lösen")
	status, page, _ := ssoVisit(t, b, cb)
	if status != http.StatusForbidden || !strings.Contains(page, "ingen behörighet i Samstyr") || b.cookie("samstyr_session") != "" {
		t.Fatalf("login without roles: %d\n%s", status, page)
	}
	u, _ = env.App.Identity.UserByUsername(t.Context(), "anna.s")
	if len(u.RolesOn(today)) != 0 {
		t.Errorf("roles left after losing every group: %+v", u.RolesOn(today))
	}
}

func TestSSOCallbackRefusesForgedReplayedAndUnmappedLogins(t *testing.T) {
	env, _ := ssoEnv(t)
	expect := func(name string, status int, page string, want int, text string) {
		t.Helper()
		if status != want || !strings.Contains(page, text) || !strings.Contains(page, `<html lang="sv">`) {
			t.Errorf("%s: %d, want %d with %q\n%.600s", name, status, want, text, page)
		}
	}

	// State mismatch: the callback reaches a browser that did not start
	// this login (login CSRF).
	b := newBrowser(t, env)
	cb, _ := ssoLogin(t, b, "sub-anna", "anna-lösen")
	other := newBrowser(t, env)
	status, page, _ := ssoVisit(t, other, cb)
	expect("callback in another browser", status, page, http.StatusBadRequest, "kunde inte kopplas")
	// The right browser but a tampered state.
	q := cb.Query()
	q.Set("state", "forged")
	status, page, _ = b.get("/auth/oidc/callback?" + q.Encode())
	expect("tampered state", status, page, http.StatusBadRequest, "kunde inte kopplas")

	// Replay: a completed callback used again, even with its cookie put
	// back, is refused (the provider's codes are single-use).
	b = newBrowser(t, env)
	cb, _ = ssoLogin(t, b, "sub-anna", "anna-lösen")
	base, _ := url.Parse(env.URL("/auth/oidc/"))
	var pendingCookie *http.Cookie
	for _, c := range b.c.Jar.Cookies(base) {
		if c.Name == "samstyr_oidc" {
			pendingCookie = c
		}
	}
	if pendingCookie == nil {
		t.Fatal("no pending-login cookie")
	}
	if status, _, _ := ssoVisit(t, b, cb); status != http.StatusSeeOther {
		t.Fatalf("first callback: %d", status)
	}
	status, page, _ = ssoVisit(t, b, cb)
	expect("replay without the cookie", status, page, http.StatusBadRequest, "kunde inte kopplas")
	b.c.Jar.SetCookies(base, []*http.Cookie{{Name: "samstyr_oidc", Value: pendingCookie.Value, Path: "/auth/oidc/"}})
	status, page, _ = ssoVisit(t, b, cb)
	expect("replay with the cookie", status, page, http.StatusBadRequest, "godtog inte inloggningen")

	// Wrong nonce: the browser's cookie is altered to expect another nonce
	// than the one the ID token carries (an injected ID token).
	b = newBrowser(t, env)
	cb, _ = ssoLogin(t, b, "sub-anna", "anna-lösen")
	for _, c := range b.c.Jar.Cookies(base) {
		if c.Name == "samstyr_oidc" {
			p, err := sso.DecodePending(c.Value)
			if err != nil {
				t.Fatal(err)
			}
			p.Nonce = "a-nonce-this-login-never-sent"
			b.c.Jar.SetCookies(base, []*http.Cookie{{Name: "samstyr_oidc", Value: p.Encode(), Path: "/auth/oidc/"}})
		}
	}
	status, page, _ = ssoVisit(t, b, cb)
	expect("wrong nonce", status, page, http.StatusUnauthorized, "ogiltigt")
	if b.cookie("samstyr_session") != "" {
		t.Error("a refused login left a session")
	}

	// A provider error (the user cancelled) is shown, not a 500.
	b = newBrowser(t, env)
	status, _, h := b.get("/auth/oidc/start")
	if status != http.StatusSeeOther {
		t.Fatal(status)
	}
	authURL, _ := url.Parse(h.Get("Location"))
	status, page, _ = b.get("/auth/oidc/callback?error=access_denied&state=" + url.QueryEscape(authURL.Query().Get("state")))
	expect("provider error", status, page, http.StatusForbidden, "avbröts eller nekades")

	// A user in no mapped group gets no account.
	b = newBrowser(t, env)
	cb, _ = ssoLogin(t, b, "sub-cia", "cia-lösen")
	status, page, _ = ssoVisit(t, b, cb)
	expect("no mapped role", status, page, http.StatusForbidden, "ingen behörighet")
	if _, err := env.App.Identity.UserByUsername(t.Context(), "cia"); err == nil {
		t.Error("an account was created without roles")
	}

	// An IdP username equal to a local account's never takes it over.
	b = newBrowser(t, env)
	cb, _ = ssoLogin(t, b, "sub-mallory", "mallory-lösen")
	status, page, _ = ssoVisit(t, b, cb)
	expect("local account's username", status, page, http.StatusConflict, "tillhör redan ett annat konto")
	u, _ := env.App.Identity.UserByUsername(t.Context(), "ordforande")
	if u.External != nil || u.Name != "Anna Lindqvist" {
		t.Errorf("local account changed: %+v", u)
	}
	// The local account still logs in with its password.
	lb := newBrowser(t, env)
	_, page, _ = lb.get("/login")
	if status, _, _ := lb.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {"ordforande"}, "password": {apptest.DemoPassword}}); status != http.StatusSeeOther {
		t.Errorf("local login next to SSO: %d", status)
	}
}

func TestSSORoutesWithoutSSO(t *testing.T) {
	env := apptest.New(t)
	b := newBrowser(t, env)
	if _, page, _ := b.get("/login"); strings.Contains(page, "/auth/oidc/start") || strings.Contains(page, "organisationskonto") {
		t.Error("login page shows SSO although it is off")
	}
	for _, path := range []string{"/auth/oidc/start", "/auth/oidc/callback?code=x&state=y"} {
		if status, page, _ := b.get(path); status != http.StatusNotFound || !strings.Contains(page, "inte aktiverad") {
			t.Errorf("%s without SSO: %d", path, status)
		}
	}
}

func TestSSOProviderDownIs503(t *testing.T) {
	env := apptest.New(t, apptest.WithConfigAt(func(cfg *config.Config, base string) {
		cfg.OIDC = config.OIDC{Issuer: "http://127.0.0.1:1", ClientID: "samstyr", ClientSecret: "x",
			RedirectURL: base + "/auth/oidc/callback", Scopes: []string{"openid"}, UsernameClaim: "preferred_username", RolesClaim: "groups"}
	}))
	b := newBrowser(t, env)
	status, page, h := b.get("/auth/oidc/start")
	if status != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(page, "svarar inte") {
		t.Errorf("provider down: %d %v", status, h)
	}
	// Local accounts still work.
	_, page, _ = b.get("/login")
	if status, _, _ := b.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {"handlaggare"}, "password": {apptest.DemoPassword}}); status != http.StatusSeeOther {
		t.Errorf("local login with the provider down: %d", status)
	}
}
