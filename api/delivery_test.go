package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestDeliveredCaseIsReadOnly: once the e-archive's receipt is recorded,
// every change to the case is refused with a stable code (409
// case_delivered, or the 422 of the state the case is in) and nothing is
// stored — a late signature of its unsigned decision included; the
// receipt itself is checked first (archived only, a package id, a receipt,
// a date), and a case is delivered once. On SQLite and on the Mongo
// backend.
func TestDeliveredCaseIsReadOnly(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a := newArch(t, env)
		id := a.register("Avtal om skrivarservice", "2.3", nil)
		a.upload(id, map[string]string{"direction": "inkommande", "description": "Offert"}, "offert.txt", []byte("Offert\n"))
		a.ready(id)
		unsigned := a.decide(id, false)
		a.fire("handlaggare", id, "close", nil)

		receipt := map[string]string{"package_id": "uuid-5b1d0c0e-6a51-4f7e-9a1c-2f1d6a3e5c01", "receipt": "SA-2026-12", "received_on": "2026-03-02"}
		a.refused("a receipt for a case not archived", a.do("arkivarie", http.MethodPost, "/api/v1/cases/"+id+"/delivery", a.version(id), receipt),
			http.StatusUnprocessableEntity, "case_not_archived")
		a.fire("arkivarie", id, "archive", nil)
		for name, bad := range map[string]map[string]string{
			"package id":  {"package_id": "paket-1", "receipt": "SA-2026-12", "received_on": "2026-03-02"},
			"receipt":     {"package_id": receipt["package_id"], "receipt": " ", "received_on": "2026-03-02"},
			"future date": {"package_id": receipt["package_id"], "receipt": "SA-2026-12", "received_on": "2026-03-03"},
		} {
			before := env.Snapshot(t)
			r := a.do("arkivarie", http.MethodPost, "/api/v1/cases/"+id+"/delivery", a.version(id), bad)
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("bad %s: %d %s", name, r.Status, r.Body)
			}
			if env.Snapshot(t) != before {
				t.Errorf("bad %s changed stored data", name)
			}
		}
		a.refused("a receipt by the sekreterare", a.do("sekreterare", http.MethodPost, "/api/v1/cases/"+id+"/delivery", a.version(id), receipt),
			http.StatusForbidden, "not_permitted")
		c := a.must(http.StatusOK, "arkivarie", http.MethodPost, "/api/v1/cases/"+id+"/delivery", a.version(id), receipt)
		if d, _ := c["delivery"].(map[string]any); d["receipt"] != "SA-2026-12" || d["package_id"] != receipt["package_id"] {
			t.Fatalf("delivery %v", c["delivery"])
		}
		h := c["history"].([]any)
		if last := h[len(h)-1].(map[string]any); last["action"] != "delivered" || last["note"] != "SA-2026-12" {
			t.Errorf("last event %v", last)
		}

		v := a.version(id)
		for _, try := range []struct {
			name, user, method, path string
			body                     any
		}{
			{"a second receipt", "arkivarie", http.MethodPost, "/delivery", receipt},
			{"an event", "sekreterare", http.MethodPost, "/events/void", map[string]string{"note": "x"}},
			{"the memo", "handlaggare", http.MethodPut, "/memo", seedMemo},
			{"dispatching the memo", "handlaggare", http.MethodPost, "/memo/dispatch", map[string]string{"recipient": "Mörbylånga kommun"}},
			{"jäv", "sekreterare", http.MethodPost, "/jav", map[string]string{"person": "it-chef", "ground": "Närstående"}},
			{"a decision", "ordforande", http.MethodPost, "/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}},
			{"the late signature", "ordforande", http.MethodPost, "/../../decisions/" + unsigned + "/signatures", map[string]string{"password": apptest.DemoPassword}},
		} {
			before := env.Snapshot(t)
			path := "/api/v1/cases/" + id + try.path
			ifMatch := any(v)
			if strings.Contains(try.path, "/memo") && try.method == http.MethodPut {
				ifMatch = 1 // the memo's revision
			}
			if strings.HasPrefix(try.path, "/../../") {
				path, ifMatch = "/api/v1"+strings.TrimPrefix(try.path, "/../.."), nil
			}
			r := a.do(try.user, try.method, path, ifMatch, try.body)
			if r.Status != http.StatusConflict && r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s on a delivered case: %d %s, want 409 or 422", try.name, r.Status, truncate(r.Body))
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: not a problem", try.name)
			}
			if env.Snapshot(t) != before {
				t.Errorf("%s changed a delivered case", try.name)
			}
		}
		r := a.do("ordforande", http.MethodPost, "/api/v1/decisions/"+unsigned+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		a.refused("the late signature", r, http.StatusConflict, "case_delivered")
		r = a.do("handlaggare", http.MethodPost, "/api/v1/cases/"+id+"/memo/dispatch", v, map[string]string{"recipient": "Mörbylånga kommun"})
		a.refused("dispatching the memo", r, http.StatusConflict, "case_delivered")
		if v := a.must(http.StatusOK, "revisor", http.MethodGet, "/api/v1/audit/verify", nil, nil); v["ok"] != true {
			t.Errorf("verify: %v", v)
		}
	})
}

