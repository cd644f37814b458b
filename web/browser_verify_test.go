package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// problemRow is what the page and the API say of one problem.
type problemRow struct{ Kind, Decision, Field string }

// TestBrowserRevisorVerifiesTheRecord: a decision's amount is edited in
// its case and another decision's audit record is edited, and the newest
// checkpoint is deleted after the revisor saved the published ones from
// the anslagstavla. The revisor opens the check from the Revision page
// and sees the same problems, in the same order, as the API gives; with
// the saved checkpoints uploaded the deleted checkpoint is named too.
func TestBrowserRevisorVerifiesTheRecord(t *testing.T) {
	env := apptest.New(t)
	chair := env.Token("ordforande")
	d1 := decidedByChair(t, env, "Avtal med BEAB om e-post")
	d2 := decidedByChair(t, env, "Avtal med ÖBAB om drift")
	for _, d := range []string{d1, d2} {
		env.Call(t, chair, http.MethodPost, "/api/v1/decisions/"+d+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	}
	admin := env.Token("admin")
	env.Call(t, admin, http.MethodPost, "/api/v1/audit/checkpoints", nil, nil)
	env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Senare ärende"}, nil)
	env.Call(t, admin, http.MethodPost, "/api/v1/audit/checkpoints", nil, nil)

	// The anslagstavla publishes the roots to anyone; the revisor keeps
	// the file.
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/anslagstavla/kontrollpunkter.json"})
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("roots download: %d %s", r.Status, r.Header)
	}
	roots := filepath.Join(t.TempDir(), "kontrollpunkter.json")
	if err := os.WriteFile(roots, r.Body, 0o600); err != nil {
		t.Fatal(err)
	}

	c1, _, _ := cases.ParseDecisionID(d1)
	env.EditStored(t, repo.CollCases, c1, func(doc map[string]any) {
		doc["decisions"].([]any)[0].(map[string]any)["amount_ore"] = 50_000_000
	})
	env.EditStored(t, repo.CollDecisions, d2, func(doc map[string]any) { doc["title"] = "Avtal med ÖBAB om städning" })
	rec, err := env.Backend.Get(t.Context(), repo.CollCheckpoints, "000000002")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Backend.Delete(t.Context(), repo.CollCheckpoints, rec.ID, rec.Version); err != nil {
		t.Fatal(err)
	}

	var api struct {
		OK       bool         `json:"ok"`
		Problems []problemRow `json:"problems"`
	}
	if err := json.Unmarshal(env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/verify", Token: env.Token("revisor")}).Body, &api); err != nil {
		t.Fatal(err)
	}
	want := []problemRow{{"decision_edited", d1, "amount_ore"}, {"projection_mismatch", d2, "title"}}
	if api.OK || fmt.Sprint(api.Problems) != fmt.Sprint(want) {
		t.Fatalf("API: ok %v, problems %v; want %v", api.OK, api.Problems, want)
	}

	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "revisor")
	rows := `Array.from(document.querySelectorAll("#verify-problems tbody tr")).map(r => ({Kind: r.dataset.kind, Decision: r.dataset.decision, Field: r.dataset.field}))`
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-audit")),
		chromedp.Click(chromedp.ID("verify-link")),
		chromedp.WaitVisible(chromedp.ID("verify-problems")),
	); err != nil {
		t.Fatalf("open the check: %v", err)
	}
	browsertest.CheckPage(t, ctx, "kontroll av registret")
	page, err := chromedp.Run(ctx, chromedp.Evaluate[[]problemRow](rows))
	if err != nil || fmt.Sprint(page) != fmt.Sprint(api.Problems) {
		t.Errorf("the page lists %v (%v); the API %v", page, err, api.Problems)
	}
	// Each row says in Swedish what it means, without the internal code.
	if s := text(t, ctx, chromedp.CSS(`#verify-problems tr[data-kind="decision_edited"]`)); !strings.Contains(s, "beslutet har ändrats i ärendet i efterhand") ||
		!strings.Contains(s, "Belopp") || strings.Contains(s, "decision_edited") || strings.Contains(s, "amount_ore") || strings.Contains(s, d1) {
		t.Errorf("decision_edited row = %q", s)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("roots-file"), []string{roots}),
		chromedp.Click(chromedp.ID("verify-against")),
		chromedp.WaitVisible(chromedp.CSS(`#verify-problems tr[data-kind="published_checkpoint"]`)),
	); err != nil {
		t.Fatalf("check against the saved checkpoints: %v", err)
	}
	browsertest.CheckPage(t, ctx, "kontroll mot sparade kontrollpunkter")
	if s := text(t, ctx, chromedp.CSS(`#verify-problems tr[data-kind="published_checkpoint"]`)); !strings.Contains(s, "2") {
		t.Errorf("published checkpoint row = %q", s)
	}

	// The anslagstavla shows the remaining checkpoint's root to anyone.
	cp1, err := env.App.Ledger.LatestRoots(t.Context(), 1)
	if err != nil || len(cp1.Checkpoints) != 1 {
		t.Fatalf("roots: %v %v", cp1, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/anslagstavla")), chromedp.WaitVisible(chromedp.ID("roots"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "anslagstavla med kontrollpunkter")
	if s := text(t, ctx, chromedp.ID("roots")); !strings.Contains(s, cp1.Checkpoints[0].Root) {
		t.Errorf("the anslagstavla lacks root %s: %q", cp1.Checkpoints[0].Root, s)
	}
}

// TestVerifyPageOnlyForThoseWhoCheckTheRecord: a handläggare gets 403
// from the check and is not offered it; a bad upload is a 422 page.
func TestVerifyPageOnlyForThoseWhoCheckTheRecord(t *testing.T) {
	env := apptest.New(t)
	b, _ := loggedIn(t, env, "handlaggare")
	if status, _, _ := b.get("/revision/kontroll"); status != http.StatusForbidden {
		t.Errorf("handläggare: %d", status)
	}
	if _, page, _ := b.get("/revision"); strings.Contains(page, "/revision/kontroll") {
		t.Error("the handläggare is offered the check")
	}
	rb, _ := loggedIn(t, env, "revisor")
	status, page, _ := rb.get("/revision/kontroll")
	if status != 200 || !strings.Contains(page, `id="verify-ok"`) {
		t.Errorf("revisor on a clean store: %d", status)
	}
	if status, page, _ := rb.post("/revision/kontroll", url.Values{"csrf": {csrfOf(t, page)}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "Välj filen") {
		t.Errorf("no file: %d", status)
	}
}
