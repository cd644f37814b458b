package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

func planMeeting(t *testing.T, env *apptest.Env, sek string) map[string]any {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/meetings", Token: sek,
		Body: map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}})
	if r.Status != 201 {
		t.Fatalf("plan: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)
}

func meetingDo(t *testing.T, env *apptest.Env, token, method, path string, version any, body any) apptest.Response {
	t.Helper()
	h := map[string]string{}
	if version != nil {
		h["If-Match"] = fmt.Sprintf(`"%v"`, version)
	}
	return env.Do(apptest.Request{Method: method, Path: path, Token: token, Body: body, Header: h})
}

func TestMeetingFromAgendaToLegalForce(t *testing.T) {
	env := apptest.New(t)
	approved, _ := readyCase(t, env, "Avtal om IT-säkerhet")
	referred, _ := readyCase(t, env, "Ny IT-strategi")
	urgent := decideAndSign(t, env, "Avtal med MBAB") // a delegated decision waiting to be reported
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	id := m["id"].(string)
	agenda := m["agenda"].([]any)
	if len(agenda) != 3 {
		t.Fatalf("agenda: %v", agenda)
	}
	// The anmälan item lists nothing at planning: its § reports what is
	// pending when it is recorded.
	if report := agenda[2].(map[string]any); report["kind"] != "delegation_report" || report["decisions"] != nil {
		t.Fatalf("Anmälan av delegationsbeslut at planning: %v", report)
	}
	if nb := m["notice_boards"].([]any); len(nb) != 2 {
		t.Fatalf("a joint board's protocol is announced on both members' anslagstavlor: %v", nb)
	}
	path := "/api/v1/meetings/" + id
	v := m["version"]
	// Not opened yet: no paragraph.
	if r := meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bifall"}); r.Status != 422 {
		t.Errorf("paragraph before opening: %d", r.Status)
	}
	r := meetingDo(t, env, sek, http.MethodPut, path+"/status", v, map[string]any{"status": "pagaende"})
	v = r.JSON(t)["version"]
	// The vice chair is away: one of two ledamöter is no quorum.
	r = meetingDo(t, env, sek, http.MethodPut, path+"/attendance", v, map[string]any{"seats": []map[string]any{{"username": "vice-ordforande", "present": false}}})
	v = r.JSON(t)["version"]
	r = meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bifall"})
	if r.Status != 422 || r.JSON(t)["code"] != "no_quorum" {
		t.Fatalf("without quorum: %d %s", r.Status, r.Body)
	}
	r = meetingDo(t, env, sek, http.MethodPut, path+"/attendance", v, map[string]any{"seats": []map[string]any{{"username": "vice-ordforande", "present": true}}})
	v = r.JSON(t)["version"]
	for i, outcome := range []string{"bifall", "aterremiss", "anmalan"} {
		r = meetingDo(t, env, sek, http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": i, "outcome": outcome,
			"clauses": []string{"avtalet godkänns"}})
		if r.Status != 201 || r.JSON(t)["no"] != float64(i+1) {
			t.Fatalf("§ %d: %d %s", i+1, r.Status, r.Body)
		}
		if outcome == "anmalan" {
			if ds := r.JSON(t)["decisions"].([]any); len(ds) != 1 || ds[0] != urgent {
				t.Fatalf("the anmälan § reports %v, want exactly %s", ds, urgent)
			}
		}
	}
	state := func(id string) string {
		return env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: sek}).JSON(t)["state"].(string)
	}
	if state(approved) != "beslutad" || state(referred) != "aterremitterad" {
		t.Errorf("case states after the meeting: %s, %s", state(approved), state(referred))
	}
	// Reported at the §: on no list of decisions to report any more.
	pending := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/reports/pending", Token: sek}).JSON(t)
	if len(pending["items"].([]any)) != 0 {
		t.Errorf("a decision reported at a recorded § is still pending: %v", pending)
	}
	v = meetingDo(t, env, sek, http.MethodGet, path, nil, nil).JSON(t)["version"]
	meetingDo(t, env, sek, http.MethodPut, path+"/status", v, map[string]any{"status": "avslutat"})
	// Only the chair and the appointed justerare sign.
	if r := meetingDo(t, env, env.Token("it-chef"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword}); r.Status != 403 {
		t.Errorf("justering by the IT-chef: %d %s", r.Status, r.Body)
	}
	// Justering asks for the password again: a token alone is refused.
	if r := meetingDo(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{}); r.Status != 422 || r.JSON(t)["code"] != "reauth_required" {
		t.Errorf("justering without the password: %d %s", r.Status, r.Body)
	}
	if r := meetingDo(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": "fel"}); r.Status != 422 || r.JSON(t)["code"] != "reauth_failed" {
		t.Errorf("justering with a wrong password: %d %s", r.Status, r.Body)
	}
	if r := meetingDo(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword}); r.Status != 201 || r.JSON(t)["status"] != "avslutat" {
		t.Fatalf("chair's signature: %d %s", r.Status, r.Body)
	}
	d := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + urgent, Token: sek}).JSON(t)
	if rp, _ := d["reporting"].(map[string]any); d["report"] != nil || rp["meeting_ref"] != "ITN 2026-03-02 § 3" {
		t.Errorf("before justering: report %v, reporting %v", d["report"], d["reporting"])
	}
	r = meetingDo(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
	mm := r.JSON(t)
	if r.Status != 201 || mm["status"] != "justerat" || mm["justered_on"] != "2026-03-02" {
		t.Fatalf("justerare's signature: %d %s", r.Status, r.Body)
	}
	d = env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + urgent, Token: sek}).JSON(t)
	if rep := d["report"].(map[string]any); rep["meeting_ref"] != "ITN 2026-03-02 § 3" || rep["meeting_id"] != id || rep["paragraph"] != float64(3) {
		t.Errorf("report = %v", d["report"])
	}
	// A signed protocol is immutable.
	if r := meetingDo(t, env, sek, http.MethodPut, path+"/attendance", mm["version"], map[string]any{"seats": []map[string]any{}}); r.Status != 409 {
		t.Errorf("editing a justerat protocol: %d", r.Status)
	}
	v = mm["version"]
	r = meetingDo(t, env, sek, http.MethodPost, path+"/notices", v, map[string]any{"member": "0885", "posted_on": "2026-03-01", "location": "Kommunkansliet"})
	if r.Status != 422 || !strings.Contains(string(r.Body), "before_meeting_date") {
		t.Errorf("notice before the meeting: %d %s", r.Status, r.Body)
	}
	r = meetingDo(t, env, sek, http.MethodPost, path+"/notices", v, map[string]any{"member": "0885", "location": "Borgholms kommun, kommunkansliet"})
	mm = r.JSON(t)
	v = mm["version"]
	// One of two members has posted (today, by default): no appeal end yet.
	if r.Status != 200 || mm["appeal_end"] != nil || mm["legal_status"] != "" || len(mm["pending_notices"].([]any)) != 1 {
		t.Fatalf("one member posted: %d appeal end %v, legal status %v, pending %v", r.Status, mm["appeal_end"], mm["legal_status"], mm["pending_notices"])
	}
	if n := mm["notices"].([]any)[0].(map[string]any); n["posted_on"] != "2026-03-02" || n["entry"].(map[string]any)["by"] != "sekreterare" {
		t.Errorf("the notice: %v", n)
	}
	env.Clock.Advance(3 * 24 * time.Hour) // Thursday 5 March
	sek = env.Token("sekreterare")
	r = meetingDo(t, env, sek, http.MethodPost, path+"/notices", v, map[string]any{"member": "0840", "posted_on": "2026-03-05", "location": "Mörbylånga kommun, kommunkansliet"})
	mm = r.JSON(t)
	// Latest posting Thu 2026-03-05 + 21 days = Thu 2026-03-26.
	if r.Status != 200 || mm["appeal_end"] != "2026-03-26" || mm["legal_status"] != "anslag" {
		t.Fatalf("appeal period: %d %v", r.Status, mm["appeal_end"])
	}
	notices := mm["notices"].([]any)
	if late := notices[1].(map[string]any)["late"]; late != true {
		t.Errorf("a notice three days after justering is not flagged late")
	}
	r = meetingDo(t, env, sek, http.MethodPost, path+"/appeals", mm["version"], map[string]any{"received_on": "2026-03-27", "court": "Förvaltningsrätten i Växjö"})
	if r.Status != 422 || !strings.Contains(string(r.Body), "appeal_after_period") {
		t.Errorf("appeal after the period: %d %s", r.Status, r.Body)
	}
	pub := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices"})
	if pub.Status != 200 || !strings.Contains(string(pub.Body), `"appeal_end":"2026-03-26"`) {
		t.Errorf("public notices without a login: %d %s", pub.Status, pub.Body)
	}
	env.Clock.Advance(22 * 24 * time.Hour)
	if st := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices"}).JSON(t)["items"].([]any)[0].(map[string]any)["legal_status"]; st != "laga_kraft" {
		t.Errorf("after the appeal period: %v", st)
	}
}

