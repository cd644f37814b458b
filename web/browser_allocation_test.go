package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestBrowserBudgetDecisionReachesTheAllocation: the chair takes a
// delegated decision with budget impact on the case page; the allocation
// page then shows a new snapshot, linked to that decision.
func TestBrowserBudgetDecisionReachesTheAllocation(t *testing.T) {
	env := apptest.New(t)
	h := env.Token("handlaggare")
	do := func(method, path string, body any, ifMatch any) map[string]any {
		t.Helper()
		return env.Call(t, h, method, path, body, ifMatch)
	}
	id := do(http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Avtal med ÖBAB om nätdrift"}, nil)["id"].(string)
	do(http.MethodPut, "/api/v1/cases/"+id+"/memo", map[string]any{"title": "Avtal med ÖBAB", "clauses": []string{"avtal tecknas med ÖBAB"},
		"description": "x", "assessment": "y", "consequences": "Kostnaden ryms inom ramen.", "send_to": []string{"IT-chefen"},
		"budget_impact": []map[string]any{{"type": "avtal", "year": 2026, "category": "Nätdrift ÖBAB", "amount_ore": 12000000, "kind": "shared", "within_frame": true}}}, 0)
	v := do(http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
	v = do(http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, v)["version"]
	do(http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)

	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "ordforande")
	err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL("/arenden/"+id)),
		chromedp.WaitVisible(chromedp.ID("take-decision")),
	)
	if err != nil {
		t.Fatalf("case page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "ärende att besluta")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("point_code"), "A16"),
		chromedp.Click(chromedp.ID("take-decision")),
		chromedp.WaitVisible(chromedp.ID("decision-digest")),
	)
	if err != nil {
		t.Fatalf("deciding on the case page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "ärende beslutat")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/fordelning?namnd=ITN&ar=2026")), chromedp.WaitVisible(chromedp.ID("allocation"))); err != nil {
		t.Fatalf("allocation page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "kostnadsfördelning")
	if s := text(t, ctx, chromedp.ID("alloc-trigger")); s != "Beslut i ITN 2026/1" {
		t.Errorf("latest change = %q", s)
	}
	hist := text(t, ctx, chromedp.ID("snapshots"))
	if !strings.Contains(hist, "Beslut i ITN 2026/1") {
		t.Errorf("history = %q", hist)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#snapshots a"), "href"))
	if err != nil || !strings.HasPrefix(href.Value, "/beslut/"+id+"-b1") {
		t.Errorf("snapshot link = %q (%v)", href.Value, err)
	}
	if total := text(t, ctx, chromedp.ID("alloc-total")); total != "0,00 kr" && !strings.Contains(total, "kr") {
		t.Errorf("total = %q", total)
	}
}
