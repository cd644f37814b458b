package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestAdministrationLogShowsThePageAndChecksItsChains: the log shows the
// ten newest changes, the newest first, with a link to twice as many; it
// says that it checked the chains of the records on the page and where
// the whole register is checked; a record edited in the database, in a
// chain the page shows, is named on the page.
func TestAdministrationLogShowsThePageAndChecksItsChains(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "admin")
	env.Clock.Advance(time.Hour)
	if status, _, _ := b.post("/admin/personer/handlaggare/roller", url.Values{"csrf": {csrf}, "board": {"ITN"}, "role": {"sekreterare"},
		"valid_from": {"2026-05-01"}, "valid_to": {"2026-12-31"}}); status != http.StatusSeeOther {
		t.Fatalf("granting a role: %d", status)
	}
	rows := regexp.MustCompile(`(?s)<tr><td>(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)</td><td>([^<]*)</td>`)
	status, page, _ := b.get("/admin/logg")
	if status != http.StatusOK {
		t.Fatalf("/admin/logg: %d", status)
	}
	body := page[strings.Index(page, `id="records"`):]
	got := rows.FindAllStringSubmatch(body, -1)
	if len(got) != 10 || !strings.HasPrefix(got[0][2], "Person: ") || got[0][1] <= got[9][1] {
		t.Fatalf("the first page: %d rows, the first %v", len(got), got)
	}
	for _, want := range []string{"kontrollerades hela", "alla hela", `href="/revision/kontroll"`, "samstyr verify"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	more := regexp.MustCompile(`id="records-more" href="([^"]+)"`).FindStringSubmatch(page)
	if more == nil || !strings.Contains(more[1], "antal=20") {
		t.Fatalf("no link to more records: %v", more)
	}
	status, page, _ = b.get(html.UnescapeString(more[1]))
	if n := len(rows.FindAllStringSubmatch(page, -1)); status != http.StatusOK || n <= 10 || n > 20 {
		t.Errorf("twice as many: %d, %d rows", status, n)
	}
	// The newest change's record edited in the database.
	users, err := env.Backend.Find(t.Context(), "users", storeQueryUsername("handlaggare"))
	if err != nil || len(users) != 1 {
		t.Fatal(users, err)
	}
	env.EditStored(t, "users", users[0].ID, func(doc map[string]any) {
		log := doc["log"].([]any)
		log[len(log)-1].(map[string]any)["note"] = "ändrad i databasen"
	})
	_, page, _ = b.get("/admin/logg")
	if !strings.Contains(page, "1 med fel") || !regexp.MustCompile(`<li class="alert">Person handlaggare: edited_record`).MatchString(page) {
		t.Errorf("the edited record is not named:\n%s", page[strings.Index(page, `id="chains-status"`):strings.Index(page, `id="records"`)])
	}
}

func storeQueryUsername(name string) store.Query {
	return store.Query{Where: []store.Cond{store.Eq("username", name)}}
}
