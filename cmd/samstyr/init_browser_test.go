package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/seat"
	"github.com/samstyr/samstyr/internal/testkit/browsertest"
)

// kfnImport is the valnämnd's and HR's list for KFN, as a new user would
// upload it: 9 ledamöter and 5 ersättare of the current mandate period
// (from its first day), a sekreterare and a handläggare.
func kfnImport(periodStart string) string {
	var b strings.Builder
	b.WriteString("Användarnamn;Namn;E-post;Nämnd;Roll;Från;Till;Parti;Ordning\n")
	parties := []string{"S", "M", "C", "SD", "KD", "V", "L", "S", "M"}
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "kfn.ledamot%d;Ledamot Nummer%d;;KFN;Ledamot;%s;;%s;\n", i, i, periodStart, parties[i-1])
	}
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "kfn.ersattare%d;Ersättare Nummer%d;;KFN;Ersättare;%s;;S;%d\n", i, i, periodStart, i)
	}
	fmt.Fprintf(&b, "kfn.sekr;Karin Sekreterare;karin.sekreterare@borgholm.se;KFN;Sekreterare;%s;;;\n", periodStart)
	fmt.Fprintf(&b, "kfn.handl;Hans Handläggare;hans.handlaggare@borgholm.se;KFN;Handläggare;%s;;;\n", periodStart)
	return b.String()
}

