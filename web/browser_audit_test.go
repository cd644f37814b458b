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

// TestBrowserAuditor: a revisor logs in, filters decisions by point code
// and date, opens one, sees its verification status, and downloads the
// CSV.
func TestBrowserAuditor(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med BEAB om e-post")
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/decisions/" + did + "/signatures", Token: env.Token("ordforande"), Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 201 {
		t.Fatalf("sign: %d", r.Status)
	}
	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "revisor")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-audit")),
		chromedp.WaitVisible(chromedp.ID("audit-search")),
	)
	if err != nil {
		t.Fatalf("audit page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "granskning")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("a-point"), "A16"),
		chromedp.SetValue(chromedp.ID("a-from"), "2026-03-01"),
		chromedp.SetValue(chromedp.ID("a-to"), "2026-03-31"),
		chromedp.Click(chromedp.ID("audit-search")),
		// The unfiltered page already lists the decision: wait for the
		// page of this search, whose form the server fills in (an
		// attribute, which typing into the field does not set).
		chromedp.WaitVisible(chromedp.CSS(`#a-point[value="A16"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#audit-results tr[data-decision="`+did+`"]`)),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	browsertest.CheckPage(t, ctx, "granskning, sökresultat")
	url, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil || !strings.Contains(url, "point_code=A16") || !strings.Contains(url, "from=2026-03-01") {
		t.Errorf("search URL = %q (%v)", url, err)
	}
	// The CSV of the same search, fetched in the revisor's session.
	csv, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.getElementById("export-csv").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(csv, "Beslut;Nämnd;") || !strings.Contains(csv, "ITN 2026/1, beslut 1;") {
		t.Errorf("CSV download: %v %q", err, csv)
	}
	browsertest.CheckCSV(t, "granskningens export", []byte(csv))
	// The text decoder drops the BOM; the bytes keep it (Swedish Excel needs it).
	bom, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.getElementById("export-csv").href)
		.then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b).slice(0, 3)).join(","))`, chromedp.EvalAwaitPromise))
	if err != nil || bom != "239,187,191" {
		t.Errorf("CSV without a UTF-8 BOM: %q (%v)", bom, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#audit-results tr[data-decision="`+did+`"] .decision-link`)),
		chromedp.WaitVisible(chromedp.ID("verification")),
	)
	if err != nil {
		t.Fatalf("open decision: %v", err)
	}
	browsertest.CheckPage(t, ctx, "beslut")
	browsertest.CheckLinkedPDF(t, ctx, "beslutet", `a[href$="/pdf"]`)
	if s := text(t, ctx, chromedp.ID("verification")); !strings.Contains(s, "Kontrollen godkänd") {
		t.Errorf("verification = %q", s)
	}
	// The revisor sees no signing button and cannot change anything.
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("sign") === null`))
	if err != nil || !ok {
		t.Errorf("revisor offered to sign (%v)", err)
	}
}
