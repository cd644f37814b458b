package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestLegalFormsRefuseOnTheirPage: a delgivning or an appeal the use case
// refuses (a day in the future or before the decision, an appeal with no
// period running, a stale version) re-renders the page the form was sent
// from — the decision page or the case page — with 422 or 409 and the
// Swedish message under the field by its label, the typed values kept;
// nothing is stored, and no error page is shown.
func TestLegalFormsRefuseOnTheirPage(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal om kopiatorer")
	caseID := did[:36]
	env.Call(t, env.Token("ordforande"), http.MethodPost, "/api/v1/decisions/"+did+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	sek, csrf := loggedIn(t, env, "sekreterare")
	version := func() string {
		return fmt.Sprint(env.Call(t, env.Token("sekreterare"), http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["version"])
	}
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		form.Set("csrf", csrf)
		if form.Get("version") == "" {
			form.Set("version", version())
		}
		before := env.Snapshot(t)
		status, page, _ := sek.post(path, form)
		if env.Snapshot(t) != before {
			t.Errorf("a refused %s changed stored data", path)
		}
		return status, page
	}
	for _, tc := range []struct {
		name, path string
		form       url.Values
		status     int
		page, want string // the page shown (its h1), the message
	}{
		{"delgivning in the future, from the decision page", "/arenden/" + caseID + "/delgivning",
			url.Values{"decision": {did}, "party": {"Leverantören AB"}, "notified_on": {"2099-01-01"}, "manner": {"brev"}, "back": {"/beslut/" + did}},
			http.StatusUnprocessableEntity, "Delegationsbeslut – ", `<span class="field-error" role="alert">Delgiven: Datumet kan inte ligga i framtiden.</span>`},
		{"delgivning before the decision, from the case page", "/arenden/" + caseID + "/delgivning",
			url.Values{"decision": {did}, "party": {"Leverantören AB"}, "notified_on": {"2020-01-01"}, "manner": {"brev"}},
			http.StatusUnprocessableEntity, "Avtal om kopiatorer", `<span class="field-error" role="alert">Delgiven: Datumet kan inte ligga före beslutsdagen.</span>`},
		{"delgivning with a bad date", "/arenden/" + caseID + "/delgivning",
			url.Values{"decision": {did}, "party": {"Leverantören AB"}, "notified_on": {"igår"}, "manner": {"brev"}, "back": {"/beslut/" + did}},
			http.StatusUnprocessableEntity, "Delegationsbeslut – ", `Delgiven: Ogiltigt datum.`},
		{"laglighetsprövning with no period running", "/arenden/" + caseID + "/overklagande",
			url.Values{"decision": {did}, "route": {"laglighetsprovning"}, "received_on": {"2026-03-02"}, "received_by": {"Förvaltningsrätten i Växjö"}, "back": {"/beslut/" + did}},
			http.StatusUnprocessableEntity, "Delegationsbeslut – ", `<span class="field-error" role="alert">Inkom: Ingen överklagandetid löper ännu: protokollet är inte anslaget.</span>`},
		{"förvaltningsbesvär by a party never notified", "/arenden/" + caseID + "/overklagande",
			url.Values{"decision": {did}, "route": {"forvaltningsbesvar"}, "party": {"Okänd AB"}, "received_on": {"2026-03-02"}, "received_by": {"Nämnden"}},
			http.StatusUnprocessableEntity, "Avtal om kopiatorer", `<span class="field-error" role="alert">Klagande part: Överklagandet måste gälla en part som delgetts beslutet.</span>`},
		{"a stale version", "/arenden/" + caseID + "/delgivning",
			url.Values{"decision": {did}, "party": {"Leverantören AB"}, "manner": {"brev"}, "version": {"1"}, "back": {"/beslut/" + did}},
			http.StatusConflict, "Delegationsbeslut – ", `<p class="alert field-error" role="alert" id="error-delgivning">Någon annan har ändrat uppgifterna.`},
	} {
		status, page := post(tc.path, tc.form)
		if status != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.status)
		}
		if strings.Contains(page, "<h1>Det gick inte</h1>") || !strings.Contains(page, tc.page) || !strings.Contains(page, tc.want) {
			t.Errorf("%s: the page lacks %q on %q:\n%s", tc.name, tc.want, tc.page, page[strings.Index(page, "<main"):])
		}
		if strings.Contains(page, "/notified_on") || strings.Contains(page, "/received_on") || strings.Contains(page, "not_a_party") {
			t.Errorf("%s: the page shows a field code", tc.name)
		}
		if tc.status == http.StatusUnprocessableEntity && !strings.Contains(page, ` aria-invalid="true"`) {
			t.Errorf("%s: the refused field is not marked invalid", tc.name)
		}
		if p := tc.form.Get("party"); p != "" && !strings.Contains(page, `value="`+p+`"`) {
			t.Errorf("%s: the party typed is not kept", tc.name)
		}
	}
	// Right values go through and return to the decision page.
	status, _, h := sek.post("/arenden/"+caseID+"/delgivning", url.Values{"csrf": {csrf}, "version": {version()}, "decision": {did},
		"party": {"Leverantören AB"}, "manner": {"brev"}, "back": {"/beslut/" + did}})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/beslut/"+did) {
		t.Errorf("a right delgivning: %d %s", status, h.Get("Location"))
	}
}

