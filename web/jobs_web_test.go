package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/workflow"
)

// upload posts a file in a multipart form as the browser's session.
func (b *browser) upload(path, csrf, field, name, content string, fields map[string]string) (int, string, http.Header) {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("csrf", csrf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(field, name)
	_, _ = io.WriteString(fw, content)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.env.URL(path), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

// TestDownloadsThroughTheWebSession: the decision file for offline
// verification and the delegationsordning as CSV and YAML download with
// the cookie session (the pages once linked API routes that answered 401),
// the file verifies offline, and without a session nothing is served.
func TestDownloadsThroughTheWebSession(t *testing.T) {
	env := apptest.New(t)
	did := decidedByChair(t, env, "Avtal med MBAB om drift")
	env.Call(t, env.Token("ordforande"), http.MethodPost, "/api/v1/decisions/"+did+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	b, _ := loggedIn(t, env, "revisor")

	_, page, _ := b.get("/beslut/" + did)
	if !strings.Contains(page, `href="/beslut/`+did+`/export"`) || strings.Contains(page, "/api/v1/") {
		t.Fatalf("decision page links:\n%s", page)
	}
	status, body, h := b.get("/beslut/" + did + "/export")
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("decision export: %d %v\n%.300s", status, h, body)
	}
	var x workflow.DecisionExport
	if err := json.Unmarshal([]byte(body), &x); err != nil {
		t.Fatal(err)
	}
	checks := workflow.VerifyExport(x)
	if len(checks) < 3 {
		t.Fatalf("checks: %v", checks)
	}
	for _, c := range checks {
		if !c.OK {
			t.Errorf("offline check %s failed: %s", c.Name, c.Detail)
		}
	}

	_, page, _ = b.get("/delegationsordning?namnd=ITN")
	if strings.Contains(page, "/api/v1/") || !strings.Contains(page, `/delegationsordning/ITN/1/export/delegationsordning.csv`) {
		t.Fatalf("order page links:\n%s", page)
	}
	status, csv, h := b.get("/delegationsordning/ITN/1/export/delegationsordning.csv")
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(csv, "A16;") {
		t.Fatalf("CSV: %d %s\n%s", status, h.Get("Content-Type"), csv)
	}
	status, yml, _ := b.get("/delegationsordning/ITN/1/export/delegationsordning.yaml")
	if status != http.StatusOK || !strings.Contains(yml, "A16") {
		t.Fatalf("YAML: %d\n%s", status, yml)
	}
	for _, p := range []string{"/delegationsordning/ITN/1/export/ordning.exe", "/delegationsordning/ITN/9/export/delegationsordning.csv",
		"/delegationsordning/XYZ/1/export/delegationsordning.csv", "/beslut/nej/export"} {
		if status, _, _ := b.get(p); status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, status)
		}
	}
	anon := newBrowser(t, env)
	for _, p := range []string{"/beslut/" + did + "/export", "/delegationsordning/ITN/1/export/delegationsordning.csv"} {
		if status, _, h := anon.get(p); status != http.StatusSeeOther || h.Get("Location") != "/login" {
			t.Errorf("anonymous %s: %d %s", p, status, h.Get("Location"))
		}
	}
}

var orderCSVHeader = "Kod;Avsnitt;Ärende;Lagrum;Delegat;Ersättare;Beloppsgräns;Villkor;Anmäls till;Vidaredelegering;Endast brådskande;Undantag KL 6:38;Principiell\n"

