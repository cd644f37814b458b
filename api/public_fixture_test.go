package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// publicWorld is a board with everything the public routes show, and
// secrets they must not: the diarium fixture (a sekretessmarkerat ärende
// with a marked party name and a personnummer, and an open one), an open
// ärende decided at a justerat meeting with an upprättad tjänsteskrivelse
// and an incoming handling, a sekretessmarkerat ärende decided at the same
// meeting (its paragraph is public, its title masked), and a delegated
// decision reported there. The instance's public URL is its own, so every
// OParl id can be followed.
type publicWorld struct {
	env                  *apptest.Env
	diarium              diariumFixture
	openID, secretID     string
	meetingID, decisions string
}

// ownPublicURL makes an instance's public URL the test server's.
var ownPublicURL = apptest.WithConfigAt(func(cfg *config.Config, base string) { cfg.PublicURL = base })

func newPublicWorld(t *testing.T, env *apptest.Env) publicWorld {
	t.Helper()
	w := publicWorld{env: env, diarium: newDiariumFixture(t, env)}
	hl := env.Token("handlaggare")
	sek := env.Token("sekreterare")
	w.decisions = decideAndSign(t, env, "Avtal med MBAB om support")
	// The open ärende: a handling from the party, the memo sent out
	// (upprättad), ready for the meeting.
	var v any
	w.openID, v = readyCase(t, env, "Avtal om IT-säkerhet med ÖBAB")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + w.openID + "/memo/dispatch", Token: hl,
		Body: map[string]string{"recipient": "Ölands Bank AB"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != http.StatusOK {
		t.Fatalf("dispatch: %d %s", r.Status, r.Body)
	}
	if r := upload(t, env, hl, w.openID, map[string]string{"direction": "inkommande", "party": "Ölands Bank AB",
		"description": "Anbud om IT-säkerhet"}, "anbud.txt", []byte("Anbud om IT-säkerhet.\n")); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	// The sekretessmarkerat ärende, ready for the meeting.
	sc := register(t, env, hl, map[string]any{"board": "ITN", "title": "Omprövning av stöd till Anna Andersson",
		"counterpart": "Anna Andersson, 121212-1212",
		"secrecy":     map[string]any{"reference": "OSL 26 kap. 1 §", "date": "2026-03-02", "parts": []map[string]int{{"start": 24, "end": 38}}}})
	w.secretID = sc["id"].(string)
	if r := saveMemo(t, env, hl, w.secretID, 0, seedMemo); r.Status != http.StatusOK {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	cur := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + w.secretID, Token: hl})
	r = fire(env, hl, w.secretID, "start", strings.Trim(cur.Header.Get("ETag"), `"`), nil)
	if r = fire(env, hl, w.secretID, "submit", r.JSON(t)["version"], nil); r.Status != http.StatusOK {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	// The meeting: every item decided, justerat, announced.
	m := planMeeting(t, env, sek)
	w.meetingID = m["id"].(string)
	path := "/api/v1/meetings/" + w.meetingID
	mv := meetingDo(t, env, sek, http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"}).JSON(t)["version"]
	for i, it := range m["agenda"].([]any) {
		outcome := "bifall"
		if it.(map[string]any)["kind"] == "delegation_report" {
			outcome = "anmalan"
		}
		r := meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": i, "outcome": outcome,
			"clauses": []string{"förslaget godkänns"}})
		if r.Status != http.StatusCreated {
			t.Fatalf("§ of item %d: %d %s", i, r.Status, r.Body)
		}
	}
	mv = meetingDo(t, env, sek, http.MethodGet, path, nil, nil).JSON(t)["version"]
	meetingDo(t, env, sek, http.MethodPut, path+"/status", mv, map[string]any{"status": "avslutat"})
	meetingDo(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	mm := meetingDo(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword}).JSON(t)
	if mm["status"] != "justerat" {
		t.Fatalf("justering: %v", mm["status"])
	}
	r = meetingDo(t, env, sek, http.MethodPost, path+"/notices", mm["version"], map[string]any{"member": "0885", "posted_on": "2026-03-02", "location": "Kommunkansliet"})
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "0885") {
		t.Fatalf("notice: %d %s", r.Status, r.Body)
	}
	return w
}