// TestAbsenceRefusalsStayOnThePage: withdrawing another person's absence
// without the right, or one that does not exist, and recording one with a
// bad date, show the refusal on the Frånvaro page in Swedish with the
// field's label (no error page, no field code).
func TestAbsenceRefusalsStayOnThePage(t *testing.T) {
	env := apptest.New(t)
	a := env.Call(t, env.Token("sekreterare"), http.MethodPost, "/api/v1/boards/ITN/absences",
		map[string]any{"username": "ordforande", "from": "2026-03-09", "to": "2026-03-13"}, nil)
	h, csrf := loggedIn(t, env, "handlaggare")
	for _, tc := range []struct {
		name, path string
		form       url.Values
		status     int
		want       string
	}{
		{"another person's absence", "/franvaro/" + a["id"].(string) + "/aterkalla?namnd=ITN", url.Values{}, http.StatusForbidden, "Din roll i nämnden får inte göra detta."},
		{"an absence that does not exist", "/franvaro/finns-inte/aterkalla?namnd=ITN", url.Values{}, http.StatusNotFound, "Frånvaron finns inte."},
		{"a bad date", "/franvaro?namnd=ITN", url.Values{"username": {"handlaggare"}, "from": {"snart"}, "to": {"2026-03-13"}},
			http.StatusUnprocessableEntity, "Från: Ogiltigt datum."},
	} {
		tc.form.Set("csrf", csrf)
		before := env.Snapshot(t)
		status, page, _ := h.post(tc.path, tc.form)
		if status != tc.status || !strings.Contains(page, `id="absence-error">`) || !strings.Contains(page, tc.want) ||
			!strings.Contains(page, "<h1>Frånvaro (förhinder)</h1>") {
			t.Errorf("%s: %d, want %d with %q on the Frånvaro page:\n%s", tc.name, status, tc.status, tc.want, page)
		}
		if env.Snapshot(t) != before {
			t.Errorf("%s changed stored data", tc.name)
		}
	}
}

// TestReportFormRefusesOnItsPage: marking decisions as reported without
// the meeting's § shows the refusal next to the field on the list, with
// 422, the field by its label; nothing is stored.
func TestReportFormRefusesOnItsPage(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal om skrivare")
	sek, csrf := loggedIn(t, env, "sekreterare")
	before := env.Snapshot(t)
	status, page, _ := sek.post("/anmalningar?namnd=ITN", url.Values{"csrf": {csrf}, "decision": {did}, "meeting_ref": {" "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-report">`) ||
		!strings.Contains(page, "Sammanträde och paragraf: ") || strings.Contains(page, "meeting_ref:") ||
		!strings.Contains(page, `data-decision="`+did+`"`) {
		t.Errorf("no meeting §: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Errorf("a refused anmälan changed stored data")
	}
}
