package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

type browser struct {
	t   *testing.T
	env *apptest.Env
	c   *http.Client
}

func newBrowser(t *testing.T, env *apptest.Env) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, env: env, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (b *browser) get(path string) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.Get(b.env.URL(path))
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func (b *browser) post(path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.PostForm(b.env.URL(path), form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.env.URL("/"))
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", page)
	}
	return m[1]
}

func TestLoginLogoutWithCSRF(t *testing.T) {
	env := apptest.New(t)
	b := newBrowser(t, env)
	if status, _, h := b.get("/"); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("anonymous start page: %d %s", status, h.Get("Location"))
	}
	status, page, _ := b.get("/login")
	if status != 200 || !strings.Contains(page, `<html lang="sv">`) || !strings.Contains(page, `<label for="username">`) ||
		!strings.Contains(page, `class="skip-link" href="#main"`) || !strings.Contains(page, "<main") {
		t.Fatalf("login page lacks accessible markup: %d\n%s", status, page)
	}
	csrf := csrfOf(t, page)

	// A form without the token is refused, whatever the password.
	if status, _, _ := b.post("/login", url.Values{"username": {"ordforande"}, "password": {apptest.DemoPassword}}); status != http.StatusForbidden {
		t.Errorf("login without CSRF token: %d, want 403", status)
	}
	// Wrong password: the form again, with the Swedish error.
	status, page, _ = b.post("/login", url.Values{"csrf": {csrf}, "username": {"ordforande"}, "password": {"fel"}})
	if status != http.StatusUnauthorized || !strings.Contains(page, "Fel användarnamn eller lösenord.") {
		t.Errorf("wrong password: %d", status)
	}
	// A planted session cookie (fixation attempt) must not survive login.
	u, _ := url.Parse(env.URL("/"))
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "samstyr_session", Value: "sss_planted", Path: "/"}})
	status, _, h := b.post("/login", url.Values{"csrf": {csrf}, "username": {"ordforande"}, "password": {apptest.DemoPassword}})
	if status != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Fatalf("login: %d %s", status, h.Get("Location"))
	}
	sc := h.Values("Set-Cookie")
	if !strings.Contains(strings.Join(sc, "\n"), "HttpOnly") || !strings.Contains(strings.Join(sc, "\n"), "SameSite=Lax") {
		t.Errorf("session cookie flags: %v", sc)
	}
	if v := b.cookie("samstyr_session"); v == "" || v == "sss_planted" {
		t.Fatalf("session cookie after login = %q", v)
	}
	status, page, _ = b.get("/")
	if status != 200 || !strings.Contains(page, "Anna Lindqvist") || !strings.Contains(page, "Ordförande") ||
		!strings.Contains(page, "Ölands IT-nämnd (ITN)") {
		t.Fatalf("start page: %d\n%s", status, page)
	}
	// Logout needs the session's CSRF token.
	if status, _, _ := b.post("/logout", url.Values{"csrf": {"wrong"}}); status != http.StatusForbidden {
		t.Errorf("logout with a wrong token: %d, want 403", status)
	}
	old := b.cookie("samstyr_session")
	if status, _, h := b.post("/logout", url.Values{"csrf": {csrfOf(t, page)}}); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("logout: %d", status)
	}
	// The old session id is dead even if replayed.
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "samstyr_session", Value: old, Path: "/"}})
	if status, _, _ := b.get("/"); status != http.StatusSeeOther {
		t.Errorf("replayed session after logout: %d, want redirect to login", status)
	}
}

func TestEscapesUserText(t *testing.T) {
	env := apptest.New(t)
	b := newBrowser(t, env)
	_, page, _ := b.get("/login")
	_, page, _ = b.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {`<script>alert(1)</script>`}, "password": {"x"}})
	if strings.Contains(page, "<script>alert(1)") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("username not escaped in the re-rendered form")
	}
}
