package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestPublicProtocolMasksAReportedSecretDecision: a delegationsbeslut in a
// sekretessmarkerat ärende (a personnummer in its title, the name marked
// secret) is reported (anmält) at a meeting that is justerat and
// announced. The protocol the public reads — on the anslagstavla and as
// the OParl file — lists the decision by its diarienummer with the title
// masked as the registrator marked it, and holds neither the name nor the
// personnummer; the protocol the board reads names it in full.
func TestPublicProtocolMasksAReportedSecretDecision(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, ownPublicURL)
	hl, chair, sek := env.Token("handlaggare"), env.Token("ordforande"), env.Token("sekreterare")
	// "Skyddat boende för " is 19 characters; the name 14.
	sc := register(t, env, hl, map[string]any{"board": "ITN", "title": "Skyddat boende för Anna Andersson 121212-1212",
		"counterpart": "Anna Andersson, 121212-1212",
		"secrecy":     map[string]any{"reference": "OSL 26 kap. 1 §", "date": "2026-03-02", "parts": []map[string]int{{"start": 19, "end": 33}}}})
	id, dnr := sc["id"].(string), sc["registration_number"].(string)
	if r := saveMemo(t, env, hl, id, 0, seedMemo); r.Status != http.StatusOK {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	cur := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: hl})
	r := fire(env, hl, id, "start", strings.Trim(cur.Header.Get("ETag"), `"`), nil)
	if r = fire(env, hl, id, "submit", r.JSON(t)["version"], nil); r.Status != http.StatusOK {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, r.JSON(t)["version"])}})
	if r.Status != http.StatusCreated {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: chair,
		Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != http.StatusCreated {
		t.Fatalf("sign: %d %s", r.Status, r.Body)
	}
	// The meeting reports it, is justerat and announced.
	m := planMeeting(t, env, sek)
	mid := m["id"].(string)
	path := "/api/v1/meetings/" + mid
	meetingDo(t, env, sek, http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"})
	for i, it := range m["agenda"].([]any) {
		outcome := "bifall"
		if it.(map[string]any)["kind"] == "delegation_report" {
			outcome = "anmalan"
		}
		if r := meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": i, "outcome": outcome,
			"clauses": []string{"anmälan läggs till handlingarna"}}); r.Status != http.StatusCreated {
			t.Fatalf("§ of item %d: %d %s", i, r.Status, r.Body)
		}
	}
	mv := meetingDo(t, env, sek, http.MethodGet, path, nil, nil).JSON(t)["version"]
	meetingDo(t, env, sek, http.MethodPut, path+"/status", mv, map[string]any{"status": "avslutat"})
	meetingDo(t, env, chair, http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	mm := meetingDo(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword}).JSON(t)
	if mm["status"] != "justerat" {
		t.Fatalf("justering: %v", mm["status"])
	}
	if r := meetingDo(t, env, sek, http.MethodPost, path+"/notices", mm["version"], map[string]any{"member": "0885", "posted_on": "2026-03-02",
		"location": "Kommunkansliet"}); r.Status != http.StatusOK {
		t.Fatalf("notice: %d %s", r.Status, r.Body)
	}

	for _, u := range []string{"/anslagstavla/protokoll/" + mid, "/api/v1/public/oparl/meeting/" + mid + "/file/protokoll/download"} {
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: u})
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s: %d %s %s", u, r.Status, r.Header.Get("Content-Type"), truncate(r.Body))
		}
		r.Body = []byte(pdfText(t, r.Body))
		checkPublic(t, u, r)
		if text := strings.Join(strings.Fields(string(r.Body)), " "); !strings.Contains(text, dnr+" Skyddat boende för [sekretess]") {
			t.Errorf("%s: the reported decision is not listed by %s with its title masked:\n%s", u, dnr, text)
		}
	}
	// The board's own protocol is whole.
	r = env.Do(apptest.Request{Method: http.MethodGet, Path: path + "/protocol.pdf", Token: sek})
	if r.Status != http.StatusOK {
		t.Fatalf("protocol.pdf: %d %s", r.Status, truncate(r.Body))
	}
	if text := strings.Join(strings.Fields(pdfText(t, r.Body)), " "); !strings.Contains(text, dnr+" Skyddat boende för Anna Andersson") {
		t.Errorf("the board's protocol does not name the decision in full:\n%s", text)
	}
}
