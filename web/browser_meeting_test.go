package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/apptest"
	"github.com/samstyr/samstyr/internal/browsertest"
)

// readyForDecision prepares a case in beslutsklar over the API.
func readyForDecision(t *testing.T, env *apptest.Env, title string) {
	t.Helper()
	decidedByChairWithout(t, env, title)
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body")), chromedp.WaitVisible(chromedp.ID("logout")),
		chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-submit"))); err != nil {
		t.Fatalf("logout: %v", err)
	}
}

// TestBrowserMeetingToAnslagstavla: the secretary runs a meeting with two
// paragraphs (one bifall, one återremiss), the chair and a justerare sign,
// and the public anslagstavla shows the notice with the right appeal date.
func TestBrowserMeetingToAnslagstavla(t *testing.T) {
	env := apptest.New(t)
	readyForDecision(t, env, "Avtal om IT-säkerhet")
	readyForDecision(t, env, "Ny IT-strategi")
	ctx := browsertest.New(t, 120*time.Second)
	login(t, ctx, env, "sekreterare")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("nav-meetings")),
		chromedp.WaitVisible(chromedp.ID("plan-meeting")),
		chromedp.SetValue(chromedp.ID("starts_at"), "2026-03-02T09:30"),
		chromedp.SendKeys(chromedp.ID("place"), "Stadshuset, Borgholm"),
		chromedp.SendKeys(chromedp.ID("justerare"), "vice-ordforande"),
		chromedp.Click(chromedp.ID("plan-meeting")),
		chromedp.WaitVisible(chromedp.ID("open-meeting")),
		chromedp.Click(chromedp.ID("open-meeting")),
		chromedp.WaitVisible(chromedp.ID("record-0")),
		chromedp.SendKeys(chromedp.ID("clauses-0"), "avtalet om IT-säkerhet godkänns"),
		chromedp.Click(chromedp.ID("record-0")),
		chromedp.WaitVisible(chromedp.CSS(`#agenda li[data-index="0"] .recorded`)),
		chromedp.SetValue(chromedp.ID("outcome-1"), "aterremiss"),
		chromedp.Click(chromedp.ID("record-1")),
		chromedp.WaitVisible(chromedp.CSS(`#agenda li[data-index="1"] .recorded`)),
		chromedp.Click(chromedp.ID("close-meeting")),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-status[data-status="avslutat"]`)),
	)
	if err != nil {
		t.Fatalf("running the meeting: %v", err)
	}
	protocol := text(t, ctx, chromedp.ID("protocol"))
	if !strings.Contains(protocol, "§ 1 Avtal om IT-säkerhet: Bifall") || !strings.Contains(protocol, "§ 2 Ny IT-strategi: Återremiss") {
		t.Errorf("protocol = %q", protocol)
	}
	meetingURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	logout(t, ctx)
	for _, who := range []string{"ordforande", "vice-ordforande"} {
		login(t, ctx, env, who)
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL(meetingURL)), chromedp.WaitVisible(chromedp.ID("justera")),
			chromedp.Click(chromedp.ID("justera")), chromedp.WaitVisible(chromedp.ID("signed-by"))); err != nil {
			t.Fatalf("justering by %s: %v", who, err)
		}
		logout(t, ctx)
	}
	login(t, ctx, env, "sekreterare")
	err = chromedp.Do(ctx,
		chromedp.Navigate(env.URL(meetingURL)),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-status[data-status="justerat"]`)),
		chromedp.SetValue(chromedp.ID("notice-member"), "0885"),
		chromedp.SetValue(chromedp.ID("posted_on"), "2026-03-02"),
		chromedp.Click(chromedp.ID("post-notice")),
		// Wait for this member's notice, not just #appeal-end: after the
		// first posting that is already on the page before the second one
		// has been saved.
		chromedp.WaitVisible(chromedp.CSS(`#notices li[data-member="0885"]`)),
		chromedp.SetValue(chromedp.ID("notice-member"), "0840"),
		chromedp.SetValue(chromedp.ID("posted_on"), "2026-03-03"),
		chromedp.Click(chromedp.ID("post-notice")),
		chromedp.WaitVisible(chromedp.CSS(`#notices li[data-member="0840"]`)),
	)
	if err != nil {
		t.Fatalf("notices: %v", err)
	}
	logout(t, ctx)
	// The public board, without logging in: the latest posting is Tue
	// 2026-03-03, so the appeal period ends Tue 2026-03-24.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/anslagstavla")), chromedp.WaitVisible(chromedp.CSS(".notice"))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, ctx, chromedp.CSS(".notice .appeal-end")); s != "2026-03-24" {
		t.Errorf("appeal end on the anslagstavla = %q", s)
	}
	board := text(t, ctx, chromedp.CSS(".notice"))
	if !strings.Contains(board, "Borgholms kommun: anslaget 2026-03-02") || !strings.Contains(board, "Mörbylånga kommun: anslaget 2026-03-03") {
		t.Errorf("notices = %q", board)
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices"}); !strings.Contains(string(r.Body), "2026-03-24") {
		t.Errorf("public JSON: %s", r.Body)
	}
}
