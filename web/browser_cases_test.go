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

func login(t *testing.T, ctx context.Context, env *apptest.Env, username string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL("/login")),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), apptest.DemoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("roles")),
	); err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
}

// waitState waits until the case page shows the given state.
func waitState(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#case-state[data-state="`+state+`"]`))); err != nil {
		t.Fatalf("state %s never shown: %v", state, err)
	}
}

// TestBrowserCaseLifecycle: a handläggare logs in, registers a case,
// writes a tjänsteskrivelse with two att-satser, submits it to the
// ordförande chosen by name, and sees the state and the timeline change;
// the ordförande finds the case on the start page under "Ärenden att
// besluta" and opens it.
func TestBrowserCaseLifecycle(t *testing.T) {
	env := apptest.New(t)
	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "handlaggare")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-new-case")),
		chromedp.WaitVisible(chromedp.ID("title")),
	)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "nytt ärende")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("title"), "Översyn av samverkansavtal"),
		chromedp.SendKeys(chromedp.ID("counterpart"), "Mörbylånga kommun"),
		chromedp.Click(chromedp.ID("register-submit")),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "registrerad")
	browsertest.CheckPage(t, ctx, "ärende registrerat")
	if n := text(t, ctx, chromedp.ID("case-number")); n != "ITN 2026/1" {
		t.Errorf("diarienummer = %q", n)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("memo-edit")),
		chromedp.WaitVisible(chromedp.ID("clause-0")),
	)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "tjänsteskrivelse")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("clause-0"), "tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01"),
		chromedp.SendKeys(chromedp.ID("clause-1"), "planeringsmöte genomförs under 2025"),
		chromedp.SendKeys(chromedp.ID("memo-description"), "Ölandskommunerna har samverkan kring IT sedan 2014."),
		chromedp.SendKeys(chromedp.ID("assessment"), "Det är fortfarande oklart vad som ska uppnås."),
		chromedp.SendKeys(chromedp.ID("consequences"), "Nuvarande avtal gäller till 2026-12-31."),
		chromedp.SendKeys(chromedp.ID("send_to"), "IT-chefen"),
		chromedp.Click(chromedp.ID("memo-preview-button")),
		chromedp.WaitVisible(chromedp.ID("memo-preview")),
	)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "förhandsgranskning")
	if p := text(t, ctx, chromedp.ID("memo-preview")); !strings.Contains(p, "att planeringsmöte genomförs under 2025") {
		t.Errorf("preview lacks the second att-sats: %q", p)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("memo-save")),
		chromedp.WaitVisible(chromedp.ID("memo-status")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, chromedp.ID("memo-status")); !strings.Contains(s, "Version 1, komplett") {
		t.Errorf("memo status = %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("event-start"))); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "under_beredning")
	// The memo goes to a named person: the ordförande, chosen by name and
	// role from the form's select.
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("submit-to")),
		chromedp.SetValue(chromedp.ID("submit-to"), "ordforande"),
		chromedp.Click(chromedp.ID("event-submit")),
	); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "beslutsklar")
	if s := text(t, ctx, chromedp.ID("submitted-to")); s != "Anna Lindqvist, ordförande, 2026-03-02" {
		t.Errorf("submitted to = %q", s)
	}
	browsertest.CheckPage(t, ctx, "ärende beslutsklart")
	browsertest.CheckLinkedPDF(t, ctx, "tjänsteskrivelse", "#memo-pdf")
	timeline := text(t, ctx, chromedp.ID("timeline"))
	for _, want := range []string{"Klarmarkera för beslut → Klart för beslut", "Påbörja beredning → Under beredning",
		"Tjänsteskrivelse sparad", "Registrerat"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
	if s := text(t, ctx, chromedp.ID("chain-status")); !strings.Contains(s, "obruten") {
		t.Errorf("chain status = %q", s)
	}
	if !strings.Contains(timeline, "till Anna Lindqvist, ordförande") {
		t.Errorf("the submit event does not name the recipient:\n%s", timeline)
	}
	// The ordförande finds it on the start page and opens it from there.
	logout(t, ctx)
	login(t, ctx, env, "ordforande")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("desk-decide"))); err != nil {
		t.Fatalf("the chair's desk has no cases to decide: %v", err)
	}
	browsertest.CheckPage(t, ctx, "att göra ordförande")
	desk := text(t, ctx, chromedp.ID("desk"))
	if !strings.Contains(desk, "Ärenden att besluta (1)") || !strings.Contains(desk, "ITN 2026/1 Översyn av samverkansavtal") ||
		!strings.Contains(desk, "skickat 2026-03-02") {
		t.Errorf("the chair's desk:\n%s", desk)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#desk a[href^="/arenden/"]`))); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "beslutsklar")
}
