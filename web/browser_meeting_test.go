package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// readyForDecision prepares a case in beslutsklar over the API.
func readyForDecision(t *testing.T, env *apptest.Env, title string) {
	t.Helper()
	decidedByChairWithout(t, env, title)
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	for attempt := range 2 {
		lctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(lctx, chromedp.WaitReady(chromedp.CSS("body")), chromedp.WaitVisible(chromedp.ID("logout")),
			chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-submit")))
		cancel()
		if err == nil {
			return
		}
		if attempt == 1 {
			t.Fatalf("logout: %v", err)
		}
		// chromedp lost the document to a navigation it did not see
		// ("Could not find node with given id"): reload and try again.
		t.Logf("logout: %v; reloading", err)
		if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatalf("reload: %v", err)
		}
		if out, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("login-submit")`)); err == nil && out {
			return // the first click did log out
		}
	}
}

// submitAndSee clicks a form's submit button and waits for wantCSS on the
// page the post leads to. chromedp can miss a navigation that starts while
// it still looks at the old document, and then a wait never ends (seen on
// loaded machines: a two-minute hang with the notice saved); so a wait
// that outlasts 20 s reloads pageURL once, says so in the log, and looks
// again. A failure prints what the browser shows.
func submitAndSee(t *testing.T, ctx context.Context, pageURL, button, wantCSS string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(button))); err != nil {
		t.Fatalf("click %s: %v", button, err)
	}
	for attempt := range 2 {
		wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(wantCSS)))
		cancel()
		if err == nil {
			return
		}
		if attempt == 0 {
			t.Logf("after %s: %s not seen in 20 s (%v); reloading %s", button, wantCSS, err, pageURL)
			if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
				t.Fatalf("reload %s: %v", pageURL, err)
			}
		}
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	t.Fatalf("after %s: %s not shown; the page says: %.800s", button, wantCSS, body)
}

// TestBrowserMeetingToAnslagstavla: the secretary plans a meeting with
// the standard agenda items (öppnande, justerare with the justering day,
// dagordning, anmälningar, information: no §) and runs it with two
// paragraphs (one bifall, at which the vice chair leaves for jäv and the
// ersättare steps in, one återremiss); the protocol PDF says so; the chair
// and a justerare sign, and the public anslagstavla shows the notice with
// the right appeal date.
func TestBrowserMeetingToAnslagstavla(t *testing.T) {
	env := apptest.New(t)
	withErsattare(t, env)
	readyForDecision(t, env, "Avtal om IT-säkerhet")
	readyForDecision(t, env, "Ny IT-strategi")
	ctx := browsertest.New(t, 120*time.Second)
	login(t, ctx, env, "sekreterare")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-meetings")),
		chromedp.WaitVisible(chromedp.ID("plan-meeting")),
	)
	if err != nil {
		t.Fatalf("meetings: %v", err)
	}
	browsertest.CheckPage(t, ctx, "sammanträden")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("starts_at"), "2026-03-02T09:30"),
		chromedp.SendKeys(chromedp.ID("place"), "Stadshuset, Borgholm"),
		chromedp.SetValue(chromedp.ID("justerare"), "vice-ordforande"),
		chromedp.SetValue(chromedp.ID("justering_on"), "2026-03-02"),
		chromedp.Click(chromedp.ID("plan-meeting")),
		chromedp.WaitVisible(chromedp.ID("open-meeting")),
	)
	if err != nil {
		t.Fatalf("planning the meeting: %v", err)
	}
	// The standard items (on by default) open and close the agenda.
	agenda := text(t, ctx, chromedp.ID("agenda"))
	for _, want := range []string{"Mötets öppnande", "Val av justerare och tid för justering", "Godkännande av dagordningen", "Anmälningar", "Information"} {
		if !strings.Contains(agenda, want) {
			t.Errorf("agenda lacks %q: %s", want, agenda)
		}
	}
	browsertest.CheckPage(t, ctx, "sammanträde planerat med standardpunkter")
	// The kallelse goes to the seat holders with the handlingar; the
	// chair, a ledamot, finds it on the start page.
	plannedURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, env.URL(plannedURL), "send-kallelse", `#kallelser li[data-no="1"]`)
	if s := text(t, ctx, chromedp.ID("kallelser")); !strings.Contains(s, "Anna Lindqvist (Ordförande)") || !strings.Contains(s, "Per Ersättare (Ersättare)") ||
		!strings.Contains(s, "Avtal om IT-säkerhet: Tjänsteskrivelse, version 1") {
		t.Errorf("the sending = %q", s)
	}
	browsertest.CheckPage(t, ctx, "sammanträde med kallelse skickad")
	logout(t, ctx)
	login(t, ctx, env, "ordforande")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("desk-kallelser"))); err != nil {
		t.Fatalf("the chair's start page has no Kallelser: %v", err)
	}
	if s := text(t, ctx, chromedp.CSS("#kallelser li")); !strings.Contains(s, "Ölands IT-nämnd, sammanträde 2026-03-02 09:30, Stadshuset, Borgholm.") ||
		!strings.Contains(s, "Avtal om IT-säkerhet") {
		t.Errorf("the chair's kallelse = %q", s)
	}
	browsertest.CheckPage(t, ctx, "start med kallelse")
	browsertest.CheckLinkedPDF(t, ctx, "kallelse skickad", `#kallelser a[href$="kallelse.pdf"]`)
	logout(t, ctx)
	login(t, ctx, env, "sekreterare")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL(plannedURL)), chromedp.WaitVisible(chromedp.ID("open-meeting"))); err != nil {
		t.Fatalf("back to the meeting: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("open-meeting")),
		chromedp.WaitVisible(chromedp.ID("record-3")),
	)
	if err != nil {
		t.Fatalf("opening the meeting: %v", err)
	}
	browsertest.CheckPage(t, ctx, "sammanträde pågår")
	// Items 0–2 are the opening standard items: no § to record.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#agenda li[data-index='0'] form.record-form").length`)); err != nil || n != 0 {
		t.Errorf("öppnande has a record form (%d, %v)", n, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("clauses-3"), "avtalet om IT-säkerhet godkänns"),
		chromedp.SetValue(chromedp.ID("jav-3"), "vice-ordforande"),
		chromedp.SetValue(chromedp.ID("jav-substitute-3"), "per-ersattare"),
		chromedp.Click(chromedp.ID("record-3")),
		chromedp.WaitVisible(chromedp.CSS(`#agenda li[data-index="3"] .recorded`)),
		chromedp.SetValue(chromedp.ID("outcome-4"), "aterremiss"),
		chromedp.Click(chromedp.ID("record-4")),
		chromedp.WaitVisible(chromedp.CSS(`#agenda li[data-index="4"] .recorded`)),
		chromedp.Click(chromedp.ID("close-meeting")),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-status[data-status="avslutat"]`)),
	)
	if err != nil {
		t.Fatalf("running the meeting: %v", err)
	}
	browsertest.CheckPage(t, ctx, "sammanträde avslutat")
	protocol := text(t, ctx, chromedp.ID("protocol"))
	if !strings.Contains(protocol, "§ 1 Avtal om IT-säkerhet: Bifall") || !strings.Contains(protocol, "§ 2 Ny IT-strategi: Återremiss") ||
		!strings.Contains(protocol, "Erik Johansson deltar inte i handläggningen på grund av jäv; Per Ersättare tjänstgör.") {
		t.Errorf("protocol = %q", protocol)
	}
	// The protocol PDF: the opening part without §, then the §§ with the
	// jäv and the ersättare who stepped in.
	pdfHref, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("protocol-pdf").getAttribute("href")`))
	if err != nil {
		t.Fatalf("protocol link: %v", err)
	}
	pdf, err := browsertest.Fetch(ctx, pdfHref)
	if err != nil {
		t.Fatalf("protocol PDF: %v", err)
	}
	browsertest.CheckPDF(t, "protokoll med jäv", pdf)
	if pdfText, err := browsertest.PDFText(pdf); err != nil {
		t.Errorf("protocol PDF: %v", err)
	} else {
		flat := strings.Join(strings.Fields(pdfText), " ")
		for _, want := range []string{"Mötets öppnande", "förklarar sammanträdet öppnat kl.", "Att jämte ordföranden justera protokollet utses Erik Johansson. Justering sker 2026-03-02.",
			"Godkännande av dagordningen", "Dagordningen godkänns.", "§ 1 Avtal om IT-säkerhet",
			"Erik Johansson deltar inte i handläggningen på grund av jäv; Per Ersättare tjänstgör.", "§ 2 Ny IT-strategi",
			"Anmälningarna läggs till handlingarna.", "Nämnden tar del av informationen."} {
			if !strings.Contains(flat, want) {
				t.Errorf("protocol PDF lacks %q:\n%s", want, flat)
			}
		}
	}
	meetingURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	logout(t, ctx)
	for i, who := range []string{"ordforande", "vice-ordforande"} {
		login(t, ctx, env, who)
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL(meetingURL)), chromedp.WaitVisible(chromedp.ID("justera"))); err != nil {
			t.Fatalf("justering by %s: %v", who, err)
		}
		if who == "ordforande" {
			browsertest.CheckPage(t, ctx, "protokoll att justera")
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("justera-password"), apptest.DemoPassword)); err != nil {
			t.Fatalf("justering by %s: %v", who, err)
		}
		// Wait for this signature, not just the list: after the first
		// justerare it is on the page before the second one is saved.
		submitAndSee(t, ctx, env.URL(meetingURL), "justera", fmt.Sprintf(`#signed-by[data-count="%d"]`, i+1))
		logout(t, ctx)
	}
	// The second member posts the next day: a posting date may not be in
	// the future, so the clock moves to Tuesday 3 March first.
	env.Clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))
	login(t, ctx, env, "sekreterare")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL(meetingURL)),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-status[data-status="justerat"]`)),
	); err != nil {
		t.Fatalf("meeting page: %v", err)
	}
	for _, n := range []struct{ member, on string }{{"0885", "2026-03-02"}, {"0840", "2026-03-03"}} {
		if err := chromedp.Do(ctx,
			chromedp.WaitVisible(chromedp.ID("post-notice")),
			chromedp.SetValue(chromedp.ID("notice-member"), n.member),
			chromedp.SetValue(chromedp.ID("posted_on"), n.on)); err != nil {
			t.Fatalf("notice form: %v", err)
		}
		// Wait for this member's notice, not just #appeal-end: after the
		// first posting that is already on the page before the second one
		// has been saved.
		submitAndSee(t, ctx, env.URL(meetingURL), "post-notice", `#notices li[data-member="`+n.member+`"]`)
	}
	// The posting typed in a day late is recorded with who entered it.
	if s := text(t, ctx, chromedp.CSS(`#notices li[data-member="0885"]`)); !strings.Contains(s, "angivet av sekreterare") || !strings.Contains(s, "i efterhand") {
		t.Errorf("Borgholm's notice = %q, want who entered it afterwards", s)
	}
	browsertest.CheckPage(t, ctx, "sammanträde justerat och anslaget")
	browsertest.CheckLinkedPDF(t, ctx, "kallelse", `a[href$="kallelse.pdf"]`)
	browsertest.CheckLinkedPDF(t, ctx, "protokoll", "#protocol-pdf")
	logout(t, ctx)
	// The public board, without logging in: the latest posting is Tue
	// 2026-03-03, so the appeal period ends Tue 2026-03-24.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/anslagstavla")), chromedp.WaitVisible(chromedp.CSS(".notice"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "anslagstavla")
	if s := text(t, ctx, chromedp.CSS(".notice .appeal-end")); s != "2026-03-24" {
		t.Errorf("appeal end on the anslagstavla = %q", s)
	}
	// Among the notices up now, the nämnd by its full name, and the
	// justerat protokoll for anyone.
	if h := text(t, ctx, chromedp.CSS("#anslaget .notice h3")); !strings.HasPrefix(h, "Ölands IT-nämnd – sammanträde") {
		t.Errorf("the notice's heading = %q", h)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".notice .protocol-link").getAttribute("href")`))
	if err != nil {
		t.Fatalf("protocol link: %v", err)
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: href}); r.Status != http.StatusOK || !strings.HasPrefix(string(r.Body), "%PDF") {
		t.Errorf("the public protocol %s: %d", href, r.Status)
	} else {
		browsertest.CheckPDF(t, "justerat protokoll", r.Body)
	}
	board := text(t, ctx, chromedp.CSS(".notice"))
	if !strings.Contains(board, "Borgholms kommun: anslaget 2026-03-02") || !strings.Contains(board, "Mörbylånga kommun: anslaget 2026-03-03") {
		t.Errorf("notices = %q", board)
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices"}); !strings.Contains(string(r.Body), "2026-03-24") {
		t.Errorf("public JSON: %s", r.Body)
	}
}
