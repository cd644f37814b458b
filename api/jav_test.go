package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// eachStore runs f on an instance over SQLite and one over the Mongo
// backend (the FerretDB harness, over the real wire protocol).
func eachStore(t *testing.T, f func(t *testing.T, env *apptest.Env)) {
	t.Run("sqlite", func(t *testing.T) { f(t, apptest.New(t)) })
	t.Run("ferretdb", func(t *testing.T) { f(t, apptest.New(t, apptest.WithBackend(ferrettest.Open(t)))) })
}

// TestJavDeclaredWithdrawnAndSettledByTheDecision: jäv is declared by the
// person or recorded by the ordförande or sekreterare for a member or
// official of the board, with a ground; it is withdrawn as an event
// naming who and why; and once the case is decided, closed, archived or
// voided neither is possible.
func TestJavDeclaredWithdrawnAndSettledByTheDecision(t *testing.T) {
	eachStore(t, func(t *testing.T, env *apptest.Env) {
		id, version := readyCase(t, env, "Avtal med BHEM")
		v := num(version)
		tok := map[string]string{}
		for _, u := range []string{"ordforande", "vice-ordforande", "it-chef", "handlaggare", "sekreterare", "admin"} {
			tok[u] = env.Token(u)
		}
		call := func(who, path string, body map[string]any) apptest.Response {
			t.Helper()
			r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + path, Token: tok[who], Body: body,
				Header: map[string]string{"If-Match": `"` + v + `"`}})
			if r.Status == http.StatusOK {
				v = num(r.JSON(t)["version"])
			}
			return r
		}
		declare := func(who, person, ground string) apptest.Response {
			return call(who, "/jav", map[string]any{"person": person, "ground": ground})
		}
		withdraw := func(who, person, reason string) apptest.Response {
			return call(who, "/jav/withdrawals", map[string]any{"person": person, "reason": reason})
		}
		want := func(what string, r apptest.Response, status int, code string) {
			t.Helper()
			if r.Status != status || (code != "" && !strings.Contains(string(r.Body), `"code":"`+code+`"`)) {
				t.Errorf("%s: %d %s, want %d %s", what, r.Status, truncate(r.Body), status, code)
			}
		}
		before := env.Snapshot(t)
		want("handläggare declares the chair jävig", declare("handlaggare", "ordforande", "Påstått jäv"), 403, "not_permitted")
		want("vice chair declares the chair jävig", declare("vice-ordforande", "ordforande", "Påstått jäv"), 403, "not_permitted")
		want("administrator declares the chair jävig", declare("admin", "ordforande", "Påstått jäv"), 403, "not_permitted")
		want("no ground", declare("sekreterare", "it-chef", "  "), 422, "required")
		want("the revisor is no member or official", declare("sekreterare", "revisor", "Revisorn är jävig"), 422, "not_on_board")
		want("nor the administrator", declare("sekreterare", "admin", "Admin är jävig"), 422, "not_on_board")
		want("an unknown person", declare("sekreterare", "ingen-alls", "Okänd"), 422, "unknown_user")
		if env.Snapshot(t) != before {
			t.Fatal("refused declarations changed stored data")
		}
		want("the handläggare declares their own", declare("handlaggare", "handlaggare", "Min bror äger BHEM"), 200, "")
		want("the sekreterare records the IT-chef's", declare("sekreterare", "it-chef", "Närstående i BHEM:s styrelse"), 200, "")
		want("the chair declares their own", declare("ordforande", "ordforande", "Styrelseledamot i BHEM"), 200, "")

		// The chair is jävig: no decision of theirs.
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: tok["ordforande"],
			Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": `"` + v + `"`}})
		want("the jävig chair decides", r, 403, "jav")

		before = env.Snapshot(t)
		want("the IT-chef withdraws a jäv recorded for them", withdraw("it-chef", "it-chef", "Inte längre aktuellt"), 403, "not_permitted")
		want("the handläggare withdraws the chair's", withdraw("handlaggare", "ordforande", "Inte längre aktuellt"), 403, "not_permitted")
		want("no reason", withdraw("handlaggare", "handlaggare", ""), 422, "required")
		want("nobody declared", withdraw("sekreterare", "vice-ordforande", "Fel person"), 422, "jav_not_declared")
		if env.Snapshot(t) != before {
			t.Fatal("refused withdrawals changed stored data")
		}
		want("the handläggare withdraws their own", withdraw("handlaggare", "handlaggare", "Brodern har sålt sina aktier"), 200, "")
		want("the sekreterare withdraws the IT-chef's", withdraw("sekreterare", "it-chef", "Nämnden fann inget jäv"), 200, "")
		want("withdrawn twice", withdraw("sekreterare", "it-chef", "Igen"), 422, "jav_not_declared")
		want("the chair withdraws their own", withdraw("ordforande", "ordforande", "Har lämnat BHEM:s styrelse"), 200, "")

		c := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: tok["sekreterare"]}).JSON(t)
		decl := c["jav_declarations"].([]any)
		if len(decl) != 3 {
			t.Fatalf("declarations: %v", decl)
		}
		it := decl[1].(map[string]any)
		if it["person"] != "it-chef" || it["declared_by"] != "sekreterare" || it["withdrawn_by"] != "sekreterare" ||
			it["withdraw_reason"] != "Nämnden fann inget jäv" || it["withdrawn_at"] == nil {
			t.Errorf("the IT-chef's declaration after withdrawal: %v", it)
		}
		hist := c["history"].([]any)
		last := hist[len(hist)-1].(map[string]any)
		if last["action"] != "jav_withdrawn" || last["actor"] != "ordforande" || last["ref"] != "ordforande" || last["note"] != "Har lämnat BHEM:s styrelse" {
			t.Errorf("the withdrawal event: %v", last)
		}

		// No longer jävig, the chair decides; from then on jäv is settled.
		r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: tok["ordforande"],
			Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": `"` + v + `"`}})
		want("the chair decides", r, 201, "")
		v = num(env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: tok["sekreterare"]}).JSON(t)["version"])
		before = env.Snapshot(t)
		want("jäv declared on a decided case", declare("it-chef", "it-chef", "Sent påkommet"), 422, "jav_after_decision")
		want("jäv recorded on a decided case", declare("sekreterare", "vice-ordforande", "Sent påkommet"), 422, "jav_after_decision")
		want("jäv withdrawn on a decided case", withdraw("sekreterare", "handlaggare", "Sent"), 422, "jav_after_decision")
		if env.Snapshot(t) != before {
			t.Error("jäv on a decided case changed stored data")
		}

		// A voided case and an archived one: nothing either.
		voided := register(t, env, tok["handlaggare"], map[string]string{"board": "ITN", "title": "Felregistrerat"})
		id, v = voided["id"].(string), num(voided["version"])
		want("void", call("sekreterare", "/events/void", map[string]any{"note": "Dubblett"}), 200, "")
		want("jäv on a voided case", declare("handlaggare", "handlaggare", "Jäv"), 422, "jav_after_decision")
		want("archive", call("sekreterare", "/events/archive", map[string]any{}), 200, "")
		want("jäv on an archived case", declare("sekreterare", "it-chef", "Jäv"), 422, "jav_after_decision")

		// The jäv register shows the withdrawals.
		reg := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/jav", Token: env.Token("revisor")})
		if reg.Status != 200 || strings.Count(string(reg.Body), `"withdrawn_by"`) != 3 {
			t.Errorf("jäv register: %d %s", reg.Status, truncate(reg.Body))
		}
	})
}
