package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

func loggedIn(t *testing.T, env *apptest.Env, username string) (*browser, string) {
	t.Helper()
	b := newBrowser(t, env)
	_, page, _ := b.get("/login")
	status, _, _ := b.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {username}, "password": {apptest.DemoPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("login %s: %d", username, status)
	}
	_, page, _ = b.get("/")
	return b, csrfOf(t, page)
}

var caseLink = regexp.MustCompile(`/arenden/([0-9a-f-]{36})\?meddelande=registrerat`)

func TestCasePagesOverHTTP(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "handlaggare")

	// Register: an empty title re-renders the form with the Swedish error.
	status, page, _ := b.post("/arenden", url.Values{"csrf": {csrf}, "board": {"ITN"}, "title": {" "}, "counterpart": {"MBAB"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Ärendemening: Fältet måste fyllas i.") ||
		!strings.Contains(page, `value="MBAB"`) {
		t.Fatalf("empty title: %d\n%s", status, page)
	}
	// Without the CSRF token nothing is registered.
	if status, _, _ := b.post("/arenden", url.Values{"board": {"ITN"}, "title": {"Avtal"}}); status != http.StatusForbidden {
		t.Errorf("register without CSRF: %d", status)
	}
	status, _, h := b.post("/arenden", url.Values{"csrf": {csrf}, "board": {"ITN"}, "title": {"Avtal med <MBAB>"}})
	m := caseLink.FindStringSubmatch(h.Get("Location"))
	if status != http.StatusSeeOther || m == nil {
		t.Fatalf("register: %d %s", status, h.Get("Location"))
	}
	id := m[1]
	_, page, _ = b.get("/arenden/" + id)
	if !strings.Contains(page, "ITN 2026/1") || !strings.Contains(page, "Avtal med &lt;MBAB&gt;") || !strings.Contains(page, `id="event-start"`) {
		t.Fatalf("case page:\n%s", page)
	}
	// Two memo versions, then the diff page shows the change.
	for i, title := range []string{"Första rubriken", "Andra rubriken"} {
		status, _, _ := b.post("/arenden/"+id+"/tjansteskrivelse", url.Values{"csrf": {csrf}, "revision": {string(rune('0' + i))},
			"title": {title}, "clause": {"avtal tecknas"}, "action": {"save"}})
		if status != http.StatusSeeOther {
			t.Fatalf("save memo %d: %d", i+1, status)
		}
	}
	_, page, _ = b.get("/arenden/" + id + "/versioner")
	if !strings.Contains(page, "− Första rubriken") || !strings.Contains(page, "+ Andra rubriken") {
		t.Errorf("diff page lacks the change:\n%s", page)
	}
	// A stale editor (revision 1 after 2 was saved) gets the conflict text.
	status, page, _ = b.post("/arenden/"+id+"/tjansteskrivelse", url.Values{"csrf": {csrf}, "revision": {"1"}, "title": {"x"}, "action": {"save"}})
	if status != http.StatusConflict || !strings.Contains(page, "Någon annan har ändrat") {
		t.Errorf("stale memo save: %d", status)
	}
	// The list shows the case.
	_, page, _ = b.get("/arenden?q=mbab")
	if !strings.Contains(page, "ITN 2026/1") {
		t.Errorf("case list lacks the case:\n%s", page)
	}

	// A revisor reads the case but gets no buttons, and a forged event post is refused.
	r, rcsrf := loggedIn(t, env, "revisor")
	_, page, _ = r.get("/arenden/" + id)
	if !strings.Contains(page, "ITN 2026/1") || strings.Contains(page, `id="event-`) || strings.Contains(page, `id="memo-edit"`) {
		t.Errorf("revisor's case page offers actions")
	}
	if status, _, _ := r.post("/arenden/"+id+"/handelse/start", url.Values{"csrf": {rcsrf}, "version": {"3"}}); status != http.StatusForbidden {
		t.Errorf("revisor firing an event: %d, want 403", status)
	}
}

func TestAuditorReportPages(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med MBAB om licenser")
	b, _ := loggedIn(t, env, "revisor")
	for name, want := range map[string]string{"unreported": did, "noncompliant": "Inga beslut.", "jav": "Inga jävsanmälningar.", "budget": "Inga beslut."} {
		status, page, _ := b.get("/revision/rapport/" + name)
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("report %s: %d, lacks %q", name, status, want)
		}
	}
	if status, _, _ := b.get("/revision/rapport/nope"); status != http.StatusBadRequest {
		t.Errorf("unknown report: %d", status)
	}
}
