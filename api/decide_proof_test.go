package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestBeslutadOnlyAtAMeetingOrWithProof: a case reaches beslutad only as
// a protocol § of a sammanträde (KL 6:27) or as a decision with its
// delegation proof (KL 6:37, 6:39). Firing the decide event, which left a
// beslutad case with no §, no decision and no proof, is refused to
// everyone and never offered.
func TestBeslutadOnlyAtAMeetingOrWithProof(t *testing.T) {
	env := apptest.New(t)
	sek := env.Token("sekreterare")
	get := func(id string) map[string]any {
		t.Helper()
		return env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: sek}).JSON(t)
	}
	atMeeting, version := readyCase(t, env, "Avtal om IT-säkerhet")
	for _, who := range []string{"ordforande", "sekreterare", "admin"} {
		before := env.Snapshot(t)
		r := fire(env, env.Token(who), atMeeting, "decide", version, nil)
		if r.Status != http.StatusUnprocessableEntity || r.JSON(t)["code"] != "decided_at_meeting" {
			t.Errorf("%s firing decide: %d %s", who, r.Status, r.Body)
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s firing decide changed stored data", who)
		}
	}
	c := get(atMeeting)
	if c["state"] != "beslutsklar" {
		t.Fatalf("state after the refused events: %v", c["state"])
	}
	for _, ev := range c["allowed_events"].([]any) {
		if ev == "decide" {
			t.Errorf("decide is offered to the sekreterare: %v", c["allowed_events"])
		}
	}

	// The nämnd decides at its sammanträde: the § moves the case.
	m := planMeeting(t, env, sek)
	path := "/api/v1/meetings/" + m["id"].(string)
	item := slices.IndexFunc(m["agenda"].([]any), func(x any) bool { return x.(map[string]any)["case_id"] == atMeeting })
	if item < 0 {
		t.Fatalf("the case is not on the agenda: %v", m["agenda"])
	}
	meetingDo(t, env, sek, http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"})
	r := meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": item, "outcome": "bifall"})
	if r.Status != http.StatusCreated {
		t.Fatalf("§: %d %s", r.Status, r.Body)
	}
	ref := "ITN 2026-03-02 § " + num(r.JSON(t)["no"])
	c = get(atMeeting)
	hist := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + atMeeting + "/history", Token: sek}).JSON(t)
	events := hist["events"].([]any)
	last := events[len(events)-1].(map[string]any)
	if c["state"] != "beslutad" || last["action"] != "decide" || last["ref"] != ref || last["actor"] != "sekreterare" {
		t.Errorf("after the §: state %v, last event %v (want decide with ref %s)", c["state"], last, ref)
	}

	// One person decides only with proof: a delegated decision.
	delegated, version := readyCase(t, env, "Avtal med MBAB")
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + delegated + "/decisions", Token: env.Token("ordforande"),
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": `"` + num(version) + `"`}})
	if r.Status != http.StatusCreated {
		t.Fatalf("delegated decision: %d %s", r.Status, r.Body)
	}
	if d := r.JSON(t); len(d["matched_rule"].([]any)) == 0 || d["order_hash"] == "" {
		t.Errorf("a decision without its proof: %v", d)
	}
	if st := get(delegated)["state"]; st != "beslutad" {
		t.Errorf("after the delegated decision: %v", st)
	}
}
