package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// present reports whether the page in ctx has an element matching css.
func present(t *testing.T, ctx context.Context, css string) bool {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(css)+`).length`))
	if err != nil {
		t.Fatalf("querying %s: %v", css, err)
	}
	return n > 0
}

// TestBrowserNoDecisionWithoutAMeetingOrProof: the case page offers the
// sekreterare no bare "register decision" button on a case ready for
// decision (the nämnd decides at its meeting, recorded as a §), and the
// form's address refuses it.
func TestBrowserNoDecisionWithoutAMeetingOrProof(t *testing.T) {
	env := apptest.New(t)
	id := decidedByChairWithout(t, env, "Avtal om IT-säkerhet")
	ctx := browsertest.New(t, 90*time.Second)
	login(t, ctx, env, "sekreterare")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/arenden/"+id)), chromedp.WaitVisible(chromedp.ID("event-refer_back"))); err != nil {
		t.Fatalf("case page: %v", err)
	}
	browsertest.CheckPage(t, ctx, "ärende för sekreteraren")
	if present(t, ctx, "#event-decide") {
		t.Error("the case page offers a bare decide button")
	}
	if s := text(t, ctx, chromedp.ID("case-actions")); strings.Contains(s, "Registrera beslut") || strings.Contains(s, "Beslut vid sammanträde") {
		t.Errorf("case actions: %q", s)
	}
	// Posted anyway (the form the page used to have): refused, nothing stored.
	b, csrf := loggedIn(t, env, "sekreterare")
	before := env.Snapshot(t)
	status, _, _ := b.post("/arenden/"+id+"/handelse/decide", url.Values{"csrf": {csrf}, "version": {"4"}})
	if status != http.StatusUnprocessableEntity || env.Snapshot(t) != before {
		t.Errorf("posting decide: %d (stored data changed: %v)", status, env.Snapshot(t) != before)
	}
}

