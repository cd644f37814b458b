package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// readyCase registers a case with a complete memo and moves it to
// beslutsklar; it returns the case id and version.
func readyCase(t *testing.T, env *apptest.Env, title string) (string, any) {
	t.Helper()
	token := env.Token("handlaggare")
	id := register(t, env, token, map[string]string{"board": "ITN", "title": title})["id"].(string)
	if r := saveMemo(t, env, token, id, 0, seedMemo); r.Status != 200 {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	cur := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token})
	r := fire(env, token, id, "start", strings.Trim(cur.Header.Get("ETag"), `"`), nil)
	r = fire(env, token, id, "submit", r.JSON(t)["version"], nil)
	if r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	return id, r.JSON(t)["version"]
}

func check(t *testing.T, env *apptest.Env, token string, body map[string]any) map[string]any {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: token, Body: body})
	if r.Status != 200 {
		t.Fatalf("check %v: %d %s", body, r.Status, r.Body)
	}
	return r.JSON(t)
}

func reasons(m map[string]any) string {
	var out []string
	for _, r := range m["reasons"].([]any) {
		out = append(out, r.(string))
	}
	return strings.Join(out, ",")
}

func TestDelegationCheckExamples(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	// The example: 180 000 kr under B3 (limit 5 prisbasbelopp).
	m := check(t, env, token, map[string]any{"user": "it-chef", "point_code": "B3", "amount_ore": 18000000, "date": "2026-03-01"})
	if m["allowed"] != true || m["version"].(map[string]any)["number"] != float64(1) || len(m["matched_rule"].([]any)) != 5 {
		t.Errorf("it-chef B3 180 000 kr: %v", m)
	}
	// One öre over 5 × 59 200 kr (the 2026 prisbasbelopp) is denied.
	m = check(t, env, token, map[string]any{"user": "it-chef", "point_code": "B3", "amount_ore": 29600001, "date": "2026-03-01"})
	if m["allowed"] != false || reasons(m) != "amount_exceeds_limit" {
		t.Errorf("one öre over: %v", m)
	}
	m = check(t, env, token, map[string]any{"user": "it-chef", "point_code": "B3", "amount_ore": 29600000, "date": "2026-03-01"})
	if m["allowed"] != true {
		t.Errorf("exactly the limit: %v", m)
	}
	m = check(t, env, token, map[string]any{"user": "handlaggare", "point_code": "A16", "date": "2026-03-01"})
	if m["allowed"] != false || reasons(m) != "not_delegate" {
		t.Errorf("handläggare A16: %v", m)
	}
	m = check(t, env, token, map[string]any{"user": "vice-ordforande", "point_code": "A16", "date": "2026-03-01"})
	if m["allowed"] != false || reasons(m) != "substitute_without_reason" {
		t.Errorf("vice chair without reason: %v", m)
	}
	// The reason is a fact: refused until the chair's absence is recorded.
	m = check(t, env, token, map[string]any{"user": "vice-ordforande", "point_code": "A16", "date": "2026-03-01", "substitute_reason": "franvaro"})
	if m["allowed"] != false || reasons(m) != "substitute_absence_not_recorded" {
		t.Errorf("vice chair citing an absence nobody recorded: %v", m)
	}
	env.Call(t, env.Token("sekreterare"), http.MethodPost, "/api/v1/boards/ITN/absences",
		map[string]any{"username": "ordforande", "from": "2026-02-23", "to": "2026-03-01"}, nil)
	m = check(t, env, token, map[string]any{"user": "vice-ordforande", "point_code": "A16", "date": "2026-03-01", "substitute_reason": "franvaro"})
	if m["allowed"] != true || m["acting_as"] != "substitute" {
		t.Errorf("vice chair with the chair's recorded absence: %v", m)
	}
	m = check(t, env, token, map[string]any{"user": "ordforande", "point_code": "C1", "date": "2026-03-01"})
	if m["allowed"] != false || reasons(m) != "not_delegable" {
		t.Errorf("KL 6:38 matter by delegation: %v", m)
	}
	m = check(t, env, token, map[string]any{"user": "ordforande", "point_code": "C1", "date": "2026-03-01", "kind": "urgent"})
	if m["allowed"] != true || m["acting_as"] != "urgent" {
		t.Errorf("KL 6:38 matter as urgent by the chair: %v", m)
	}
	m = check(t, env, token, map[string]any{"user": "ordforande", "point_code": "A16", "date": "2024-06-01"})
	if m["allowed"] != false || reasons(m) != "delegation_not_in_force" {
		t.Errorf("before the order came into force: %v", m)
	}
	run(t, env, []scenario{
		{name: "unknown point", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: token,
			Body: map[string]any{"user": "ordforande", "point_code": "Z9", "date": "2026-03-01"}}, status: 422, code: "unknown_point"},
		{name: "unknown user", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: token,
			Body: map[string]any{"user": "nobody", "point_code": "A16", "date": "2026-03-01"}}, status: 422, code: "validation_failed"},
		{name: "negative amount", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: token,
			Body: map[string]any{"user": "ordforande", "point_code": "A16", "date": "2026-03-01", "amount_ore": -1}}, status: 400, code: "invalid_request"},
		{name: "bad date", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: token,
			Body: map[string]any{"user": "ordforande", "point_code": "A16", "date": "2026-02-30"}}, status: 400, code: "invalid_request"},
	})
}

