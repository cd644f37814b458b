package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/personnummer"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// secretCaseFixture registers, as the handläggare, a sekretessmarkerat
// ärende whose title names a person (the marked part) and whose motpart
// carries a personnummer, with a secret handling marked the same way, and
// an open ärende with a party. It returns their ids and diarienummer.
type diariumFixture struct {
	secretID, secretDnr, openID, openDnr string
}

// secretWords are the strings no public response may hold.
var secretWords = []string{"Anna Andersson", "121212-1212", "OSL 26"}

func newDiariumFixture(t *testing.T, env *apptest.Env) diariumFixture {
	t.Helper()
	tok := env.Token("handlaggare")
	// "Ansökan om ekonomiskt bistånd från " is 35 characters; the name 14.
	secret := register(t, env, tok, map[string]any{"board": "ITN", "title": "Ansökan om ekonomiskt bistånd från Anna Andersson",
		"counterpart": "Anna Andersson, 121212-1212",
		"secrecy":     map[string]any{"reference": "OSL 26 kap. 1 §", "date": "2026-03-02", "parts": []map[string]int{{"start": 35, "end": 49}}}})
	r := upload(t, env, tok, secret["id"].(string), map[string]string{"direction": "inkommande", "party": "Anna Andersson",
		"description": "Läkarintyg för [[Anna Andersson]]", "secrecy_reference": "OSL 25 kap. 1 §", "secrecy_date": "2026-03-02"},
		"intyg.txt", []byte("Intyg om Anna Andersson, 121212-1212.\n"))
	if r.Status != http.StatusCreated {
		t.Fatalf("secret handling: %d %s", r.Status, r.Body)
	}
	if d := r.JSON(t); d["description"] != "Läkarintyg för Anna Andersson" {
		t.Errorf("the marked description is stored without its brackets: %v", d["description"])
	}
	env.Clock.Advance(time.Minute)
	open := register(t, env, tok, map[string]any{"board": "ITN", "title": "Avtal med MBAB om IT-drift", "counterpart": "Mörbylånga Bostads AB"})
	r = upload(t, env, tok, open["id"].(string), map[string]string{"direction": "inkommande", "party": "Mörbylånga Bostads AB",
		"description": "Offert på IT-drift"}, "offert.txt", []byte("Offert\n"))
	if r.Status != http.StatusCreated {
		t.Fatalf("open handling: %d %s", r.Status, r.Body)
	}
	return diariumFixture{secret["id"].(string), secret["registration_number"].(string), open["id"].(string), open["registration_number"].(string)}
}

// diarium searches the public e-diarium without a login.
func diarium(t *testing.T, env *apptest.Env, q url.Values) apptest.Response {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/diarium?" + q.Encode()})
	checkPublic(t, "diarium?"+q.Encode(), r)
	return r
}

// checkPublic fails on a public response holding a secret word or
// anything shaped like a personnummer.
func checkPublic(t *testing.T, where string, r apptest.Response) {
	t.Helper()
	for _, w := range secretWords {
		if strings.Contains(string(r.Body), w) {
			t.Errorf("%s: the public response holds %q: %s", where, w, truncate(r.Body))
		}
	}
	if personnummer.Contains(string(r.Body)) {
		t.Errorf("%s: the public response holds a personnummer: %s", where, truncate(r.Body))
	}
}

