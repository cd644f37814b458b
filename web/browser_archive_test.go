package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	mime "mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// archiveFixtures makes, over the API, what the arkivarie works on: a
// closed case with a signed delegated decision (class 2.3), a voided
// incident case (3.1) and a voided cooperation case (1.2), each with an
// incoming handling, and the nämnd's gallringsbeslut: a § of a justerat
// protocol deciding "gallra handlingar enligt informationshanteringsplanen"
// on a case of class 4.1. It returns the case ids by name, the meeting id
// and the §.
func archiveFixtures(t *testing.T, env *apptest.Env) (map[string]string, string, int) {
	t.Helper()
	h, sek := env.Token("handlaggare"), env.Token("sekreterare")
	call := func(token, method, path string, body, ifMatch any) map[string]any {
		t.Helper()
		return env.Call(t, token, method, path, body, ifMatch)
	}
	version := func(id string) any { return call(h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"] }
	register := func(title, class string) string {
		id := call(h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": title, "class": class}, nil)["id"].(string)
		body, ct := multipartFile(t, map[string]string{"direction": "inkommande", "description": "Rapport", "party": "Skolan"},
			"rapport.txt", []byte("Rapport\nLarmet gick 02.14.\n"))
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/documents", Token: h, Body: body,
			Header: map[string]string{"Content-Type": ct}})
		if r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		return id
	}
	ready := func(id, title string) {
		call(h, http.MethodPut, "/api/v1/cases/"+id+"/memo", map[string]any{"title": title, "clauses": []string{"gallra handlingar enligt informationshanteringsplanen"},
			"description": "x", "assessment": "y", "consequences": "z", "send_to": []string{"Arkivet"}}, 0)
		call(h, http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, version(id))
		call(h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, version(id))
	}
	ids := map[string]string{}
	ids["avtal"] = register("Avtal om skrivarservice", "2.3")
	ready(ids["avtal"], "Avtal om skrivarservice")
	d := call(env.Token("ordforande"), http.MethodPost, "/api/v1/cases/"+ids["avtal"]+"/decisions",
		map[string]any{"kind": "delegation", "point_code": "A16"}, version(ids["avtal"]))
	call(env.Token("ordforande"), http.MethodPost, "/api/v1/decisions/"+d["id"].(string)+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	call(h, http.MethodPost, "/api/v1/cases/"+ids["avtal"]+"/events/close", nil, version(ids["avtal"]))
	ids["larm"] = register("Larm i serverhallen", "3.1")
	call(sek, http.MethodPost, "/api/v1/cases/"+ids["larm"]+"/events/void", map[string]string{"note": "Falsklarm"}, version(ids["larm"]))
	ids["samverkan"] = register("Samverkan om nätdrift", "1.2")
	call(sek, http.MethodPost, "/api/v1/cases/"+ids["samverkan"]+"/events/void", map[string]string{"note": "Dubblett"}, version(ids["samverkan"]))

	// The gallringsbeslut.
	ids["gallring"] = call(h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Gallring enligt informationshanteringsplanen", "class": "4.1"}, nil)["id"].(string)
	ready(ids["gallring"], "Gallring enligt informationshanteringsplanen")
	m := call(sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-02T13:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}, nil)
	mid, path := m["id"].(string), "/api/v1/meetings/"+m["id"].(string)
	call(sek, http.MethodPut, path+"/status", map[string]string{"status": "pagaende"}, m["version"])
	no := 0
	for i, it := range m["agenda"].([]any) {
		if it.(map[string]any)["case_id"] == ids["gallring"] {
			p := call(sek, http.MethodPost, path+"/paragraphs", map[string]any{"item": i, "outcome": "bifall",
				"clauses": []string{"gallra handlingar enligt informationshanteringsplanen"}}, nil)
			no = int(p["no"].(float64))
		}
	}
	if no == 0 {
		t.Fatal("the gallring case is not on the agenda")
	}
	call(sek, http.MethodPut, path+"/status", map[string]string{"status": "avslutat"}, call(sek, http.MethodGet, path, nil, nil)["version"])
	call(env.Token("ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	call(env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	return ids, mid, no
}

// TestBrowserArchivist walks the arkivarie's job in Chromium: from the
// menu to the archive page; the archive profile with the
// klassificeringsstruktur; a plan CSV with an unknown class and a
// negative frist refused row by row, then the plan read in; a closed case
// archived from its page, which then says what the plan says of it and
// of each handling; its SIP downloaded from the case page and the board's
// packages in one zip, each a valid FGS 2.0 package; the e-archive's
// receipt recorded (the case is then read-only: no event buttons);
// gallring without a decision refused by name with nothing removed;
// gallring under the nämnd's § today refused for every case with its
// reasons; two years later the incident case's handling weeded (its
// record kept, its file gone), the kept and the delivered cases refused
// with their reasons.
func TestBrowserArchivist(t *testing.T) {
	env := apptest.New(t)
	// The archive profile's classes come first: cases are registered in
	// them.
	ids, mid, no := archiveFixtures(t, env)
	ctx := browsertest.New(t, 4*time.Minute)
	login(t, ctx, env, "arkivarie")
	archiveURL := env.URL("/arkiv?namnd=ITN")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-archive")), chromedp.WaitVisible(chromedp.ID("archive-profile"))); err != nil {
		t.Fatalf("menu: %v", err)
	}

	// The archive profile.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("org_number"), "212000-0712"),
		chromedp.SetValue(chromedp.ID("archive"), "Sydarkivera"),
		chromedp.SetValue(chromedp.ID("agreement"), "Leveransöverenskommelse 2026:1"),
		chromedp.SetValue(chromedp.ID("contact_name"), "Birgitta Sandberg"),
		chromedp.SetValue(chromedp.ID("scheme_name"), "Klassificeringsstruktur för Ölands IT-nämnd 2026"),
		chromedp.SetValue(chromedp.ID("classes"), "1.2;Samverkan\n2.3;Avtal och upphandling\n3.1;Informationssäkerhet\n4.1;Arkiv"),
	); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, archiveURL, "profile-save", "#archive-flash")
	if s := text(t, ctx, chromedp.ID("archive-profile")); !strings.Contains(s, "212000-0712") || !strings.Contains(s, "4 klasser") {
		t.Errorf("profile shown as %q", s)
	}

	// A plan with an unknown class and a negative frist: refused by row,
	// nothing read in.
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "fel.csv"), filepath.Join(dir, "ihp.csv")
	write := func(path, s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(bad, "Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n9.9;Okänd;Gallras;2;IHP § 9\n3.1;Incidenter;Gallras;-2;IHP § 3.1\n")
	write(good, "Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n1.2;Samverkan;Bevaras;;IHP § 1.2\n2.3;Avtal;Bevaras;;IHP § 2.3\n"+
		"3.1;Incidentrapporter;Gallras;2;IHP § 3.1\n4.1;Gallringsbeslut;Bevaras;;IHP § 4.1\n")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("plan-title"), "Informationshanteringsplan 2026"),
		chromedp.SetValue(chromedp.ID("plan-adopted"), "ITN 2026-01-15 § 3"),
		chromedp.SetUploadFiles(chromedp.ID("plan-file"), []string{bad}),
	); err != nil {
		t.Fatal(err)
	}
	before := env.Snapshot(t)
	submitAndSee(t, ctx, archiveURL, "plan-import", "#plan-errors")
	if s := text(t, ctx, chromedp.ID("plan-errors")); !strings.Contains(s, "Klassen finns inte i klassificeringsstrukturen") ||
		!strings.Contains(s, "Gallringsfristen får inte vara negativ") {
		t.Errorf("plan errors shown as %q", s)
	}
	if s := text(t, ctx, chromedp.ID("plan-current")); !strings.Contains(s, "ingen informationshanteringsplan") {
		t.Errorf("after a refused import the page says %q", s)
	}
	if env.Snapshot(t) != before {
		t.Error("the refused plan changed stored data")
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("plan-title"), "Informationshanteringsplan 2026"),
		chromedp.SetUploadFiles(chromedp.ID("plan-file"), []string{good}),
	); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, archiveURL, "plan-import", "#plan-rules")
	if s := text(t, ctx, chromedp.ID("plan-rules")); !strings.Contains(s, "3.1") || !strings.Contains(s, "2 år efter avslut") {
		t.Errorf("plan shown as %q", s)
	}

	// The closed case archived from its page; what the plan says of it.
	caseURL := env.URL("/arenden/" + ids["avtal"])
	if err := chromedp.Do(ctx, chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("event-archive"))); err != nil {
		t.Fatalf("archive button: %v", err)
	}
	submitAndSee(t, ctx, caseURL, "event-archive", `#case-state[data-state="arkiverad"]`)
	if s := text(t, ctx, chromedp.ID("retention-says")); !strings.Contains(s, "Informationshanteringsplan 2026") || !strings.Contains(s, "IHP § 2.3") {
		t.Errorf("the plan's word on the case: %q", s)
	}
	if s := text(t, ctx, chromedp.ID("retention-handlings")); !strings.Contains(s, "Handling 1") {
		t.Errorf("the plan's word on the handlings: %q", s)
	}

	// Its SIP from the case page, and the board's packages from the
	// archive page: each a valid FGS 2.0 package.
	status, ctype, name, zipped := fetchFile(t, ctx, `document.getElementById("case-package").href`)
	if status != http.StatusOK || ctype != "application/zip" || !strings.HasPrefix(name, "uuid-") {
		t.Fatalf("case package: %d %s %q", status, ctype, name)
	}
	pkg := strings.TrimSuffix(name, ".zip")
	if got := validZip(t, zipped); len(got) != 1 || got[0] != pkg {
		t.Errorf("case zip holds %v, want %s", got, pkg)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(archiveURL), chromedp.WaitVisible(chromedp.ID("archived-cases"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, chromedp.ID("archived-cases")); !strings.Contains(s, "Avtal om skrivarservice") || !strings.Contains(s, "Nej") {
		t.Errorf("archived cases: %q", s)
	}
	status, ctype, _, zipped = fetchFile(t, ctx,
		`"/arkiv/paket?" + new URLSearchParams(new FormData(document.getElementById("batch-form"))).toString()`)
	if status != http.StatusOK || ctype != "application/zip" {
		t.Fatalf("board packages: %d %s", status, ctype)
	}
	if got := validZip(t, zipped); len(got) != 1 {
		t.Errorf("board zip holds %v, want the one archived case", got)
	}

	// The e-archive's receipt.
	dnr := text(t, ctx, chromedp.CSS(`#archived-cases tbody tr td a`))
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("delivery-dnr"), dnr),
		chromedp.SetValue(chromedp.ID("package_id"), pkg),
		chromedp.SetValue(chromedp.ID("receipt"), "SA-2026-4711"),
	); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, archiveURL, "delivery-save", "#archive-flash")
	if s := text(t, ctx, chromedp.ID("archived-cases")); !strings.Contains(s, "Ja, kvittens SA-2026-4711") {
		t.Errorf("after the receipt: %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("case-delivery"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, chromedp.ID("case-delivery")); !strings.Contains(s, pkg) || !strings.Contains(s, "skrivskyddat") {
		t.Errorf("delivery on the case page: %q", s)
	}
	if present(t, ctx, `button[id^="event-"]`) {
		t.Error("a delivered case offers events")
	}

	// Gallring without a decision: refused by name, nothing removed.
	if err := chromedp.Do(ctx, chromedp.Navigate(archiveURL), chromedp.WaitVisible(chromedp.ID("gallring-form"))); err != nil {
		t.Fatal(err)
	}
	before = env.Snapshot(t)
	submitAndSee(t, ctx, archiveURL, "gallring-run", "#gallring-error")
	if s := text(t, ctx, chromedp.ID("gallring-error")); !strings.Contains(s, "gallringsbeslut") {
		t.Errorf("gallring without a decision: %q", s)
	}
	if env.Snapshot(t) != before {
		t.Error("gallring without a decision changed stored data")
	}

	// Under the nämnd's § today: nothing is due.
	gallra := func() {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(archiveURL), chromedp.WaitVisible(chromedp.ID("gallring-form")),
			chromedp.SetValue(chromedp.ID("gallring-meeting"), mid),
			chromedp.SetValue(chromedp.ID("gallring-paragraph"), fmt.Sprint(no)),
		); err != nil {
			t.Fatal(err)
		}
		submitAndSee(t, ctx, archiveURL, "gallring-run", "#gallring-result")
	}
	refusal := func(id string) string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`(document.querySelector('#gallring-refused a[href="/arenden/`+id+`"]')?.parentElement.textContent || "")`))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	before = env.Snapshot(t)
	gallra()
	if present(t, ctx, "#gallring-weeded") {
		t.Errorf("weeded before the frist ran out: %q", text(t, ctx, chromedp.ID("gallring-result")))
	}
	if s := refusal(ids["larm"]); !strings.Contains(s, "Gallringsfristen har inte löpt ut") {
		t.Errorf("the incident case today: %q", s)
	}
	if env.Snapshot(t) != before {
		t.Error("a run that weeded nothing changed stored data")
	}

	// Two years and a month later (the session has long expired).
	env.Clock.Advance(2*365*24*time.Hour + 31*24*time.Hour)
	login(t, ctx, env, "arkivarie")
	gallra()
	weeded := text(t, ctx, chromedp.ID("gallring-weeded"))
	if !strings.Contains(weeded, "handling 1") || !present(t, ctx, `#gallring-weeded a[href="/arenden/`+ids["larm"]+`"]`) ||
		strings.Count(weeded, "handling") != 1 {
		t.Errorf("weeded: %q", weeded)
	}
	if s := refusal(ids["samverkan"]); !strings.Contains(s, "ska bevaras") {
		t.Errorf("the kept case: %q", s)
	}
	if s := refusal(ids["avtal"]); !strings.Contains(s, "levererat till e-arkivet") {
		t.Errorf("the delivered case: %q", s)
	}
	larmURL := env.URL("/arenden/" + ids["larm"])
	if err := chromedp.Do(ctx, chromedp.Navigate(larmURL), chromedp.WaitVisible(chromedp.CSS(`[data-weeded="1"]`))); err != nil {
		t.Fatalf("the weeded handling on the case page: %v", err)
	}
	if s := text(t, ctx, chromedp.CSS(`[data-weeded="1"]`)); !strings.Contains(s, "gallrad") || !strings.Contains(s, "§") {
		t.Errorf("weeded handling shown as %q", s)
	}
	status, _, _, _ = fetchFile(t, ctx, `"/arenden/`+ids["larm"]+`/handlingar/1"`)
	if status != http.StatusNotFound {
		t.Errorf("the weeded file: %d, want 404", status)
	}
}

