package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

func members(t *testing.T, m map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, x := range m["members"].([]any) {
		mm := x.(map[string]any)
		out[mm["name"].(string)] = mm
	}
	return out
}

func TestSeedInterimReportAllocation(t *testing.T) {
	env := apptest.New(t)
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2025", Token: env.Token("revisor")})
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	snap := r.JSON(t)
	p := snap["primary"].(map[string]any)
	if p["result_total"] != float64(33000000) || p["result_political"] != float64(16000000) || p["result_shared"] != float64(17000000) {
		t.Fatalf("2025 forecast: total %v, political %v, shared %v; want 330 000, 160 000 and 170 000 kr", p["result_total"], p["result_political"], p["result_shared"])
	}
	exact := members(t, p)
	b, m := exact["Borgholms kommun"], exact["Mörbylånga kommun"]
	if b["result_political"] != float64(16000000) || m["result_political"] != float64(0) {
		t.Errorf("arvoden: Borgholm %v, Mörbylånga %v; all 160 000 kr are Borgholm's", b["result_political"], m["result_political"])
	}
	if b["users"] != float64(1658) || m["users"] != float64(2002) {
		t.Errorf("key: %v / %v users", b["users"], m["users"])
	}
	// 170 000 kr by 1658/2002 users: 77 010,93 + 92 989,07 kr, exact to the öre.
	if b["result_shared"] != float64(7701093) || m["result_shared"] != float64(9298907) {
		t.Errorf("exact users: %v / %v", b["result_shared"], m["result_shared"])
	}
	alt := members(t, snap["alternative"].(map[string]any))
	if alt["Borgholms kommun"]["result_shared"] != float64(7701000) || alt["Mörbylånga kommun"]["result_shared"] != float64(9299000) ||
		alt["Mörbylånga kommun"]["percent"] != "54,7 %" {
		t.Errorf("rounded percentages: %v", alt)
	}
	if snap["key"].(map[string]any)["key_date"] != "2024-01-01" {
		t.Errorf("key date = %v, want 1 January of the year before", snap["key"])
	}
	csv := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2025?format=csv", Token: env.Token("revisor")})
	if csv.Status != 200 || !strings.HasPrefix(string(csv.Body), "\ufeffKommun;") || !strings.Contains(string(csv.Body), "Mörbylånga kommun;0840;2002;54,7 %") {
		t.Errorf("csv: %d %s", csv.Status, csv.Body)
	}
	inv := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2025?format=invoices", Token: env.Token("revisor")})
	if inv.Status != 200 || strings.Count(string(inv.Body), ";Q") != 8 {
		t.Errorf("invoice plan: %d %s", inv.Status, inv.Body)
	}
}

// impactMemo is a complete memo with a budget impact on 2026.
func impactMemo(within bool, lines ...map[string]any) map[string]any {
	m := map[string]any{}
	for k, v := range seedMemo {
		m[k] = v
	}
	if len(lines) == 0 {
		lines = []map[string]any{{"type": "avtal", "year": 2026, "category": "Avtal om drift", "amount_ore": 5000000, "kind": "shared", "within_frame": within}}
	}
	m["budget_impact"] = lines
	return m
}

func readyImpactCase(t *testing.T, env *apptest.Env, memo map[string]any) (string, any) {
	t.Helper()
	token := env.Token("handlaggare")
	id := register(t, env, token, map[string]string{"board": "ITN", "title": "Avtal med MBAB om drift"})["id"].(string)
	if r := saveMemo(t, env, token, id, 0, memo); r.Status != 200 {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	cur := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token})
	r := fire(env, token, id, "start", strings.Trim(cur.Header.Get("ETag"), `"`), nil)
	r = fire(env, token, id, "submit", r.JSON(t)["version"], nil)
	return id, r.JSON(t)["version"]
}

