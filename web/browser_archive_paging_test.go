package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestBrowserArchivePages walks the archive page's two pagers in
// Chromium, each page checked (axe, 375 px): 30 arkiverade ärenden, 25 on
// the first page and the rest behind "Äldre"; the gallringsbeslut's
// protocol behind "Äldre sammanträden", chosen there, and gallring run
// under it.
func TestBrowserArchivePages(t *testing.T) {
	browsertest.Require(t)
	env := apptest.New(t)
	_, mid, no := olderGallringDecision(t, env)
	archivedCases(t, env, 30)
	ctx := browsertest.New(t, 120*time.Second)
	login(t, ctx, env, "arkivarie")
	archiveURL := env.URL("/arkiv?namnd=ITN")
	if err := chromedp.Do(ctx, chromedp.Navigate(archiveURL), chromedp.WaitVisible(chromedp.ID("archived-older"))); err != nil {
		t.Fatalf("archive page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "arkiv-sida-1")
	if s := text(t, ctx, chromedp.ID("archived-total")); !strings.Contains(s, "30 arkiverade ärenden") {
		t.Errorf("total: %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("archived-older")), chromedp.WaitVisible(chromedp.ID("archived-newer"))); err != nil {
		t.Fatalf("older archived cases: %v", err)
	}
	browsertest.CheckPage(t, ctx, "arkiv-sida-2")
	if s := text(t, ctx, chromedp.ID("archived-cases")); !strings.Contains(s, "ITN 2026/5004") || strings.Contains(s, "ITN 2026/5005") {
		t.Errorf("page 2 of the archived cases: %q", s)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(archiveURL), chromedp.WaitVisible(chromedp.ID("gallring-older")),
		chromedp.Click(chromedp.ID("gallring-older")), chromedp.WaitVisible(chromedp.ID("gallring-newer"))); err != nil {
		t.Fatalf("older meetings: %v", err)
	}
	browsertest.CheckPage(t, ctx, "arkiv-aldre-sammantraden")
	if !present(t, ctx, `#gallring-meeting option[value="`+mid+`"]`) {
		t.Fatalf("the older protocol is not offered: %q", text(t, ctx, chromedp.ID("gallring-meeting")))
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("gallring-meeting"), mid),
		chromedp.SetValue(chromedp.ID("gallring-paragraph"), fmt.Sprint(no))); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, archiveURL, "gallring-run", "#gallring-result")
	if s := text(t, ctx, chromedp.ID("gallring-result")); !strings.Contains(s, "nekade") {
		t.Errorf("gallring under the older protocol: %q", s)
	}
}
