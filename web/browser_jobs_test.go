package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// fetchInPage fetches href in the page's session (the way a click on a
// download link does) and returns the status and the start of the body.
func fetchInPage(t *testing.T, ctx context.Context, linkID string) string {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.getElementById("`+linkID+`").href)
		.then(r => r.text().then(b => r.status + " " + b.slice(0, 200)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", linkID, err)
	}
	return out
}

// TestBrowserJobsOnceAPIOnly walks, in Chromium, through the jobs that
// once needed the API: the förvaltningschef's vidaredelegering; the
// secretary's new delegationsordning version (upload, differences,
// adoption with its §), user count, jäv declared and withdrawn,
// checkpoint, tjänstgörande ersättare, protokollsutdrag and
// laglighetsprövning; the handläggare's expediering; and the revisor's
// explained verification and downloads in the web session.
func TestBrowserJobsOnceAPIOnly(t *testing.T) {
	env := apptest.New(t)
	withErsattare(t, env)
	caseID := decidedByChairWithout(t, env, "Avtal om IT-säkerhet")
	did := decidedByChair(t, env, "Avtal med MBAB om drift")
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, "/api/v1/decisions/"+did+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	ctx := browsertest.New(t, 240*time.Second)

	// Förvaltningschefen: vidaredelegering of B3 to the handläggare.
	login(t, ctx, env, "it-chef")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/delegationsordning?namnd=ITN")), chromedp.WaitVisible(chromedp.ID("sub-submit")),
		chromedp.SetValue(chromedp.ID("sub-point"), "B3"), chromedp.SetValue(chromedp.ID("sub-user"), "handlaggare"),
		chromedp.SendKeys(chromedp.ID("sub-limit"), "2 prisbasbelopp")); err != nil {
		t.Fatalf("vidaredelegering form: %v", err)
	}
	submitAndSee(t, ctx, env.URL("/delegationsordning?namnd=ITN"), "sub-submit", "#subdelegations")
	if s := text(t, ctx, chromedp.ID("subdelegations")); !strings.Contains(s, "Olof Nilsson") || !strings.Contains(s, "2 prisbasbelopp") {
		t.Errorf("vidaredelegering list: %q", s)
	}
	logout(t, ctx)

	// Sekreteraren: a new version, its differences and its adoption.
	login(t, ctx, env, "sekreterare")
	file := filepath.Join(t.TempDir(), "ordning.csv")
	if err := os.WriteFile(file, []byte(orderCSVHeader+
		"A16;A Avtal;Avtal med de kommunala bolagen;KL 6 kap. 37 §;Ordförande;Vice ordförande;50 000 kr;;Nämnd;Nej;Nej;;Nej\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/delegationsordning?namnd=ITN")), chromedp.WaitVisible(chromedp.ID("order-import")),
		chromedp.SendKeys(chromedp.ID("order-title"), "Delegationsordning 2026"),
		chromedp.SetUploadFiles(chromedp.ID("order-file"), []string{file})); err != nil {
		t.Fatalf("upload form: %v", err)
	}
	submitAndSee(t, ctx, env.URL("/delegationsordning/ITN/2"), "order-import", "#changes")
	if s := text(t, ctx, chromedp.ID("changes")); !strings.Contains(s, "A16") || !strings.Contains(s, "Beloppsgräns") || !strings.Contains(s, "Punkten tas bort") {
		t.Errorf("differences: %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("adopted_ref"), "ITN 2026-03-02 § 4"),
		chromedp.SetValue(chromedp.ID("valid_from"), "2026-04-01")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, env.URL("/delegationsordning/ITN/2"), "adopt-submit", `#order-phase:not([data-phase="draft"])`)
	if s := text(t, ctx, chromedp.ID("order-phase")); !strings.Contains(s, "Antagen genom ITN 2026-03-02 § 4") {
		t.Errorf("after adoption: %q", s)
	}
	if got := fetchInPage(t, ctx, "export-yaml"); !strings.HasPrefix(got, "200 ") || !strings.Contains(got, "ITN") {
		t.Errorf("YAML download in the session: %q", got)
	}

	// User count for next year's key.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/fordelning?namnd=ITN")), chromedp.WaitVisible(chromedp.ID("agreements-link")),
		chromedp.Click(chromedp.ID("agreements-link")), chromedp.WaitVisible(chromedp.ID("count-submit")),
		chromedp.SetValue(chromedp.ID("count-member"), "0840"), chromedp.SetValue(chromedp.ID("count-date"), "2026-01-01"),
		chromedp.SendKeys(chromedp.ID("count-users"), "2031")); err != nil {
		t.Fatalf("user count form: %v", err)
	}
	submitAndSee(t, ctx, env.URL("/fordelning/avtal?namnd=ITN"), "count-submit", ".flash")
	if s := text(t, ctx, chromedp.CSS(`#members li[data-member="0840"]`)); !strings.Contains(s, "2026-01-01: 2031 användare") {
		t.Errorf("user counts: %q", s)
	}

	// Jäv on the case, declared and withdrawn.
	caseURL := env.URL("/arenden/" + caseID)
	if err := chromedp.Do(ctx, chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.ID("declare-jav")),
		chromedp.SetValue(chromedp.ID("jav-person"), "it-chef"), chromedp.SendKeys(chromedp.ID("jav-ground"), "Närstående äger leverantören")); err != nil {
		t.Fatalf("jäv form: %v", err)
	}
	submitAndSee(t, ctx, caseURL, "declare-jav", `#jav-list li[data-person="it-chef"][data-active="true"]`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("withdraw-reason-it-chef"), "Ägandet är avvecklat")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, caseURL, "withdraw-jav-it-chef", `#jav-list li[data-person="it-chef"][data-active="false"]`)

	// A checkpoint of the whole installation.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/revision/kontroll")), chromedp.WaitVisible(chromedp.ID("make-checkpoint"))); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, env.URL("/revision/kontroll"), "make-checkpoint", `#checkpoint-list li[data-seq="1"]`)

	// A meeting: the ersättare serves for the absent vice chair.
	sek := env.Token("sekreterare")
	m := apiCall(t, env, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-02T08:00:00+01:00", "place": "Stadshuset", "justerare": []string{"vice-ordforande"}}, nil)
	path := "/api/v1/meetings/" + m["id"].(string)
	apiCall(t, env, sek, http.MethodPut, path+"/status", map[string]string{"status": "pagaende"}, m["version"])
	meetingURL := env.URL("/sammantraden/" + m["id"].(string))
	if err := chromedp.Do(ctx, chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.ID("save-attendance")),
		chromedp.Click(chromedp.ID("present-vice-ordforande")),
		chromedp.SetValue(chromedp.ID("serves-per-ersattare"), "vice-ordforande")); err != nil {
		t.Fatalf("attendance: %v", err)
	}
	// Wait for the page the save answers with: the ersättare's row says
	// it serves (#record-0 is on the page before the save too, and a
	// read from the old page can meet the navigation).
	submitAndSee(t, ctx, meetingURL, "save-attendance", `#seats tr[data-username="per-ersattare"][data-serving="true"]`)
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("serves-per-ersattare"))); err != nil || v != "vice-ordforande" {
		t.Errorf("ersättare serves for %q (%v)", v, err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("clauses-0"), "avtalet om IT-säkerhet godkänns")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, meetingURL, "record-0", `#agenda li[data-index="0"] .recorded`)
	submitAndSee(t, ctx, meetingURL, "close-meeting", `#meeting-status[data-status="avslutat"]`)
	apiCall(t, env, env.Token("ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	apiCall(t, env, env.Token("vice-ordforande"), http.MethodPost, path+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)

	// Protokollsutdrag to the memo's recipients, the notice, an appeal.
	if err := chromedp.Do(ctx, chromedp.Navigate(meetingURL), chromedp.WaitVisible(chromedp.ID("send-extract-1"))); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, meetingURL, "send-extract-1", ".flash")
	if s := text(t, ctx, chromedp.CSS(".extract-recipients")); s != "IT-chefen (skickat)" {
		t.Errorf("extract recipients: %q", s)
	}
	// A joint board: the appeal period (and the appeal form) come once both
	// members have posted the justering.
	submitAndSee(t, ctx, meetingURL, "post-notice", `#notices li[data-member="0885"]`)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("notice-member"), "0840")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, meetingURL, "post-notice", "#appeal-form")
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("appeal-paragraph"), "1")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, meetingURL, "register-appeal", "#appeals")
	if s := text(t, ctx, chromedp.ID("appeals")); !strings.Contains(s, "Förvaltningsrätten i Växjö, gäller § 1") {
		t.Errorf("appeals: %q", s)
	}
	logout(t, ctx)

	// Handläggaren expedierar a memo.
	other := decidedByChairWithout(t, env, "Avtal om skrivare")
	login(t, ctx, env, "handlaggare")
	otherURL := env.URL("/arenden/" + other)
	if err := chromedp.Do(ctx, chromedp.Navigate(otherURL), chromedp.WaitVisible(chromedp.ID("dispatch-submit")),
		chromedp.SendKeys(chromedp.ID("dispatch-recipient"), "Mörbylånga kommun")); err != nil {
		t.Fatal(err)
	}
	submitAndSee(t, ctx, otherURL, "dispatch-submit", ".flash")
	logout(t, ctx)

	// The revisor: the result explained, and the downloads in the session.
	login(t, ctx, env, "revisor")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/revision/kontroll")), chromedp.WaitVisible(chromedp.ID("verify-explained"))); err != nil {
		t.Fatalf("verification page: %v", err)
	}
	if s := text(t, ctx, chromedp.ID("verify-explained")); !strings.Contains(s, "ingen händelse i något ärende har ändrats") {
		t.Errorf("explanation: %q", s)
	}
	if s := text(t, ctx, chromedp.ID("checkpoint-list")); !strings.Contains(s, "Kontrollpunkt 1") {
		t.Errorf("checkpoints: %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/beslut/"+did)), chromedp.WaitVisible(chromedp.ID("decision-export"))); err != nil {
		t.Fatal(err)
	}
	if got := fetchInPage(t, ctx, "decision-export"); !strings.HasPrefix(got, `200 {"format":"samstyr-decision-export-v1"`) {
		t.Errorf("decision download in the session: %q", got)
	}
}
