package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestRefusalAsksForThePassword: a refusal of a request for allmän
// handling is signed when it is made, so like a decision's signature it
// needs the decider's password again: without it 422 reauth_required, with
// a wrong one 422 reauth_failed, both naming /password and storing
// nothing. The wrong passwords count against the login throttle: after
// five, even the right one is refused (429) until the window has passed;
// then the refusal is made and signed. On SQLite and on the Mongo backend.
func TestRefusalAsksForThePassword(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		_, dnr := disclosureCase(t, env)
		hl, chef := env.Token("handlaggare"), env.Token("it-chef")
		req := registerRequest(t, env, hl, map[string]any{"received_at": "2026-03-02T08:30:00+01:00", "channel": "epost",
			"asked": "Handlingarna om IT-kontot", "items": []map[string]any{{"registration_number": dnr, "document_no": 2}}})
		path := "/api/v1/disclosure-requests/" + req["id"].(string) + "/refusals"
		v := req["version"]
		refusal := func(pw any) map[string]any {
			b := map[string]any{"items": []int{1}, "lagrum": []string{"OSL 25 kap. 1 §"}, "reasoning": "Uppgifterna rör hälsa.",
				"court": "Kammarrätten i Jönköping"}
			if pw != nil {
				b["password"] = pw
			}
			return b
		}
		before := env.Snapshot(t)
		expect := func(name string, r apptest.Response, status int, code string) {
			t.Helper()
			p := r.JSON(t)
			if r.Status != status || p["code"] != code {
				t.Errorf("%s: %d %s, want %d %s", name, r.Status, r.Body, status, code)
				return
			}
			if status == http.StatusUnprocessableEntity {
				if errs, _ := p["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["field"] != "/password" {
					t.Errorf("%s: errors = %v, want the field /password", name, p["errors"])
				}
			}
		}
		expect("no password", requestDo(t, env, chef, http.MethodPost, path, v, refusal(nil)), 422, "reauth_required")
		expect("empty password", requestDo(t, env, chef, http.MethodPost, path, v, refusal("")), 422, "reauth_required")
		if r := requestDo(t, env, chef, http.MethodPost, path, v, refusal(5)); r.Status != http.StatusBadRequest {
			t.Errorf("a password that is not a string: %d %s", r.Status, r.Body)
		}
		// The API takes no single sign-on proof: a client cannot claim a
		// login time of its own.
		withSSO := refusal(nil)
		withSSO["sso_auth_at"] = env.Clock.Now().Format(time.RFC3339)
		if r := requestDo(t, env, chef, http.MethodPost, path, v, withSSO); r.Status != http.StatusBadRequest {
			t.Errorf("a refusal with a client-supplied sso_auth_at: %d %s", r.Status, r.Body)
		}
		// A refusal that fails on its own fields says so first, without
		// asking for (or spending) a password attempt.
		noLagrum := refusal("fel-lösenord")
		noLagrum["lagrum"] = []string{}
		if r := requestDo(t, env, chef, http.MethodPost, path, v, noLagrum); r.Status != 422 || r.JSON(t)["code"] == "reauth_failed" {
			t.Errorf("a refusal without lagrum and a wrong password: %d %s", r.Status, r.Body)
		}
		for i := range 5 {
			expect("wrong password", requestDo(t, env, chef, http.MethodPost, path, v, refusal("fel-lösenord-"+string(rune('a'+i)))),
				422, "reauth_failed")
		}
		expect("the right password after five wrong ones", requestDo(t, env, chef, http.MethodPost, path, v, refusal(apptest.DemoPassword)),
			http.StatusTooManyRequests, "too_many_attempts")
		if env.Snapshot(t) != before {
			t.Fatal("a refusal without the right password changed stored data")
		}
		env.Clock.Advance(16 * time.Minute) // the throttle's window has passed
		r := requestDo(t, env, chef, http.MethodPost, path, v, refusal(apptest.DemoPassword))
		if r.Status != http.StatusCreated {
			t.Fatalf("refusal with the password: %d %s", r.Status, r.Body)
		}
		d := r.JSON(t)["decisions"].([]any)[0].(map[string]any)
		if sigs, _ := d["signatures"].([]any); len(sigs) != 1 || d["decider_name"] != "Karin Berg" {
			t.Errorf("the refusal decision = %v", d)
		}
	})
}
