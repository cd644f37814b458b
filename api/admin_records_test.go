package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// countingEnvs opens the read-counting environment on each store: SQLite
// and the Mongo backend on the FerretDB harness.
func countingEnvs() map[string]func(t *testing.T) (*apptest.Env, *apptest.Counting) {
	return map[string]func(t *testing.T) (*apptest.Env, *apptest.Counting){
		"sqlite": apptest.NewCountingEnv,
		"mongo": func(t *testing.T) (*apptest.Env, *apptest.Counting) {
			cb := apptest.NewCounting(ferrettest.Open(t))
			return apptest.New(t, apptest.WithBackend(cb)), cb
		},
	}
}

// TestAdministrationLogReadsThePageNotTheOrganisation: the administration
// log lists the newest records first and reads the chains it shows, not
// every chain: a page of five reads as many documents with 50 people as
// with 10; it says when older records exist (more), and a limit that
// covers them all lists them all. One actor's records are only theirs,
// at most the limit; one chain's are read from its object alone. A record
// edited in a chain the page
// shows is named on the page; one edited in a chain it does not show is
// not, and the full verification still names it. On SQLite and on the
// Mongo backend.
func TestAdministrationLogReadsThePageNotTheOrganisation(t *testing.T) {
	for name, open := range countingEnvs() {
		t.Run(name, func(t *testing.T) {
			env, cb := open(t)
			a := newAdminEnv(t, env)
			addPeople := func(from, to int) {
				for i := from; i < to; i++ {
					env.Clock.Advance(time.Minute)
					a.must(http.StatusCreated, http.MethodPost, "/api/v1/users", map[string]any{"username": fmt.Sprintf("person%03d", i), "name": fmt.Sprintf("Person %d", i)})
				}
			}
			page := func(query string) (map[string]any, apptest.Reads) {
				t.Helper()
				var ans map[string]any
				reads := cb.Reads(func() { ans = a.must(http.StatusOK, http.MethodGet, "/api/v1/admin/records"+query, nil) })
				return ans, reads
			}
			created := func(ans map[string]any) []string {
				var out []string
				for _, r := range ans["records"].([]any) {
					m := r.(map[string]any)
					if m["action"] == "user_created" {
						out = append(out, strings.TrimPrefix(m["label"].(string), "Person "))
					}
				}
				return out
			}
			userKey := func(username string) string {
				users, err := env.Backend.Find(t.Context(), "users", storeQueryUsername(username))
				if err != nil || len(users) != 1 {
					t.Fatalf("%s: %v %v", username, users, err)
				}
				return users[0].ID
			}
			addPeople(0, 10)
			_, small := page("?limit=5")
			addPeople(10, 50)
			ans, large := page("?limit=5")
			if got := created(ans); strings.Join(got, " ") != "person049 person048 person047 person046 person045" || ans["more"] != true {
				t.Errorf("the newest five: %v, more %v", got, ans["more"])
			}
			if chains := ans["chains"].([]any); len(chains) != 5 {
				t.Errorf("the page read %d chains, want the five it shows: %v", len(chains), chains)
			}
			if large.Total() > small.Total() {
				t.Errorf("a page of five reads %d documents with 10 people (%v), %d with 50 (%v)", small.Total(), small, large.Total(), large)
			}
			t.Logf("a page of five: %d documents read with 10 people, %d with 50", small.Total(), large.Total())
			all, _ := page("?limit=1000")
			if got := created(all); len(got) < 50 || all["more"] != false || !slices.Contains(got, "person000") {
				t.Errorf("every record: %d people created, more %v", len(got), all["more"])
			}
			var prev string
			for _, r := range all["records"].([]any) {
				at := r.(map[string]any)["at"].(string)
				if prev != "" && at > prev {
					t.Fatalf("not newest first: %s after %s", at, prev)
				}
				prev = at
			}

			// One actor's records: only theirs, at most the limit; one
			// chain's: one read of its object.
			byAdmin, _ := page("?actor=admin&limit=3")
			if rs := byAdmin["records"].([]any); len(rs) != 3 || byAdmin["more"] != true {
				t.Errorf("three of the administrator's records: %d, more %v", len(rs), byAdmin["more"])
			}
			for _, r := range byAdmin["records"].([]any) {
				if m := r.(map[string]any); m["actor"] != "admin" {
					t.Errorf("a record by %v listed for admin", m["actor"])
				}
			}
			nobody, _ := page("?actor=nobody")
			if len(nobody["records"].([]any)) != 0 || nobody["more"] != false {
				t.Errorf("an actor with no records: %v", nobody)
			}
			one := "admin/user/" + userKey("person007")
			chain, reads := page("?chain=" + one)
			if rs, cs := chain["records"].([]any), chain["chains"].([]any); len(rs) != 1 || len(cs) != 1 || cs[0].(map[string]any)["id"] != one ||
				cs[0].(map[string]any)["ok"] != true || reads.Total() > small.Total() {
				t.Errorf("one chain: %d records, chains %v, %v read", len(rs), cs, reads)
			}

			editNote := func(username string) string {
				key := userKey(username)
				env.EditStored(t, "users", key, func(doc map[string]any) {
					doc["log"].([]any)[0].(map[string]any)["note"] = "ändrad i databasen"
				})
				return "admin/user/" + key
			}
			shown, hidden := editNote("person049"), editNote("person000")
			ans, _ = page("?limit=5")
			var named []string
			for _, c := range ans["chains"].([]any) {
				m := c.(map[string]any)
				if m["ok"] == false {
					named = append(named, m["id"].(string)+" "+m["problem"].(string))
				}
			}
			if len(named) != 1 || !strings.HasPrefix(named[0], shown+" edited_record") {
				t.Errorf("the page names %v, want %s edited_record", named, shown)
			}
			found := map[string]bool{}
			for _, p := range a.must(http.StatusOK, http.MethodGet, "/api/v1/audit/verify", nil)["problems"].([]any) {
				m := p.(map[string]any)
				if m["kind"] == "edited_record" {
					found[m["chain"].(string)] = true
				}
			}
			if !found[shown] || !found[hidden] {
				t.Errorf("the verification names %v, want %s and %s", found, shown, hidden)
			}
		})
	}
}