// TestNewOrderVersionUploadDiffAdopt: the secretary uploads a new version
// (CSV, and YAML as the download gives it), sees how it differs from the
// version in force, and adopts it with the nämnd's §. A refused adoption
// shows the reason at the form and adopts nothing; a revisor has no form.
func TestNewOrderVersionUploadDiffAdopt(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "sekreterare")
	_, yml, _ := b.get("/delegationsordning/ITN/1/export/delegationsordning.yaml")
	status, _, h := b.upload("/delegationsordning?namnd=ITN", csrf, "file", "ordning.yaml", yml, map[string]string{"title": "Samma som förut"})
	if status != http.StatusSeeOther || h.Get("Location") != "/delegationsordning/ITN/2?meddelande=importerad" {
		t.Fatalf("YAML upload: %d %s", status, h.Get("Location"))
	}
	_, page, _ := b.get("/delegationsordning/ITN/2")
	if !strings.Contains(page, `id="diff-none"`) || !strings.Contains(page, "Punkterna är desamma") {
		t.Errorf("unchanged YAML version: diff shown\n%s", page)
	}
	// A YAML file of another board is refused at the upload.
	status, page, _ = b.upload("/delegationsordning?namnd=ITN", csrf, "file", "ordning.yaml",
		strings.Replace(yml, "board: ITN", "board: KFN", 1), nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "import-error") {
		t.Errorf("YAML of another board: %d\n%s", status, page)
	}

	csv := orderCSVHeader +
		"A16;A Avtal;Avtal mellan Ölands IT-nämnd och de kommunala bolagen MBAB, BHEM, ÖBAB och BEAB;KL 6 kap. 37 §;Ordförande;Vice ordförande;50 000 kr;;Nämnd;Nej;Nej;;Nej\n" +
		"F9;F Personal;Anställning av personal;;Förvaltningschef;;;;Nämnd;Nej;Nej;;Nej\n"
	status, _, h = b.upload("/delegationsordning?namnd=ITN", csrf, "file", "ordning.csv", csv, map[string]string{"title": "Version 3"})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/delegationsordning/ITN/3") {
		t.Fatalf("CSV upload: %d %s", status, h.Get("Location"))
	}
	_, page, _ = b.get("/delegationsordning/ITN/3")
	for _, want := range []string{`<li data-code="A16">`, "Beloppsgräns: <del>Ingen beloppsgräns</del> → <ins>50\u00a0000,00\u00a0kr</ins>",
		`<li data-code="F9">`, "Ny punkt", `<li data-code="B3">`, "Punkten tas bort", `<li data-code="C1">`, `id="adopt-submit"`} {
		if !strings.Contains(page, want) {
			t.Errorf("version 3 page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("page:\n%s", page)
	}
	ifMatch := regexp.MustCompile(`name="if_match" value="(\d+)"`).FindStringSubmatch(page)[1]

	// Without the §: refused at the form, nothing adopted.
	before := env.Snapshot(t)
	status, page, _ = b.post("/delegationsordning/ITN/3/anta", url.Values{"csrf": {csrf}, "if_match": {ifMatch},
		"adopted_ref": {""}, "adopted_on": {"2026-03-02"}, "valid_from": {"2026-04-01"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="adopt-error"`) || !strings.Contains(page, "Beslutsparagraf") ||
		!strings.Contains(page, `value="2026-04-01"`) {
		t.Fatalf("adoption without §: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Error("a refused adoption changed stored data")
	}
	// The revisor sees the version and its differences but no form, and
	// a post is refused.
	rb, rcsrf := loggedIn(t, env, "revisor")
	if _, page, _ := rb.get("/delegationsordning/ITN/3"); strings.Contains(page, `id="adopt-submit"`) || !strings.Contains(page, "Ny punkt") {
		t.Errorf("revisor's view of the draft:\n%s", page)
	}
	if status, _, _ := rb.post("/delegationsordning/ITN/3/anta", url.Values{"csrf": {rcsrf}, "if_match": {ifMatch},
		"adopted_ref": {"ITN 2026-03-02 § 4"}, "adopted_on": {"2026-03-02"}, "valid_from": {"2026-04-01"}}); status != http.StatusForbidden {
		t.Errorf("revisor adopting: %d", status)
	}
	status, _, h = b.post("/delegationsordning/ITN/3/anta", url.Values{"csrf": {csrf}, "if_match": {ifMatch},
		"adopted_ref": {"ITN 2026-03-02 § 4"}, "adopted_on": {"2026-03-02"}, "valid_from": {"2026-04-01"}})
	if status != http.StatusSeeOther {
		t.Fatalf("adoption: %d", status)
	}
	_, page, _ = b.get(h.Get("Location"))
	if !strings.Contains(page, "Antagen genom ITN 2026-03-02 § 4 den 2026-03-02, gäller från 2026-04-01") || strings.Contains(page, `id="adopt-submit"`) {
		t.Errorf("adopted version page:\n%s", page)
	}
	// A second adoption of the same version (a stale form) changes nothing.
	before = env.Snapshot(t)
	if status, _, _ := b.post("/delegationsordning/ITN/3/anta", url.Values{"csrf": {csrf}, "if_match": {ifMatch},
		"adopted_ref": {"ITN 2026-03-02 § 5"}, "adopted_on": {"2026-03-02"}, "valid_from": {"2026-04-01"}}); status < 400 || status >= 500 {
		t.Errorf("adopting again: %d", status)
	}
	if env.Snapshot(t) != before {
		t.Error("adopting again changed stored data")
	}
}

// TestSubDelegationPage: the förvaltningschef passes B3 on to a
// handläggare through the page; the choices offer the board's officials
// only (not politicians, not the revisor), and a forged choice is refused
// by the use case with the reason at the form.
func TestSubDelegationPage(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "it-chef")
	_, page, _ := b.get("/delegationsordning?namnd=ITN")
	if !strings.Contains(page, `id="sub-form"`) || !strings.Contains(page, `id="no-subdelegations"`) {
		t.Fatalf("it-chef's order page:\n%s", page)
	}
	options := regexp.MustCompile(`(?s)<select id="sub-user".*?</select>`).FindString(page)
	if !strings.Contains(options, `value="handlaggare"`) || !strings.Contains(options, `value="sekreterare"`) {
		t.Errorf("officials missing from %s", options)
	}
	for _, not := range []string{"revisor", "ordforande", "vice-ordforande", "it-chef", "admin"} {
		if strings.Contains(options, `value="`+not+`"`) {
			t.Errorf("%s offered as a receiver: %s", not, options)
		}
	}
	if p := regexp.MustCompile(`(?s)<select id="sub-point".*?</select>`).FindString(page); !strings.Contains(p, `value="B3"`) || strings.Contains(p, `value="A16"`) {
		t.Errorf("points offered: %s", p)
	}
	before := env.Snapshot(t)
	status, page, _ := b.post("/delegationsordning/vidaredelegering?namnd=ITN", url.Values{"csrf": {csrf}, "point_code": {"B3"},
		"user": {"revisor"}, "valid_from": {"2026-03-02"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="sub-error"`) || !strings.Contains(page, "Vidaredelegering går bara till en tjänsteman") {
		t.Fatalf("to the revisor: %d\n%s", status, page)
	}
	status, page, _ = b.post("/delegationsordning/vidaredelegering?namnd=ITN", url.Values{"csrf": {csrf}, "point_code": {"B3"},
		"user": {"handlaggare"}, "valid_from": {"2026-03-02"}, "limit": {"några kronor"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Beloppsgräns") || !strings.Contains(page, `value="några kronor"`) {
		t.Fatalf("bad limit: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused vidaredelegering changed stored data")
	}
	status, _, h := b.post("/delegationsordning/vidaredelegering?namnd=ITN", url.Values{"csrf": {csrf}, "point_code": {"B3"},
		"user": {"handlaggare"}, "valid_from": {"2026-03-02"}, "valid_to": {"2026-12-31"}, "limit": {"100 000 kr"}})
	if status != http.StatusSeeOther {
		t.Fatalf("vidaredelegering: %d", status)
	}
	_, page, _ = b.get(h.Get("Location"))
	row := regexp.MustCompile(`(?s)<table id="subdelegations">.*?</table>`).FindString(page)
	for _, want := range []string{"B3", "Olof Nilsson", "från 2026-03-02 till och med 2026-12-31", "100\u00a0000,00\u00a0kr", "Karin Berg"} {
		if !strings.Contains(row, want) {
			t.Errorf("subdelegation list lacks %q: %s", want, row)
		}
	}
	// The same through the API's list: one door.
	got := env.Call(t, env.Token("revisor"), http.MethodGet, "/api/v1/boards/ITN/subdelegations", nil, nil)
	if items, _ := got["items"].([]any); len(items) != 1 {
		t.Errorf("API list after the web form: %v", got)
	}
	// The handläggare sees the list but no form.
	hb, _ := loggedIn(t, env, "handlaggare")
	if _, page, _ := hb.get("/delegationsordning?namnd=ITN"); strings.Contains(page, `id="sub-form"`) || !strings.Contains(page, "Olof Nilsson") {
		t.Errorf("handläggare's view:\n%s", page)
	}
}

// TestAgreementsAndUserCountsPages: the secretary records a user count and
// a new version of the samverkansavtal; bad values come back at the form
// with field labels; the revisor reads but has no forms.
func TestAgreementsAndUserCountsPages(t *testing.T) {
	env := apptest.New(t)
	b, csrf := loggedIn(t, env, "sekreterare")
	_, page, _ := b.get("/fordelning?namnd=ITN")
	if !strings.Contains(page, `href="/fordelning/avtal?namnd=ITN"`) {
		t.Fatalf("allocation page has no link to the agreements")
	}
	_, page, _ = b.get("/fordelning/avtal?namnd=ITN")
	for _, want := range []string{"Avtal om samverkan i gemensam IT-nämnd", "Borgholms kommun", "Mörbylånga kommun", "2025-01-01: 1671 användare",
		"Exakt antal användare", `id="count-submit"`, `id="agreement-submit"`} {
		if !strings.Contains(page, want) {
			t.Errorf("agreements page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("page:\n%s", page)
	}
	before := env.Snapshot(t)
	status, page, _ := b.post("/fordelning/anvandare?namnd=ITN", url.Values{"csrf": {csrf}, "member": {"0840"}, "key_date": {"2026-01-01"}, "users": {"många"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Antal användare") || !strings.Contains(page, `value="många"`) {
		t.Fatalf("bad count: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused user count changed stored data")
	}
	status, _, h := b.post("/fordelning/anvandare?namnd=ITN", url.Values{"csrf": {csrf}, "member": {"0840"}, "key_date": {"2026-01-01"}, "users": {"2 031"}})
	if status != http.StatusSeeOther {
		t.Fatalf("user count: %d", status)
	}
	_, page, _ = b.get(h.Get("Location"))
	if !strings.Contains(page, "2026-01-01: 2031 användare") {
		t.Errorf("recorded count not shown")
	}
	form := url.Values{"csrf": {csrf}, "title": {"Avtal om samverkan i gemensam IT-nämnd, reviderat"}, "valid_from": {"2027-01-01"},
		"host": {"0885"}, "members": {"0885", "0840"}, "key_month": {"1"}, "key_day": {"1"}, "key_mode": {"rounded_percent"},
		"invoicing_year_0": {"2027"}, "invoicing_rule_0": {"objects_in_arrears"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("valid_from", "i morgon")
	before = env.Snapshot(t)
	status, page, _ = b.post("/fordelning/avtal?namnd=ITN", bad)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Gäller från") || !strings.Contains(page, "reviderat") {
		t.Fatalf("bad agreement: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused agreement changed stored data")
	}
	status, page, h = b.post("/fordelning/avtal?namnd=ITN", form)
	if status != http.StatusSeeOther {
		t.Fatalf("agreement: %d\n%s", status, page)
	}
	got := env.Call(t, env.Token("revisor"), http.MethodGet, "/api/v1/boards/ITN/agreements", nil, nil)
	if items, _ := got["items"].([]any); len(items) != 2 {
		t.Errorf("API list after the web form: %v", got)
	}
	rb, _ := loggedIn(t, env, "revisor")
	_, page, _ = rb.get("/fordelning/avtal?namnd=ITN")
	if !strings.Contains(page, "reviderat") || strings.Contains(page, `id="count-submit"`) || strings.Contains(page, `id="agreement-submit"`) {
		t.Errorf("revisor's view:\n%s", page)
	}
}

// TestMemoDispatchOnTheCasePage: the handläggare expedierar the memo from
// the case page; without a recipient the form says so in place.
func TestMemoDispatchOnTheCasePage(t *testing.T) {
	env := apptest.New(t)
	id := decidedByChairWithout(t, env, "Avtal om säkerhetstjänster")
	b, csrf := loggedIn(t, env, "handlaggare")
	_, page, _ := b.get("/arenden/" + id)
	version := regexp.MustCompile(`(?s)id="dispatch-form".*?name="version" value="(\d+)"`).FindStringSubmatch(page)
	if version == nil {
		t.Fatalf("no dispatch form:\n%s", page)
	}
	before := env.Snapshot(t)
	status, page, _ := b.post("/arenden/"+id+"/tjansteskrivelse/expediera", url.Values{"csrf": {csrf}, "version": {version[1]}, "recipient": {"  "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="dispatch-error"`) || !strings.Contains(page, "Mottagare") {
		t.Fatalf("no recipient: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Fatal("a refused dispatch changed stored data")
	}
	status, _, _ = b.post("/arenden/"+id+"/tjansteskrivelse/expediera", url.Values{"csrf": {csrf}, "version": {version[1]}, "recipient": {"Mörbylånga kommun"}})
	if status != http.StatusSeeOther {
		t.Fatalf("dispatch: %d", status)
	}
	got := env.Call(t, env.Token("handlaggare"), http.MethodGet, "/api/v1/cases/"+id, nil, nil)
	if memo, _ := got["memo"].(map[string]any); memo["upprattad_reason"] != "expedierad" {
		t.Errorf("memo after dispatch: %v", got["memo"])
	}
	// The revisor sees no form.
	rb, _ := loggedIn(t, env, "revisor")
	if _, page, _ := rb.get("/arenden/" + id); strings.Contains(page, `id="dispatch-form"`) {
		t.Error("revisor offered the dispatch form")
	}
}

// TestCheckpointsAndExplainedVerification: the secretary signs a
// checkpoint from the verification page; the revisor sees it listed, the
// result explained in Swedish, and no button; a revisor's post is refused
// with the reason on the page.
func TestCheckpointsAndExplainedVerification(t *testing.T) {
	env := apptest.New(t)
	decidedByChair(t, env, "Avtal med MBAB om drift")
	sb, scsrf := loggedIn(t, env, "sekreterare")
	_, page, _ := sb.get("/revision/kontroll")
	if !strings.Contains(page, `id="make-checkpoint"`) {
		t.Fatalf("secretary has no checkpoint button:\n%s", page)
	}
	status, _, h := sb.post("/revision/kontrollpunkt", url.Values{"csrf": {scsrf}})
	if status != http.StatusSeeOther {
		t.Fatalf("checkpoint: %d", status)
	}
	_, page, _ = sb.get(h.Get("Location"))
	if !strings.Contains(page, "En ny kontrollpunkt är signerad.") || !strings.Contains(page, `<li data-seq="1">`) {
		t.Errorf("after the checkpoint:\n%s", page)
	}
	rb, rcsrf := loggedIn(t, env, "revisor")
	_, page, _ = rb.get("/revision/kontroll")
	for _, want := range []string{`id="verify-ok"`, `id="verify-explained"`, "ingen händelse i något ärende har ändrats", `<li data-seq="1">`,
		`<p id="verify-admin">Administrationens register: `, "(ärenden och administrationens register)"} {
		if !strings.Contains(page, want) {
			t.Errorf("revisor's verification page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="make-checkpoint"`) {
		t.Error("revisor offered the checkpoint button")
	}
	before := env.Snapshot(t)
	status, page, _ = rb.post("/revision/kontrollpunkt", url.Values{"csrf": {rcsrf}})
	if status != http.StatusForbidden || !strings.Contains(page, `id="verify-error"`) {
		t.Errorf("revisor's checkpoint: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Error("a revisor's refused checkpoint changed stored data")
	}
}
