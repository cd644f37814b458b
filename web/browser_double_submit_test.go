package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestBrowserFormIsSentOnce: app.js drops a second submit of a POST form
// while the first is on its way (a double click), lets a search (GET)
// form through every time, and lets the form be sent again once the
// guard has lapsed. The page's own listener, after app.js's, records
// whether each submit was dropped and stops the navigation, so what is
// measured is the guard alone, in real Chromium.
func TestBrowserFormIsSentOnce(t *testing.T) {
	env := apptest.New(t)
	ctx := browsertest.New(t, 60*time.Second)
	login(t, ctx, env, "handlaggare")
	const probe = `(() => {
  const seen = [];
  window.addEventListener("submit", e => { seen.push(e.defaultPrevented); e.preventDefault(); });
  const post = document.getElementById("register-submit").form;
  document.getElementById("title").value = "Dubbelklick";
  post.requestSubmit(); post.requestSubmit(); post.requestSubmit();
  const get = document.createElement("form");
  get.method = "get"; get.action = "/arenden";
  document.body.appendChild(get);
  get.requestSubmit(); get.requestSubmit();
  post.dataset.sentAt = String(Date.now() - 5000);
  post.requestSubmit();
  return JSON.stringify(seen);
})()`
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL("/arenden/nytt")),
		chromedp.WaitVisible(chromedp.ID("register-submit")),
	); err != nil {
		t.Fatal(err)
	}
	seen, err := chromedp.Run(ctx, chromedp.Evaluate[string](probe))
	if err != nil {
		t.Fatal(err)
	}
	// Dropped: the second and third press; not the searches, nor the
	// press after the guard lapsed.
	if want := "[false,true,true,false,false,false]"; seen != want {
		t.Errorf("submits dropped %s, want %s", seen, want)
	}
}