// TestBrowserRevisorCannotDecideOrSign: a handläggare holds a
// vidaredelegering of B3 and has taken an unsigned decision under it;
// then they are elected revisor of ITN. Pages they opened before show the
// decision form and the sign button, but both are refused; reloaded, the
// pages offer neither. The demo revisor, holding a vidaredelegering
// stored before the rule, is offered no decision form.
func TestBrowserRevisorCannotDecideOrSign(t *testing.T) {
	env := apptest.New(t)
	ctx0 := t.Context()
	from := platform.MustParseDate("2023-01-01")
	if _, err := env.App.Identity.CreateUser(ctx0, identity.NewUser{Username: "granskare", Name: "Gun Granskare", Password: apptest.DemoPassword,
		Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleHandlaggare, ValidFrom: from}}}); err != nil {
		t.Fatal(err)
	}
	apiCall(t, env, env.Token("it-chef"), http.MethodPost, "/api/v1/boards/ITN/subdelegations",
		map[string]any{"point_code": "B3", "user": "granskare", "valid_from": "2026-03-01", "limit": "100 000 kr"}, nil)
	signID := decidedByChairWithout(t, env, "Avrop av skrivare")
	v := apiCall(t, env, env.Token("handlaggare"), http.MethodGet, "/api/v1/cases/"+signID, nil, nil)["version"]
	did := apiCall(t, env, env.Token("granskare"), http.MethodPost, "/api/v1/cases/"+signID+"/decisions",
		map[string]any{"kind": "delegation", "point_code": "B3", "amount_ore": 5000000}, v)["id"].(string)
	decideID := decidedByChairWithout(t, env, "Avrop av bildskärmar")

	ctx := browsertest.New(t, 120*time.Second)
	login(t, ctx, env, "granskare")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/arenden/"+decideID)), chromedp.WaitVisible(chromedp.ID("take-decision"))); err != nil {
		t.Fatalf("the decision form before the election: %v", err)
	}
	signTab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(signTab, chromedp.Navigate(env.URL("/beslut/"+did)), chromedp.WaitVisible(chromedp.ID("sign"))); err != nil {
		t.Fatalf("the sign button before the election: %v", err)
	}

	// Elected revisor of ITN (the handläggare role kept).
	users := repo.NewIdentity(env.Backend)
	u, err := users.GetUserByUsername(ctx0, "granskare")
	if err != nil {
		t.Fatal(err)
	}
	u.Roles = append(u.Roles, identity.RoleAssignment{Board: "ITN", Role: identity.RoleRevisor, ValidFrom: platform.DateOf(env.Clock.Now())})
	if _, err := users.UpdateUser(ctx0, u); err != nil {
		t.Fatal(err)
	}
	before := env.Snapshot(t)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("amount"), "50 000"), chromedp.Click(chromedp.ID("take-decision")),
		chromedp.WaitVisible(chromedp.ID("error"))); err != nil {
		t.Fatalf("deciding after the election: %v", err)
	}
	if s := text(t, ctx, chromedp.ID("error")); !strings.Contains(s, "Revisorer läser men ändrar ingenting") {
		t.Errorf("deciding as revisor: %q", s)
	}
	if err := chromedp.Do(signTab, chromedp.SendKeys(chromedp.ID("sign-password"), apptest.DemoPassword),
		chromedp.Click(chromedp.ID("sign")), chromedp.WaitVisible(chromedp.ID("sign-error"))); err != nil {
		t.Fatalf("signing after the election: %v", err)
	}
	if s := text(t, signTab, chromedp.ID("sign-error")); !strings.Contains(s, "Revisorer läser men ändrar ingenting") {
		t.Errorf("signing as revisor: %q", s)
	}
	if env.Snapshot(t) != before {
		t.Error("the refused decision or signature changed stored data")
	}
	// Reloaded, the pages offer neither; the inbox holds nothing to sign.
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/arenden/"+decideID)), chromedp.WaitVisible(chromedp.ID("case-state"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "ärende för en revisor")
	if present(t, ctx, "#decide") || present(t, ctx, "#take-decision") {
		t.Error("the revisor is offered the decision form")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/beslut/"+did)), chromedp.WaitVisible(chromedp.ID("verification"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "beslut för en revisor")
	if present(t, ctx, "#sign") {
		t.Error("the revisor is offered the sign button")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/signera")), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "att signera för en revisor")
	if present(t, ctx, ".sign-link") {
		t.Error("the revisor's inbox offers a signature")
	}
	logout(t, ctx)

	// The demo revisor with a vidaredelegering stored before the rule.
	if _, err := repo.NewSubDelegations(env.Backend).InsertSubDelegation(ctx0, delegation.SubDelegation{
		ID: delegation.SubID("ITN", "B3", "revisor", platform.MustParseDate("2026-03-01")), Board: "ITN", PointCode: "B3",
		ToUser: "revisor", ValidFrom: platform.MustParseDate("2026-03-01"), GivenBy: "it-chef", GivenAt: env.Clock.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	login(t, ctx, env, "revisor")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/arenden/"+decideID)), chromedp.WaitVisible(chromedp.ID("case-state"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "ärende för demorevisorn")
	if present(t, ctx, "#decide") || present(t, ctx, "#take-decision") || present(t, ctx, "#declare-jav") {
		t.Error("the revisor is offered a form that changes the case")
	}
}

// TestBrowserJavDeclaredAndWithdrawn: the IT-chef declares their own jäv
// on the case page (they may name nobody else); the sekreterare withdraws
// it with a reason, and the page shows who withdrew it and why.
func TestBrowserJavDeclaredAndWithdrawn(t *testing.T) {
	env := apptest.New(t)
	id := decidedByChairWithout(t, env, "Avtal med BHEM")
	ctx := browsertest.New(t, 120*time.Second)
	login(t, ctx, env, "it-chef")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/arenden/"+id)), chromedp.WaitVisible(chromedp.ID("declare-jav"))); err != nil {
		t.Fatalf("jäv form: %v", err)
	}
	browsertest.CheckPage(t, ctx, "jäv")
	if opts := text(t, ctx, chromedp.ID("jav-person")); opts != "Karin Berg (IT-chef)" {
		t.Errorf("the IT-chef may name %q, want only themselves", opts)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("jav-ground"), "Min make äger aktier i BHEM"),
		chromedp.Click(chromedp.ID("declare-jav")), chromedp.WaitVisible(chromedp.CSS(`#jav-list li[data-person="it-chef"][data-active="true"]`))); err != nil {
		t.Fatalf("declaring jäv: %v", err)
	}
	if !present(t, ctx, "#withdraw-jav-it-chef") {
		t.Error("the IT-chef is not offered to withdraw the jäv they declared")
	}
	logout(t, ctx)

	login(t, ctx, env, "sekreterare")
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL("/arenden/"+id)), chromedp.WaitVisible(chromedp.ID("withdraw-jav-it-chef"))); err != nil {
		t.Fatalf("withdraw form: %v", err)
	}
	if opts := text(t, ctx, chromedp.ID("jav-person")); !strings.Contains(opts, "Anna Lindqvist") || strings.Contains(opts, "Karin Berg") ||
		strings.Contains(opts, "Lars Ek") || strings.Contains(opts, "Sara Admin") {
		t.Errorf("the sekreterare may name %q: the board's members and officials but the jävig IT-chef, no revisor, no administrator", opts)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("withdraw-reason-it-chef"), "Aktierna är sålda"),
		chromedp.Click(chromedp.ID("withdraw-jav-it-chef")),
		chromedp.WaitVisible(chromedp.CSS(`#jav-list li[data-person="it-chef"][data-active="false"]`))); err != nil {
		t.Fatalf("withdrawing jäv: %v", err)
	}
	browsertest.CheckPage(t, ctx, "jäv återkallat")
	if s := text(t, ctx, chromedp.ID("jav-list")); !strings.Contains(s, "återkallat av Maria Holm") || !strings.Contains(s, "Aktierna är sålda") {
		t.Errorf("jäv list after withdrawal: %q", s)
	}
	if s := text(t, ctx, chromedp.ID("timeline")); !strings.Contains(s, "Jäv återkallat") {
		t.Errorf("timeline lacks the withdrawal: %q", s)
	}
}
