package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestRefusalsShowTheirReasonWithoutTheForm: a form sent by someone the
// page does not show it to (a role taken away after the page was loaded,
// a forged post) is refused with its Swedish reason on the page, although
// the page answers without the form the reason would stand under; nothing
// is stored.
func TestRefusalsShowTheirReasonWithoutTheForm(t *testing.T) {
	env := apptest.New(t)
	c := env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Skrivare"}, nil)
	caseID, version := c["id"].(string), fmt.Sprint(c["version"])
	for _, tc := range []struct {
		name, user, path string
		form             url.Values
		status           int
		want             string
	}{
		{"a meeting planned by a handläggare", "handlaggare", "/sammantraden?namnd=ITN",
			url.Values{"starts_at": {"2027-01-12T10:00"}, "place": {"Sessionssalen"}}, http.StatusForbidden, "Din roll i nämnden får inte göra detta."},
		{"a meeting with a bad time, by a handläggare", "handlaggare", "/sammantraden?namnd=ITN",
			url.Values{"starts_at": {"snart"}, "place": {"Sessionssalen"}}, http.StatusUnprocessableEntity, "Datum och tid: Ogiltigt datum."},
		{"a user count by a handläggare", "handlaggare", "/fordelning/anvandare?namnd=ITN",
			url.Values{"member": {"0885"}, "key_date": {"2026-01-01"}, "users": {"1700"}}, http.StatusForbidden, "Din roll i nämnden får inte göra detta."},
		{"an agreement by a handläggare", "handlaggare", "/fordelning/avtal?namnd=ITN",
			url.Values{"title": {"Avtal"}, "valid_from": {"igår"}}, http.StatusUnprocessableEntity, "Gäller från: Ogiltigt datum."},
		{"a sub-delegation by a handläggare", "handlaggare", "/delegationsordning/vidaredelegering?namnd=ITN",
			url.Values{"point_code": {"B3"}, "user": {"handlaggare"}, "valid_from": {"2026-03-01"}}, http.StatusForbidden, "Bara förvaltningschefen får vidaredelegera"},
		{"a delivery receipt by an administrator", "admin", "/arkiv/leverans?namnd=ITN",
			url.Values{"dnr": {"ITN 2026/1"}, "package_id": {"uuid-1"}, "receipt": {"kvittens"}, "received_on": {"2026-03-02"}}, 0, ""},
		{"a case voided by a revisor", "revisor", "/arenden/" + caseID + "/handelse/void",
			url.Values{"version": {version}, "note": {"fel"}}, http.StatusForbidden, "Revisorer läser men ändrar ingenting."},
	} {
		b, csrf := loggedIn(t, env, tc.user)
		tc.form.Set("csrf", csrf)
		before := env.Snapshot(t)
		status, page, _ := b.post(tc.path, tc.form)
		if status < 400 || status >= 500 || tc.status != 0 && status != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.status)
		}
		if alert := alertText(page); alert == "" || !strings.Contains(alert, tc.want) {
			t.Errorf("%s: the page shows no reason (want %q), its alert: %q", tc.name, tc.want, alert)
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s: a refusal changed stored data", tc.name)
		}
	}
	b, csrf := loggedIn(t, env, "handlaggare")
	for path, file := range map[string]string{"/fordelning?namnd=ITN&ar=2026": "budget.csv", "/delegationsordning?namnd=ITN": "ordning.csv"} {
		before := env.Snapshot(t)
		status, page := b.postFile(path, map[string]string{"csrf": csrf}, "file", file, []byte("Typ;Kategori\n"))
		if status < 400 || status >= 500 || alertText(page) == "" {
			t.Errorf("a file posted to %s by a handläggare: %d, alert %q", path, status, alertText(page))
		}
		if env.Snapshot(t) != before {
			t.Errorf("a file posted to %s by a handläggare changed stored data", path)
		}
	}
}
