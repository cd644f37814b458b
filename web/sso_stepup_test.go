package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ssotest"
	"github.com/samstyr/samstyr/workflow"
)

// stepUpAccounts are the provider's accounts of the step-up test: Olle,
// ordförande in ITN through the directory (his Samstyr account has no
// password), and Eve, another person at the same provider.
var stepUpAccounts = map[string]ssotest.Account{
	"sub-olle": {Password: "olle-lösen", Claims: map[string]any{"preferred_username": "olle.o", "name": "Olle Ordförande",
		"groups": []string{"itn-ordf", "itn-chef"}}},
	"sub-eve": {Password: "eve-lösen", Claims: map[string]any{"preferred_username": "eve.e", "name": "Eve Annan",
		"groups": []string{"itn-handlaggare"}}},
}

// stepUpStart posts a step-up signature form and returns the provider's
// authorization URL it redirects to and the step-up cookie it sets.
func stepUpStart(t *testing.T, b *browser, path string, form url.Values) (string, *http.Cookie) {
	t.Helper()
	status, body, h := b.post(path, form)
	if status != http.StatusSeeOther {
		t.Fatalf("step-up start %s: %d\n%s", path, status, body)
	}
	loc := h.Get("Location")
	for _, raw := range h.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(raw); err == nil && c.Name == "samstyr_stepup" && c.Value != "" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/auth/oidc/" || c.MaxAge != 600 {
				t.Errorf("step-up cookie: %s", raw)
			}
			return loc, c
		}
	}
	t.Fatalf("no step-up cookie: %v", h.Values("Set-Cookie"))
	return "", nil
}