func TestParagraphNumbersGaplessWithTwoSecretaries(t *testing.T) {
	env := apptest.New(t)
	if _, err := env.App.Identity.CreateUser(t.Context(), identity.NewUser{Username: "sekreterare2", Name: "Per Holm", Password: apptest.DemoPassword,
		Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleSekreterare, ValidFrom: platform.MustParseDate("2023-01-01")}}}); err != nil {
		t.Fatal(err)
	}
	const n = 16
	for i := range n {
		readyCase(t, env, fmt.Sprintf("Ärende %d", i))
	}
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	id := m["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/status", m["version"], map[string]any{"status": "pagaende"})
	tokens := []string{sek, env.Token("sekreterare2")}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		nums = map[float64]int{}
	)
	for w := range 2 {
		wg.Go(func() {
			for i := w; i < n; i += 2 {
				r := meetingDo(t, env, tokens[w], http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil, map[string]any{"item": i, "outcome": "bordlaggning"})
				if r.Status != 201 {
					t.Errorf("item %d: %d %s", i, r.Status, r.Body)
					return
				}
				mu.Lock()
				nums[r.JSON(t)["no"].(float64)]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for i := 1; i <= n; i++ {
		if nums[float64(i)] != 1 {
			t.Errorf("§ %d recorded %d times", i, nums[float64(i)])
		}
	}
	got := meetingDo(t, env, sek, http.MethodGet, "/api/v1/meetings/"+id, nil, nil).JSON(t)
	if len(got["paragraphs"].([]any)) != n {
		t.Errorf("protocol has %d paragraphs, want %d", len(got["paragraphs"].([]any)), n)
	}
}

func TestTabledCaseReturnsOnTheNextAgenda(t *testing.T) {
	env := apptest.New(t)
	id, _ := readyCase(t, env, "Avtal som bordläggs")
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	mid := m["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+mid+"/status", m["version"], map[string]any{"status": "pagaende"})
	if r := meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+mid+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bordlaggning"}); r.Status != 201 {
		t.Fatalf("table: %d %s", r.Status, r.Body)
	}
	if st := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: sek}).JSON(t)["state"]; st != "bordlagd" {
		t.Fatalf("state after bordläggning: %v", st)
	}
	next := planMeeting(t, env, sek)
	agenda := next["agenda"].([]any)
	if len(agenda) != 2 || agenda[0].(map[string]any)["case_id"] != id {
		t.Fatalf("next agenda: %v", agenda)
	}
	nid := next["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+nid+"/status", next["version"], map[string]any{"status": "pagaende"})
	r := meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+nid+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bifall"})
	if r.Status != 201 || r.JSON(t)["no"] != float64(2) {
		t.Fatalf("bifall at the next meeting: %d %s", r.Status, r.Body)
	}
	if st := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: sek}).JSON(t)["state"]; st != "beslutad" {
		t.Errorf("state after bifall: %v", st)
	}
}