func TestBudgetDecisionMakesExactlyOneSnapshotDespiteRetriesAndACrash(t *testing.T) {
	env := apptest.New(t)
	chair := env.Token("ordforande")
	id, v := readyImpactCase(t, env, impactMemo(true))
	var did string
	statuses := map[int]int{}
	for range 3 { // the client retries the same request
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
			Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
		statuses[r.Status]++
		if r.Status == 201 {
			did = r.JSON(t)["id"].(string)
		}
	}
	if statuses[201] != 1 || statuses[409] != 2 {
		t.Fatalf("retried decision: %v", statuses)
	}
	count := func(b store.Backend) int64 {
		n, err := b.Count(t.Context(), repo.CollAllocationSnapshots, []store.Cond{store.Eq("board", "ITN"), store.Eq("year", 2026)})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The process "dies" here: the decision and its task are written, no
	// recalculation has run.
	if n := count(env.Backend); n != 0 {
		t.Fatalf("snapshots before any recalculation: %d", n)
	}
	// A restarted instance on the same store catches up, and running the
	// recalculation again (another worker, a retry) changes nothing.
	env2 := apptest.New(t, apptest.WithBackend(env.Backend))
	for range 3 {
		if _, err := env2.App.Costs.ProcessPending(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	r := env2.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2026", Token: env2.Token("ordforande")})
	if r.Status != 200 {
		t.Fatalf("allocation 2026: %d %s", r.Status, r.Body)
	}
	snap := r.JSON(t)
	tr := snap["trigger"].(map[string]any)
	if n := count(env.Backend); n != 1 || tr["ref"] != did || snap["primary"].(map[string]any)["budget_net"] != float64(5000000) {
		t.Fatalf("after recovery: %d snapshots, trigger %v, budget %v", n, tr, snap["primary"].(map[string]any)["budget_net"])
	}
	c := env2.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: chair}).JSON(t)
	if c["state"] != "beslutad" {
		t.Errorf("case state %v", c["state"])
	}
	hist := env2.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/allocations/2026/snapshots", Token: chair}).JSON(t)
	if len(hist["items"].([]any)) != 1 {
		t.Errorf("history: %v", hist)
	}
}

func TestAllocationBadInput(t *testing.T) {
	env := apptest.New(t)
	sek := env.Token("sekreterare")
	csvReq := func(year int, body string) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: fmt.Sprintf("/api/v1/boards/ITN/budget/%d", year), Token: sek,
			Body: []byte(body), Header: map[string]string{"Content-Type": "text/csv"}}
	}
	header := "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\n"
	run(t, env, []scenario{
		{name: "unknown member", req: csvReq(2025, header+"Budget;Licenser;;Direkt;Kalmar;100;tkr;\n"), status: 422, code: "validation_failed",
			contains: []string{"row 2, column Kommun", "unknown_member"}},
		{name: "amount 12,5,0", req: csvReq(2025, header+"Budget;Licenser;;Gemensam;;12,5,0;kr;\n"), status: 422, code: "validation_failed",
			contains: []string{"row 2, column Belopp"}},
		{name: "key date without user counts", req: csvReq(2024, header+"Budget;Licenser;;Gemensam;;100;tkr;\n"), status: 422,
			code: "key_date_without_user_counts", contains: []string{"2023-01-01"}},
		{name: "not the budget manager", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/budget/2025", Token: env.Token("handlaggare"),
			Body: []byte(header), Header: map[string]string{"Content-Type": "text/csv"}}, status: 403, code: "not_permitted"},
		{name: "user count for an unknown member", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/members/0880/user-counts", Token: sek,
			Body: map[string]any{"key_date": "2026-01-01", "users": 100}}, status: 404, code: "unknown_member"},
	})
	// Nothing stored: 2025 still has its demo lines only, 2024 nothing.
	y := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/budget/2025", Token: sek}).JSON(t)
	if n := len(y["lines"].([]any)); n != 17 {
		t.Errorf("2025 lines after bad imports: %d, want the 17 demo lines", n)
	}
	if y := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/budget/2024", Token: sek}).JSON(t); len(y["lines"].([]any)) != 0 {
		t.Errorf("2024 lines stored despite the missing key")
	}
	// An omfördelning that does not sum to zero is refused with the memo.
	token := env.Token("handlaggare")
	id := register(t, env, token, map[string]string{"board": "ITN", "title": "Omfördelning"})["id"].(string)
	r := saveMemo(t, env, token, id, 0, impactMemo(true,
		map[string]any{"type": "omfordelning", "year": 2026, "amount_ore": 100000, "kind": "shared", "within_frame": true},
		map[string]any{"type": "omfordelning", "year": 2026, "amount_ore": -90000, "kind": "shared", "within_frame": true}))
	if r.Status != 422 || !strings.Contains(string(r.Body), "reallocation_not_zero") {
		t.Errorf("omfördelning not summing to zero: %d %s", r.Status, r.Body)
	}
	// A decision outside the frame cannot be taken on delegation.
	cid, v := readyImpactCase(t, env, impactMemo(false))
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + cid + "/decisions", Token: env.Token("ordforande"),
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != 403 || !strings.Contains(string(r.Body), "outside_budget_frame") {
		t.Errorf("outside the frame on delegation: %d %s", r.Status, r.Body)
	}
}

