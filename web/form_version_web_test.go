package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestAGarbledFormVersionIsRefusedInPlainSwedish: a form whose hidden
// version is not a number (a page saved and edited, a broken proxy) is
// refused with 400 and a reason a user can act on — reload the page —
// not the API's "Ogiltigt If-Match-värde" (a web form has no If-Match);
// nothing is stored.
func TestAGarbledFormVersionIsRefusedInPlainSwedish(t *testing.T) {
	env := apptest.New(t)
	c := env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Skrivare"}, nil)
	b, csrf := loggedIn(t, env, "handlaggare")
	before := env.Snapshot(t)
	status, page, _ := b.post("/arenden/"+c["id"].(string)+"/handelse/start", url.Values{"csrf": {csrf}, "version": {"tre"}})
	if status != http.StatusBadRequest || !strings.Contains(alertText(page), "Ladda om sidan") || strings.Contains(page, "If-Match") {
		t.Errorf("a garbled version: %d %q", status, alertText(page))
	}
	if env.Snapshot(t) != before {
		t.Errorf("a garbled version changed stored data")
	}
}