func entries(t *testing.T, r apptest.Response) []map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("diarium: %d %s", r.Status, r.Body)
	}
	var out []map[string]any
	for _, e := range r.JSON(t)["entries"].([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

// TestPublicDiariumMasksSecrets: a sekretessmarkerat ärende with a party
// name is found in the e-diarium without its party and with the secret
// part masked, its handling likewise and not offered; searching for the
// masked name finds nothing; an open ärende shows its title and parties.
// On SQLite and on the Mongo backend.
func TestPublicDiariumMasksSecrets(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		f := newDiariumFixture(t, env)
		es := entries(t, diarium(t, env, url.Values{"q": {"bistånd"}}))
		if len(es) != 1 || es[0]["id"] != f.secretID {
			t.Fatalf("search bistånd: %v", es)
		}
		e := es[0]
		if e["title"] != "Ansökan om ekonomiskt bistånd från [sekretess]" || e["counterpart"] != nil || e["secret"] != true {
			t.Errorf("secret entry = %v", e)
		}
		doc := e["documents"].([]any)[0].(map[string]any)
		if doc["description"] != "Läkarintyg för [sekretess]" || doc["party"] != nil || doc["offered"] != false {
			t.Errorf("secret handling = %v", doc)
		}
		for _, q := range []string{"Anna", "Andersson", "121212"} {
			if es := entries(t, diarium(t, env, url.Values{"q": {q}})); len(es) != 0 {
				t.Errorf("search %q finds %d entries through a masked part", q, len(es))
			}
		}
		es = entries(t, diarium(t, env, url.Values{"q": {"mbab"}, "board": {"ITN"}}))
		if len(es) != 1 || es[0]["title"] != "Avtal med MBAB om IT-drift" || es[0]["counterpart"] != "Mörbylånga Bostads AB" {
			t.Fatalf("open entry: %v", es)
		}
		if doc := es[0]["documents"].([]any)[0].(map[string]any); doc["party"] != "Mörbylånga Bostads AB" || doc["offered"] != true {
			t.Errorf("open handling = %v", doc)
		}
		// A handling is found by its words too.
		if es := entries(t, diarium(t, env, url.Values{"q": {"offert"}})); len(es) != 1 || es[0]["id"] != f.openID {
			t.Errorf("search by a handling: %v", es)
		}
		// By diarienummer, a secret ärende is in the registry, masked.
		if es := entries(t, diarium(t, env, url.Values{"dnr": {f.secretDnr}})); len(es) != 1 || es[0]["counterpart"] != nil {
			t.Errorf("by number: %v", es)
		}
		// Paging: newest first, one per page.
		all := diarium(t, env, url.Values{"per_page": {"1"}, "page": {"2"}, "from": {"2026-03-02"}, "to": {"2026-03-02"}})
		if es := entries(t, all); len(es) != 1 || es[0]["id"] != f.secretID || all.JSON(t)["total"] != float64(2) {
			t.Errorf("page 2 of 1: %s", all.Body)
		}
		if es := entries(t, diarium(t, env, url.Values{"from": {"2026-03-03"}})); len(es) != 0 {
			t.Errorf("registered before from: %v", es)
		}
	})
}

// TestPublicDiariumBadInput: a malformed search is 400 naming the
// parameter, an unknown nämnd or diarienummer 404.
func TestPublicDiariumBadInput(t *testing.T) {
	env := apptest.New(t)
	f := newDiariumFixture(t, env)
	for _, tc := range []struct {
		q      url.Values
		status int
		code   string
	}{
		{url.Values{"dnr": {"ITN 2026/999"}}, 404, "diarium_entry_not_found"},
		{url.Values{"dnr": {"inte ett nummer"}}, 400, "invalid_parameter"},
		{url.Values{"from": {"2026-13-01"}}, 400, "invalid_parameter"},
		{url.Values{"from": {"2026-03-05"}, "to": {"2026-03-01"}}, 400, "invalid_parameter"},
		{url.Values{"page": {"0"}}, 400, "invalid_parameter"},
		{url.Values{"per_page": {"101"}}, 400, "invalid_parameter"},
		{url.Values{"page": {"x"}}, 400, "invalid_parameter"},
		{url.Values{"q": {strings.Repeat("a", 201)}}, 400, "invalid_parameter"},
		{url.Values{"board": {"XYZ"}}, 404, "unknown_board"},
		{url.Values{"q": {"19121212-1212"}}, 400, "invalid_parameter"},
		{url.Values{"q": {"*"}}, 400, "invalid_parameter"},
	} {
		r := diarium(t, env, tc.q)
		if r.Status != tc.status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") ||
			r.JSON(t)["code"] != tc.code {
			t.Errorf("%v: %d %s, want %d %s", tc.q, r.Status, r.Body, tc.status, tc.code)
		}
		checkPublic(t, "diarium?"+tc.q.Encode(), r)
	}
	// A marking outside the title is refused and registers nothing.
	tok := env.Token("handlaggare")
	before := diarium(t, env, url.Values{}).JSON(t)["total"]
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: tok, Body: map[string]any{"board": "ITN",
		"title": "Kort", "secrecy": map[string]any{"reference": "OSL 21 kap. 1 §", "date": "2026-03-02", "parts": []map[string]int{{"start": 2, "end": 9}}}}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "invalid_secret_span") {
		t.Errorf("a marking outside the title: %d %s", r.Status, r.Body)
	}
	if after := diarium(t, env, url.Values{}).JSON(t)["total"]; after != before {
		t.Errorf("a refused registration changed the diarium: %v → %v", before, after)
	}
	_ = f
}
