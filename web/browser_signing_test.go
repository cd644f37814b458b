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

// decidedByChairWithout prepares a case in beslutsklar (no decision yet).
func decidedByChairWithout(t *testing.T, env *apptest.Env, title string) string {
	return prepare(t, env, title, false)
}

// decidedByChair prepares, over the API, a case on which the chair has
// taken a delegated decision under A16 that is not yet signed.
func decidedByChair(t *testing.T, env *apptest.Env, title string) string {
	return prepare(t, env, title, true)
}

func prepare(t *testing.T, env *apptest.Env, title string, decide bool) string {
	t.Helper()
	do := func(token, method, path string, body any, ifMatch any) map[string]any {
		t.Helper()
		return env.Call(t, token, method, path, body, ifMatch)
	}
	h := env.Token("handlaggare")
	id := do(h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": title}, nil)["id"].(string)
	do(h, http.MethodPut, "/api/v1/cases/"+id+"/memo", map[string]any{"title": title, "clauses": []string{"avtal tecknas"},
		"description": "x", "assessment": "y", "consequences": "z", "send_to": []string{"IT-chefen"}}, 0)
	v := do(h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
	v = do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, v)["version"]
	v = do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)["version"]
	if !decide {
		return id
	}
	d := do(env.Token("ordforande"), http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v)
	return d["id"].(string)
}

// TestBrowserSigningInbox: the chair finds the decision in the signing
// inbox, which offers no signature without opening it; on the decision
// page signing asks for the password again ("Signera med lösenord"): a
// wrong one is refused next to the field and changes nothing, the right
// one signs, and the decision leaves the inbox for the decisions to report.
func TestBrowserSigningInbox(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med MBAB om drift")
	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "ordforande")
	row := `tr[data-decision="` + did + `"]`
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-inbox")), chromedp.WaitVisible(chromedp.CSS(row))); err != nil {
		t.Fatalf("signing inbox: %v", err)
	}
	browsertest.CheckPage(t, ctx, "att signera")
	if present(t, ctx, row+" form") || present(t, ctx, row+" button") {
		t.Error("the inbox signs without opening the decision")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(row+" .sign-link")), chromedp.WaitVisible(chromedp.ID("sign-password"))); err != nil {
		t.Fatalf("opening the decision: %v", err)
	}
	if s := text(t, ctx, chromedp.ID("sign")); s != "Signera med lösenord" {
		t.Errorf("sign button = %q", s)
	}
	before := env.Snapshot(t)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("sign-password"), "fel-lösenord"), chromedp.Click(chromedp.ID("sign")),
		chromedp.WaitVisible(chromedp.ID("sign-error"))); err != nil {
		t.Fatalf("signing with a wrong password: %v", err)
	}
	if s := text(t, ctx, chromedp.ID("sign-error")); s != "Lösenordet stämmer inte." {
		t.Errorf("wrong password: %q", s)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); loc != "/beslut/"+did+"/signera" && loc != "/beslut/"+did {
		t.Errorf("after the refusal the browser is at %q", loc)
	}
	if env.Snapshot(t) != before {
		t.Error("a refused signature changed stored data")
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("sign-password"), apptest.DemoPassword), chromedp.Click(chromedp.ID("sign")),
		chromedp.WaitVisible(chromedp.ID("verification")), chromedp.WaitNotPresent(chromedp.ID("sign-form"))); err != nil {
		t.Fatalf("signing with the password: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-inbox")), chromedp.WaitVisible(chromedp.ID("inbox-empty"))); err != nil {
		t.Fatalf("inbox after signing: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/anmalningar")), chromedp.WaitVisible(chromedp.CSS(`#pending `+row))); err != nil {
		t.Fatalf("pending reports: %v", err)
	}
	browsertest.CheckPage(t, ctx, "att anmäla")
	if s := text(t, ctx, chromedp.CSS("#pending "+row)); !strings.Contains(s, "Avtal med MBAB om drift") || !strings.Contains(s, "A16") {
		t.Errorf("pending row = %q", s)
	}
	// The decision page shows it signed and verified.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/beslut/"+did)), chromedp.WaitVisible(chromedp.ID("verification"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "signerat beslut")
	browsertest.CheckLinkedPDF(t, ctx, "signerat beslut", `a[href$="/pdf"]`)
	if s := text(t, ctx, chromedp.ID("verification")); !strings.Contains(s, "godkänd") {
		t.Errorf("verification = %q", s)
	}
}
