package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var decideError = regexp.MustCompile(`(?s)<div class="alert" role="alert" id="decide-error">(.*?)</div>`)

// readyImpactCase registers a case over the API whose memo states a budget
// impact of impactOre on 2026, and takes it to beslutsklar.
func readyImpactCase(t *testing.T, env *apptest.Env, impactOre int64) (id string, version any) {
	t.Helper()
	h := env.Token("handlaggare")
	id = apiCall(t, env, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Avtal med MBAB om drift"}, nil)["id"].(string)
	apiCall(t, env, h, http.MethodPut, "/api/v1/cases/"+id+"/memo", map[string]any{
		"title": "Avtal med MBAB", "author_name": "Olof Nilsson", "author_title": "IT-strateg", "recipient_board": "IT-nämnden",
		"proposal_intro": "IT-nämnden beslutar", "clauses": []string{"att teckna avtal om drift med MBAB"}, "description": "Avtalet löper ut.",
		"basis": []map[string]any{{"text": "Avtalsutkast"}}, "assessment": "Bör tecknas.", "consequences": "Ryms i ramen.",
		"send_to": []string{"IT-chefen"},
		"budget_impact": []map[string]any{{"type": "avtal", "year": 2026, "category": "Avtal om drift", "amount_ore": impactOre,
			"kind": "shared", "within_frame": true}}}, 0)
	v := apiCall(t, env, h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
	v = apiCall(t, env, h, http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, v)["version"]
	v = apiCall(t, env, h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)["version"]
	return id, v
}

// TestDecisionFormAmountCannotSidestepTheImpact drives the case page's
// decision form through the real engine as the IT-chef (B3, up to 5
// prisbasbelopp) on a memo with a budget impact of 100 000 kr. A lower
// amount typed without a reason is refused with the Swedish message on
// the page and the form kept as typed; an amount beyond the bound
// (|amount| > 10^13 öre, 100 000 000 000 kr) is refused likewise; neither
// stores anything. With a reason the lower amount is decided and recorded
// with it.
func TestDecisionFormAmountCannotSidestepTheImpact(t *testing.T) {
	env := apptest.New(t)
	id, version := readyImpactCase(t, env, 10_000_000)
	b, csrf := loggedIn(t, env, "it-chef")
	if _, page, _ := b.get("/arenden/" + id); !strings.Contains(page, `id="take-decision"`) || !strings.Contains(page, `id="amount" name="amount" type="text" inputmode="decimal" value="100`) {
		t.Fatalf("the decision form does not offer the memo's 100 000 kr:\n%s", page)
	}
	decide := func(amount, reason string) (int, string, http.Header) {
		t.Helper()
		return b.post("/arenden/"+id+"/beslut", url.Values{"csrf": {csrf}, "version": {jsonNum(version)}, "point_code": {"B3"},
			"kind": {"delegation"}, "amount": {amount}, "amount_reason": {reason}, "action": {"decide"}})
	}
	refused := func(what, amount, want string) {
		t.Helper()
		before := env.Snapshot(t)
		status, page, _ := decide(amount, "")
		m := decideError.FindStringSubmatch(page)
		if status != http.StatusUnprocessableEntity || m == nil || !strings.Contains(html.UnescapeString(m[1]), want) {
			t.Errorf("%s: %d, want 422 and %q on the page; the error shown: %q", what, status, want, m)
		}
		if !strings.Contains(page, `id="take-decision"`) || !strings.Contains(page, `name="amount" type="text" inputmode="decimal" value="`+amount+`"`) {
			t.Errorf("%s: the form is not in place with the amount as typed", what)
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s: stored data changed", what)
		}
	}
	refused("1 kr typed against the memo's 100 000 kr, no reason", "1",
		"Ange skäl när beloppet avviker från tjänsteskrivelsens budgetpåverkan")
	refused("50 000 kr typed against the memo's 100 000 kr, no reason", "50 000",
		"Ange skäl när beloppet avviker från tjänsteskrivelsens budgetpåverkan")
	refused("an amount beyond the bound", "100 000 000 000,01", "Beloppet är för stort.")
	refused("a negative amount beyond the bound", "-100 000 000 001", "Beloppet är för stort.")

	status, _, h := decide("50 000", "Första delbetalningen")
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/beslut/") {
		t.Fatalf("50 000 kr with a reason: %d %s", status, h.Get("Location"))
	}
	did := strings.TrimPrefix(strings.Split(h.Get("Location"), "?")[0], "/beslut/")
	d := apiCall(t, env, env.Token("revisor"), http.MethodGet, "/api/v1/decisions/"+did, nil, nil)
	if d["amount_ore"] != float64(5_000_000) || d["amount_reason"] != "Första delbetalningen" {
		t.Errorf("the decision stored: amount %v, reason %v", d["amount_ore"], d["amount_reason"])
	}
}
