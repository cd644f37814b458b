package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// withErsattare gives the demo board an ersättare (a person with the
// ersattare role on ITN), as the administration would.
func withErsattare(t *testing.T, env *apptest.Env) {
	t.Helper()
	adm := env.Token("admin")
	apiCall(t, env, adm, http.MethodPost, "/api/v1/users", map[string]any{"username": "per-ersattare", "name": "Per Ersättare"}, nil)
	apiCall(t, env, adm, http.MethodPost, "/api/v1/users/per-ersattare/roles", map[string]any{"board": "ITN", "role": "ersattare", "valid_from": "2023-01-01"}, nil)
	// Meetings take their people from the seats (the demo board has the
	// chair's and the vice chair's): an ersättare seat for Per.
	apiCall(t, env, adm, http.MethodPost, "/api/v1/boards/ITN/seats", map[string]any{"holder": "per-ersattare", "kind": "ersattare", "order": 1,
		"valid_from": "2023-01-01"}, nil)
}

var meetingVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

// TestMeetingJobsOnTheMeetingPage: the secretary lets an ersättare serve
// for an absent ledamot, and after the justering sends the protokollsutdrag
// to the recipients the case's tjänsteskrivelse names (once, however often
// the button is pressed) and registers a laglighetsprövning; refusals
// change nothing.
func TestMeetingJobsOnTheMeetingPage(t *testing.T) {
	env := apptest.New(t)
	withErsattare(t, env)
	caseID := decidedByChairWithout(t, env, "Avtal om IT-säkerhet")
	sek := env.Token("sekreterare")
	m := apiCall(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-02T08:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}}, nil)
	id := m["id"].(string)
	path := "/api/v1/meetings/" + id
	apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "pagaende"}, m["version"])

	b, csrf := loggedIn(t, env, "sekreterare")
	_, page, _ := b.get("/sammantraden/" + id)
	sel := regexp.MustCompile(`(?s)<select id="serves-per-ersattare".*?</select>`).FindString(page)
	if !strings.Contains(sel, `<option value="vice-ordforande">Erik Johansson</option>`) || strings.Contains(page, `id="serves-ordforande"`) {
		t.Fatalf("attendance form: %s\n%s", sel, page)
	}
	v := meetingVersion.FindStringSubmatch(page)[1]
	attendance := url.Values{"csrf": {csrf}, "version": {v}, "seat": {"ordforande", "vice-ordforande", "per-ersattare"},
		"present-ordforande": {"on"}, "present-per-ersattare": {"on"}, "serves-per-ersattare": {"vice-ordforande"}}
	if status, _, _ := b.post("/sammantraden/"+id+"/narvaro", attendance); status != http.StatusSeeOther {
		t.Fatalf("attendance: %d", status)
	}
	got := apiCall(t, env, sek, http.MethodGet, path, nil, nil)
	served := false
	for _, s := range got["seats"].([]any) {
		s := s.(map[string]any)
		served = served || s["username"] == "per-ersattare" && s["serves_for"] == "vice-ordforande"
	}
	if !served {
		t.Fatalf("the ersättare does not serve: %v", got["seats"])
	}
	_, page, _ = b.get("/sammantraden/" + id)
	if !strings.Contains(page, `<option value="vice-ordforande" selected>Erik Johansson</option>`) {
		t.Errorf("the saved substitution is not shown")
	}

	p := apiCall(t, env, sek, http.MethodPost, path+"/paragraphs", map[string]any{"item": 0, "outcome": "bifall", "clauses": []string{"avtalet godkänns"}}, nil)
	if !strings.Contains(strings.Join(anyStrings(p["serving"]), ","), "per-ersattare") {
		t.Errorf("the ersättare is not among those serving at § %v: %v", p["no"], p["serving"])
	}
	v2 := apiCall(t, env, sek, http.MethodGet, path, nil, nil)["version"]
	apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "avslutat"}, v2)

	// Before the justering no extract is sent.
	before := env.Snapshot(t)
	if status, page, _ := b.post("/sammantraden/"+id+"/utdrag", url.Values{"csrf": {csrf}, "paragraph": {"1"}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "först när protokollet är justerat") {
		t.Errorf("extract before justering: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused extract changed stored data")
	}
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	apiCall(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)

	_, page, _ = b.get("/sammantraden/" + id)
	if !strings.Contains(page, "IT-chefen (inte skickat)") || !strings.Contains(page, `id="send-extract-1"`) {
		t.Fatalf("extract recipients:\n%s", page)
	}
	if status, _, _ := b.post("/sammantraden/"+id+"/utdrag", url.Values{"csrf": {csrf}, "paragraph": {"7"}}); status != http.StatusNotFound {
		t.Errorf("extract of a § that does not exist: %d", status)
	}
	for range 2 {
		status, _, h := b.post("/sammantraden/"+id+"/utdrag", url.Values{"csrf": {csrf}, "paragraph": {"1"}})
		if status != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "meddelande=utdrag_expedierat") {
			t.Fatalf("send extract: %d %s", status, h.Get("Location"))
		}
	}
	_, page, _ = b.get("/sammantraden/" + id)
	if !strings.Contains(page, "IT-chefen (skickat)") {
		t.Errorf("sent extract not shown")
	}
	cs := apiCall(t, env, sek, http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)
	var outgoing []map[string]any
	for _, d := range cs["documents"].([]any) {
		if d := d.(map[string]any); d["direction"] == "utgaende" {
			outgoing = append(outgoing, d)
		}
	}
	if len(outgoing) != 1 || outgoing[0]["party"] != "IT-chefen" || !strings.HasPrefix(outgoing[0]["description"].(string), "Protokollsutdrag § 1") ||
		outgoing[0]["content_type"] != "application/pdf" {
		t.Errorf("outgoing handlingar after two sends: %v", outgoing)
	}

	// Laglighetsprövning: refused before a notice starts the appeal period.
	v = meetingVersion.FindStringSubmatch(page)[1]
	before = env.Snapshot(t)
	if status, page, _ := b.post("/sammantraden/"+id+"/overklagande", url.Values{"csrf": {csrf}, "version": {v}, "received_on": {"2026-03-02"},
		"court": {"Förvaltningsrätten i Växjö"}, "paragraph": {"1"}}); status != http.StatusUnprocessableEntity || !strings.Contains(page, "Ingen överklagandetid löper") {
		t.Errorf("appeal before the notice: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused appeal changed stored data")
	}
	// A joint board: the appeal period runs once both members have posted.
	for _, member := range []string{"0885", "0840"} {
		_, page, _ = b.get("/sammantraden/" + id)
		v = meetingVersion.FindStringSubmatch(page)[1]
		if status, _, _ := b.post("/sammantraden/"+id+"/anslag", url.Values{"csrf": {csrf}, "version": {v}, "member": {member},
			"posted_on": {"2026-03-02"}, "location": {"Kommunkansliet"}}); status != http.StatusSeeOther {
			t.Fatalf("notice %s: %d", member, status)
		}
	}
	_, page, _ = b.get("/sammantraden/" + id)
	if !strings.Contains(page, `id="appeal-form"`) || !strings.Contains(page, `id="no-appeals"`) {
		t.Fatalf("appeal form missing after the notice:\n%s", page)
	}
	v = meetingVersion.FindStringSubmatch(page)[1]
	status, _, h := b.post("/sammantraden/"+id+"/overklagande", url.Values{"csrf": {csrf}, "version": {v}, "received_on": {"2026-03-02"},
		"court": {"Förvaltningsrätten i Växjö"}, "paragraph": {"1"}})
	if status != http.StatusSeeOther {
		t.Fatalf("appeal: %d", status)
	}
	_, page, _ = b.get(h.Get("Location"))
	if !strings.Contains(page, "Inkom 2026-03-02 till Förvaltningsrätten i Växjö, gäller § 1") || !strings.Contains(page, "Överklagat") {
		t.Errorf("registered appeal not shown:\n%s", page)
	}
	if got := apiCall(t, env, sek, http.MethodGet, path, nil, nil)["appeals"].([]any); len(got) != 1 {
		t.Errorf("appeals over the API: %v", got)
	}
	// The revisor sees the meeting but none of these forms.
	rb, _ := loggedIn(t, env, "revisor")
	_, page, _ = rb.get("/sammantraden/" + id)
	for _, form := range []string{`id="appeal-form"`, `id="send-extract-1"`} {
		if strings.Contains(page, form) {
			t.Errorf("revisor offered %s", form)
		}
	}
}