// TestFromAnEmptyStoreToTheFirstCaseInTheBrowser is the way a new
// organisation starts, with the real binary and real Chromium: serve on an
// empty store says how to run init; `samstyr init` sets up the
// organisation and its administrator (and refuses a second time); the
// administrator logs in, creates Kultur- och fritidsnämnden (KFN), imports
// its 9 ledamöter, 5 ersättare, a sekreterare and a handläggare from CSV
// (checked first in a dry run), sees the seats and the quorum, sets the
// handläggare's password; the handläggare logs in and registers the first
// ärende, KFN <year>/1.
func TestFromAnEmptyStoreToTheFirstCaseInTheBrowser(t *testing.T) {
	ctx := browsertest.New(t, 600*time.Second)

	empty := start(t, t.TempDir(), "SAMSTYR_NO_DEMO=true")
	if out := empty.stdout.String(); !strings.Contains(out, "samstyr init --org") {
		t.Errorf("serve on an empty store does not say how to run init:\n%s", out)
	}
	empty.stop(t)

	dir := t.TempDir()
	const adminPassword = "kultur-och-fritid-2026"
	initArgs := []string{"init", "--data-dir", dir, "--org", "Borgholms kommun", "--org-number", "212000-0779",
		"--admin", "kommunadmin", "--admin-name", "Eva Admin", "--admin-email", "eva.admin@borgholm.se"}
	if out, code := runBinary(t, []string{"SAMSTYR_ADMIN_PASSWORD=" + adminPassword}, initArgs...); code != 0 || !strings.Contains(out, "kommunadmin") {
		t.Fatalf("samstyr init: exit %d\n%s", code, out)
	}
	if out, code := runBinary(t, []string{"SAMSTYR_ADMIN_PASSWORD=" + adminPassword}, initArgs...); code != 1 || !strings.Contains(out, "already set up") {
		t.Errorf("a second samstyr init: exit %d\n%s", code, out)
	}
	p := start(t, dir, "SAMSTYR_SECURE_COOKIES=false")
	url := func(path string) string { return "http://" + p.addr + path }

	today := platform.DateOf(time.Now())
	period := seat.PeriodOf(today)
	csvPath := filepath.Join(t.TempDir(), "kfn.csv")
	if err := os.WriteFile(csvPath, []byte(kfnImport(period[:4]+"-01-01")), 0o600); err != nil {
		t.Fatal(err)
	}
	login := func(user, password string) error {
		return chromedp.Do(ctx, chromedp.Navigate(url("/login")), chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), user), chromedp.SendKeys(chromedp.ID("password"), password),
			chromedp.Click(chromedp.ID("login-submit")), chromedp.WaitVisible(chromedp.ID("current-user")))
	}
	if err := login("kommunadmin", adminPassword); err != nil {
		t.Fatalf("the administrator's login: %v", err)
	}
	// The Administration menu, a new nämnd.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-admin")), chromedp.WaitVisible(chromedp.ID("org-summary"))); err != nil {
		t.Fatalf("administration: %v", err)
	}
	browsertest.CheckPage(t, ctx, "administration")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("admin-nav-boards")), chromedp.WaitVisible(chromedp.ID("board-form"))); err != nil {
		t.Fatalf("nämnder: %v", err)
	}
	browsertest.CheckPage(t, ctx, "nämnder")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("board-code"), "KFN"), chromedp.SendKeys(chromedp.ID("board-name"), "Kultur- och fritidsnämnden"),
		chromedp.SetValue(chromedp.ID("board-kind"), "namnd"), chromedp.Click(chromedp.ID("board-create")),
		chromedp.WaitVisible(chromedp.ID("seats"))); err != nil {
		t.Fatalf("creating KFN: %v", err)
	}
	browsertest.CheckPage(t, ctx, "ny nämnd")
	if s := textOf(t, ctx, chromedp.CSS("h1")); s != "Kultur- och fritidsnämnden (KFN)" {
		t.Errorf("the new board's page: %q", s)
	}
	// The import: a dry run first, then for real.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("admin-nav-import")), chromedp.WaitVisible(chromedp.ID("import-file")),
		chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{csvPath}), chromedp.Click(chromedp.ID("import-check")),
		chromedp.WaitVisible(chromedp.ID("import-counts"))); err != nil {
		t.Fatalf("the dry run: %v", err)
	}
	browsertest.CheckPage(t, ctx, "inläsning, provkörning")
	if s := textOf(t, ctx, chromedp.ID("import-counts")); !strings.HasPrefix(s, "16 nya personer, 0 ändrade personer, 2 roller, 14 mandat.") {
		t.Errorf("the dry run says %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("import-apply")), chromedp.WaitVisible(chromedp.ID("import-done"))); err != nil {
		t.Fatalf("the import: %v", err)
	}
	browsertest.CheckPage(t, ctx, "inläsning klar")
	if s := textOf(t, ctx, chromedp.ID("import-done")); s != "Inläsningen är klar." {
		t.Errorf("after the import: %q", s)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url("/admin/namnder/KFN")), chromedp.WaitVisible(chromedp.ID("lineup"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckPage(t, ctx, "nämndens mandat")
	if s, q := textOf(t, ctx, chromedp.ID("lineup")), textOf(t, ctx, chromedp.ID("quorum")); !strings.HasPrefix(s, "9 ledamöter och 5 ersättare") || q != "5" {
		t.Errorf("KFN's seats: %q, quorum %q", s, q)
	}
	// The handläggare (imported without a password) gets one.
	const handlPassword = "hans-fritid-kultur-7"
	if err := chromedp.Do(ctx, chromedp.Navigate(url("/admin/personer/kfn.handl")), chromedp.WaitVisible(chromedp.ID("reset-password"))); err != nil {
		t.Fatalf("person: %v", err)
	}
	browsertest.CheckPage(t, ctx, "person")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("reset-password"), handlPassword), chromedp.Click(chromedp.ID("reset-save")),
		chromedp.WaitVisible(chromedp.CSS(".flash")), chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-submit"))); err != nil {
		t.Fatalf("the handläggare's password: %v", err)
	}
	if err := login("kfn.handl", handlPassword); err != nil {
		t.Fatalf("the handläggare's login: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-new-case")), chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SetValue(chromedp.ID("board"), "KFN"), chromedp.SendKeys(chromedp.ID("title"), "Bidrag till föreningar 2027"),
		chromedp.Click(chromedp.ID("register-submit")), chromedp.WaitVisible(chromedp.ID("case-number"))); err != nil {
		t.Fatalf("registering the first ärende: %v", err)
	}
	browsertest.CheckPage(t, ctx, "första ärendet")
	if s, want := textOf(t, ctx, chromedp.ID("case-number")), fmt.Sprintf("KFN %d/1", today.Year); s != want {
		t.Errorf("the first ärende is %q, want %q", s, want)
	}
	// The handläggare has no Administration menu.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#nav-admin").length`)); err != nil || n != 0 {
		t.Errorf("the handläggare is shown the Administration menu (%d, %v)", n, err)
	}
	holdFirstMeeting(t, ctx, url, login, adminPassword)
}

