package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// preparingCase registers a case with a complete memo and starts it: the
// next event is submit. It returns the id and the version.
func preparingCase(t *testing.T, env *apptest.Env, title string) (string, any) {
	t.Helper()
	token := env.Token("handlaggare")
	id := register(t, env, token, map[string]string{"board": "ITN", "title": title})["id"].(string)
	if r := saveMemo(t, env, token, id, 0, seedMemo); r.Status != 200 {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	cur := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token})
	r := fire(env, token, id, "start", strings.Trim(cur.Header.Get("ETag"), `"`), nil)
	if r.Status != 200 {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	return id, r.JSON(t)["version"]
}

// TestSubmitNamesTheRecipientWhoSeesItOnTheDesk: the handläggare submits
// a memo to a named person — a beslutsfattare of the delegationsordning
// in force (the ordförande) or the sekreterare. The recipient is stored
// on the case and in the submit event in the same write; the case is on
// the recipient's desk ("to_decide", or for the sekreterare "to_agenda")
// and on no one else's, and leaves it when decided. An unknown person,
// one without such a role on the board that day (the handläggare, a role
// that ended), a revisor, or a recipient with another event is refused
// with 422 on /submit_to and nothing is stored. A submit without
// submit_to (older clients) still works and lands on no desk.
func TestSubmitNamesTheRecipientWhoSeesItOnTheDesk(t *testing.T) {
	eachStore(t, func(t *testing.T, env *apptest.Env) {
		h := env.Token("handlaggare")
		desk := func(user, list string) []map[string]any {
			t.Helper()
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me/desk", Token: env.Token(user)})
			if r.Status != 200 {
				t.Fatalf("desk of %s: %d %s", user, r.Status, r.Body)
			}
			var out []map[string]any
			for _, x := range r.JSON(t)[list].([]any) {
				out = append(out, x.(map[string]any))
			}
			return out
		}
		id, v := preparingCase(t, env, "Avtal med MBAB om drift")

		before := env.Snapshot(t)
		for _, tc := range []struct{ to, code string }{
			{"nobody", "submit_recipient_unknown"},
			{"handlaggare", "submit_recipient_not_eligible"},
			{"revisor", "submit_recipient_not_eligible"},
			{"arkivarie", "submit_recipient_not_eligible"},
			{"admin", "submit_recipient_not_eligible"},
		} {
			r := fire(env, h, id, "submit", v, map[string]any{"submit_to": tc.to})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"/submit_to","code":"`+tc.code+`"`) {
				t.Errorf("submit to %s: %d %s, want 422 %s on /submit_to", tc.to, r.Status, r.Body, tc.code)
			}
		}
		if r := fire(env, h, id, "reopen", v, map[string]any{"submit_to": "ordforande"}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a recipient with another event: %d %s", r.Status, r.Body)
		}
		if env.Snapshot(t) != before {
			t.Fatal("refused submits changed stored data")
		}

		r := fire(env, h, id, "submit", v, map[string]any{"submit_to": "ordforande"})
		if r.Status != 200 {
			t.Fatalf("submit to the chair: %d %s", r.Status, r.Body)
		}
		c := r.JSON(t)
		sub, _ := c["submission"].(map[string]any)
		if sub == nil || sub["to"] != "ordforande" || sub["role"] != "ordforande" || sub["by"] != "handlaggare" || sub["on"] != "2026-03-02" {
			t.Errorf("submission = %v", c["submission"])
		}
		hist := c["history"].([]any)
		last := hist[len(hist)-1].(map[string]any)
		if last["action"] != "submit" || last["ref"] != "till Anna Lindqvist, ordförande" {
			t.Errorf("the submit event = %v, want its ref to name the recipient", last)
		}
		if got := desk("ordforande", "to_decide"); len(got) != 1 || got[0]["case_id"] != id || got[0]["submitted_on"] != "2026-03-02" ||
			got[0]["registration_number"] == "" || got[0]["title"] != "Avtal med MBAB om drift" {
			t.Errorf("chair's cases to decide = %v", got)
		}
		for _, who := range []string{"vice-ordforande", "it-chef", "sekreterare", "handlaggare", "revisor"} {
			if got := desk(who, "to_decide"); len(got) != 0 {
				t.Errorf("%s's desk lists the chair's case: %v", who, got)
			}
		}

		// Decided: off the desk.
		r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: env.Token("ordforande"),
			Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": `"` + num(c["version"]) + `"`}})
		if r.Status != 201 {
			t.Fatalf("decide: %d %s", r.Status, r.Body)
		}
		if got := desk("ordforande", "to_decide"); len(got) != 0 {
			t.Errorf("decided, still to decide: %v", got)
		}

		// To the sekreterare: to put on the agenda; reopened, off it.
		id2, v2 := preparingCase(t, env, "Upphandling av skrivare")
		r = fire(env, h, id2, "submit", v2, map[string]any{"submit_to": "sekreterare"})
		if r.Status != 200 {
			t.Fatalf("submit to the secretary: %d %s", r.Status, r.Body)
		}
		if got := desk("sekreterare", "to_agenda"); len(got) != 1 || got[0]["case_id"] != id2 || got[0]["role"] != "sekreterare" {
			t.Errorf("secretary's cases for the agenda = %v", got)
		}
		if got := desk("sekreterare", "to_decide"); len(got) != 0 {
			t.Errorf("secretary's cases to decide = %v", got)
		}
		if got := desk("ordforande", "to_agenda"); len(got) != 0 {
			t.Errorf("chair's cases for the agenda = %v", got)
		}
		if r = fire(env, h, id2, "reopen", r.JSON(t)["version"], nil); r.Status != 200 {
			t.Fatalf("reopen: %d %s", r.Status, r.Body)
		}
		if got := desk("sekreterare", "to_agenda"); len(got) != 0 {
			t.Errorf("reopened, still for the agenda: %v", got)
		}

		// Without a recipient (older clients): beslutsklar, on no desk.
		if r = fire(env, h, id2, "submit", r.JSON(t)["version"], nil); r.Status != 200 {
			t.Fatalf("submit without recipient: %d %s", r.Status, r.Body)
		}
		if r.JSON(t)["submission"] != nil {
			t.Errorf("submitted to no one, submission = %v", r.JSON(t)["submission"])
		}
		if got := desk("sekreterare", "to_agenda"); len(got) != 0 {
			t.Errorf("resubmitted to no one, the earlier recipient still has it: %v", got)
		}
	})
}

// TestSubmitAsksForTheRoleOnTheDay: a person who holds a deciding role
// on the board only from a later day is no recipient before it, and is
// from that day.
func TestSubmitAsksForTheRoleOnTheDay(t *testing.T) {
	env := apptest.New(t)
	a := newAdminEnv(t, env)
	a.must(http.StatusCreated, http.MethodPost, "/api/v1/users/arkivarie/roles", map[string]any{"board": "ITN", "role": "forvaltningschef", "valid_from": "2026-03-05"})
	h := env.Token("handlaggare")
	id, v := preparingCase(t, env, "Avtal om support")
	if r := fire(env, h, id, "submit", v, map[string]any{"submit_to": "arkivarie"}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(string(r.Body), "submit_recipient_not_eligible") {
		t.Fatalf("before the role begins: %d %s", r.Status, r.Body)
	}
	env.Clock.Advance(3 * 24 * time.Hour) // 2026-03-05
	r := fire(env, env.Token("handlaggare"), id, "submit", v, map[string]any{"submit_to": "arkivarie"})
	if r.Status != 200 {
		t.Fatalf("on the first day of the role: %d %s", r.Status, r.Body)
	}
	if sub := r.JSON(t)["submission"].(map[string]any); sub["role"] != "forvaltningschef" || sub["on"] != "2026-03-05" {
		t.Errorf("submission = %v", sub)
	}
}
