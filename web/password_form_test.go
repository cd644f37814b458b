package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// credentials lists every stored credential as id@version (the snapshot
// of apptest leaves credentials out: logins write them).
func credentials(t *testing.T, env *apptest.Env) string {
	t.Helper()
	recs, err := env.Backend.Find(t.Context(), repo.CollCredentials, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, fmt.Sprintf("%s@%d", r.ID, r.Version))
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// canLogIn reports whether username logs in on the web with password.
func canLogIn(t *testing.T, env *apptest.Env, username, password string) bool {
	t.Helper()
	b := newBrowser(t, env)
	_, page, _ := b.get("/login")
	status, _, _ := b.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {username}, "password": {password}})
	return status == http.StatusSeeOther
}

// weakPasswords break the one password rule (identity.PasswordProblem):
// too short, or common, each with the Swedish text the forms show.
var weakPasswords = []struct{ password, text string }{
	{"kort-lösen", "Lösenordet är för kort: minst 12 tecken."},
	{"elva-tecken", "Lösenordet är för kort: minst 12 tecken."},
	{"Sommar2024!!", "Lösenordet är för vanligt eller förutsägbart."},
	{"lösenord12345", "Lösenordet är för vanligt eller förutsägbart."},
}

// TestWebPasswordFormsKeepThePasswordRule: the own password change
// (/konto/losenord), the administrator's reset (/admin/personer/X/losenord)
// and the administrator's new account (/admin/personer) refuse a password
// under 12 characters or a common one, through the real engine with the
// session's CSRF token: 422, the Swedish reason on the page, and nothing
// stored (the old password still logs in, the refused one does not, no
// account made). A good password is taken by each.
func TestWebPasswordFormsKeepThePasswordRule(t *testing.T) {
	env := apptest.New(t)
	shown := func(page, text string) bool { return strings.Contains(html.UnescapeString(page), text) }

	t.Run("own password", func(t *testing.T) {
		b, csrf := loggedIn(t, env, "handlaggare")
		if status, page, _ := b.get("/konto/losenord"); status != 200 || !strings.Contains(page, `id="password-form"`) {
			t.Fatalf("password page: %d", status)
		}
		for _, w := range weakPasswords {
			creds := credentials(t, env)
			status, page, _ := b.post("/konto/losenord", url.Values{"csrf": {csrf}, "current_password": {apptest.DemoPassword}, "new_password": {w.password}})
			if status != http.StatusUnprocessableEntity || !shown(page, w.text) || !strings.Contains(page, `id="password-form"`) {
				t.Errorf("own password %q: %d, want 422 and %q with the form", w.password, status, w.text)
			}
			if credentials(t, env) != creds || canLogIn(t, env, "handlaggare", w.password) {
				t.Errorf("own password %q: the credential changed", w.password)
			}
		}
		if !canLogIn(t, env, "handlaggare", apptest.DemoPassword) {
			t.Fatal("the old password no longer logs in after refused changes")
		}
		status, _, h := b.post("/konto/losenord", url.Values{"csrf": {csrf}, "current_password": {apptest.DemoPassword}, "new_password": {"sommar-fjällräv-2024"}})
		if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/konto/losenord") || !canLogIn(t, env, "handlaggare", "sommar-fjällräv-2024") {
			t.Errorf("a good own password: %d %s", status, h.Get("Location"))
		}
	})

	admin, csrf := loggedIn(t, env, "admin")
	t.Run("administrator's reset", func(t *testing.T) {
		for _, w := range weakPasswords {
			creds := credentials(t, env)
			status, page, _ := admin.post("/admin/personer/it-chef/losenord", url.Values{"csrf": {csrf}, "password": {w.password}})
			if status != http.StatusUnprocessableEntity || !shown(page, w.text) || !strings.Contains(page, `id="reset-password"`) {
				t.Errorf("reset to %q: %d, want 422 and %q with the form", w.password, status, w.text)
			}
			if credentials(t, env) != creds || canLogIn(t, env, "it-chef", w.password) {
				t.Errorf("reset to %q: the credential changed", w.password)
			}
		}
		if !canLogIn(t, env, "it-chef", apptest.DemoPassword) {
			t.Fatal("the old password no longer logs in after refused resets")
		}
		status, _, h := admin.post("/admin/personer/it-chef/losenord", url.Values{"csrf": {csrf}, "password": {"höstlöv-kanot-båthus"}})
		if status != http.StatusSeeOther || !canLogIn(t, env, "it-chef", "höstlöv-kanot-båthus") {
			t.Errorf("a good reset: %d %s", status, h.Get("Location"))
		}
	})
	t.Run("administrator's new account", func(t *testing.T) {
		form := func(password string) url.Values {
			return url.Values{"csrf": {csrf}, "username": {"ny-handlaggare"}, "name": {"Nils Nyström"}, "title": {"Handläggare"},
				"email": {"nils.nystrom@example.org"}, "password": {password}}
		}
		for _, w := range weakPasswords {
			before, creds := env.Snapshot(t), credentials(t, env)
			status, page, _ := admin.post("/admin/personer", form(w.password))
			if status != http.StatusUnprocessableEntity || !shown(page, w.text) || !strings.Contains(page, `id="person-password"`) {
				t.Errorf("new account with %q: %d, want 422 and %q with the form", w.password, status, w.text)
			}
			if env.Snapshot(t) != before || credentials(t, env) != creds {
				t.Errorf("new account with %q: stored data changed", w.password)
			}
		}
		status, _, h := admin.post("/admin/personer", form("granskog-milstolpe-7"))
		if status != http.StatusSeeOther || !canLogIn(t, env, "ny-handlaggare", "granskog-milstolpe-7") {
			t.Errorf("a new account with a good password: %d %s", status, h.Get("Location"))
		}
	})
}
