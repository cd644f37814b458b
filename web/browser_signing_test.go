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

// TestBrowserSigningInbox: the chair opens the signing inbox, signs a
// delegated decision, and it leaves the inbox and appears among the
// decisions to report.
func TestBrowserSigningInbox(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med MBAB om drift")
	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "ordforande")
	row := `tr[data-decision="` + did + `"]`
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-inbox")),
		chromedp.WaitVisible(chromedp.CSS(row)),
	)
	if err != nil {
		t.Fatalf("signing inbox: %v", err)
	}
	browsertest.CheckPage(t, ctx, "att signera")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(row+` .sign-button`)),
		chromedp.WaitVisible(chromedp.ID("inbox-empty")),
	)
	if err != nil {
		t.Fatalf("signing from the inbox: %v", err)
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
