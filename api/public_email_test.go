package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestPublicTextHidesEmailAddresses: an ärende that is not secret, from a
// private person who wrote their e-mail address into the title, the party
// and a handling's description. The public e-diarium and the OParl Paper
// show the entry with each address replaced by "[e-post]", as they do a
// personnummer; searching for the address finds nothing.
func TestPublicTextHidesEmailAddresses(t *testing.T) {
	env := apptest.New(t, ownPublicURL)
	hl := env.Token("handlaggare")
	c := register(t, env, hl, map[string]any{"board": "ITN", "title": "Synpunkter på e-tjänsten från per.persson@example.org",
		"counterpart": "Per Persson, per.persson@example.org"})
	id := c["id"].(string)
	if r := upload(t, env, hl, id, map[string]string{"direction": "inkommande", "party": "Per Persson <per.persson@example.org>",
		"description": "E-brev från per.persson@example.org"}, "brev.txt", []byte("Synpunkter.\n")); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	r := diarium(t, env, url.Values{"dnr": {c["registration_number"].(string)}})
	for _, u := range []string{"/api/v1/public/oparl/paper/" + id, "/api/v1/public/oparl/body/ITN/paper", "/diarium?dnr=" + url.QueryEscape(c["registration_number"].(string))} {
		p := env.Do(apptest.Request{Method: http.MethodGet, Path: u})
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", u, p.Status, truncate(p.Body))
		}
		r.Body = append(r.Body, p.Body...)
	}
	if strings.Contains(string(r.Body), "@example.org") {
		t.Errorf("a public response holds the e-mail address: %s", truncate(r.Body))
	}
	e := entries(t, diarium(t, env, url.Values{"dnr": {c["registration_number"].(string)}}))[0]
	docs := e["documents"].([]any)
	if e["title"] != "Synpunkter på e-tjänsten från [e-post]" || e["counterpart"] != "Per Persson, [e-post]" ||
		docs[0].(map[string]any)["party"] != "Per Persson <[e-post]>" || docs[0].(map[string]any)["description"] != "E-brev från [e-post]" {
		t.Errorf("public entry = %v", e)
	}
	if got := entries(t, diarium(t, env, url.Values{"q": {"per.persson@example.org"}})); len(got) != 0 {
		t.Errorf("the address finds %d public entries", len(got))
	}
}
