package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestAdministrationPagesOverHTTP: the administrator's pages answer a bad
// form with the Swedish reason, keep what was typed and change nothing;
// revisorer ask "who held it" and get the holder with the records; from
// 1 November the secretary's start page warns that next year's
// prisbasbelopp is missing.
func TestAdministrationPagesOverHTTP(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "admin")
	before := env.Snapshot(t)
	status, page, _ := b.post("/admin/namnder", url.Values{"csrf": {csrf}, "code": {"ITN"}, "name": {"Dubblett"}, "kind": {"namnd"}})
	if status != http.StatusConflict || !strings.Contains(page, "Nämnden finns redan.") || !strings.Contains(page, `value="Dubblett"`) || env.Snapshot(t) != before {
		t.Errorf("a taken code: %d\n%s", status, page[strings.Index(page, "<main"):])
	}
	status, page, _ = b.post("/admin/personer/handlaggare/roller", url.Values{"csrf": {csrf}, "board": {"ITN"}, "role": {"sekreterare"},
		"valid_from": {"2026-05-01"}, "valid_to": {"2026-04-01"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Slutdatum är före startdatum") || env.Snapshot(t) != before {
		t.Errorf("valid_to before valid_from: %d\n%s", status, page)
	}
	status, _, hdr := b.post("/admin/personer", url.Values{"csrf": {csrf}, "username": {"ny.person"}, "name": {"Ny Person"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/admin/personer/ny.person") {
		t.Fatalf("a new person: %d %v", status, hdr)
	}
	_, page, _ = b.get("/admin/personer/ny.person")
	if !strings.Contains(page, "Loggar in med SSO; kopplas vid första inloggningen.") || !strings.Contains(page, "Konto skapat") {
		t.Errorf("the new person's page:\n%s", page)
	}

	rb, _ := loggedIn(t, env, "revisor")
	_, page, _ = rb.get("/revision/innehavare?namnd=ITN&datum=2025-03-01&fraga=roll&varde=ordforande")
	if !strings.Contains(page, `data-username="ordforande"`) || !strings.Contains(page, "Konto skapat av admin") {
		t.Errorf("who held the chair:\n%s", page)
	}
	if status, _, _ := rb.get("/admin"); status != http.StatusForbidden {
		t.Errorf("a revisor on /admin: %d", status)
	}

	env.Clock.Set(time.Date(2026, 11, 1, 9, 0, 0, 0, platform.Stockholm))
	sb, _ := loggedIn(t, env, "sekreterare")
	if _, page, _ := sb.get("/"); !strings.Contains(page, `data-code="reference_value_due" data-year="2027"`) {
		t.Errorf("the secretary's start page on 1 November:\n%s", page)
	}
	hb, _ := loggedIn(t, env, "handlaggare")
	if _, page, _ := hb.get("/"); strings.Contains(page, `id="warnings"`) {
		t.Errorf("a handläggare is warned about reference data")
	}
}