// TestSSOStepUpSignsADecision: with the real OIDC provider, a person
// whose account is SSO-only (no local password) sees "Signera med
// inloggning via <provider>" instead of a password field; signing sends
// them to the provider with prompt=login and max_age=0 and state, nonce
// and PKCE. A login that is not fresh by the time the callback arrives,
// a login as another person, a replayed callback (with or without its
// cookie) and a callback in another session of the same person are each
// refused with a Swedish message and sign nothing; a fresh login of
// their own signs the decision through Decisions.Sign.
func TestSSOStepUpSignsADecision(t *testing.T) {
	env, p := stepUpEnv(t)
	ctx := t.Context()
	callback := env.URL("/auth/oidc/callback")
	iss, _ := url.Parse(p.Issuer)
	b, olle := stepUpLogin(t, env)
	caseID := decidedByChairWithout(t, env, "Avtal med BHEM om drift")
	cs, err := env.App.Workflow.Cases.Case(ctx, olle, caseID)
	if err != nil {
		t.Fatal(err)
	}
	_, d, err := env.App.Workflow.Decisions.Decide(ctx, olle, caseID, cs.Version, workflow.DecisionInput{Kind: cases.KindDelegation, PointCode: "A16"})
	if err != nil {
		t.Fatalf("Olle decides: %v", err)
	}
	decisionPath := "/beslut/" + d.ID
	signatures := func() int {
		t.Helper()
		_, cur, err := env.App.Workflow.Decisions.DecisionOf(ctx, olle, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(cur.Signatures)
	}

	status, page, _ := b.get(decisionPath)
	if status != 200 || !strings.Contains(page, "Signera med inloggning via "+iss.Host) || strings.Contains(page, `name="password"`) {
		t.Fatalf("decision page of an SSO-only decider: %d\n%s", status, page)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "stepup": {"1"}, "digest": {d.Digest}}
	var cb *url.URL
	refused := func(name string, wantStatus int, wantText string) {
		t.Helper()
		status, page, _ := ssoVisit(t, b, cb)
		if status != wantStatus || !strings.Contains(page, wantText) {
			t.Errorf("%s: %d, want %d with %q\n%s", name, status, wantStatus, wantText, page)
		}
		if n := signatures(); n != 0 {
			t.Fatalf("%s: the decision has %d signatures", name, n)
		}
	}

	// The authorization request asks for a new login.
	start, _ := stepUpStart(t, b, decisionPath+"/signera", form)
	q := mustURL(t, start).Query()
	if q.Get("prompt") != "login" || q.Get("max_age") != "0" || q.Get("state") == "" || q.Get("nonce") == "" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Errorf("step-up authorization request: %s", start)
	}
	// A stale login: the callback arrives six minutes after it.
	cb = ssotest.Login(t, b.c, start, callback, "sub-olle", "olle-lösen")
	env.Clock.Advance(6 * time.Minute)
	refused("a stale login", http.StatusUnprocessableEntity, "Inloggningen var inte ny")
	env.Clock.Set(time.Now())

	// Another person logs in at the provider (in a browser without
	// Olle's session there, which the provider would first end).
	start, _ = stepUpStart(t, b, decisionPath+"/signera", form)
	cb = ssotest.Login(t, ssotest.Browser(), start, callback, "sub-eve", "eve-lösen")
	refused("a login as another person", http.StatusForbidden, "annat konto än ditt eget")

	// A callback in another session of Olle's (its cookie planted there).
	start, cookie := stepUpStart(t, b, decisionPath+"/signera", form)
	cb = ssotest.Login(t, b.c, start, callback, "sub-olle", "olle-lösen")
	other := newBrowser(t, env)
	ocb, _ := ssoLogin(t, other, "sub-olle", "olle-lösen")
	if status, _, _ := ssoVisit(t, other, ocb); status != http.StatusSeeOther {
		t.Fatalf("Olle's second login: %d", status)
	}
	other.c.Jar.SetCookies(mustURL(t, env.URL("/auth/oidc/")), []*http.Cookie{{Name: cookie.Name, Value: cookie.Value, Path: "/auth/oidc/"}})
	if status, page, _ := ssoVisit(t, other, cb); status != http.StatusForbidden || !strings.Contains(page, "kunde inte kopplas till din inloggning") {
		t.Errorf("a step-up finished in another session: %d\n%s", status, page)
	}
	if n := signatures(); n != 0 {
		t.Fatalf("a step-up in another session signed: %d signatures", n)
	}

	// Olle's own fresh login signs.
	start, cookie = stepUpStart(t, b, decisionPath+"/signera", form)
	cb = ssotest.Login(t, b.c, start, callback, "sub-olle", "olle-lösen")
	status, _, h := ssoVisit(t, b, cb)
	if status != http.StatusSeeOther || h.Get("Location") != decisionPath+"?meddelande=signerat" {
		t.Fatalf("the step-up callback: %d %s", status, h.Get("Location"))
	}
	if n := signatures(); n != 1 {
		t.Fatalf("after the step-up the decision has %d signatures", n)
	}
	if _, page, _ := b.get(decisionPath); strings.Contains(page, "Signera med inloggning") {
		t.Error("the signed decision still offers a signature")
	}
	// The same callback again: without its cookie (used once) it is no
	// step-up; with the cookie planted back the provider refuses the used
	// code. Neither signs again.
	if status, _, _ := ssoVisit(t, b, cb); status != http.StatusBadRequest {
		t.Errorf("a replayed callback: %d, want 400", status)
	}
	b.c.Jar.SetCookies(mustURL(t, env.URL("/auth/oidc/")), []*http.Cookie{{Name: cookie.Name, Value: cookie.Value, Path: "/auth/oidc/"}})
	if status, page, _ := ssoVisit(t, b, cb); status < 400 || status >= 500 {
		t.Errorf("a replayed callback with its cookie: %d\n%s", status, page)
	}
	if n := signatures(); n != 1 {
		t.Errorf("a replayed callback: %d signatures", n)
	}
}

// stepUpEnv starts the provider with stepUpAccounts and a Samstyr that
// maps the groups itn-ordf to ordförande and itn-chef to förvaltningschef
// in ITN.
func stepUpEnv(t *testing.T) (*apptest.Env, *ssotest.Provider) {
	t.Helper()
	var p *ssotest.Provider
	env := apptest.New(t, apptest.WithConfigAt(func(cfg *config.Config, base string) {
		cl := ssotest.Client{ID: "samstyr", Secret: "samstyr-test-secret-0123456789", RedirectURIs: []string{base + "/auth/oidc/callback"}}
		p = ssotest.Start(t, ssotest.Options{Clients: []ssotest.Client{cl}, Accounts: stepUpAccounts})
		cfg.OIDC = p.Config(t, cl, ssoRoleMap+"; itn-chef=ITN:forvaltningschef")
	}))
	env.Clock.Set(time.Now()) // the provider's tokens carry real time
	return env, p
}