// TestJavDeclareAndWithdrawOnTheCasePage: the secretary declares the
// förvaltningschef jävig from the case page and withdraws it with a
// reason; an empty ground is refused and stores nothing.
func TestJavDeclareAndWithdrawOnTheCasePage(t *testing.T) {
	env := apptest.New(t)
	id := decidedByChairWithout(t, env, "Upphandling av nätverk")
	b, csrf := loggedIn(t, env, "sekreterare")
	_, page, _ := b.get("/arenden/" + id)
	if !strings.Contains(page, `id="declare-jav-form"`) || !strings.Contains(page, `<option value="it-chef">`) {
		t.Fatalf("no jäv form:\n%s", page)
	}
	v := regexp.MustCompile(`(?s)id="declare-jav-form".*?name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	before := env.Snapshot(t)
	if status, _, _ := b.post("/arenden/"+id+"/jav", url.Values{"csrf": {csrf}, "version": {v}, "person": {"it-chef"}, "ground": {" "}}); status != http.StatusUnprocessableEntity {
		t.Errorf("jäv without a ground: %d", status)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused jäv changed stored data")
	}
	status, _, h := b.post("/arenden/"+id+"/jav", url.Values{"csrf": {csrf}, "version": {v}, "person": {"it-chef"}, "ground": {"Närstående äger leverantören"}})
	if status != http.StatusSeeOther {
		t.Fatalf("declare jäv: %d", status)
	}
	_, page, _ = b.get(h.Get("Location"))
	if !strings.Contains(page, `data-person="it-chef" data-active="true"`) || !strings.Contains(page, `id="withdraw-jav-it-chef"`) {
		t.Fatalf("declared jäv not shown:\n%s", page)
	}
	v = regexp.MustCompile(`(?s)jav/aterkalla".*?name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	status, _, h = b.post("/arenden/"+id+"/jav/aterkalla", url.Values{"csrf": {csrf}, "version": {v}, "person": {"it-chef"}, "reason": {"Ägandet är avvecklat"}})
	if status != http.StatusSeeOther {
		t.Fatalf("withdraw jäv: %d", status)
	}
	_, page, _ = b.get(h.Get("Location"))
	if !strings.Contains(page, `data-person="it-chef" data-active="false"`) || !strings.Contains(page, "Ägandet är avvecklat") {
		t.Errorf("withdrawn jäv not shown:\n%s", page)
	}
	cs := apiCall(t, env, env.Token("revisor"), http.MethodGet, "/api/v1/cases/"+id, nil, nil)
	if j, _ := cs["jav_declarations"].([]any); len(j) != 1 || j[0].(map[string]any)["withdrawn_by"] != "sekreterare" {
		t.Errorf("jäv over the API: %v", cs["jav_declarations"])
	}
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