func TestMeetingDocuments(t *testing.T) {
	env := apptest.New(t)
	readyCase(t, env, "Avtal om IT-säkerhet")
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	id := m["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/status", m["version"], map[string]any{"status": "pagaende"})
	meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "bifall", "clauses": []string{"avtalet godkänns"}})
	for _, p := range []string{"/protocol.pdf", "/kallelse.pdf", "/paragraphs/1/extract.pdf"} {
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/meetings/" + id + p, Token: sek})
		if r.Status != 200 || !strings.HasPrefix(string(r.Body), "%PDF-") {
			t.Errorf("%s: %d", p, r.Status)
		}
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/meetings/" + id + "/paragraphs/9/extract.pdf", Token: sek}); r.Status != 404 {
		t.Errorf("extract of a missing §: %d", r.Status)
	}
}

// TestSameItemRecordedOnceUnderConcurrency sends each of six agenda items
// to be recorded eight times at once (two secretaries, or a client's
// retries): exactly one paragraph is written per item, every other request
// gets a 409, and the numbers run 1..6 and the next item gets § 7, so no
// number was drawn in vain.
func TestSameItemRecordedOnceUnderConcurrency(t *testing.T) {
	env := apptest.New(t)
	const items, n = 6, 8
	for i := range items + 1 {
		readyCase(t, env, fmt.Sprintf("Ärende %d", i))
	}
	sek := env.Token("sekreterare")
	m := planMeeting(t, env, sek)
	id := m["id"].(string)
	meetingDo(t, env, sek, http.MethodPut, "/api/v1/meetings/"+id+"/status", m["version"], map[string]any{"status": "pagaende"})
	nums := map[float64]int{}
	for item := range items {
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			statuses = map[int]int{}
			codes    = map[string]int{}
		)
		for range n {
			wg.Go(func() {
				r := meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil, map[string]any{"item": item, "outcome": "bordlaggning"})
				mu.Lock()
				defer mu.Unlock()
				statuses[r.Status]++
				switch r.Status {
				case 201:
					nums[r.JSON(t)["no"].(float64)]++
				case 409:
					codes[r.JSON(t)["code"].(string)]++
				}
			})
		}
		wg.Wait()
		if statuses[201] != 1 || statuses[409] != n-1 {
			t.Errorf("item %d: statuses %v (409 codes %v), want one 201 and %d 409", item, statuses, codes, n-1)
		}
		for c := range codes {
			if c != "item_recorded" && c != "item_being_recorded" {
				t.Errorf("item %d: 409 code %q", item, c)
			}
		}
	}
	for no := 1; no <= items; no++ {
		if nums[float64(no)] != 1 {
			t.Errorf("§ %d written %d times (all: %v)", no, nums[float64(no)], nums)
		}
	}
	r := meetingDo(t, env, sek, http.MethodPost, "/api/v1/meetings/"+id+"/paragraphs", nil, map[string]any{"item": items, "outcome": "bordlaggning"})
	if r.Status != 201 || r.JSON(t)["no"].(float64) != items+1 {
		t.Fatalf("next item: %d %s, want § %d", r.Status, r.Body, items+1)
	}
	got := meetingDo(t, env, sek, http.MethodGet, "/api/v1/meetings/"+id, nil, nil).JSON(t)
	if len(got["paragraphs"].([]any)) != items+1 || got["recording"] != nil {
		t.Errorf("protocol: %d paragraphs, recording %v; want %d and no claim left", len(got["paragraphs"].([]any)), got["recording"], items+1)
	}
}