// holdFirstMeeting: the administrator gives the sekreterare a password;
// the sekreterare plans KFN's first meeting today, whose members, quorum
// (5 of 9 ledamöter) and ersättare come from the seats imported from CSV,
// marks three ledamöter absent (the ersättare are called in, in call-in
// order, the party's own first), opens the meeting, records the anmälan §
// and closes it.
func holdFirstMeeting(t *testing.T, ctx context.Context, url func(string) string, login func(user, password string) error, adminPassword string) {
	t.Helper()
	const sekrPassword = "karin-protokoll-2026"
	t.Logf("%s: the meeting steps start", time.Now().Format(time.TimeOnly))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-submit"))); err != nil {
		t.Fatalf("the handläggare's logout: %v", err)
	}
	if err := login("kommunadmin", adminPassword); err != nil {
		t.Fatalf("the administrator's second login: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url("/admin/personer/kfn.sekr")), chromedp.WaitVisible(chromedp.ID("reset-password")),
		chromedp.SendKeys(chromedp.ID("reset-password"), sekrPassword), chromedp.Click(chromedp.ID("reset-save")),
		chromedp.WaitVisible(chromedp.CSS(".flash")), chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-submit"))); err != nil {
		t.Fatalf("the sekreterare's password: %v", err)
	}
	if err := login("kfn.sekr", sekrPassword); err != nil {
		t.Fatalf("the sekreterare's login: %v", err)
	}
	startsAt := time.Now().In(platform.Stockholm).Format("2006-01-02") + "T08:00"
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("nav-meetings")), chromedp.WaitVisible(chromedp.ID("plan-meeting")),
		chromedp.SetValue(chromedp.ID("starts_at"), startsAt), chromedp.SendKeys(chromedp.ID("place"), "Kulturhuset, Borgholm"),
		chromedp.SetValue(chromedp.ID("justerare"), "kfn.ledamot4"), chromedp.Click(chromedp.ID("plan-meeting")),
		chromedp.WaitVisible(chromedp.ID("quorum"))); err != nil {
		t.Fatalf("planning KFN's first meeting: %v", err)
	}
	quorum := func() (members, required, serving string) {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(q => [q.dataset.members, q.dataset.required, q.dataset.serving])(document.getElementById("quorum"))`))
		if err != nil || len(out) != 3 {
			t.Fatalf("the quorum line: %v %v", out, err)
		}
		return out[0], out[1], out[2]
	}
	if m, r, s := quorum(); m != "9" || r != "5" || s != "9" {
		t.Errorf("planned: %s ledamöter, %s required, %s serving; want 9, 5, 9", m, r, s)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#seats tbody tr").length`)); err != nil || n != 14 {
		t.Errorf("the meeting has %d seats (%v), want the 14 imported", n, err)
	}
	// Three ledamöter send word they cannot come.
	for _, who := range []string{"kfn.ledamot1", "kfn.ledamot2", "kfn.ledamot3"} {
		// (The usernames have a dot: an attribute selector, not #id.)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[id="present-`+who+`"]`))); err != nil {
			t.Fatalf("marking %s absent: %v", who, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("save-attendance")),
		chromedp.WaitVisible(chromedp.CSS(`#seats tr[data-username="kfn.ledamot1"][data-serving="false"]`))); err != nil {
		t.Fatalf("attendance: %v", err)
	}
	// The ersättare are called in: ledamot1 (S) gets the first S
	// ersättare; ledamot2 (M) and ledamot3 (C), whose parties have none,
	// the next ones in order.
	serves, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll("#seats tr[data-serving=true] select")].map(s => [s.id.slice(7), s.value]))`))
	if err != nil {
		t.Fatalf("reading who serves: %v", err)
	}
	if want := map[string]string{"kfn.ersattare1": "kfn.ledamot1", "kfn.ersattare2": "kfn.ledamot2", "kfn.ersattare3": "kfn.ledamot3"}; fmt.Sprint(serves) != fmt.Sprint(want) {
		t.Errorf("tjänstgörande ersättare: %v, want %v", serves, want)
	}
	if m, r, s := quorum(); m != "9" || r != "5" || s != "9" {
		t.Errorf("with three ersättare serving: %s ledamöter, %s required, %s serving; want 9, 5, 9", m, r, s)
	}
	// The justerare is chosen among those serving: an absent ledamot is
	// not offered.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#set-justerare option[value='kfn.ledamot1']").length`)); err != nil || n != 0 {
		t.Errorf("an absent ledamot is offered as justerare (%d, %v)", n, err)
	}
	const anmalan = `//ol[@id="agenda"]/li[.//input[@name="outcome"][@value="anmalan"]]//button[starts-with(@id,"record-")]`
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("set-justerare"), "kfn.ersattare1"), chromedp.Click(chromedp.ID("save-justerare")),
		chromedp.WaitReady(chromedp.CSS(`#set-justerare option[value="kfn.ersattare1"][selected]`)),
		chromedp.Click(chromedp.ID("open-meeting")), chromedp.WaitVisible(chromedp.CSS(`#meeting-status[data-status="pagaende"]`)),
		// The standard items (öppnande, justerare, dagordningen) come
		// first and take no §; the anmälan item is recorded as § 1.
		chromedp.WaitVisible(chromedp.Search(anmalan)), chromedp.Click(chromedp.Search(anmalan)),
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="protocol"]/li[@data-no="1"]`)),
		chromedp.Click(chromedp.ID("close-meeting")), chromedp.WaitVisible(chromedp.CSS(`#meeting-status[data-status="avslutat"]`))); err != nil {
		t.Fatalf("holding the meeting: %v", err)
	}
	if s := textOf(t, ctx, chromedp.ID("protocol")); !strings.Contains(s, "§ 1 Anmälan av delegationsbeslut") {
		t.Errorf("the protocol: %q", s)
	}
}

// textOf reads an element's text.
func textOf[S chromedp.Selectable](t *testing.T, ctx context.Context, sel S) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %v: %v", sel, err)
	}
	return strings.TrimSpace(s)
}