// stepUpLogin logs Olle in through the provider and returns his browser
// and his (SSO-only) account.
func stepUpLogin(t *testing.T, env *apptest.Env) (*browser, identity.User) {
	t.Helper()
	b := newBrowser(t, env)
	cb, _ := ssoLogin(t, b, "sub-olle", "olle-lösen")
	if status, _, _ := ssoVisit(t, b, cb); status != http.StatusSeeOther {
		t.Fatalf("Olle's login: %d", status)
	}
	olle, err := env.App.Identity.UserByUsername(t.Context(), "olle.o")
	if err != nil || olle.HasPassword() || olle.External == nil {
		t.Fatalf("Olle's account: %+v %v", olle, err)
	}
	return b, olle
}

// TestSSOStepUpSignsARefusal: an SSO-only förvaltningschef refuses a
// request for allmän handling from the request page: the form offers the
// step-up instead of a password, the fields posted travel with the
// step-up, and after a fresh login of their own the refusal is made and
// signed (Disclosures.Refuse with the SSO proof).
func TestSSOStepUpSignsARefusal(t *testing.T) {
	env, p := stepUpEnv(t)
	iss, _ := url.Parse(p.Issuer)
	b, olle := stepUpLogin(t, env)
	hl := env.Token("handlaggare")
	r := apiCall(t, env, hl, http.MethodPost, "/api/v1/boards/ITN/disclosure-requests", map[string]any{"received_at": "2026-03-02T08:30:00+01:00",
		"channel": "epost", "asked": "Protokollet från mars", "items": []map[string]any{{"description": "Protokoll från mars"}}}, nil)
	id := r["id"].(string)
	status, page, _ := b.get("/utlamnande/" + id)
	if status != 200 || !strings.Contains(page, "Signera med inloggning via "+iss.Host) || strings.Contains(page, `id="refuse-password"`) {
		t.Fatalf("request page of an SSO-only förvaltningschef: %d\n%s", status, page)
	}
	start, _ := stepUpStart(t, b, "/utlamnande/"+id+"/atgard/avslag", url.Values{"csrf": {csrfOf(t, page)}, "stepup": {"1"},
		"version": {fmt.Sprint(r["version"])}, "item": {"1"}, "lagrum": {"OSL 25 kap. 1 §"}, "reasoning": {"Uppgifterna rör hälsa."},
		"court": {"Kammarrätten i Jönköping"}})
	cb := ssotest.Login(t, b.c, start, env.URL("/auth/oidc/callback"), "sub-olle", "olle-lösen")
	status, page, h := ssoVisit(t, b, cb)
	if status != http.StatusSeeOther || h.Get("Location") != "/utlamnande/"+id+"?meddelande=avslag" {
		t.Fatalf("the step-up callback: %d %s\n%s", status, h.Get("Location"), page)
	}
	got, err := env.App.Workflow.Disclosures.Request(t.Context(), olle, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Decisions) != 1 || len(got.Decisions[0].Signatures) != 1 || got.Decisions[0].DeciderID != olle.ID ||
		got.Decisions[0].Reasoning != "Uppgifterna rör hälsa." || got.Decisions[0].Lagrum[0] != "OSL 25 kap. 1 §" {
		t.Errorf("the refusal made by step-up: %+v", got.Decisions)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSSOStepUpJusterar: an SSO-only justerare justerar a protocol from
// the meeting page by a step-up login of their own.
func TestSSOStepUpJusterar(t *testing.T) {
	env, p := stepUpEnv(t)
	iss, _ := url.Parse(p.Issuer)
	b, olle := stepUpLogin(t, env)
	apiCall(t, env, env.Token("admin"), http.MethodPost, "/api/v1/boards/ITN/seats",
		map[string]any{"holder": "olle.o", "kind": "ledamot", "party": "Partiet", "valid_from": "2023-01-01"}, nil)
	sek := env.Token("sekreterare")
	m := apiCall(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"olle.o"}}, nil)
	id := m["id"].(string)
	path := "/api/v1/meetings/" + id
	apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "pagaende"}, m["version"])
	apiCall(t, env, sek, http.MethodPost, path+"/paragraphs", map[string]any{"item": len(m["agenda"].([]any)) - 1, "outcome": "anmalan"}, nil)
	v := apiCall(t, env, sek, http.MethodGet, path, nil, nil)["version"]
	apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "avslutat"}, v)

	status, page, _ := b.get("/sammantraden/" + id)
	if status != 200 || !strings.Contains(page, "Signera med inloggning via "+iss.Host) || strings.Contains(page, `id="justera-password"`) {
		t.Fatalf("meeting page of an SSO-only justerare: %d\n%s", status, page)
	}
	cur, err := env.App.Workflow.Meetings.Meeting(t.Context(), olle, id)
	if err != nil {
		t.Fatal(err)
	}
	start, _ := stepUpStart(t, b, "/sammantraden/"+id+"/justera", url.Values{"csrf": {csrfOf(t, page)}, "stepup": {"1"},
		"version": {fmt.Sprint(cur.Version)}})
	cb := ssotest.Login(t, b.c, start, env.URL("/auth/oidc/callback"), "sub-olle", "olle-lösen")
	status, page, h := ssoVisit(t, b, cb)
	if status != http.StatusSeeOther || h.Get("Location") != "/sammantraden/"+id {
		t.Fatalf("the step-up callback: %d %s\n%s", status, h.Get("Location"), page)
	}
	got, err := env.App.Workflow.Meetings.Meeting(t.Context(), olle, id)
	if err != nil {
		t.Fatal(err)
	}
	if !got.SignedBy("olle.o") {
		t.Errorf("the protocol is not signed by Olle: %+v", got.Signatures)
	}
}