func TestDelegatedDecisionSignReportVerify(t *testing.T) {
	env := apptest.New(t)
	chair := env.Token("ordforande")
	id, version := readyCase(t, env, "Avtal med MBAB om IT-drift")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, version)}})
	if r.Status != http.StatusCreated {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	d := r.JSON(t)
	did := d["id"].(string)
	if d["order_id"] != "ITN/1" || d["point_code"] != "A16" || d["acting_role"] != "ordforande" || d["digest"] == "" {
		t.Errorf("decision = %v", d)
	}
	c := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: chair}).JSON(t)
	if c["state"] != "beslutad" {
		t.Errorf("case state = %v", c["state"])
	}
	inbox := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/inbox", Token: chair}).JSON(t)
	if n := len(inbox["items"].([]any)); n != 1 {
		t.Fatalf("inbox has %d items", n)
	}
	// Only the decider signs.
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: env.Token("vice-ordforande"), Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 403 {
		t.Errorf("another user signing: %d", r.Status)
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: chair, Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 201 {
		t.Fatalf("sign: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: chair, Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 409 {
		t.Errorf("signing twice: %d", r.Status)
	}
	inbox = env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/inbox", Token: chair}).JSON(t)
	if n := len(inbox["items"].([]any)); n != 0 {
		t.Errorf("inbox after signing has %d items", n)
	}
	pending := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/reports/pending", Token: chair}).JSON(t)
	if items := pending["items"].([]any); len(items) != 1 || items[0].(map[string]any)["decision"].(map[string]any)["id"] != did {
		t.Fatalf("pending reports = %v", pending)
	}
	v := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + did + "/verification", Token: chair}).JSON(t)
	if v["valid"] != true {
		t.Fatalf("verification of an intact decision: %v", v)
	}
	comp := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + did + "/compliance", Token: chair}).JSON(t)
	if comp["compliant"] != true {
		t.Fatalf("compliance: %v", comp)
	}
	// The secretary reports it at a meeting; it leaves the pending list.
	sek := env.Token("sekreterare")
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/reports", Token: sek,
		Body: map[string]any{"decision_ids": []string{did}, "meeting_ref": "ITN 2026-03-12 § 7"}}); r.Status != 200 || r.JSON(t)["marked"] != float64(1) {
		t.Fatalf("report: %d %s", r.Status, r.Body)
	}
	pending = env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/reports/pending", Token: chair}).JSON(t)
	if len(pending["items"].([]any)) != 0 {
		t.Errorf("still pending after the report: %v", pending)
	}
	// The PDF prints the digest.
	pdf := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + did + "/pdf", Token: chair})
	if pdf.Status != 200 || !strings.HasPrefix(string(pdf.Body), "%PDF-") {
		t.Errorf("decision pdf: %d", pdf.Status)
	}
	// Tampering with the signed decision in the database is detected.
	rec, _ := env.Backend.Get(t.Context(), repo.CollCases, id)
	var doc map[string]any
	_ = json.Unmarshal(rec.Data, &doc)
	doc["decisions"].([]any)[0].(map[string]any)["amount_ore"] = 99900
	body, _ := json.Marshal(doc)
	if _, err := env.Backend.Update(t.Context(), repo.CollCases, id, rec.Version, body); err != nil {
		t.Fatal(err)
	}
	v = env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + did + "/verification", Token: chair}).JSON(t)
	failed := map[string]bool{}
	for _, ch := range v["checks"].([]any) {
		if m := ch.(map[string]any); m["ok"] == false {
			failed[m["name"].(string)] = true
		}
	}
	if v["valid"] != false || !failed["digest"] || !failed["signature"] {
		t.Errorf("tampered decision: %v", v)
	}
}

