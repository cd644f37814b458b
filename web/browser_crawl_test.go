package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// idSegment is a path segment that names one object (a UUID, a number),
// so pages of one kind share a pattern.
var idSegment = regexp.MustCompile(`^(?:[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}(?:-[a-z0-9]+)?|\d+)$`)

// pagePattern is the kind of page a link leads to: its path with every
// id segment as ":id".
func pagePattern(link string) string {
	path, _, _ := strings.Cut(link, "?")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if idSegment.MatchString(p) {
			parts[i] = ":id"
		}
	}
	return strings.Join(parts, "/")
}

var (
	formAction = regexp.MustCompile(`<form\b[^>]*action="([^"?]*)`)
	heading    = regexp.MustCompile(`(?s)<h2\b[^>]*>(.*?)</h2>`)
)

// pageShape is what makes two pages of one kind look different to the
// checks: the kind, the forms it offers (by their action's pattern) and
// its section headings. A page of the same shape as one checked already
// (another role's or another object's) adds nothing to check.
func pageShape(page, body string) string {
	parts := []string{pagePattern(page)}
	for _, m := range formAction.FindAllStringSubmatch(body, -1) {
		parts = append(parts, pagePattern(m[1]))
	}
	for _, m := range heading.FindAllStringSubmatch(body, -1) {
		parts = append(parts, m[1])
	}
	return strings.Join(parts, "|")
}

// perPattern bounds the pages of one kind checked for one role: enough to
// see a kind of page in its different states (a case being prepared, one
// ready for decision, one decided), not every case of the demo.
const perPattern = 3

// TestBrowserEveryPageOfEveryRole logs in as each role in Chromium, on the
// demo data and the fixtures of the form crawl, collects every page
// reachable from the menus and the pages' links (same origin; downloads,
// PDFs and exports left out; at most perPattern pages of one kind), and
// runs browsertest.CheckPage on each: axe at 375 and 1280 px, no
// sideways scrolling at 375 px, and no internal code in the text. A page
// of the same shape as one already checked (pageShape: the same kind,
// forms and sections, for another role or object) is not checked again.
func TestBrowserEveryPageOfEveryRole(t *testing.T) {
	env := apptest.New(t)
	formFixtures(t, env)
	// The demo has no registrator: one is made as an administrator would.
	admin := env.Token("admin")
	apiCall(t, env, admin, http.MethodPost, "/api/v1/users", map[string]string{"username": "registrator", "name": "Rut Diarie",
		"password": apptest.DemoPassword}, nil)
	apiCall(t, env, admin, http.MethodPost, "/api/v1/users/registrator/roles", map[string]string{"board": "ITN", "role": "registrator",
		"valid_from": "2020-01-01"}, nil)

	total, reached, shapes := 0, 0, map[string]bool{}
	for _, user := range []string{"handlaggare", "ordforande", "sekreterare", "registrator", "revisor", "admin"} {
		t.Run(user, func(t *testing.T) {
			b, _ := loggedIn(t, env, user)
			var pages []string
			kinds := map[string]int{}
			visit(t, b, "/", func(page, body string) {
				reached++
				if k, sh := pagePattern(page), pageShape(page, body); kinds[k] < perPattern && !shapes[sh] {
					kinds[k]++
					shapes[sh] = true
					pages = append(pages, page)
				}
			})
			ctx := browsertest.New(t, 15*time.Minute)
			login(t, ctx, env, user)
			for _, page := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(env.URL(page)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Errorf("%s: %v", page, err)
					continue
				}
				browsertest.CheckPage(t, ctx, page)
			}
			if len(pages) < 3 {
				t.Errorf("only %d pages reached as %s: %v", len(pages), user, pages)
			}
			t.Logf("%s: %d pages of %d kinds checked (new shapes)", user, len(pages), len(kinds))
			total += len(pages)
		})
	}
	t.Logf("%d pages reached by the six roles, %d of them of a new shape checked at 375 and 1280 px", reached, total)
}
