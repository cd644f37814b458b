package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestBrowserPeopleAndSeatForm walks the people list and the seat form in
// Chromium, each page checked (axe, 375 px): 60 more people fill two
// pages of the list, "Nästa" leads to the second, "Sök person" finds Åsa
// Öberg by ÖBERG; on the board page a person search offers her, the seat
// form is filled with her username and the seat is listed with her name.
func TestBrowserPeopleAndSeatForm(t *testing.T) {
	browsertest.Require(t)
	env := apptest.New(t)
	env.Grow(t, apptest.Growth{Users: 60})
	adm := env.Token("admin")
	apiCall(t, env, adm, http.MethodPost, "/api/v1/users", map[string]string{"username": "asa.oberg", "name": "Åsa Öberg", "title": "Ledamot"}, nil)
	ctx := browsertest.New(t, 120*time.Second)
	login(t, ctx, env, "admin")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/admin/personer")), chromedp.WaitVisible(chromedp.ID("people-next"))); err != nil {
		t.Fatalf("people list: %v", err)
	}
	browsertest.CheckPage(t, ctx, "personer-sida-1")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("people-next")), chromedp.WaitVisible(chromedp.ID("people-prev"))); err != nil {
		t.Fatalf("page 2: %v", err)
	}
	browsertest.CheckPage(t, ctx, "personer-sida-2")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("people-q"), "ÖBERG"), chromedp.Click(chromedp.ID("people-search-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#people tr[data-username="asa.oberg"]`))); err != nil {
		t.Fatalf("search: %v", err)
	}
	if s := text(t, ctx, chromedp.ID("people-count")); !strings.HasPrefix(s, "1 person vars namn") {
		t.Errorf("the search's count: %q", s)
	}

	boardURL := env.URL("/admin/namnder/ITN")
	if err := chromedp.Do(ctx, chromedp.Navigate(boardURL), chromedp.WaitVisible(chromedp.ID("seat-search-q")),
		chromedp.SendKeys(chromedp.ID("seat-search-q"), "öberg"), chromedp.Click(chromedp.ID("seat-search-submit")),
		chromedp.WaitVisible(chromedp.CSS(`#seat-people li[data-username="asa.oberg"]`))); err != nil {
		t.Fatalf("person search on the board page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "mandat-sok-person")
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("seat-holder"), "asa.oberg"),
		chromedp.SetValue(chromedp.ID("seat-party"), "Partiet"), chromedp.SetValue(chromedp.ID("seat-from"), "2026-01-01")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, boardURL+"?"+url.Values{"q": {"öberg"}}.Encode(), "seat-add", `#seats tr[data-holder="asa.oberg"]`)
	if s := text(t, ctx, chromedp.CSS(`#seats tr[data-holder="asa.oberg"]`)); !strings.Contains(s, "Åsa Öberg") {
		t.Errorf("the new seat: %q", s)
	}
}