// TestPlanImportBadInput: a plan with a class outside the
// klassificeringsstruktur, a negative or non-numeric frist, or a board
// without a klassificeringsstruktur (and a profile whose organisation
// number fails its check digit) is refused with 422 naming every row
// and column, and nothing is stored; a good plan becomes version 1 and
// the case page's question answers from it.
func TestPlanImportBadInput(t *testing.T) {
	env := apptest.New(t)
	a := newArch(t, env)
	before := env.Snapshot(t)
	a.refused("a plan before the klassificeringsstruktur", a.importPlan(testPlan), http.StatusUnprocessableEntity, "no_classification_scheme")
	if env.Snapshot(t) != before {
		t.Error("the refused plan changed stored data")
	}
	// An organisation number without its check digit right.
	r := a.do("arkivarie", http.MethodPut, "/api/v1/boards/ITN/archive-profile", 0, map[string]any{"org_number": "212000-0713"})
	a.refused("a wrong check digit", r, http.StatusUnprocessableEntity, "invalid_org_number")
	if !strings.Contains(string(r.Body), "/org_number") || env.Snapshot(t) != before {
		t.Errorf("a wrong check digit: %s", r.Body)
	}
	a.profile()
	for name, c := range map[string]struct{ csv, code, field string }{
		"unknown class":  {"Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n1.2;Samverkan;Bevaras;;§ 1\n7.7;Okänd;Gallras;1;§ 2\n", "unknown_class", "row 3, column Klass"},
		"negative years": {"Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n3.1;Incidenter;Gallras;-2;§ 3\n", "negative_years", "row 2, column Gallringsfrist"},
		"not a number":   {"Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n3.1;Incidenter;Gallras;två;§ 3\n", "invalid_years", "row 2, column Gallringsfrist"},
		"no header":      {"3.1;Incidenter;Gallras;2;§ 3\n", "invalid_header", ""},
	} {
		before := env.Snapshot(t)
		r := a.importPlan(c.csv)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), c.code) || !strings.Contains(string(r.Body), c.field) {
			t.Errorf("%s: %d %s, want 422 %s at %q", name, r.Status, r.Body, c.code, c.field)
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s changed stored data", name)
		}
	}
	body, ct := multipartBody(t, nil, "ihp.csv", []byte(testPlan))
	a.refused("a plan by the handläggare", a.env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/retention-plans",
		Token: a.token("handlaggare"), Body: body.Bytes(), Header: map[string]string{"Content-Type": ct}}), http.StatusForbidden, "not_permitted")
	if r := a.importPlan(testPlan); r.Status != http.StatusCreated || r.JSON(t)["number"] != float64(1) {
		t.Fatalf("good plan: %d %s", r.Status, r.Body)
	}
	id := a.register("Larm", "3.1", nil)
	ret := a.must(http.StatusOK, "handlaggare", http.MethodGet, "/api/v1/cases/"+id+"/retention", nil, nil)
	if ret["says"] != "Gallras 2 år efter avslut (IHP § 3.1)" || ret["class_name"] != "Informationssäkerhet" ||
		!strings.Contains(strings.Join(anyStrings(ret["reasons"]), ","), "retention_no_start") {
		t.Errorf("retention of an open case: %v", ret)
	}
}

func anyStrings(x any) []string {
	var out []string
	for _, v := range x.([]any) {
		out = append(out, v.(string))
	}
	return out
}
