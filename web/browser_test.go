package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestBrowserLogin logs the demo chair in through the real login page in
// headless Chromium and checks the start page shows their roles.
func TestBrowserLogin(t *testing.T) {
	env := apptest.New(t)
	ctx := browsertest.New(t, 60*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL("/")),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	browsertest.CheckPage(t, ctx, "inloggning")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("username"), "ordforande"),
		chromedp.SendKeys(chromedp.ID("password"), apptest.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("roles")),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	browsertest.CheckPage(t, ctx, "startsida")
	user := text(t, ctx, chromedp.ID("current-user"))
	roles := text(t, ctx, chromedp.ID("roles"))
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang"))
	if err != nil {
		t.Fatal(err)
	}
	if user != "Anna Lindqvist" || attr.Value != "sv" {
		t.Errorf("logged in as %q (lang %q)", user, attr.Value)
	}
	for _, want := range []string{"Ölands IT-nämnd", "Ordförande", "Ledamot"} {
		if !strings.Contains(roles, want) {
			t.Errorf("roles table lacks %q: %q", want, roles)
		}
	}
	// And out again.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login-submit")),
	); err != nil {
		t.Fatalf("logout: %v", err)
	}
	if heading := text(t, ctx, chromedp.CSS("h1")); heading != "Logga in" {
		t.Errorf("after logout the page says %q", heading)
	}
}

// text reads an element's text.
func text[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %v: %v", sel, err)
	}
	return strings.TrimSpace(s)
}
