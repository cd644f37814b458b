package web_test

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// TestMeetingStandardItemsAndJavOnTheWeb: the secretary plans a meeting
// with the standard items and a justering day through the form (a
// justerare who does not serve is refused next to the form, in Swedish,
// with the form kept); the agenda opens with them, without §; at § 1 the
// vice chair leaves for jäv and the ersättare steps in, and the meeting
// page and the protocol PDF say so. A stepping-in ersättare without a
// jävig member is refused next to the paragraph form.
func TestMeetingStandardItemsAndJavOnTheWeb(t *testing.T) {
	env := apptest.New(t)
	withErsattare(t, env)
	caseID := decidedByChairWithout(t, env, "Avtal om serverhall")
	// The vice chair has declared jäv in the case: the § form proposes
	// that member as leaving the §.
	cv := apiCall(t, env, env.Token("sekreterare"), http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["version"]
	apiCall(t, env, env.Token("sekreterare"), http.MethodPost, "/api/v1/cases/"+caseID+"/jav",
		map[string]string{"person": "vice-ordforande", "ground": "Närstående äger leverantören"}, cv)
	sek, csrf := loggedIn(t, env, "sekreterare")
	_, page, _ := sek.get("/sammantraden")
	if !strings.Contains(page, `id="standard_items" name="standard_items" type="checkbox" checked`) ||
		!strings.Contains(page, `<option value="vice-ordforande">`) || strings.Contains(page, `<option value="per-ersattare">`) {
		t.Fatalf("planning form: standard items on by default, justerare among the ledamöter:\n%s", page)
	}
	plan := url.Values{"csrf": {csrf}, "starts_at": {"2026-03-02T13:00"}, "place": {"Stadshuset"}, "justerare": {"per-ersattare"},
		"justering_on": {"2026-03-09"}, "standard_items": {"on"}}
	status, page, _ := sek.post("/sammantraden?namnd=ITN", plan)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-plan"`) ||
		!strings.Contains(page, "Justerare 1: En justerare väljs bland de närvarande ledamöterna") || !strings.Contains(page, `value="Stadshuset"`) {
		t.Fatalf("an ersättare as justerare: %d\n%s", status, page)
	}
	plan.Set("justerare", "vice-ordforande")
	status, _, h := sek.post("/sammantraden?namnd=ITN", plan)
	if status != http.StatusSeeOther {
		t.Fatalf("planning: %d", status)
	}
	mpage := h.Get("Location")
	mid := strings.TrimPrefix(mpage, "/sammantraden/")
	version := func() string {
		return strings.TrimSuffix(strings.TrimPrefix(env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/meetings/" + mid,
			Token: env.Token("sekreterare")}).Header.Get("ETag"), `"`), `"`)
	}
	_, page, _ = sek.get(mpage)
	for _, want := range []string{"Mötets öppnande", "Val av justerare och tid för justering", "Godkännande av dagordningen", "Anmälningar", "Information",
		"Justering sker 2026-03-09.", `value="formal:`} {
		if want == `value="formal:` {
			if strings.Contains(page, want) {
				t.Errorf("every standard item is on the agenda, yet one is offered")
			}
			continue
		}
		if !strings.Contains(page, want) {
			t.Errorf("meeting page lacks %q", want)
		}
	}
	// A justerare who does not serve is refused next to the field.
	status, page, _ = sek.post(mpage+"/justerare", url.Values{"csrf": {csrf}, "version": {version()}, "justerare": {"per-ersattare"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-justerare">Uppgifterna är inte giltiga. Justerare 1: En justerare väljs bland de närvarande ledamöterna`) ||
		strings.Index(page, `id="error-justerare"`) < strings.Index(page, `id="justerare-form"`) {
		i := strings.Index(page, "error-justerare")
		t.Errorf("an ersättare as justerare on the meeting page: %d %s", status, page[max(0, i-200):min(len(page), i+300)])
	}
	if s, _, _ := sek.post(mpage+"/status", url.Values{"csrf": {csrf}, "version": {version()}, "status": {"pagaende"}}); s != http.StatusSeeOther {
		t.Fatalf("open: %d", s)
	}
	_, page, _ = sek.get(mpage)
	if strings.Contains(page, `id="record-0"`) || !strings.Contains(page, `id="record-3"`) || !strings.Contains(page, `id="jav-substitute-3"`) {
		t.Fatalf("record forms: the standard items draw no §, the ärende (item 3) does")
	}
	if !strings.Contains(page, `<option value="vice-ordforande" selected>Erik Johansson (jäv anmält i ärendet)</option>`) {
		t.Errorf("the declared jäv is not proposed on the § form")
	}
	status, page, _ = sek.post(mpage+"/paragraf", url.Values{"csrf": {csrf}, "item": {"3"}, "outcome": {"bifall"}, "jav_substitute": {"per-ersattare"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="error-paragraf"`) || !strings.Contains(page, "Jävig ledamot 1: Personen är inte anmäld som jävig") {
		t.Errorf("an ersättare without a jävig ledamot: %d", status)
	}
	status, _, _ = sek.post(mpage+"/paragraf", url.Values{"csrf": {csrf}, "item": {"3"}, "outcome": {"bifall"}, "clauses": {"avtalet godkänns"},
		"jav": {"vice-ordforande"}, "jav_substitute": {"per-ersattare"}})
	if status != http.StatusSeeOther {
		t.Fatalf("§ with jäv: %d", status)
	}
	_, page, _ = sek.get(mpage)
	if !strings.Contains(page, "§ 1 Avtal om serverhall") || !strings.Contains(page, "deltar inte i handläggningen på grund av jäv; Per Ersättare") {
		t.Errorf("protocol on the page lacks the § or the jäv:\n%s", page)
	}
	status, pdf, _ := sek.get(mpage + "/protokoll.pdf")
	if status != http.StatusOK {
		t.Fatalf("protocol PDF: %d", status)
	}
	text, err := browsertest.PDFText([]byte(pdf))
	if err != nil {
		if _, lerr := exec.LookPath("pdftotext"); lerr != nil && os.Getenv(browsertest.EnvRequire) != "1" {
			t.Skipf("pdftotext: %v", lerr)
		}
		t.Fatalf("pdftotext: %v", err)
	}
	text = strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Mötets öppnande", "förklarar sammanträdet öppnat kl.", "Justering sker 2026-03-09.", "Dagordningen godkänns.",
		"§ 1 Avtal om serverhall", "Erik Johansson", "deltar inte i handläggningen på grund av jäv; Per Ersättare", "tjänstgör.", "Anmälningarna läggs till handlingarna."} {
		if !strings.Contains(text, want) {
			t.Errorf("protocol PDF lacks %q:\n%s", want, text)
		}
	}
	browsertest.CheckPDF(t, "protokoll", []byte(pdf))
}
