package web_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// askingForms are forms that post a question, not a change (checking an
// uploaded file against the record), or change only the poster's own
// account (their password, the current one checked), or are open to
// anyone without a login (the public request for allmän handling): a
// revisor may be shown and post them; posted with the values another
// user's page was rendered with, they must change nothing all the same.
var askingForms = []string{"/revision/kontroll", "/konto/losenord", "/diarium/begaran"}

// installationWide are forms acting on the whole installation, not on a
// board: a checkpoint may be signed by a secretary or administrator of any
// board (audit.MayCheckpoint; docs/security.md), so the KFN secretary
// passes there, as in the API's TestNoChangeByRevisorsOrOtherBoards.
var installationWide = []string{"/revision/kontrollpunkt"}

func allowedAnywhere(who string, f webForm) bool {
	return who == "kfn-sekreterare" && slices.ContainsFunc(installationWide, func(p string) bool { return routePattern(p).MatchString(f.action) })
}

func asking(f webForm) bool {
	return slices.ContainsFunc(askingForms, func(p string) bool { return routePattern(p).MatchString(f.action) })
}

// TestNoWebFormWorksForRevisorsOrOtherBoards crawls the UI as every demo
// user (on data where every kind of form is rendered), collects every
// POST form, and posts each, with the values it was rendered with, as
//
//	revisor           the demo revisor of ITN;
//	blandad-revisor   revisor of ITN who also is its ordförande, ledamot,
//	                  sekreterare, förvaltningschef and handläggare, and
//	                  sekreterare of KFN;
//	utomstaende       handläggare of KFN;
//	kfn-sekreterare   ordförande, sekreterare, förvaltningschef and
//	                  handläggare of KFN;
//
// each in their own session with their own CSRF token: every post is
// refused (4xx) and no stored document changes (but the KFN secretary's
// checkpoint, which is installation-wide: installationWide). Crawled themselves, the
// revisor is shown no form but logging out (and the askingForms), and the
// mixed-role revisor none that acts on ITN.
func TestNoWebFormWorksForRevisorsOrOtherBoards(t *testing.T) {
	t.Parallel() // its own instance; one of the slowest tests of the package
	env := apptest.New(t)
	ctx := t.Context()
	if _, err := env.App.Boards.InsertBoard(ctx, board.Board{Code: "KFN", Name: "Kultur- och fritidsnämnden", Kind: board.KindBoard,
		Organisation: "Borgholms kommun", CreatedAt: env.Clock.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	from := platform.MustParseDate("2023-01-01")
	roles := func(b string, rs ...identity.Role) []identity.RoleAssignment {
		var out []identity.RoleAssignment
		for _, r := range rs {
			out = append(out, identity.RoleAssignment{Board: b, Role: r, ValidFrom: from})
		}
		return out
	}
	for _, nu := range []identity.NewUser{
		{Username: "blandad-revisor", Name: "Britt Blandad", Password: apptest.DemoPassword,
			Roles: append(roles("ITN", identity.RoleRevisor, identity.RoleOrdforande, identity.RoleLedamot, identity.RoleSekreterare,
				identity.RoleForvaltningschef, identity.RoleHandlaggare), roles("KFN", identity.RoleSekreterare)...)},
		{Username: "utomstaende", Name: "Ulla Utom", Password: apptest.DemoPassword, Roles: roles("KFN", identity.RoleHandlaggare)},
		{Username: "kfn-sekreterare", Name: "Kim Kultur", Password: apptest.DemoPassword,
			Roles: roles("KFN", identity.RoleOrdforande, identity.RoleSekreterare, identity.RoleForvaltningschef, identity.RoleHandlaggare)},
	} {
		if _, err := env.App.Identity.CreateUser(ctx, nu); err != nil {
			t.Fatal(err)
		}
	}
	formFixtures(t, env)

	var forms []webForm
	for _, u := range []string{"handlaggare", "it-chef", "sekreterare", "ordforande", "vice-ordforande", "admin", "arkivarie"} {
		b, _ := loggedIn(t, env, u)
		for _, f := range crawl(t, b, u, "/") {
			if !strings.HasPrefix(f.action, "/logout") {
				forms = append(forms, f)
			}
		}
	}
	sort.Slice(forms, func(i, j int) bool { return forms[i].key() < forms[j].key() })

	// Every POST route of the UI but logging in and out is among them.
	for _, r := range env.App.Engine.Routes() {
		if r.Method != http.MethodPost || strings.HasPrefix(r.Path, "/api/") || r.Path == "/login" || r.Path == "/logout" {
			continue
		}
		pat := routePattern(r.Path)
		if !slices.ContainsFunc(forms, func(f webForm) bool { return pat.MatchString(f.action) }) {
			t.Errorf("no rendered form posts to %s: the crawl did not reach it", r.Path)
		}
	}

	// What the revisors are shown themselves.
	itnIDs := storedIDs(t, env, repo.CollCases, repo.CollMeetings)
	rb, _ := loggedIn(t, env, "revisor")
	for _, f := range crawl(t, rb, "revisor", "/") {
		if !strings.HasPrefix(f.action, "/logout") && !asking(f) {
			t.Errorf("the revisor is shown a form posting to %s (on %s)", f.action, f.page)
		}
	}
	mb, _ := loggedIn(t, env, "blandad-revisor")
	for _, f := range crawl(t, mb, "blandad-revisor", "/") {
		onITN := strings.Contains(f.action, "namnd=ITN") || f.fields.Get("board") == "ITN" ||
			slices.ContainsFunc(itnIDs, func(id string) bool { return strings.Contains(f.action, id) })
		if onITN {
			t.Errorf("the mixed-role revisor is shown a form acting on ITN: %s (on %s)", f.action, f.page)
		}
	}

	attackers := []string{"revisor", "blandad-revisor", "utomstaende", "kfn-sekreterare"}
	tried := 0
	for _, who := range attackers {
		b, csrf := loggedIn(t, env, who)
		for _, f := range forms {
			if allowedAnywhere(who, f) {
				continue
			}
			before := env.Snapshot(t)
			status, body := b.submit(f, csrf)
			tried++
			if status < 400 && !asking(f) {
				t.Errorf("%s posting %s (%s's form on %s): %d", who, f.action, f.user, f.page, status)
			}
			if status == http.StatusForbidden && strings.Contains(body, "Ogiltigt formulär") {
				t.Errorf("%s posting %s: refused by the CSRF check, not by the rule", who, f.action)
			}
			if env.Snapshot(t) != before {
				t.Errorf("%s posting %s (%s's form on %s) changed stored data", who, f.action, f.user, f.page)
			}
		}
	}
	if len(forms) < 25 {
		t.Errorf("only %d forms found", len(forms))
	}
	t.Logf("%d forms, %d posts by revisors and users of another board, none succeeded", len(forms), tried)
}

// storedIDs lists the ids of every document in the collections.
func storedIDs(t *testing.T, env *apptest.Env, colls ...string) []string {
	t.Helper()
	var out []string
	for _, coll := range colls {
		recs, err := env.Backend.Find(t.Context(), coll, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			out = append(out, r.ID)
		}
	}
	return out
}
