package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// decideAndSign runs one delegated A16 decision by the chair, signed.
func decideAndSign(t *testing.T, env *apptest.Env, title string) string {
	t.Helper()
	chair := env.Token("ordforande")
	id, v := readyCase(t, env, title)
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != 201 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: chair, Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 201 {
		t.Fatalf("sign: %d", r.Status)
	}
	return did
}

func TestAuditSearchAndExport(t *testing.T) {
	env := apptest.New(t)
	d1 := decideAndSign(t, env, "Överenskommelse med MBAB om support")
	d2 := decideAndSign(t, env, "Avtal med BHEM om nätdrift")
	rev := env.Token("revisor")
	get := func(q string) apptest.Response {
		return env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions" + q, Token: rev})
	}
	r := get("?point_code=A16&from=2026-03-01&to=2026-03-31")
	if r.Status != 200 {
		t.Fatalf("search: %d %s", r.Status, r.Body)
	}
	items := r.JSON(t)["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("A16 in March: %d items", len(items))
	}
	first := items[0].(map[string]any)
	if first["signed"] != true || first["compliant"] != true || first["reported"] != false || first["board"] != "ITN" {
		t.Errorf("record = %v", first)
	}
	// Swedish free text, case-insensitive.
	r = get("?q=" + "%C3%96VERENSKOMMELSE")
	if items := r.JSON(t)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != d1 {
		t.Errorf("text search: %s", r.Body)
	}
	// Keyset: one per page, every decision once.
	seen := map[string]bool{}
	cursor := ""
	for page := 0; page < 5; page++ {
		r := get("?limit=1" + cursor)
		m := r.JSON(t)
		for _, it := range m["items"].([]any) {
			id := it.(map[string]any)["id"].(string)
			if seen[id] {
				t.Errorf("%s twice", id)
			}
			seen[id] = true
		}
		next, _ := m["next"].(string)
		if next == "" {
			break
		}
		cursor = "&cursor=" + next
	}
	if !seen[d1] || !seen[d2] || len(seen) != 2 {
		t.Errorf("pages: %v", seen)
	}
	run(t, env, []scenario{
		{name: "unknown filter", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?colour=red", Token: rev}, status: 400, code: "unknown_filter"},
		{name: "bad date", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?from=2026-02-30", Token: rev}, status: 400, code: "invalid_filter"},
		{name: "inverted range", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?from=2026-04-01&to=2026-03-01", Token: rev}, status: 400, code: "inverted_range"},
		{name: "inverted amounts", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?amount_min=10&amount_max=5", Token: rev}, status: 400, code: "inverted_range"},
		{name: "tampered cursor", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?cursor=eyJrIjoxLCJpIjoieCIsInQiOiJ4In0.AAAAAAAAAAAAAAAAAAAAAA", Token: rev}, status: 400, code: "invalid_cursor"},
	})
	// A cursor from one search does not page another.
	m := get("?limit=1").JSON(t)
	if r := get("?limit=1&point_code=A16&cursor=" + m["next"].(string)); r.Status != 400 {
		t.Errorf("cursor reused with other filters: %d", r.Status)
	}
	csv := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions/export?point_code=A16", Token: rev})
	if csv.Status != 200 || !strings.HasPrefix(string(csv.Body), "\ufeffBeslut;Nämnd;") || strings.Count(string(csv.Body), "\n") != 3 ||
		!strings.Contains(string(csv.Body), ";2026-03-02;") {
		t.Errorf("csv export: %d %q", csv.Status, csv.Body)
	}
	jl := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions/export?format=jsonl", Token: rev})
	if jl.Status != 200 || strings.Count(string(jl.Body), "\n") != 2 {
		t.Errorf("jsonl export: %d %q", jl.Status, jl.Body)
	}
	// Every query and export is logged with who and the filters.
	n, _ := env.Backend.Count(t.Context(), repo.CollAuditLog, nil)
	if n < 9 { // 7 searches, 2 exports (refused queries are not logged)
		t.Errorf("audit log has %d entries", n)
	}
	// Reports.
	rep := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/unreported", Token: rev}).JSON(t)
	if items := rep["items"].([]any); len(items) != 2 || items[0].(map[string]any)["age_days"] == nil {
		t.Errorf("unreported report: %v", rep)
	}
	if rep := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/reports/noncompliant", Token: rev}).JSON(t); len(rep["items"].([]any)) != 0 {
		t.Errorf("noncompliant report: %v", rep)
	}
}

func TestAuditVerifyFindsTampering(t *testing.T) {
	env := apptest.New(t)
	decideAndSign(t, env, "Avtal med ÖBAB")
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	rev := env.Token("revisor")
	v := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/verify", Token: rev}).JSON(t)
	if v["ok"] != true || v["checkpoints_checked"] != float64(1) || v["first_problem"] != nil {
		t.Fatalf("clean ledger: %v", v)
	}
	if p, ok := v["problems"].([]any); !ok || len(p) != 0 {
		t.Errorf("clean ledger: problems = %v, want []", v["problems"])
	}
	// Only an administrator or secretary makes checkpoints.
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/audit/checkpoints", Token: env.Token("handlaggare")}); r.Status != 403 {
		t.Errorf("handläggare making a checkpoint: %d", r.Status)
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/audit/checkpoints", Token: env.Token("admin")}); r.Status != 201 {
		t.Errorf("admin making a checkpoint: %d %s", r.Status, r.Body)
	}
}
