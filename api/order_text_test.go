package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestDelegationOrderTextWithControlCharactersIsRefused: a
// delegationsordning's title and the adoption's reference are refused
// with control characters or bidirectional formatting characters, as every
// other title and name is, and a point's ärende as other free text is (the
// rule of internal/fieldtext), whether sent as JSON or YAML, and nothing is stored
// (found by the API sweep: a NUL byte was stored in both).
func TestDelegationOrderTextWithControlCharactersIsRefused(t *testing.T) {
	env := apptest.New(t)
	sek := env.Token("sekreterare")
	point := func(matter string) []map[string]any {
		return []map[string]any{{"code": "A16", "matter": matter, "delegate": "ordforande", "report_to": "namnd"}}
	}
	refused := func(what string, r apptest.Response, field string) {
		t.Helper()
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"`+field+`"`) ||
			!strings.Contains(string(r.Body), "control_characters") {
			t.Errorf("%s: %d %s, want 422 control_characters at %s", what, r.Status, r.Body, field)
		}
	}
	before := env.Snapshot(t)
	for _, bad := range []string{"Utkast\x00", "Utkast\u202efdp.exe", "Rad ett\nrad två"} {
		refused("title "+bad, env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek,
			Body: map[string]any{"title": bad, "points": point("Avtal med bolagen")}}), "/title")
	}
	// A point's ärende may run over lines, but carries no other control
	// character.
	for _, bad := range []string{"Avtal\x00", "Avtal\u202efdp.exe", "Avtal\x1b[2J"} {
		refused("matter "+bad, env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek,
			Body: map[string]any{"title": "Utkast", "points": point(bad)}}), "/points/0/matter")
	}
	refused("YAML title", env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek,
		Body:   []byte("title: \"Utkast\\0\"\npoints:\n  - {code: A16, matter: Avtal, delegate: ordforande, report_to: namnd}\n"),
		Header: map[string]string{"Content-Type": "application/yaml"}}), "/title")
	if env.Snapshot(t) != before {
		t.Fatal("refused drafts changed stored data")
	}
	o := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek,
		Body: map[string]any{"title": "Utkast", "points": point("Avtal med bolagen")}})
	if o.Status != http.StatusCreated {
		t.Fatalf("draft: %d %s", o.Status, o.Body)
	}
	no, version := num(o.JSON(t)["number"]), num(o.JSON(t)["version"])
	before = env.Snapshot(t)
	refused("update", requestDo(t, env, sek, http.MethodPut, "/api/v1/boards/ITN/delegation-orders/"+no, version,
		map[string]any{"title": "Utkast\x07", "valid_from": "2030-01-01", "points": point("Avtal med bolagen")}), "/title")
	refused("adoption", requestDo(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/delegation-orders/"+no+"/adoption", version,
		map[string]any{"adopted_ref": "ITN 2026-03-02 § 1\x00", "adopted_on": "2026-03-02", "valid_from": "2030-01-01"}), "/adopted_ref")
	if env.Snapshot(t) != before {
		t.Fatal("a refused update or adoption changed stored data")
	}
}
