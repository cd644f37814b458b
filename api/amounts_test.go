package api_test

import (
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// impactLine is one budget impact line of amount öre on 2026.
func impactLine(amount int64) map[string]any {
	return map[string]any{"type": "avtal", "year": 2026, "category": "Avtal om drift", "amount_ore": amount, "kind": "shared", "within_frame": true}
}

// TestDelegationLimitCannotBeSidestepped: the IT-chef may decide B3 up to
// 5 prisbasbelopp. A memo whose budget impact is 10 billion kr cannot be
// decided under B3 by stating 1 kr: the limit is checked against the
// larger of the stated amount and the memo's impact, a stated amount that
// differs from the impact needs a reason, and the compliance re-check
// reads the same.
func TestDelegationLimitCannotBeSidestepped(t *testing.T) {
	env := apptest.New(t)
	chef := env.Token("it-chef")
	decide := func(id string, version any, body map[string]any) apptest.Response {
		return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chef, Body: body,
			Header: map[string]string{"If-Match": `"` + num(version) + `"`}})
	}
	huge, v := readyImpactCase(t, env, impactMemo(true, impactLine(1_000_000_000_000)))
	before := env.Snapshot(t)
	r := decide(huge, v, map[string]any{"kind": "delegation", "point_code": "B3", "amount_ore": 100})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"field":"/amount_reason","code":"amount_differs_from_impact"`) {
		t.Errorf("1 kr stated against a 10 billion kr impact, no reason: %d %s", r.Status, r.Body)
	}
	r = decide(huge, v, map[string]any{"kind": "delegation", "point_code": "B3", "amount_ore": 100, "amount_reason": "Bara första delbetalningen"})
	if r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), "amount_exceeds_limit") {
		t.Errorf("1 kr stated with a reason: %d %s", r.Status, r.Body)
	}
	r = decide(huge, v, map[string]any{"kind": "delegation", "point_code": "B3"})
	if r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), "amount_exceeds_limit") {
		t.Errorf("no amount stated (the impact's): %d %s", r.Status, r.Body)
	}
	if env.Snapshot(t) != before {
		t.Fatal("refused decisions changed stored data")
	}
	m := check(t, env, chef, map[string]any{"user": "it-chef", "point_code": "B3", "amount_ore": 100, "date": "2026-03-02", "case_id": huge})
	if m["allowed"] != false || reasons(m) != "amount_exceeds_limit" {
		t.Errorf("the check about the case: %v", m)
	}

	// Within the limit: the impact is the amount; a different one is
	// recorded with its reason, and both comply.
	small, v := readyImpactCase(t, env, impactMemo(true, impactLine(10_000_000)))
	r = decide(small, v, map[string]any{"kind": "delegation", "point_code": "B3"})
	if r.Status != http.StatusCreated || r.JSON(t)["amount_ore"] != float64(10_000_000) {
		t.Fatalf("deciding the memo's 100 000 kr: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	other, v := readyImpactCase(t, env, impactMemo(true, impactLine(10_000_000)))
	r = decide(other, v, map[string]any{"kind": "delegation", "point_code": "B3", "amount_ore": 12_000_000, "amount_reason": "Inklusive installation"})
	if d := r.JSON(t); r.Status != http.StatusCreated || d["amount_ore"] != float64(12_000_000) || d["amount_reason"] != "Inklusive installation" {
		t.Fatalf("deciding 120 000 kr with a reason: %d %s", r.Status, r.Body)
	}
	other2 := r.JSON(t)["id"].(string)
	for _, id := range []string{did, other2} {
		env.Call(t, chef, http.MethodPost, "/api/v1/decisions/"+id+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
		if c := env.Call(t, chef, http.MethodGet, "/api/v1/decisions/"+id+"/compliance", nil, nil); c["compliant"] != true {
			t.Errorf("compliance of %s: %v", id, c)
		}
		if vr := env.Call(t, chef, http.MethodGet, "/api/v1/decisions/"+id+"/verification", nil, nil); vr["valid"] != true {
			t.Errorf("verification of %s: %v", id, vr)
		}
	}

	// A decision stored before the rule, of 1 kr against a 10 billion kr
	// impact: the re-check finds it over the limit.
	cs := repo.NewCases(env.Backend)
	c, err := cs.Get(t.Context(), small)
	if err != nil {
		t.Fatal(err)
	}
	c.Decisions[0].AmountOre = 100
	c.Decisions[0].BudgetImpact = []cases.BudgetImpact{{Type: cases.ImpactAgreement, Year: 2026, AmountOre: 1_000_000_000_000, Kind: "shared", WithinFrame: true}}
	if _, err := cs.Update(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	comp := env.Call(t, chef, http.MethodGet, "/api/v1/decisions/"+did+"/compliance", nil, nil)
	if comp["compliant"] != false || !strings.Contains(reasons(comp["check"].(map[string]any)), "amount_exceeds_limit") {
		t.Errorf("re-check of the old decision: %v", comp)
	}
}

// TestAmountsAreBounded: every amount a client sends is within ±10^13
// öre (100 000 000 000 kr), or a 422 naming the field, with nothing
// stored.
func TestAmountsAreBounded(t *testing.T) {
	env := apptest.New(t)
	h, sek, chef := env.Token("handlaggare"), env.Token("sekreterare"), env.Token("it-chef")
	id := register(t, env, h, map[string]string{"board": "ITN", "title": "Avtal om drift"})["id"].(string)
	ready, v := readyImpactCase(t, env, impactMemo(true))
	code := func(r apptest.Response, field string) bool {
		return r.Status == http.StatusUnprocessableEntity && strings.Contains(string(r.Body), `"field":"`+field+`","code":"amount_too_large"`)
	}
	before := env.Snapshot(t)
	for _, amount := range []int64{10_000_000_000_001, -10_000_000_000_001, math.MaxInt64, math.MinInt64} {
		if r := saveMemo(t, env, h, id, 0, impactMemo(true, impactLine(amount))); !code(r, "/budget_impact/0/amount_ore") {
			t.Errorf("memo impact of %d öre: %d %s", amount, r.Status, r.Body)
		}
	}
	for _, amount := range []int64{10_000_000_000_001, math.MaxInt64} {
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + ready + "/decisions", Token: env.Token("ordforande"),
			Body:   map[string]any{"kind": "delegation", "point_code": "A16", "amount_ore": amount, "amount_reason": "Test"},
			Header: map[string]string{"If-Match": `"` + num(v) + `"`}})
		if !code(r, "/amount_ore") {
			t.Errorf("decision of %d öre: %d %s", amount, r.Status, r.Body)
		}
		r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/delegation-checks", Token: chef,
			Body: map[string]any{"user": "it-chef", "point_code": "B3", "amount_ore": amount, "date": "2026-03-02"}})
		if !code(r, "/amount_ore") {
			t.Errorf("check of %d öre: %d %s", amount, r.Status, r.Body)
		}
	}
	csv := "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\nBudget;Personalkostnader;;Gemensam;;100 000 000 000,01;kr;\n"
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/budget/2026", Token: sek, Body: []byte(csv),
		Header: map[string]string{"Content-Type": "text/csv"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "amount_too_large") {
		t.Errorf("budget line of 100 000 000 000,01 kr: %d %s", r.Status, r.Body)
	}
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/members/0885/user-counts", Token: sek,
		Body: map[string]any{"key_date": "2026-01-01", "users": int64(math.MaxInt64)}})
	if r.Status != http.StatusBadRequest { // the schema's maximum, as costs.MaxUsers
		t.Errorf("a user count of MaxInt64: %d %s", r.Status, r.Body)
	}
	if env.Snapshot(t) != before {
		t.Error("refused amounts changed stored data")
	}
	// At the bound itself all is well.
	if r := saveMemo(t, env, h, id, 0, impactMemo(true, impactLine(10_000_000_000_000))); r.Status != http.StatusOK {
		t.Errorf("memo impact of exactly 10^13 öre: %d %s", r.Status, r.Body)
	}
}

// TestNoDecisionBreaksTheAllocation: a decision whose budget impact no
// allocation can take (int64's largest amount, stored before amounts were
// bounded) once made GET /allocations fail for good. The allocation now
// leaves it out, says so, and keeps taking later decisions and imports;
// on SQLite and on the Mongo backend.
func TestNoDecisionBreaksTheAllocation(t *testing.T) {
	eachStore(t, func(t *testing.T, env *apptest.Env) {
		chair, sek := env.Token("ordforande"), env.Token("sekreterare")
		ctx := t.Context()
		id, v := readyImpactCase(t, env, impactMemo(true))
		bad := env.Call(t, chair, http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v)["id"].(string)
		// As stored before the bound: the decision's impact is int64's largest.
		cs := repo.NewCases(env.Backend)
		c, err := cs.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		c.Decisions[0].BudgetImpact[0].AmountOre = math.MaxInt64
		if _, err := cs.Update(ctx, c); err != nil {
			t.Fatal(err)
		}
		get := func() map[string]any {
			t.Helper()
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2026", Token: sek})
			if r.Status != http.StatusOK {
				t.Fatalf("GET allocation 2026: %d %s", r.Status, r.Body)
			}
			return r.JSON(t)
		}
		snap := get()
		ex, _ := snap["excluded"].([]any)
		if len(ex) != 1 || ex[0].(map[string]any)["ref"] != bad || ex[0].(map[string]any)["reason"] != "amount_too_large" {
			t.Errorf("the snapshot does not name the excluded decision: %v", snap["excluded"])
		}
		if net := snap["primary"].(map[string]any)["budget_net"]; net != float64(0) {
			t.Errorf("budget net with the decision left out: %v", net)
		}
		// A later decision and a budget import still go in.
		id2, v2 := readyImpactCase(t, env, impactMemo(true))
		env.Call(t, chair, http.MethodPost, "/api/v1/cases/"+id2+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v2)
		if net := get()["primary"].(map[string]any)["budget_net"]; net != float64(5_000_000) {
			t.Errorf("budget net after a good decision: %v", net)
		}
		csv := "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\nBudget;Personalkostnader;;Gemensam;;10 000;tkr;\n"
		if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/budget/2026", Token: sek, Body: []byte(csv),
			Header: map[string]string{"Content-Type": "text/csv"}}); r.Status != http.StatusCreated {
			t.Fatalf("budget import: %d %s", r.Status, r.Body)
		}
		snap = get()
		if net := snap["primary"].(map[string]any)["budget_net"]; net != float64(1_005_000_000) {
			t.Errorf("budget net after the import: %v", net)
		}
		if ex, _ := snap["excluded"].([]any); len(ex) != 1 {
			t.Errorf("excluded after the import: %v", snap["excluded"])
		}
	})
}
