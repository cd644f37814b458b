package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var (
	archivedRowAttr = regexp.MustCompile(`<tr data-case="([^"]+)">`)
	archivedOlder   = regexp.MustCompile(`<a href="([^"]+)" rel="next" id="archived-older">`)
	archivedNewer   = regexp.MustCompile(`<a href="([^"]+)" rel="prev" id="archived-newer">`)
	gallringOlder   = regexp.MustCompile(`<a href="([^"]+)" rel="next" id="gallring-older">`)
	gallringAction  = regexp.MustCompile(`<form method="post" action="([^"]+)" id="gallring-form">`)
)

// link is the first submatch of re in page, unescaped ("" when absent).
func link(re *regexp.Regexp, page string) string {
	if m := re.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// TestArchivePageReachesEveryArchivedCase: with 131 arkiverade ärenden
// the archive page shows 25 a page, newest first, with the total; "Äldre"
// leads to the next 25 and "Nyare" back; the oldest ärende, beyond the
// first 100 the page used to show, is on the last page and its package
// downloads. A malformed ?sida= is answered 400 as the meetings page
// answers it, a page past the end says it is empty.
func TestArchivePageReachesEveryArchivedCase(t *testing.T) {
	env := apptest.New(t)
	b, _ := loggedIn(t, env, "arkivarie")
	h, sek := env.Token("handlaggare"), env.Token("sekreterare")
	version := func(id string) any { return env.Call(t, h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"] }

	// The oldest: registered with a handling, voided and archived through
	// the API.
	oldest := env.Call(t, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Äldsta arkiverade ärendet"}, nil)
	id := oldest["id"].(string)
	body, ct := multipartFile(t, map[string]string{"direction": "inkommande", "description": "Rapport", "party": "Skolan"},
		"rapport.txt", []byte("Rapport\n"))
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/documents", Token: h, Body: body,
		Header: map[string]string{"Content-Type": ct}}); r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	env.Call(t, sek, http.MethodPost, "/api/v1/cases/"+id+"/events/void", map[string]string{"note": "Dubblett"}, version(id))
	env.Call(t, sek, http.MethodPost, "/api/v1/cases/"+id+"/events/archive", map[string]any{}, version(id))
	oldestDnr := oldest["registration_number"].(string)

	// 130 newer ones.
	archivedCases(t, env, 130)
	dnr := func(i int) string { return cases.FormatNumber("ITN", 2026, int64(5000+i)) }
	rows := func(page string) []string {
		var out []string
		for _, m := range archivedRowAttr.FindAllStringSubmatch(page, -1) {
			out = append(out, m[1])
		}
		return out
	}

	status, page, _ := b.get("/arkiv?namnd=ITN")
	got := rows(page)
	if status != http.StatusOK || len(got) != 25 || got[0] != dnr(129) || got[24] != dnr(105) ||
		!strings.Contains(page, `id="archived-total">131 arkiverade ärenden`) || link(archivedNewer, page) != "" {
		t.Fatalf("page 1: %d, rows %v\n%s", status, got, page)
	}
	for _, id := range []string{"archived-cases", "batch-form", "delivery-form", "gallring-form", "profile-form", "plan-form"} {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("page 1 has no #%s", id)
		}
	}
	older := link(archivedOlder, page)
	if older != "/arkiv?namnd=ITN&sida=2#archive-delivery" {
		t.Fatalf("page 1's link to older: %q", older)
	}
	status, page, _ = b.get(older)
	got = rows(page)
	if status != http.StatusOK || len(got) != 25 || got[0] != dnr(104) || got[24] != dnr(80) ||
		link(archivedNewer, page) != "/arkiv?namnd=ITN#archive-delivery" || link(archivedOlder, page) != "/arkiv?namnd=ITN&sida=3#archive-delivery" {
		t.Fatalf("page 2: %d, rows %v\n%s", status, got, page)
	}

	// The last page: the five oldest, the one archived through the API
	// last, with its package.
	status, page, _ = b.get("/arkiv?namnd=ITN&sida=6")
	got = rows(page)
	if status != http.StatusOK || len(got) != 6 || got[5] != oldestDnr || link(archivedOlder, page) != "" ||
		link(archivedNewer, page) != "/arkiv?namnd=ITN&sida=5#archive-delivery" {
		t.Fatalf("page 6: %d, rows %v\n%s", status, got, page)
	}
	pkg := `<a href="/arenden/` + id + `/arkivpaket" class="package-link">`
	if !strings.Contains(page, pkg) {
		t.Fatalf("page 6 has no package link for %s:\n%s", oldestDnr, page)
	}
	status, zipped, hdr := b.get("/arenden/" + id + "/arkivpaket")
	if status != http.StatusOK || hdr.Get("Content-Type") != "application/zip" || !strings.HasPrefix(zipped, "PK") {
		t.Errorf("the oldest case's package: %d %s", status, hdr.Get("Content-Type"))
	}

	// Past the end: empty, with the way back.
	status, page, _ = b.get("/arkiv?namnd=ITN&sida=7")
	if status != http.StatusOK || len(rows(page)) != 0 || !strings.Contains(page, "Inga arkiverade ärenden på sidan 7.") ||
		link(archivedNewer, page) != "/arkiv?namnd=ITN&sida=6#archive-delivery" {
		t.Errorf("page 7: %d\n%s", status, page)
	}

	// Malformed pages: 400 with the meetings page's reason, for both of
	// the page's lists.
	sek2, _ := loggedIn(t, env, "sekreterare")
	before := env.Snapshot(t)
	for _, v := range []string{"0", "-1", "abc", "1.5", "100001", "99999999999999999999"} {
		mStatus, mPage, _ := sek2.get("/sammantraden?namnd=ITN&sida=" + url.QueryEscape(v))
		reason := alertText(mPage)
		if mStatus != http.StatusBadRequest || reason == "" {
			t.Fatalf("/sammantraden?sida=%s: %d %q", v, mStatus, reason)
		}
		for _, p := range []string{"sida", "protokollsida"} {
			status, page, _ := b.get("/arkiv?namnd=ITN&" + p + "=" + url.QueryEscape(v))
			if status != http.StatusBadRequest || alertText(page) != reason {
				t.Errorf("/arkiv?%s=%s: %d %q, want 400 %q", p, v, status, alertText(page), reason)
			}
		}
	}
	if env.Snapshot(t) != before {
		t.Error("a malformed page changed stored data")
	}
}

// archivedCases writes n arkiverade ärenden of ITN (ITN 2026/5000 on,
// each registered a minute after the one before, from apptest.Start
// plus a minute) straight to the store, as an import would: n through
// the use cases would cost the test minutes.
func archivedCases(t *testing.T, env *apptest.Env, n int) {
	t.Helper()
	store := repo.NewCases(env.Backend)
	for i := range n {
		at := apptest.Start.Add(time.Duration(i+1) * time.Minute)
		seq := int64(5000 + i)
		c := cases.Case{ID: fmt.Sprintf("arch-c%04d", i), Board: "ITN", Year: 2026, Seq: seq,
			RegistrationNumber: cases.FormatNumber("ITN", 2026, seq), Title: fmt.Sprintf("Arkiverat ärende %d", i),
			State: cases.StateArchived, OfficerID: "handlaggare", CreatedBy: "handlaggare", RegisteredOn: platform.DateOf(at),
			RegisteredAt: at.UTC(), RegisteredNS: at.UnixNano(), UpdatedAt: at.UTC(), Documents: []cases.Document{}}
		if _, err := store.Insert(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
}

// laterMeetings plans n meetings of ITN over the API, one a day from 1
// April 2026 (after archiveFixtures' meeting).
func laterMeetings(t *testing.T, env *apptest.Env, n int) {
	t.Helper()
	sek := env.Token("sekreterare")
	for i := range n {
		at := time.Date(2026, 4, 1, 13, 0, 0, 0, platform.Stockholm).AddDate(0, 0, i)
		env.Call(t, sek, http.MethodPost, "/api/v1/boards/ITN/meetings",
			map[string]any{"starts_at": at.Format(time.RFC3339), "place": "Stadshuset, Borgholm"}, nil)
	}
}

// olderGallringDecision makes archiveFixtures (with the classes they use
// in the organisation's scheme), an informationshanteringsplan in force
// and 50 meetings after the gallringsbeslut's, so that its protocol is
// not among the board's newest 50. It returns what archiveFixtures does.
func olderGallringDecision(t *testing.T, env *apptest.Env) (map[string]string, string, int) {
	t.Helper()
	admin := env.Token("admin")
	for code, name := range map[string]string{"1.2": "Samverkan", "2.3": "Avtal", "3.1": "Informationssäkerhet", "4.1": "Arkiv"} {
		env.Call(t, admin, http.MethodPut, "/api/v1/reference/classes/"+code, map[string]any{"name": name}, nil)
	}
	ids, mid, no := archiveFixtures(t, env)
	b, csrf := loggedIn(t, env, "arkivarie")
	if status, page := b.postFile("/arkiv/plan?namnd=ITN", map[string]string{"csrf": csrf, "title": "IHP 2026"}, "file", "ihp.csv",
		[]byte("Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n1.2;Samverkan;Bevaras;;§ 1\n2.3;Avtal;Bevaras;;§ 2\n3.1;Incidenter;Gallras;2;§ 3\n4.1;Arkiv;Bevaras;;§ 4\n")); status != http.StatusSeeOther {
		t.Fatalf("plan import: %d\n%s", status, page)
	}
	laterMeetings(t, env, 50)
	return ids, mid, no
}

var alertPara = regexp.MustCompile(`(?s)role="alert"[^>]*>(.*?)</`)

// alertText is the text of a page's first alert ("" when none).
func alertText(page string) string {
	if m := alertPara.FindStringSubmatch(page); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// TestArchiveGallringReachesOlderProtocols: the nämnd's gallringsbeslut,
// a § of a justerat protocol, is older than the board's newest 50
// meetings; the gallring form's "Äldre sammanträden" reaches it, and
// gallring runs under it (a refusal would show the same choice again).
func TestArchiveGallringReachesOlderProtocols(t *testing.T) {
	env := apptest.New(t)
	ids, mid, no := olderGallringDecision(t, env)
	b, csrf := loggedIn(t, env, "arkivarie")
	option := `<option value="` + mid + `"`

	_, page, _ := b.get("/arkiv?namnd=ITN")
	if strings.Contains(page, option) {
		t.Fatal("the gallringsbeslut's protocol is among the newest 50 meetings; the test needs it older")
	}
	older := link(gallringOlder, page)
	if older == "" || !strings.Contains(page, "sammanträden 1–50 av") {
		t.Fatalf("no way to older meetings in the gallring form:\n%s", page)
	}
	status, page, _ := b.get(older)
	if status != http.StatusOK || !strings.Contains(page, option) {
		t.Fatalf("%s: %d, no option for the justerat protocol %s\n%s", older, status, mid, page)
	}
	action := link(gallringAction, page)
	if !strings.Contains(action, "protokollsida=2") {
		t.Errorf("the gallring form posts to %q, without the page of meetings shown", action)
	}
	larm := env.Call(t, env.Token("handlaggare"), http.MethodGet, "/api/v1/cases/"+ids["larm"], nil, nil)["registration_number"].(string)
	before := env.Snapshot(t)
	status, page, _ = b.post(action, url.Values{"csrf": {csrf}, "meeting_id": {mid}, "paragraph": {fmt.Sprint(no)}, "cases": {larm}})
	if status != http.StatusOK || !strings.Contains(page, `id="gallring-result"`) || !strings.Contains(page, "Gallringsfristen har inte löpt ut") {
		t.Fatalf("gallring under the older protocol: %d\n%s", status, page)
	}
	if !strings.Contains(page, option+" selected>") {
		t.Error("after the run, the form no longer offers the chosen protocol")
	}
	if env.Snapshot(t) != before {
		t.Error("a run that weeded nothing changed stored data")
	}
	// Two years and a month later the incident case is weeded under it.
	env.Clock.Advance(2*365*24*time.Hour + 31*24*time.Hour)
	b, csrf = loggedIn(t, env, "arkivarie")
	status, page, _ = b.post(action, url.Values{"csrf": {csrf}, "meeting_id": {mid}, "paragraph": {fmt.Sprint(no)}, "cases": {larm}})
	if status != http.StatusOK || !strings.Contains(page, `id="gallring-weeded"`) || !strings.Contains(page, `<li data-case="`+larm+`">`) {
		t.Fatalf("gallring under the older protocol, the frist run out: %d\n%s", status, page)
	}
}