// TestAllocationReadCatchesUpOnlyItsBoard: reading a board's allocation
// folds that board's pending decision in at once (the background worker
// has not run), and reads only that board's pending work: when the
// organisation grows by five boards, the allocation and its snapshots
// read exactly as many documents as before. Before, every read caught
// up the whole organisation (every board, every pending case).
func TestAllocationReadCatchesUpOnlyItsBoard(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	chair := env.Token("ordforande")
	id, v := readyImpactCase(t, env, impactMemo(true))
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != 201 {
		t.Fatalf("decision: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	paths := []string{"/api/v1/boards/ITN/allocations/2026", "/api/v1/boards/ITN/allocations/2026/snapshots"}
	get := func(path string) apptest.Response {
		res := env.Do(apptest.Request{Method: http.MethodGet, Path: path, Token: chair})
		if res.Status != 200 {
			t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
		}
		return res
	}
	snap := get(paths[0]).JSON(t)
	if tr := snap["trigger"].(map[string]any); tr["ref"] != did {
		t.Fatalf("the read did not fold the pending decision in: trigger %v, want %s", tr, did)
	}
	reads := func() []apptest.Reads {
		var out []apptest.Reads
		for _, p := range paths {
			out = append(out, cb.Reads(func() { get(p) }))
		}
		return out
	}
	small := reads()
	env.Grow(t, apptest.Growth{Boards: 5, Seats: 2})
	large := reads()
	for i, p := range paths {
		if large[i].Total() != small[i].Total() {
			t.Errorf("GET %s reads %d documents (%s) in the grown organisation, %d (%s) before: it reads other boards' work",
				p, large[i].Total(), large[i], small[i].Total(), small[i])
		}
	}
}

// TestBudgetDecisionOutsideAJointBoardLeavesNothingPending: a decision
// with a budget impact on a nämnd that is no gemensam nämnd (it has no
// member municipalities to divide costs between) is cleared by the
// recalculation worker with nothing folded in; before, its task failed
// on every run and stayed pending for ever, and enough of them crowded
// the joint boards' tasks out of the worker's batch.
func TestBudgetDecisionOutsideAJointBoardLeavesNothingPending(t *testing.T) {
	env := apptest.New(t)
	// Every fourth grown decision has a budget impact on 2026: the first
	// on ITN, the second on the extra board GROWA. Grow runs the worker
	// once after them.
	env.Grow(t, apptest.Growth{Boards: 2, Seats: 2, Users: 12, Decisions: 8})
	ctx := t.Context()
	count := func(coll string, where ...store.Cond) int64 {
		n, err := env.Backend.Count(ctx, coll, where)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	impact := count(repo.CollDecisions, store.Eq("board", apptest.GrowBoard(1)), store.Eq("budget_impact", true))
	if impact == 0 {
		t.Fatalf("no decision with a budget impact on %s: the test proves nothing", apptest.GrowBoard(1))
	}
	if n := count(repo.CollCases, store.Eq("recalc_pending", true)); n != 0 {
		t.Errorf("%d ärenden still pending recalculation after the worker ran", n)
	}
	if n := count(repo.CollAllocationHeads, store.Eq("board", apptest.GrowBoard(1))); n != 0 {
		t.Errorf("%s has %d allocation years: it is no gemensam nämnd", apptest.GrowBoard(1), n)
	}
	if n, err := env.App.Costs.ProcessPending(ctx); n != 0 || err != nil {
		t.Errorf("the worker's next run: %d tasks, %v; want nothing to do", n, err)
	}
}
