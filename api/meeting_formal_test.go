package api_test

import (
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestStandardItemsAndJavSubstitutesThroughTheAPI: planned with
// standard_items the agenda opens with öppnande, justerare and
// dagordning and closes with anmälningar and information; they draw no
// § (422 formal_item), so the ärende and the anmälan are §§ 1 and 2 as
// without them. An ersättare steps in at § 1 for the vice chair, who
// leaves for jäv; a substitute who is a ledamot is refused with a field
// error. Planned without the flag, the agenda is as it always was. On
// both stores.
func TestStandardItemsAndJavSubstitutesThroughTheAPI(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		adm := env.Token("admin")
		env.Call(t, adm, http.MethodPost, "/api/v1/users", map[string]any{"username": "per-ersattare", "name": "Per Ersättare"}, nil)
		env.Call(t, adm, http.MethodPost, "/api/v1/boards/ITN/seats", map[string]any{"holder": "per-ersattare", "kind": "ersattare", "order": 1,
			"valid_from": "2023-01-01"}, nil)
		readyCase(t, env, "Avtal om serverhall")
		sek := env.Token("sekreterare")
		plain := planMeeting(t, env, sek)
		if a := plain["agenda"].([]any); len(a) != 2 || a[0].(map[string]any)["kind"] != "case" {
			t.Fatalf("agenda without standard items: %v", a)
		}
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/meetings", Token: sek, Body: map[string]any{
			"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"},
			"standard_items": true, "justering_on": "2026-03-09"}})
		if r.Status != http.StatusCreated {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
		m := r.JSON(t)
		var kinds []string
		for _, it := range m["agenda"].([]any) {
			it := it.(map[string]any)
			kinds = append(kinds, it["kind"].(string)+":"+str(it["formal"]))
		}
		want := "formal:oppnande formal:justerare formal:dagordning case: delegation_report: formal:anmalningar formal:information"
		if got := join(kinds); got != want || m["justering_planned"] != "2026-03-09" {
			t.Fatalf("agenda %s, justering %v", got, m["justering_planned"])
		}
		path := "/api/v1/meetings/" + m["id"].(string)
		r = meetingDo(t, env, sek, http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"})
		if r.Status != http.StatusOK || r.JSON(t)["opened_at"] == nil {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		if r = meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bifall"}); r.Status != 422 ||
			!hasFieldError(r.JSON(t), "/item", "formal_item") {
			t.Errorf("öppnande as a §: %d %s", r.Status, r.Body)
		}
		r = meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 3, "outcome": "bifall", "jav": []string{"vice-ordforande"},
			"jav_substitutes": []map[string]string{{"member": "vice-ordforande", "substitute": "ordforande"}}})
		if r.Status != 422 || !hasFieldError(r.JSON(t), "/jav_substitutes/0/substitute", "substitute_not_available") {
			t.Errorf("a ledamot as the ersättare: %d %s", r.Status, r.Body)
		}
		r = meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 3, "outcome": "bifall", "jav": []string{"vice-ordforande"},
			"jav_substitutes": []map[string]string{{"member": "vice-ordforande", "substitute": "per-ersattare"}}})
		if r.Status != http.StatusCreated || r.JSON(t)["no"] != 1.0 || len(r.JSON(t)["jav_substitutes"].([]any)) != 1 {
			t.Fatalf("§ with jäv: %d %s", r.Status, r.Body)
		}
		if r = meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 4, "outcome": "anmalan"}); r.Status != http.StatusCreated || r.JSON(t)["no"] != 2.0 {
			t.Errorf("the anmälan: %d %s", r.Status, r.Body)
		}
	})
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
