package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/personnummer"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// uploadDoc registers a handling on an ärende through the API's multipart
// upload, with the form fields given.
func uploadDoc(t *testing.T, env *apptest.Env, token, caseID string, fields map[string]string, name string, data []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL("/api/v1/cases/"+caseID+"/documents"), &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := env.Server.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != http.StatusCreated {
		t.Fatalf("upload %s: %d %s", name, res.StatusCode, b)
	}
}

// pageHTML returns the current page's whole HTML.
func pageHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	h, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// noSecret fails when a public page holds a secret word or a personnummer.
func noSecret(t *testing.T, where, page string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(page, s) {
			t.Errorf("%s: the public page shows %q", where, s)
		}
	}
	if personnummer.Contains(page) {
		t.Errorf("%s: the public page shows a personnummer", where)
	}
}

// TestBrowserPublicDiariumAndRequest: without a login, someone searches
// the e-diarium in Chromium. A sekretessmarkerat ärende whose title and
// motpart name a person is found with the marked part shown as
// [sekretess] and no party; searching for the name finds nothing; an open
// ärende shows its title and party. From the secret entry they ask for
// its handlingar anonymously and get a reference and the day the answer
// is due; the request is in the board's open list. An unknown
// diarienummer and a malformed search get a Swedish message and store
// nothing.
func TestBrowserPublicDiariumAndRequest(t *testing.T) {
	env := apptest.New(t)
	hl := env.Token("handlaggare")
	// "Ansökan om ekonomiskt bistånd från " is 35 characters; the name 14.
	secret := env.Call(t, hl, http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN",
		"title": "Ansökan om ekonomiskt bistånd från Anna Andersson", "counterpart": "Anna Andersson, 121212-1212",
		"secrecy": map[string]any{"reference": "OSL 26 kap. 1 §", "date": "2026-03-02", "parts": []map[string]int{{"start": 35, "end": 49}}}}, nil)
	uploadDoc(t, env, hl, secret["id"].(string), map[string]string{"direction": "inkommande", "party": "Anna Andersson",
		"description": "Läkarintyg för [[Anna Andersson]]", "secrecy_reference": "OSL 25 kap. 1 §", "secrecy_date": "2026-03-02"},
		"intyg.txt", []byte("Intyg om Anna Andersson, 121212-1212.\n"))
	env.Call(t, hl, http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Avtal med MBAB om IT-drift",
		"counterpart": "Mörbylånga Bostads AB"}, nil)
	secretDnr := secret["registration_number"].(string)
	secrets := []string{"Anna Andersson", "Andersson", "121212", "OSL 26"}

	ctx := browsertest.New(t, 90*time.Second)
	search := func(q string) string {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(env.URL("/anslagstavla")),
			chromedp.Click(chromedp.ID("footer-diarium")),
			chromedp.WaitVisible(chromedp.ID("diarium-search")),
			chromedp.SendKeys(chromedp.ID("q"), q),
			chromedp.Click(chromedp.ID("diarium-submit")),
		); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		// The unsearched page has a total too: wait for the search's page.
		want := "q=" + url.QueryEscape(q)
		for i := 0; ; i++ {
			loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.search : ""`))
			if err == nil && strings.Contains(loc, want) {
				break
			}
			if i == 200 {
				t.Fatalf("search %q: the page did not load (%q, %v)", q, loc, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("diarium-total"))); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		// The search box echoes what was typed; the rest must hold no secret.
		page := strings.ReplaceAll(pageHTML(t, ctx), `value="`+q+`"`, "")
		noSecret(t, "diarium search "+q, page, secrets...)
		return page
	}
	search("bistånd")
	if got := text(t, ctx, chromedp.CSS(`article[data-number="`+secretDnr+`"] .entry-title`)); got != "Ansökan om ekonomiskt bistånd från [sekretess]" {
		t.Errorf("secret title in the e-diarium = %q", got)
	}
	if got := text(t, ctx, chromedp.CSS(`article[data-number="`+secretDnr+`"] .doc-description`)); got != "Läkarintyg för [sekretess]" {
		t.Errorf("secret handling in the e-diarium = %q", got)
	}
	if present(t, ctx, `article[data-number="`+secretDnr+`"] .counterpart`) {
		t.Error("the secret ärende shows a party")
	}
	search("Andersson")
	if got := text(t, ctx, chromedp.ID("diarium-total")); !strings.HasPrefix(got, "0 ärenden") {
		t.Errorf("searching for the masked name: %q", got)
	}
	search("MBAB")
	if got := text(t, ctx, chromedp.CSS("article.entry .counterpart")); got != "Mörbylånga Bostads AB" {
		t.Errorf("open ärende's party = %q", got)
	}
	if got := text(t, ctx, chromedp.CSS("article.entry .entry-title")); got != "Avtal med MBAB om IT-drift" {
		t.Errorf("open ärende's title = %q", got)
	}

	// Bad input: a message in Swedish, no entries.
	before := env.Snapshot(t)
	for q, want := range map[string]string{"dnr=ITN%202026/999": "inget registrerat ärende", "fran=2026-13-40": "Registrerat från: Ogiltigt datum",
		"q=121212-1212": "kan inte sökas"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/diarium?"+q)), chromedp.WaitVisible(chromedp.ID("error"))); err != nil {
			t.Fatalf("diarium?%s: %v", q, err)
		}
		if got := text(t, ctx, chromedp.ID("error")); !strings.Contains(got, want) {
			t.Errorf("diarium?%s says %q, want %q", q, got, want)
		}
		noSecret(t, "diarium?"+q, pageHTML(t, ctx), secrets...)
	}

	// Asking for the secret ärende's handlingar, anonymously.
	search("bistånd")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`article[data-number="`+secretDnr+`"] a.ask-case`)),
		chromedp.WaitVisible(chromedp.ID("public-request-form")),
	); err != nil {
		t.Fatal(err)
	}
	if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("items"))); err != nil || got != secretDnr {
		t.Errorf("the form is filled with %q (%v), want %q", got, err, secretDnr)
	}
	// First an unknown diarienummer: refused, nothing stored.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("items"), "ITN 2026/999 1"),
		chromedp.SendKeys(chromedp.ID("asked"), "Alla handlingar i ärendet om bistånd"),
		chromedp.Click(chromedp.ID("public-request-submit")),
		chromedp.WaitVisible(chromedp.ID("error")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, chromedp.ID("error")); !strings.Contains(got, "Handling 1, diarienummer") {
		t.Errorf("unknown diarienummer: %q", got)
	}
	if env.Snapshot(t) != before {
		t.Fatal("refused input changed stored data")
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("items"), secretDnr),
		chromedp.Click(chromedp.ID("public-request-submit")),
		chromedp.WaitVisible(chromedp.ID("request-receipt")),
	); err != nil {
		t.Fatal(err)
	}
	if ref, due := text(t, ctx, chromedp.ID("receipt-ref")), text(t, ctx, chromedp.ID("receipt-target")); ref != "ITN UB 2026/1" || due != "2026-03-02" {
		t.Errorf("receipt: %q due %q", ref, due)
	}
	open := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/boards/ITN/disclosure-requests", Token: hl})
	if open.Status != http.StatusOK || !strings.Contains(string(open.Body), `"channel":"webb"`) ||
		!strings.Contains(string(open.Body), "Alla handlingar i ärendet om bistånd") || strings.Contains(string(open.Body), `"requester"`) {
		t.Errorf("the board's open requests: %d %s", open.Status, open.Body)
	}
}

// clickForNewPage clicks sel and waits until the next page has loaded and
// shows its flash message: the page before may show one too, so the old
// document is marked first and the wait is for an unmarked one.
func clickForNewPage(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.body.dataset.old = "1") === "1"`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(sel))); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			`document.readyState === "complete" && !document.body.dataset.old && document.querySelector("p.flash") !== null`))
		if err == nil && ok {
			return
		}
		if i == 300 {
			t.Fatalf("clicking #%s: no new page with a message (%v)", sel, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// letterPDF is an incoming letter naming a person, with a personnummer.
func letterPDF(t *testing.T) []byte {
	t.Helper()
	p := fpdf.New("P", "pt", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("")
	p.SetFont("Helvetica", "", 12)
	p.AddPage()
	p.Text(72, 100, tr("Ansökan till Ölands IT-nämnd"))
	p.Text(72, 130, tr("Sökande: Anna Andersson, personnummer 121212-1212."))
	p.Text(72, 160, tr("Jag ansöker om ett nytt IT-konto för hemarbete."))
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrowserOfficialHandlesRequest walks a request for allmän handling
// through the pages in Chromium. The handläggare registers a request for
// a letter (PDF) and a secret handling; a working day later it is flagged
// overdue in the open list, and the delay reason is recorded. The letter
// is masked on the masking page (the name as text, the signature area
// marked by dragging over the page preview): the masked copy is a new
// handling whose pdftotext has none of the masked strings. The IT-chef
// refuses the secret handling under the delegationsordning: a refusal
// without lagrum is refused, the decision shows its delegation proof and
// besvärshänvisning and has a PDF, and its notification is recorded. The
// revisor reads the report. A second request is withdrawn.
func TestBrowserOfficialHandlesRequest(t *testing.T) {
	env := apptest.New(t)
	hl := env.Token("handlaggare")
	c := env.Call(t, hl, http.MethodPost, "/api/v1/cases", map[string]any{"board": "ITN", "title": "Ansökan om IT-konto för hemarbete"}, nil)
	caseID, dnr := c["id"].(string), c["registration_number"].(string)
	uploadDoc(t, env, hl, caseID, map[string]string{"direction": "inkommande", "description": "Ansökan"}, "ansokan.pdf", letterPDF(t))
	uploadDoc(t, env, hl, caseID, map[string]string{"direction": "inkommande", "description": "Läkarintyg",
		"secrecy_reference": "OSL 25 kap. 1 §", "secrecy_date": "2026-03-02"}, "intyg.txt", []byte("Intyg om Anna Andersson.\n"))

	ctx := browsertest.New(t, 180*time.Second)
	login(t, ctx, env, "handlaggare")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-requests")),
		chromedp.WaitVisible(chromedp.ID("request-form")),
		chromedp.SetValue(chromedp.ID("channel"), "epost"),
		chromedp.SendKeys(chromedp.ID("asked"), "Ansökan om IT-konto och läkarintyget"),
		chromedp.SendKeys(chromedp.ID("items"), dnr+" 1\n"+dnr+" 2\nProtokollet från februari"),
		chromedp.Click(chromedp.ID("request-submit")),
		chromedp.WaitVisible(chromedp.ID("request-items")),
	); err != nil {
		t.Fatal(err)
	}
	reqURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	reqURL = strings.SplitN(reqURL, "?", 2)[0]
	if ref, tl := text(t, ctx, chromedp.ID("request-ref")), text(t, ctx, chromedp.ID("request-timeliness")); ref != "ITN UB 2026/1" || tl != "I tid" {
		t.Errorf("registered: %q, %q", ref, tl)
	}

	// Untouched for one working day: overdue in the list.
	// (The web session has expired by then: log in again.)
	env.Clock.Advance(24 * time.Hour)
	login(t, ctx, env, "handlaggare")
	hl = env.Token("handlaggare")
	// The start page's Att göra list has it, overdue.
	if !present(t, ctx, "#todo-requests tr.overdue") || !strings.Contains(text(t, ctx, chromedp.ID("todo-requests")), "ITN UB 2026/1") {
		t.Errorf("Att göra after a working day: %q", text(t, ctx, chromedp.CSS("main")))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-requests")), chromedp.WaitVisible(chromedp.ID("open-requests"))); err != nil {
		t.Fatal(err)
	}
	if !present(t, ctx, "#open-requests tr.overdue") || !strings.Contains(text(t, ctx, chromedp.CSS("#open-requests .timeliness")), "Försenad") {
		t.Errorf("a request untouched for a working day: %q", text(t, ctx, chromedp.ID("open-requests")))
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(reqURL),
		chromedp.WaitVisible(chromedp.ID("delay-reason")),
		chromedp.SendKeys(chromedp.ID("delay-reason"), "Sekretessprövning av läkarintyget"),
		chromedp.Click(chromedp.ID("delay-submit")),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if got := pageHTML(t, ctx); !strings.Contains(got, "Sekretessprövning av läkarintyget") {
		t.Error("the delay reason is not shown")
	}
	// The protocol is released as it is.
	clickForNewPage(t, ctx, "release-3")
	if got := text(t, ctx, chromedp.CSS(`tr[data-item="3"] .outcome`)); got != "Lämnas ut" {
		t.Errorf("released item: %q", got)
	}

	// Masking the letter: a region outside the page is refused first.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("mask-1")),
		chromedp.WaitVisible(chromedp.ID("mask-preview")),
		chromedp.SendKeys(chromedp.ID("mask-lagrum"), "OSL 21 kap. 1 §"),
		chromedp.SendKeys(chromedp.ID("mask-strings"), "Anna Andersson\n121212-1212"),
		chromedp.SendKeys(chromedp.ID("mask-regions"), "1 500 100 200 20"),
		chromedp.Click(chromedp.ID("mask-submit")),
		chromedp.WaitVisible(chromedp.ID("error")),
	); err != nil {
		t.Fatal(err)
	}
	before := len(env.Call(t, hl, http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["documents"].([]any))
	if before != 2 {
		t.Fatalf("a refused masking stored a handling: %d", before)
	}
	// Then the name, and a region dragged over the preview.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("mask-preview"))); err != nil {
		t.Fatal(err)
	}
	// (chromedp's SetValue cannot set an empty value: it reads it back as null.)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById("mask-regions").value = "") === ""`)); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ { // the preview is rendered by PDFium: wait for the picture
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var i=document.getElementById("mask-preview");return !!i && i.complete && i.naturalWidth > 0})()`))
		if err == nil && ok {
			break
		}
		if i == 600 {
			t.Fatalf("the page preview did not load (%v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var i=document.getElementById("mask-preview"),r=i.getBoundingClientRect(),s=r.width/i.naturalWidth;
		function ev(t,x,y){i.dispatchEvent(new MouseEvent(t,{bubbles:true,clientX:r.left+x*s,clientY:r.top+y*s}))}
		ev("mousedown",60,146);ev("mousemove",200,160);ev("mouseup",420,166);return true})()`)); err != nil {
		t.Fatal(err)
	}
	regions, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("mask-regions")))
	// The line "Jag ansöker om ett nytt IT-konto …" (baseline 160 pt), to
	// within the preview's rounding.
	var pg int
	var rx, ry, rw, rh float64
	if _, serr := fmt.Sscanf(regions, "%d %g %g %g %g", &pg, &rx, &ry, &rw, &rh); err != nil || serr != nil || pg != 1 ||
		math.Abs(rx-60) > 1 || math.Abs(ry-146) > 1 || math.Abs(rw-360) > 1 || math.Abs(rh-20) > 1 {
		t.Errorf("dragging over the preview gave regions %q (%v)", regions, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("mask-submit")),
		chromedp.WaitVisible(chromedp.CSS("a.masked-copy-link")),
	); err != nil {
		t.Fatalf("masking: %v (%s)", err, text(t, ctx, chromedp.CSS("main")))
	}
	docs := env.Call(t, hl, http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["documents"].([]any)
	cp := docs[len(docs)-1].(map[string]any)
	if cp["masked_version_of"] != float64(1) {
		t.Errorf("masked copy = %v", cp)
	}
	pdf := env.Do(apptest.Request{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/cases/%s/documents/%v/content", caseID, cp["no"]), Token: hl})
	txt := pdfText(t, pdf.Body)
	for _, gone := range []string{"Anna", "Andersson", "121212", "nytt IT-konto", "hemarbete"} {
		if strings.Contains(txt, gone) {
			t.Errorf("%q is in the masked copy's text: %s", gone, txt)
		}
	}
	if !strings.Contains(txt, "Ölands IT-nämnd") {
		t.Errorf("the masked copy lost the rest of the text: %s", txt)
	}

	// The refusal, by the IT-chef (the delegate of point D1).
	logout(t, ctx)
	login(t, ctx, env, "it-chef")
	snap := env.Snapshot(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(reqURL),
		chromedp.WaitVisible(chromedp.ID("refuse-submit")),
		chromedp.Click(chromedp.ID("refuse-item-2")),
		chromedp.SendKeys(chromedp.ID("refuse-reasoning"), "Uppgifterna rör enskilds hälsa."),
		chromedp.SendKeys(chromedp.ID("refuse-court"), "Kammarrätten i Jönköping"),
		chromedp.SendKeys(chromedp.ID("refuse-password"), apptest.DemoPassword),
		chromedp.Click(chromedp.ID("refuse-submit")),
		chromedp.WaitVisible(chromedp.ID("error")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, chromedp.ID("error")); !strings.Contains(strings.ToLower(got), "lagrum") {
		t.Errorf("a refusal without lagrum: %q", got)
	}
	if env.Snapshot(t) != snap {
		t.Error("a refusal without lagrum changed stored data")
	}
	// The refusal is signed when it is made: the button says so, and a
	// wrong password refuses it and stores nothing.
	if got := text(t, ctx, chromedp.ID("refuse-submit")); got != "Signera med lösenord" {
		t.Errorf("the refusal's button = %q", got)
	}
	// The refused form keeps what was chosen and typed: only the lagrum
	// is added (and the password, which is never kept).
	kept := func(when string, want map[string]string) {
		t.Helper()
		for id, v := range want {
			if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id))); err != nil || got != v {
				t.Errorf("%s: #%s = %q (%v), want %q", when, id, got, err, v)
			}
		}
		if on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("refuse-item-2").checked`)); err != nil || !on {
			t.Errorf("%s: the item chosen is not kept (%v)", when, err)
		}
	}
	kept("after a refusal without lagrum", map[string]string{"refuse-reasoning": "Uppgifterna rör enskilds hälsa.",
		"refuse-court": "Kammarrätten i Jönköping", "refuse-password": ""})
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("refuse-lagrum"), "OSL 25 kap. 1 §"),
		chromedp.SendKeys(chromedp.ID("refuse-password"), "fel-lösenord-123"),
		// The page still shows the last refusal: take it away, so that
		// the wait below sees the answer to this submission, not that one.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(e => { if (e) e.remove(); return true })(document.getElementById("error"))`)(ctx, tg)
			return err
		}),
		chromedp.Click(chromedp.ID("refuse-submit")),
		chromedp.WaitVisible(chromedp.ID("error")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, chromedp.ID("error")); !strings.Contains(got, "Lösenordet stämmer inte") {
		t.Errorf("a refusal with a wrong password: %q", got)
	}
	if env.Snapshot(t) != snap {
		t.Error("a refusal with a wrong password changed stored data")
	}
	kept("after a wrong password", map[string]string{"refuse-lagrum": "OSL 25 kap. 1 §",
		"refuse-reasoning": "Uppgifterna rör enskilds hälsa.", "refuse-court": "Kammarrätten i Jönköping", "refuse-password": ""})
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("refuse-password"), apptest.DemoPassword),
		chromedp.Click(chromedp.ID("refuse-submit")),
		chromedp.WaitVisible(chromedp.CSS("section.refusal")),
	); err != nil {
		t.Fatalf("refusal: %v (%s)", err, text(t, ctx, chromedp.CSS("main")))
	}
	if proof := text(t, ctx, chromedp.CSS("section.refusal .refusal-proof")); !strings.Contains(proof, "Punkt D1") || !strings.Contains(proof, "forvaltningschef") {
		t.Errorf("delegation proof = %q", proof)
	}
	if bh := text(t, ctx, chromedp.CSS("section.refusal .besvarshanvisning")); !strings.Contains(bh, "Kammarrätten i Jönköping") || !strings.Contains(bh, "tre veckor") {
		t.Errorf("besvärshänvisning = %q", bh)
	}
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("section.refusal a.refusal-pdf"), "href"))
	if err != nil || !link.Exists {
		t.Fatalf("no PDF link: %v", err)
	}
	pdfType, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+strconv.Quote(link.Value)+`).then(r => r.status + " " + r.headers.get("Content-Type"))`,
		chromedp.EvalAwaitPromise))
	if err != nil || pdfType != "200 application/pdf" {
		t.Errorf("refusal PDF at %s: %q (%v)", link.Value, pdfType, err)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("notified-1"), "2026-03-04")); err != nil {
		t.Fatal(err)
	}
	clickForNewPage(t, ctx, "notify-1")
	if got := text(t, ctx, chromedp.CSS("section.refusal")); !strings.Contains(got, "2026-03-04, sista dag att överklaga 2026-03-25") {
		t.Errorf("after notification: %q", got)
	}
	if got := text(t, ctx, chromedp.ID("request-status")); got != "Avslutad" {
		t.Errorf("status after every item = %q", got)
	}

	// A second request, withdrawn by the requester.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-requests")),
		chromedp.WaitVisible(chromedp.ID("request-form")),
		chromedp.SendKeys(chromedp.ID("asked"), "Protokoll från mars"),
		chromedp.SendKeys(chromedp.ID("items"), "Protokoll från mars"),
		chromedp.SendKeys(chromedp.ID("requester_name"), "Bertil Bengtsson"),
		chromedp.Click(chromedp.ID("request-submit")),
		chromedp.WaitVisible(chromedp.ID("withdraw")),
	); err != nil {
		t.Fatal(err)
	}
	clickForNewPage(t, ctx, "withdraw")
	if got := text(t, ctx, chromedp.ID("request-status")); got != "Återkallad" {
		t.Errorf("withdrawn request's status = %q", got)
	}

	// The revisor's report.
	logout(t, ctx)
	login(t, ctx, env, "revisor")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL("/revision/utlamnande")),
		chromedp.WaitVisible(chromedp.ID("report-summary")),
	); err != nil {
		t.Fatal(err)
	}
	if n, d := text(t, ctx, chromedp.ID("report-requests")), text(t, ctx, chromedp.ID("report-decisions")); n != "2" || d != "1" {
		t.Errorf("report: %s requests, %s decisions", n, d)
	}
	if got := text(t, ctx, chromedp.ID("report-lagrum")); !strings.Contains(got, "OSL 25 kap. 1 §") || !strings.Contains(got, "OSL 21 kap. 1 §") {
		t.Errorf("by lagrum: %q", got)
	}
	if page := pageHTML(t, ctx); strings.Contains(page, "Bertil Bengtsson") {
		t.Error("the report names a requester")
	}
}
