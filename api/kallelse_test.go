package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestSendKallelseThroughTheAPI: POST /api/v1/meetings/{id}/kallelse with
// If-Match sends the kallelse to the seat holders of the meeting's day
// (the two demo ledamöter and an ersättare with no role on ITN), with the
// ärende's tjänsteskrivelse; the ersättare finds it on the desk with the
// nämnd's full name, opens the kallelse PDF and the tjänsteskrivelse
// through the links given, while a person without a seat gets 404 on
// both. A stale version is 409, the administrator 403
// kallelse_not_secretary, the revisor 403 read_only_role, an open meeting
// 409 kallelse_not_planned; a second sending is a kompletterande kallelse.
func TestSendKallelseThroughTheAPI(t *testing.T) {
	env := apptest.New(t)
	a := newAdminEnv(t, env)
	for _, u := range []string{"ersattare.berg", "utan.plats"} {
		a.must(http.StatusCreated, http.MethodPost, "/api/v1/users", map[string]any{"username": u, "name": strings.ToUpper(u[:1]) + u[1:],
			"password": apptest.DemoPassword})
	}
	a.must(http.StatusCreated, http.MethodPost, "/api/v1/boards/ITN/seats", map[string]any{"holder": "ersattare.berg", "kind": "ersattare",
		"order": 1, "party": "S", "valid_from": "2023-01-01"})
	caseID, _ := readyCase(t, env, "Avtal om drift av e-post")
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	path := "/api/v1/meetings/" + m["id"].(string)

	for _, x := range []struct {
		who     string
		version any
		status  int
		code    string
	}{
		{"sekreterare", m["version"].(float64) - 1, http.StatusConflict, "version_conflict"},
		{"admin", m["version"], http.StatusForbidden, "kallelse_not_secretary"},
		{"revisor", m["version"], http.StatusForbidden, "read_only_role"},
		{"ersattare.berg", m["version"], http.StatusNotFound, "meeting_not_found"},
	} {
		r := meetingDo(t, env, env.Token(x.who), http.MethodPost, path+"/kallelse", x.version, nil)
		if r.Status != x.status || r.JSON(t)["code"] != x.code {
			t.Errorf("%s sends (version %v): %d %s, want %d %s", x.who, x.version, r.Status, r.Body, x.status, x.code)
		}
	}
	if r := meetingDo(t, env, sek, http.MethodPost, path+"/kallelse", nil, nil); r.Status != http.StatusPreconditionRequired {
		t.Errorf("without If-Match: %d %s", r.Status, r.Body)
	}
	r := meetingDo(t, env, sek, http.MethodPost, path+"/kallelse", m["version"], nil)
	if r.Status != http.StatusOK {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	m = r.JSON(t)
	ks := m["kallelser"].([]any)
	if len(ks) != 1 {
		t.Fatalf("kallelser: %v", ks)
	}
	var to []string
	for _, x := range ks[0].(map[string]any)["recipients"].([]any) {
		to = append(to, x.(map[string]any)["username"].(string))
	}
	if strings.Join(to, ",") != "ordforande,vice-ordforande,ersattare.berg" {
		t.Errorf("recipients %v", to)
	}

	ers := env.Token("ersattare.berg")
	desk := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me/desk", Token: ers}).JSON(t)
	called := desk["kallelser"].([]any)
	if len(called) != 1 {
		t.Fatalf("the ersättare's desk: %v", desk["kallelser"])
	}
	k := called[0].(map[string]any)
	if k["meeting_id"] != m["id"] || k["board_name"] != "Ölands IT-nämnd" || k["place"] != "Stadshuset, Borgholm" || k["starts_at"] != "2026-03-02T13:00:00+01:00" {
		t.Errorf("desk entry %v", k)
	}
	hs := k["handlingar"].([]any)
	if len(hs) != 1 || hs[0].(map[string]any)["case_id"] != caseID || hs[0].(map[string]any)["title"] != "Tjänsteskrivelse, version 1" {
		t.Fatalf("handlingar %v", hs)
	}
	memo := hs[0].(map[string]any)["href"].(string)
	other := env.Token("utan.plats")
	for _, p := range []string{k["kallelse_pdf"].(string), memo} {
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: p, Token: ers}); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("the ersättare GET %s: %d %s", p, r.Status, r.Body)
		}
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: p, Token: other}); r.Status != http.StatusNotFound {
			t.Errorf("a person without a seat GET %s: %d", p, r.Status)
		}
	}
	for _, p := range []string{path, "/api/v1/cases/" + caseID, "/api/v1/cases/" + caseID + "/memo/pdf"} {
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: p, Token: ers}); r.Status != http.StatusNotFound {
			t.Errorf("the ersättare GET %s, not sent: %d", p, r.Status)
		}
	}
	if d := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me/desk", Token: other}).JSON(t); len(d["kallelser"].([]any)) != 0 {
		t.Errorf("a person without a seat is called: %v", d["kallelser"])
	}

	// Again: a kompletterande kallelse, the first kept; opened, refused.
	r = meetingDo(t, env, sek, http.MethodPost, path+"/kallelse", m["version"], nil)
	if r.Status != http.StatusOK || len(r.JSON(t)["kallelser"].([]any)) != 2 {
		t.Fatalf("second sending: %d %s", r.Status, r.Body)
	}
	m = r.JSON(t)
	r = meetingDo(t, env, sek, http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"})
	if r.Status != http.StatusOK {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	if r = meetingDo(t, env, sek, http.MethodPost, path+"/kallelse", r.JSON(t)["version"], nil); r.Status != http.StatusConflict || r.JSON(t)["code"] != "kallelse_not_planned" {
		t.Errorf("sending for an open meeting: %d %s", r.Status, r.Body)
	}
}
