package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestStartPageIsTheDesk: the start page is the person's "Att göra": the
// chair sees the decision waiting for their signature, linked to the
// decision page (where signing asks for the password); the handläggare
// sees the case, not the signature; a person with nothing waiting is
// told so.
func TestStartPageIsTheDesk(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med MBAB om drift")
	start := func(user string) string {
		t.Helper()
		b := newBrowser(t, env)
		_, page, _ := b.get("/login")
		if status, _, _ := b.post("/login", url.Values{"csrf": {csrfOf(t, page)}, "username": {user}, "password": {apptest.DemoPassword}}); status != http.StatusSeeOther {
			t.Fatalf("login %s: %d", user, status)
		}
		status, page, _ := b.get("/")
		if status != 200 || !strings.Contains(page, `id="desk-heading">Att göra<`) {
			t.Fatalf("start page of %s: %d\n%s", user, status, page)
		}
		return page
	}
	chair := start("ordforande")
	if !strings.Contains(chair, `id="desk-sign">Beslut att signera (1)<`) || !strings.Contains(chair, `href="/beslut/`+did+`"`) {
		t.Errorf("the chair's desk lacks the decision to sign:\n%s", chair)
	}
	officer := start("handlaggare")
	if strings.Contains(officer, `id="desk-sign"`) || !strings.Contains(officer, `id="desk-cases">Dina ärenden (1)<`) ||
		!strings.Contains(officer, "Avtal med MBAB om drift (Beslutat)") {
		t.Errorf("the handläggare's desk:\n%s", officer)
	}
	if auditor := start("revisor"); !strings.Contains(auditor, `id="desk-empty"`) {
		t.Errorf("the revisor's desk is not empty:\n%s", auditor)
	}
}