func TestProofSurvivesALaterOrderAndJav(t *testing.T) {
	env := apptest.New(t)
	chair := env.Token("ordforande")
	id, version := readyCase(t, env, "Avtal med BHEM")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, version)}})
	if r.Status != 201 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	// Version 2 moves A16 to the IT-chef and comes into force tomorrow.
	sek := env.Token("sekreterare")
	draft := map[string]any{"title": "Version 2", "urgent_deciders": []string{"ordforande", "vice_ordforande"},
		"points": []map[string]any{{"code": "A16", "matter": "Avtal med bolagen", "delegate": "forvaltningschef", "report_to": "namnd"}}}
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek, Body: draft})
	if r.Status != 201 {
		t.Fatalf("draft: %d %s", r.Status, r.Body)
	}
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders/2/adoption", Token: sek,
		Body:   map[string]any{"adopted_ref": "ITN 2026-03-02 § 12", "adopted_on": "2026-03-02", "valid_from": "2026-03-03"},
		Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, r.JSON(t)["version"])}})
	if r.Status != 200 {
		t.Fatalf("adopt: %d %s", r.Status, r.Body)
	}
	// An adopted version cannot be edited.
	if r := env.Do(apptest.Request{Method: http.MethodPut, Path: "/api/v1/boards/ITN/delegation-orders/2", Token: sek, Body: draft,
		Header: map[string]string{"If-Match": `"2"`}}); r.Status != 422 || r.JSON(t)["code"] != "delegation_order_adopted" {
		t.Errorf("editing an adopted version: %d %s", r.Status, r.Body)
	}
	env.Clock.Advance(48 * 3600e9)
	chair, sek = env.Token("ordforande"), env.Token("sekreterare")
	comp := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + did + "/compliance", Token: chair}).JSON(t)
	if comp["compliant"] != true || comp["check"].(map[string]any)["version"].(map[string]any)["number"] != float64(1) {
		t.Errorf("old decision against its own version: %v", comp)
	}
	m := check(t, env, chair, map[string]any{"user": "ordforande", "point_code": "A16", "date": "2026-03-04"})
	if m["allowed"] != false {
		t.Errorf("chair under version 2: %v", m)
	}
	// Jäv: the IT-chef is jävig in a new case; the check and the decision refuse.
	id2, v2 := readyCase(t, env, "Avrop av brandväggar")
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id2 + "/jav", Token: sek,
		Body: map[string]any{"person": "it-chef", "ground": "närstående äger leverantören"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v2)}})
	if r.Status != 200 {
		t.Fatalf("jäv: %d %s", r.Status, r.Body)
	}
	m = check(t, env, chair, map[string]any{"user": "it-chef", "point_code": "A16", "date": "2026-03-04", "case_id": id2})
	if m["allowed"] != false || !strings.Contains(reasons(m), "jav") {
		t.Errorf("jävig delegate: %v", m)
	}
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id2 + "/decisions", Token: env.Token("it-chef"),
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, r.JSON(t)["version"])}})
	if r.Status != 403 || r.JSON(t)["code"] != "jav" {
		t.Errorf("jävig decider: %d %s", r.Status, r.Body)
	}
}

func TestDelegationOrderCSVImport(t *testing.T) {
	env := apptest.New(t)
	sek := env.Token("sekreterare")
	post := func(csv string) apptest.Response {
		return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: sek,
			Body: []byte(csv), Header: map[string]string{"Content-Type": "text/csv"}})
	}
	header := "Kod;Avsnitt;Ärende;Lagrum;Delegat;Ersättare;Beloppsgräns;Villkor;Anmäls till;Vidaredelegering;Endast brådskande;Undantag KL 6:38;Principiell\n"
	bad := header +
		"A1;A;Avtal;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n" +
		"A1;A;Avtal igen;;Ordförande;;;;Nämnd;Nej;Nej;;Nej\n" +
		"B1;B;Inköp;;Kungen;;-5 pbb;;Nämnd;Nej;Nej;;Nej\n"
	r := post(bad)
	if r.Status != 422 {
		t.Fatalf("bad CSV: %d %s", r.Status, r.Body)
	}
	body := string(r.Body)
	for _, want := range []string{"row 3", "duplicate_code", "row 4, column Delegat", "unknown_role", "row 4, column Beloppsgräns"} {
		if !strings.Contains(body, want) {
			t.Errorf("problem lacks %q: %s", want, body)
		}
	}
	if r := post("Kod;Namn\nA1;x\n"); r.Status != 422 || !strings.Contains(string(r.Body), "invalid_header") {
		t.Errorf("wrong headers: %d %s", r.Status, r.Body)
	}
	n, _ := env.Backend.Count(t.Context(), repo.CollDelegationOrders, nil)
	if n != 1 {
		t.Errorf("bad imports stored something: %d orders", n)
	}
	good := header + "A1;A Avtal;Avtal om IT-tjänster;KL 6 kap. 37 §;Ordförande;Vice ordförande;;;Nämnd;Nej;Nej;;Nej\n"
	r = post(good)
	if r.Status != 201 || r.JSON(t)["number"] != float64(2) || r.JSON(t)["phase"] != "draft" {
		t.Fatalf("good CSV: %d %s", r.Status, r.Body)
	}
	exp := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/delegation-orders/2?format=csv", Token: sek})
	if exp.Status != 200 || !strings.Contains(string(exp.Body), "Avtal om IT-tjänster") {
		t.Errorf("export: %d %s", exp.Status, exp.Body)
	}
	// Only the secretary (or an admin) manages the order.
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-orders", Token: env.Token("handlaggare"),
		Body: []byte(good), Header: map[string]string{"Content-Type": "text/csv"}}); r.Status != 403 {
		t.Errorf("handläggare importing: %d", r.Status)
	}
}