// TestSSOStepUpWithTheProviderDown: when the provider cannot be reached,
// an SSO-only person's signature is answered 503 with Retry-After and a
// Swedish message on the decision page, and nothing is signed.
func TestSSOStepUpWithTheProviderDown(t *testing.T) {
	const issuer = "http://127.0.0.1:1"
	env := apptest.New(t, apptest.WithConfigAt(func(cfg *config.Config, base string) {
		cfg.OIDC = config.OIDC{Issuer: issuer, ClientID: "samstyr", ClientSecret: "x",
			RedirectURL: base + "/auth/oidc/callback", Scopes: []string{"openid"}, UsernameClaim: "preferred_username", RolesClaim: "groups"}
	}))
	ctx := t.Context()
	olle, err := env.App.Identity.ProvisionExternal(ctx, identity.ExternalLogin{ID: identity.ExternalID{Issuer: issuer, Subject: "sub-olle"},
		Username: "olle.o", Name: "Olle Ordförande", Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleOrdforande}}})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := env.App.Identity.StartSession(ctx, olle, time.Hour, "oidc")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.c.Jar.SetCookies(mustURL(t, env.URL("/")), []*http.Cookie{{Name: "samstyr_session", Value: secret, Path: "/"}})
	caseID := decidedByChairWithout(t, env, "Avtal med ÖBAB om drift")
	cs, err := env.App.Workflow.Cases.Case(ctx, olle, caseID)
	if err != nil {
		t.Fatal(err)
	}
	_, d, err := env.App.Workflow.Decisions.Decide(ctx, olle, caseID, cs.Version, workflow.DecisionInput{Kind: cases.KindDelegation, PointCode: "A16"})
	if err != nil {
		t.Fatalf("Olle decides: %v", err)
	}
	_, page, _ := b.get("/beslut/" + d.ID)
	if !strings.Contains(page, "Signera med inloggning via 127.0.0.1:1") {
		t.Fatalf("decision page of an SSO-only decider:\n%s", page)
	}
	status, page, h := b.post("/beslut/"+d.ID+"/signera", url.Values{"csrf": {csrfOf(t, page)}, "stepup": {"1"}, "digest": {d.Digest}})
	if status != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(page, "svarar inte") ||
		!strings.Contains(page, `id="sign-error"`) {
		t.Errorf("a step-up with the provider down: %d %v\n%s", status, h, page)
	}
	if _, cur, err := env.App.Workflow.Decisions.DecisionOf(ctx, olle, d.ID); err != nil || cur.Signed() {
		t.Errorf("the decision after the refused step-up: signed %v, %v", cur.Signed(), err)
	}
}