// fetchFile fetches the URL the JavaScript expression hrefJS gives, in
// the browser's session; it returns the status, Content-Type, the file
// name of the Content-Disposition and the body.
func fetchFile(t *testing.T, ctx context.Context, hrefJS string) (int, string, string, []byte) {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const r = await fetch(`+hrefJS+`);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
		return JSON.stringify({status: r.status, type: r.headers.get("Content-Type") || "",
			disposition: r.headers.get("Content-Disposition") || "", body: btoa(s)});
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	var res struct {
		Status            int
		Type, Disposition string
		Body              string
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	body, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	_, name, _ := strings.Cut(res.Disposition, `filename="`)
	return res.Status, res.Type, strings.TrimSuffix(name, `"`), body
}

// validZip opens a zip of packages, checks each with earchive.ValidateFS
// and returns their folder names.
func validZip(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range zr.File {
		top, _, _ := strings.Cut(f.Name, "/")
		if !seen[top] {
			seen[top] = true
			out = append(out, top)
			if err := earchive.ValidateFS(zr, top); err != nil {
				t.Errorf("package %s: %v", top, err)
			}
		}
	}
	return out
}

// multipartFile encodes fields and one file as multipart/form-data; it
// returns the body and its Content-Type.
func multipartFile(t *testing.T, fields map[string]string, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := mime.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}