func TestUrgentDecisionsCannotBeLeftOutOfTheReport(t *testing.T) {
	env := apptest.New(t)
	chair := env.Token("ordforande")
	decide := func(title, kind, point string) string {
		id, v := readyCase(t, env, title)
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
			Body: map[string]any{"kind": kind, "point_code": point}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
		if r.Status != 201 {
			t.Fatalf("decide %s: %d %s", kind, r.Status, r.Body)
		}
		did := r.JSON(t)["id"].(string)
		if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: chair, Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 201 {
			t.Fatalf("sign: %d %s", r.Status, r.Body)
		}
		return did
	}
	// C1 (yttrande till fullmäktige) is not delegable, but the chair may
	// decide it as urgent.
	urgent := decide("Yttrande om IT-säkerhetsincident", "urgent", "C1")
	delegated := decide("Avtal med BEAB", "delegation", "A16")
	sek := env.Token("sekreterare")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/reports", Token: sek,
		Body: map[string]any{"decision_ids": []string{delegated}, "meeting_ref": "ITN 2026-03-12 § 7"}})
	if r.Status != 422 || r.JSON(t)["code"] != "urgent_decisions_missing" || !strings.Contains(string(r.Body), urgent) {
		t.Fatalf("report without the urgent decision: %d %s", r.Status, r.Body)
	}
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/reports", Token: sek,
		Body: map[string]any{"decision_ids": []string{delegated, urgent}, "meeting_ref": "ITN 2026-03-12 § 7"}})
	if r.Status != 200 || r.JSON(t)["marked"] != float64(2) {
		t.Fatalf("full report: %d %s", r.Status, r.Body)
	}
	// Retrying the same report is harmless.
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/reports", Token: sek,
		Body: map[string]any{"decision_ids": []string{delegated, urgent}, "meeting_ref": "ITN 2026-03-12 § 7"}})
	if r.Status != 200 || r.JSON(t)["marked"] != float64(0) {
		t.Errorf("repeated report: %d %s", r.Status, r.Body)
	}
}

func TestSubdelegation(t *testing.T) {
	env := apptest.New(t)
	chef := env.Token("it-chef")
	post := func(token string, body map[string]any) apptest.Response {
		return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/subdelegations", Token: token, Body: body})
	}
	r := post(chef, map[string]any{"point_code": "B3", "user": "handlaggare", "valid_from": "2026-03-01", "valid_to": "2026-06-30", "limit": "100 000 kr"})
	if r.Status != 201 {
		t.Fatalf("subdelegate: %d %s", r.Status, r.Body)
	}
	m := check(t, env, chef, map[string]any{"user": "handlaggare", "point_code": "B3", "amount_ore": 8000000, "date": "2026-03-02"})
	if m["allowed"] != true || m["acting_as"] != "subdelegate" {
		t.Errorf("sub-delegate within its limit: %v", m)
	}
	m = check(t, env, chef, map[string]any{"user": "handlaggare", "point_code": "B3", "amount_ore": 15000000, "date": "2026-03-02"})
	if m["allowed"] != false || reasons(m) != "amount_exceeds_limit" {
		t.Errorf("sub-delegate over its own limit (below the point's): %v", m)
	}
	m = check(t, env, chef, map[string]any{"user": "handlaggare", "point_code": "B3", "amount_ore": 8000000, "date": "2026-07-01"})
	if m["allowed"] != false || reasons(m) != "role_not_valid_on_date" {
		t.Errorf("sub-delegation expired: %v", m)
	}
	run(t, env, []scenario{
		{name: "point without vidaredelegering", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/subdelegations", Token: chef,
			Body: map[string]any{"point_code": "A16", "user": "handlaggare", "valid_from": "2026-03-01"}}, status: 422, code: "subdelegation_not_allowed"},
		{name: "sub-delegate passing it on", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/subdelegations", Token: env.Token("handlaggare"),
			Body: map[string]any{"point_code": "B3", "user": "sekreterare", "valid_from": "2026-03-01"}}, status: 403, code: "only_forvaltningschef_subdelegates"},
		{name: "limit above the point", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/subdelegations", Token: chef,
			Body: map[string]any{"point_code": "B3", "user": "sekreterare", "valid_from": "2026-03-01", "limit": "6 prisbasbelopp"}}, status: 422, code: "validation_failed"},
	})
}
