package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// longHistory takes a case to beslutsklar (4 events) and fires n table /
// untable transitions as the sekreterare; it returns the id and the last
// response.
func longHistory(t *testing.T, env *apptest.Env, title string, n int) (string, map[string]any) {
	t.Helper()
	id, version := readyCase(t, env, title)
	sek := env.Token("sekreterare")
	var last map[string]any
	for i := range n {
		ev := "table"
		if i%2 == 1 {
			ev = "untable"
		}
		r := fire(env, sek, id, ev, version, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", ev, r.Status, r.Body)
		}
		last = r.JSON(t)
		version = last["version"]
	}
	return id, last
}

// TestHistoryShapeWithArchivedEvents: a history longer than what stays in
// the case document reads back whole, in order and verified, in the same
// shape, from the history endpoint, the case and a transition's response.
func TestHistoryShapeWithArchivedEvents(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	id, fired := longHistory(t, env, "Ärende med lång historik", 20) // 24 events
	if n := len(fired["history"].([]any)); n != 24 {
		t.Errorf("the transition's response shows %d events, want 24", n)
	}
	if _, ok := fired["archived_through"]; ok {
		t.Error("the case view shows the storage field archived_through")
	}
	got := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token}).JSON(t)
	if n := len(got["history"].([]any)); n != 24 {
		t.Errorf("GET case shows %d events, want 24", n)
	}
	h := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/history", Token: token}).JSON(t)
	if h["verified"] != true || h["problem"] != nil {
		t.Fatalf("history does not verify: %v", h["problem"])
	}
	events := h["events"].([]any)
	if len(events) != 24 {
		t.Fatalf("history has %d events, want 24", len(events))
	}
	prev := ""
	for i, raw := range events {
		ev := raw.(map[string]any)
		if ev["seq"] != float64(i+1) {
			t.Fatalf("event %d has seq %v", i+1, ev["seq"])
		}
		for _, k := range []string{"at", "actor", "action", "data_digest", "prev_hash", "hash"} {
			if _, ok := ev[k]; !ok {
				t.Errorf("event %d lacks %q", i+1, k)
			}
		}
		if i > 0 && ev["prev_hash"] != prev {
			t.Errorf("event %d does not link to event %d", i+1, i)
		}
		prev = ev["hash"].(string)
	}
	if a := events[23].(map[string]any)["action"]; a != "untable" {
		t.Errorf("last event is %v", a)
	}

	// Editing an archived event in the database is caught and named.
	recs, err := env.Backend.Find(t.Context(), repo.CollCaseEvents, store.Query{Where: []store.Cond{store.Eq("case_id", id)},
		Sort: []store.SortKey{{Field: "first"}}})
	if err != nil || len(recs) != 2 {
		t.Fatalf("archive blocks: %v, %d", err, len(recs))
	}
	var doc map[string]any
	_ = json.Unmarshal(recs[1].Data, &doc)
	doc["events"].([]any)[4].(map[string]any)["actor"] = "ordforande" // event 13
	body, _ := json.Marshal(doc)
	if _, err := env.Backend.Update(t.Context(), repo.CollCaseEvents, recs[1].ID, recs[1].Version, body); err != nil {
		t.Fatal(err)
	}
	h = env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/history", Token: token}).JSON(t)
	if p, _ := h["problem"].(map[string]any); h["verified"] != false || p == nil || p["seq"] != float64(13) {
		t.Fatalf("tampered archive: verified=%v problem=%v, want event 13 named", h["verified"], h["problem"])
	}
}
