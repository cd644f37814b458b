package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestSendKallelseOnTheMeetingPage: the secretary sends the kallelse from
// the meeting page (a stale version is refused next to the form, in
// Swedish, and changes nothing); the page lists the sending with its time,
// sender, recipients by name and the handlingar; an ersättare with a seat
// and no role on the board finds the meeting under "Kallelser" on the
// start page with the nämnd's full name and opens the kallelse and the
// tjänsteskrivelse through its links, which another person without a seat
// cannot; the administrator, who runs meetings, is offered no form.
func TestSendKallelseOnTheMeetingPage(t *testing.T) {
	env := apptest.New(t)
	adm := env.Token("admin")
	for _, u := range []string{"greta.berg", "nils.utan"} {
		apiCall(t, env, adm, http.MethodPost, "/api/v1/users", map[string]any{"username": u, "name": map[string]string{"greta.berg": "Greta Berg", "nils.utan": "Nils Utan"}[u],
			"password": apptest.DemoPassword}, nil)
	}
	apiCall(t, env, adm, http.MethodPost, "/api/v1/boards/ITN/seats", map[string]any{"holder": "greta.berg", "kind": "ersattare", "order": 1,
		"valid_from": "2023-01-01"}, nil)
	readyForDecision(t, env, "Avtal om drift av e-post")
	m := apiCall(t, env, env.Token("sekreterare"), http.MethodPost, "/api/v1/boards/ITN/meetings",
		map[string]any{"starts_at": "2026-03-04T13:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}, nil)
	mpage := "/sammantraden/" + m["id"].(string)

	sek, csrf := loggedIn(t, env, "sekreterare")
	_, page, _ := sek.get(mpage)
	if !strings.Contains(page, `id="kallelse-form"`) || !strings.Contains(page, "Kallelsen är inte skickad.") {
		t.Fatalf("the secretary's meeting page has no kallelse form:\n%s", page)
	}
	before := env.Snapshot(t)
	status, page, _ := sek.post(mpage+"/kallelse", url.Values{"csrf": {csrf}, "version": {"0"}})
	if status != http.StatusConflict || !strings.Contains(page, `id="error-kallelse"`) || !strings.Contains(page, "Någon annan har ändrat uppgifterna.") ||
		strings.Contains(page, "<h1>Det gick inte</h1>") {
		t.Errorf("a stale version: %d\n%s", status, page)
	}
	if env.Snapshot(t) != before {
		t.Errorf("a refused sending changed stored data")
	}
	v := meetingVersion.FindStringSubmatch(page)
	status, _, h := sek.post(mpage+"/kallelse", url.Values{"csrf": {csrf}, "version": {v[1]}})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), mpage+"?meddelande=kallelse_skickad") {
		t.Fatalf("send: %d %s", status, h.Get("Location"))
	}
	_, page, _ = sek.get(h.Get("Location"))
	for _, want := range []string{"Kallelsen är skickad till ledamöterna och ersättarna.", "skickad 2026-03-02 09:00 av Maria Holm",
		"Anna Lindqvist (Ordförande)", "Greta Berg (Ersättare)", `<span class="handling">Tjänsteskrivelse, version 1</span>`, "Skicka kompletterande kallelse"} {
		if !strings.Contains(page, want) {
			t.Errorf("the meeting page after sending lacks %q", want)
		}
	}
	admin, _ := loggedIn(t, env, "admin")
	if _, page, _ := admin.get(mpage); !strings.Contains(page, `id="kallelser"`) || strings.Contains(page, `id="kallelse-form"`) {
		t.Errorf("the administrator sees no sending, or is offered the kallelse form")
	}

	greta, _ := loggedIn(t, env, "greta.berg")
	_, home, _ := greta.get("/")
	if !strings.Contains(home, `id="desk-kallelser"`) || !strings.Contains(home, "<strong>Ölands IT-nämnd</strong>, sammanträde 2026-03-04 13:00, Stadshuset, Borgholm.") {
		t.Fatalf("Greta's start page:\n%s", home)
	}
	links := regexp.MustCompile(`href="(/(?:sammantraden|arenden)/[^"]+)"`).FindAllStringSubmatch(home[strings.Index(home, `id="kallelser"`):], -1)
	var pdfs []string
	for _, l := range links {
		pdfs = append(pdfs, strings.ReplaceAll(l[1], "&amp;", "&"))
	}
	if len(pdfs) != 2 || !strings.HasSuffix(pdfs[0], "/kallelse.pdf") || !strings.Contains(pdfs[1], "/tjansteskrivelse.pdf?version=1") {
		t.Fatalf("Greta's kallelse links: %v", pdfs)
	}
	nils, _ := loggedIn(t, env, "nils.utan")
	for _, p := range pdfs {
		if status, body, hd := greta.get(p); status != http.StatusOK || hd.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
			t.Errorf("Greta GET %s: %d %s", p, status, hd.Get("Content-Type"))
		}
		if status, _, _ := nils.get(p); status != http.StatusNotFound {
			t.Errorf("Nils, without a seat, GET %s: %d", p, status)
		}
	}
	if status, _, _ := greta.get(mpage); status != http.StatusNotFound {
		t.Errorf("Greta opens the meeting page itself: %d", status)
	}
	if _, home, _ := nils.get("/"); strings.Contains(home, `id="desk-kallelser"`) {
		t.Errorf("Nils is called")
	}
}
