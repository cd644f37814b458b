package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestDeskListsEachPersonsWork: GET /api/v1/me/desk gives each person
// their own "Att göra": the handläggare their open cases, the chair the
// decision to sign and later the protocol to justera with its deadline,
// the secretary the decision to report; another person's work is not on
// it.
func TestDeskListsEachPersonsWork(t *testing.T) {
	env := apptest.New(t)
	desk := func(user string) map[string]any {
		t.Helper()
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me/desk", Token: env.Token(user)})
		if r.Status != 200 {
			t.Fatalf("desk of %s: %d %s", user, r.Status, r.Body)
		}
		return r.JSON(t)
	}
	ids := func(items any, key string) []string {
		var out []string
		for _, it := range items.([]any) {
			out = append(out, it.(map[string]any)[key].(string))
		}
		return out
	}
	chair := env.Token("ordforande")
	caseID, v := readyCase(t, env, "Avtal med MBAB om drift")
	if got := ids(desk("handlaggare")["cases"], "id"); len(got) != 1 || got[0] != caseID {
		t.Errorf("handläggare's cases = %v, want [%s]", got, caseID)
	}
	if got := desk("ordforande")["cases"].([]any); len(got) != 0 {
		t.Errorf("the chair is handläggare of nothing, desk lists %v", got)
	}
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + caseID + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != 201 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	if got := ids(desk("ordforande")["to_sign"], "decision_id"); len(got) != 1 || got[0] != did {
		t.Errorf("chair's decisions to sign = %v, want [%s]", got, did)
	}
	if got := desk("vice-ordforande")["to_sign"].([]any); len(got) != 0 {
		t.Errorf("the vice chair signs nothing, desk lists %v", got)
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: chair,
		Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 201 {
		t.Fatalf("sign: %d %s", r.Status, r.Body)
	}
	if got := desk("ordforande")["to_sign"].([]any); len(got) != 0 {
		t.Errorf("signed, still to sign: %v", got)
	}
	if got := ids(desk("sekreterare")["pending_reports"], "decision_id"); len(got) != 1 || got[0] != did {
		t.Errorf("secretary's decisions to report = %v, want [%s]", got, did)
	}
	if got := desk("handlaggare")["pending_reports"].([]any); len(got) != 0 {
		t.Errorf("the handläggare reports nothing, desk lists %v", got)
	}
	// A meeting on 2026-03-05, closed: the chair and the justerare have
	// its protocol to justera, due 2026-03-19 (on 2026-03-07, within 14
	// days); once justerat the secretary has it to announce by 2026-03-09.
	sek := env.Token("sekreterare")
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/meetings", Token: sek,
		Body: map[string]any{"starts_at": "2026-03-05T13:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}})
	if r.Status != 201 {
		t.Fatalf("plan: %d %s", r.Status, r.Body)
	}
	m := r.JSON(t)
	path := "/api/v1/meetings/" + m["id"].(string)
	env.Clock.Advance(3 * 24 * time.Hour) // 2026-03-05: a meeting opens on its day
	sek = env.Token("sekreterare")        // a new day, a new login
	if r = meetingDo(t, env, sek, http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"}); r.Status != 200 {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	for i := range m["agenda"].([]any) {
		if r := meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": i, "outcome": "anmalan"}); r.Status != 201 {
			t.Fatalf("§ %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	cur := meetingDo(t, env, sek, http.MethodGet, path, nil, nil).JSON(t)
	if r := meetingDo(t, env, sek, http.MethodPut, path+"/status", cur["version"], map[string]any{"status": "avslutat"}); r.Status != 200 {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	env.Clock.Advance(2 * 24 * time.Hour) // 2026-03-07: the justering is due within 14 days
	for _, who := range []string{"ordforande", "vice-ordforande"} {
		d := desk(who)
		if got := ids(d["to_justera"], "id"); len(got) != 1 || got[0] != m["id"] {
			t.Errorf("%s's protocols to justera = %v", who, got)
		}
		dl := d["deadlines"].([]any)
		if len(dl) != 1 || dl[0].(map[string]any)["date"] != "2026-03-19" || dl[0].(map[string]any)["kind"] != "justering" {
			t.Errorf("%s's deadlines = %v, want the justering by 2026-03-19", who, dl)
		}
	}
	if got := desk("handlaggare")["to_justera"].([]any); len(got) != 0 {
		t.Errorf("the handläggare justerar nothing, desk lists %v", got)
	}
	for _, who := range []string{"ordforande", "vice-ordforande"} {
		if r := meetingDo(t, env, env.Token(who), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword}); r.Status != 201 {
			t.Fatalf("justering by %s: %d %s", who, r.Status, r.Body)
		}
	}
	d := desk("sekreterare")
	if got := ids(d["to_post"], "id"); len(got) != 1 || got[0] != m["id"] {
		t.Errorf("secretary's protocols to announce = %v", got)
	}
	if dl := d["deadlines"].([]any); len(dl) != 1 || dl[0].(map[string]any)["kind"] != "anslag" || dl[0].(map[string]any)["date"] != "2026-03-09" {
		t.Errorf("secretary's deadlines = %v, want the anslag by 2026-03-09", dl)
	}
	if got := desk("ordforande")["to_justera"].([]any); len(got) != 0 {
		t.Errorf("justerat, still to justera: %v", got)
	}
}
