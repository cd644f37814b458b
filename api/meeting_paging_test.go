package api_test

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// newerMeetings is how many meetings TestOldMeetingsStayReachable holds
// after the real ones: more than the 200 the lists used to stop at.
const newerMeetings = 230

// TestOldMeetingsStayReachable: a board whose two real meetings (the
// gallringsbeslut's, and one whose kallelse sent an ärende's
// handling to an ersättare, whose § decided the ärende and whose
// protocol was appealed) are followed by 230 newer meetings, all announced
// on the anslagstavla, still shows and uses its oldest meetings: the API's
// meeting list and the web page's Äldre links reach them, and so do the
// public anslagstavla's (API pages, web page and the protocol's PDF); the
// ersättare still opens the handling sent with the kallelse; the
// archive package of the ärende holds the § as its protokollsutdrag; and
// gallring, two years on, refuses the ärende as not laga kraft (its
// protocol is appealed) instead of weeding it. A malformed page is 400
// invalid_parameter naming it. On SQLite and on the Mongo backend.
func TestOldMeetingsStayReachable(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a := newArch(t, env)
		a.profile()
		if r := a.importPlan(testPlan); r.Status != http.StatusCreated {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
		adm := newAdminEnv(t, env)
		adm.must(http.StatusCreated, http.MethodPost, "/api/v1/users", map[string]any{"username": "ersattare.berg", "name": "Eva Berg",
			"password": apptest.DemoPassword})
		adm.must(http.StatusCreated, http.MethodPost, "/api/v1/boards/ITN/seats", map[string]any{"holder": "ersattare.berg",
			"kind": "ersattare", "order": 1, "party": "S", "valid_from": "2023-01-01"})

		// The gallringsbeslut's meeting.
		gallring := a.register("Gallring enligt informationshanteringsplanen 2028", "4.1", nil)
		a.ready(gallring)
		gallringMeeting, nos := a.meeting(map[string]paragraph{gallring: {"bifall", []string{"gallra handlingar enligt informationshanteringsplanen"}}})
		decision := map[string]any{"meeting_id": gallringMeeting, "paragraph": nos[gallring]}

		// The ärende's meeting: kallelse, §, justering, anslag, appeal.
		inc := a.register("Intrång i skolans nät", "3.1", nil)
		a.upload(inc, map[string]string{"direction": "inkommande", "description": "Rapport", "party": "Skolan"}, "rapport.txt",
			[]byte("Incidentrapport\nLarmet gick 02.14.\n"))
		a.ready(inc)
		m := a.must(http.StatusCreated, "sekreterare", http.MethodPost, "/api/v1/boards/ITN/meetings", nil,
			map[string]any{"starts_at": "2026-03-02T15:00:00+01:00", "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}})
		old := m["id"].(string)
		path := "/api/v1/meetings/" + old
		m = a.must(http.StatusOK, "sekreterare", http.MethodPost, path+"/kallelse", m["version"], nil)
		var sentHref string
		for _, k := range a.must(http.StatusOK, "ersattare.berg", http.MethodGet, "/api/v1/me/desk", nil, nil)["kallelser"].([]any) {
			for _, h := range k.(map[string]any)["handlingar"].([]any) {
				if h.(map[string]any)["case_id"] == inc {
					sentHref = h.(map[string]any)["href"].(string)
				}
			}
		}
		if sentHref == "" {
			t.Fatal("the kallelse did not send the ärende's handling to the ersättare")
		}
		m = a.must(http.StatusOK, "sekreterare", http.MethodPut, path+"/status", m["version"], map[string]string{"status": "pagaende"})
		item := slices.IndexFunc(m["agenda"].([]any), func(it any) bool { return it.(map[string]any)["case_id"] == inc })
		p := a.must(http.StatusCreated, "sekreterare", http.MethodPost, path+"/paragraphs", nil,
			map[string]any{"item": item, "outcome": "bifall", "clauses": []string{"lägga rapporten till handlingarna"}})
		no := int(p["no"].(float64))
		m = a.must(http.StatusOK, "sekreterare", http.MethodGet, path, nil, nil)
		a.must(http.StatusOK, "sekreterare", http.MethodPut, path+"/status", m["version"], map[string]string{"status": "avslutat"})
		a.must(http.StatusCreated, "ordforande", http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		m = a.must(http.StatusCreated, "vice-ordforande", http.MethodPost, path+"/signatures", nil, map[string]string{"password": apptest.DemoPassword})
		for _, member := range []string{"0885", "0840"} {
			m = a.must(http.StatusOK, "sekreterare", http.MethodPost, path+"/notices", m["version"],
				map[string]string{"member": member, "posted_on": "2026-03-02", "location": "Kommunkansliet"})
		}
		a.must(http.StatusOK, "sekreterare", http.MethodPost, path+"/appeals", m["version"],
			map[string]any{"received_on": "2026-03-02", "court": "Förvaltningsrätten i Växjö", "paragraph": no})
		a.fire("handlaggare", inc, "close", nil)
		a.fire("arkivarie", inc, "archive", nil)

		holdNewerMeetings(t, env)
		env.Clock.Advance(2*365*24*time.Hour + 31*24*time.Hour) // past the gallringsfrist of class 3.1
		a.relogin()

		// The API's meeting list: pages of 100, newest first, every meeting
		// once; the two real meetings come after the 200 newest.
		first := a.must(http.StatusOK, "sekreterare", http.MethodGet, "/api/v1/boards/ITN/meetings", nil, nil)
		total := int(first["total"].(float64))
		if first["page"] != float64(1) || first["per_page"] != float64(50) || len(first["items"].([]any)) != 50 || total < newerMeetings+2 {
			t.Fatalf("the first page: page %v per_page %v, %d items of %d", first["page"], first["per_page"], len(first["items"].([]any)), total)
		}
		var ids []string
		for page := 1; ; page++ {
			res := a.must(http.StatusOK, "sekreterare", http.MethodGet, fmt.Sprintf("/api/v1/boards/ITN/meetings?page=%d&per_page=100", page), nil, nil)
			items := res["items"].([]any)
			if len(items) == 0 {
				break
			}
			for _, it := range items {
				ids = append(ids, it.(map[string]any)["id"].(string))
			}
		}
		if len(ids) != total || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != total {
			t.Errorf("the pages hold %d meetings (%d distinct), the total is %d", len(ids), len(slices.Compact(slices.Sorted(slices.Values(ids)))), total)
		}
		for _, id := range []string{old, gallringMeeting} {
			if i := slices.Index(ids, id); i < 200 {
				t.Errorf("real meeting %s is at %d of the list, want after the 200 newer ones", id, i)
			}
		}
		for _, q := range []string{"page=0", "per_page=101", "page=x"} {
			r := a.do("sekreterare", http.MethodGet, "/api/v1/boards/ITN/meetings?"+q, nil, nil)
			a.refused("meetings?"+q, r, http.StatusBadRequest, "invalid_parameter")
			if name := strings.SplitN(q, "=", 2)[0]; !strings.Contains(string(r.Body), name) {
				t.Errorf("meetings?%s: the refusal does not name %s: %s", q, name, r.Body)
			}
		}

		// The web page: Äldre, page after page, reaches the oldest.
		sek := webLogin(t, env, "sekreterare")
		if found, pages := followOlder(t, sek, env, "/sammantraden?namnd=ITN", "meetings-older", `href="/sammantraden/`+old+`"`); !found {
			t.Errorf("the meetings page does not reach meeting %s in %d pages", old, pages)
		} else if want := slices.Index(ids, old)/25 + 1; pages != want {
			t.Errorf("the meetings page shows meeting %s on page %d, want %d (25 a page)", old, pages, want)
		}

		// The anslagstavla: the announced protocols a page at a time (API),
		// the notices taken down on the web page, the protocol itself.
		found := false
		for page := 1; !found; page++ {
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/public/notices?page=%d&per_page=100", page)})
			if r.Status != http.StatusOK {
				t.Fatalf("public notices page %d: %d %s", page, r.Status, r.Body)
			}
			items := r.JSON(t)["items"].([]any)
			if len(items) == 0 {
				break
			}
			for _, it := range items {
				found = found || it.(map[string]any)["meeting_id"] == old
			}
		}
		if !found {
			t.Errorf("the public notices' pages do not reach meeting %s", old)
		}
		if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices?posted=true"}); r.Status != http.StatusOK ||
			strings.Contains(string(r.Body), old) || r.JSON(t)["total"] != float64(0) {
			t.Errorf("posted two years on: %d %s", r.Status, r.Body)
		}
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/notices?posted=true&page=2"})
		a.refused("posted notices by the page", r, http.StatusBadRequest, "invalid_parameter")
		anon := newWebClient(t)
		if found, pages := followOlder(t, anon, env, "/anslagstavla", "notices-older", `data-meeting="`+old+`"`); !found {
			t.Errorf("the anslagstavla does not reach meeting %s in %d pages", old, pages)
		}
		if status, body, h := webGet(t, anon, env, "/anslagstavla/protokoll/"+old); status != http.StatusOK ||
			h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
			t.Errorf("the old protocol: %d %s", status, h.Get("Content-Type"))
		}

		// The kallelse's handling, the archive package, gallring.
		if r := a.do("ersattare.berg", http.MethodGet, sentHref, nil, nil); r.Status != http.StatusOK || !strings.Contains(string(r.Body), "Larmet gick") {
			t.Errorf("the ersättare GET %s: %d %s", sentHref, r.Status, truncate(r.Body))
		}
		erms := readFile(t, a.exportZip(inc), "metadata/descriptive/ERMS.xml")
		wantText(t, "the ärende's ERMS.xml", erms, fmt.Sprintf("<actionDue>Protokoll ITN 2026-03-02 § %d</actionDue>", no),
			`recordType="Protokollsutdrag"`, "lägga rapporten till handlingarna")
		res := a.must(http.StatusOK, "arkivarie", http.MethodPost, "/api/v1/boards/ITN/gallring", nil, map[string]any{"decision": decision})
		if slices.Contains(weededOf(res), inc) || !strings.Contains(reasonsOf(res)[inc], "not_laga_kraft") {
			t.Errorf("gallring of the ärende decided at an appealed meeting: weeded %v, reasons %v", weededOf(res), reasonsOf(res))
		}
	})
}

// holdNewerMeetings stores newerMeetings meetings of ITN held after
// 2 March 2026, justerade and announced on both members' anslagstavlor,
// straight through the repository (as Env.Grow does: hundreds through the
// use cases would cost the test minutes).
func holdNewerMeetings(t *testing.T, env *apptest.Env) {
	t.Helper()
	ctx := t.Context()
	b, err := env.App.Boards.GetBoard(ctx, "ITN")
	if err != nil {
		t.Fatal(err)
	}
	var nbs []meeting.NoticeBoard
	for _, mb := range b.Members {
		nbs = append(nbs, meeting.NoticeBoard{Member: mb.Code, MemberName: mb.Name})
	}
	ms := repo.NewMeetings(env.Backend)
	for i := range newerMeetings {
		day := platform.MustParseDate("2026-03-03").AddDays(i / 8)
		at := time.Date(day.Year, day.Month, day.Day, 8+i%8, 0, 0, 0, platform.Stockholm)
		m := meeting.Meeting{ID: fmt.Sprintf("newer-%03d", i), Board: "ITN", Year: day.Year, Date: day, StartsAt: at.UTC(),
			Place: "Sammanträdesrum", Status: meeting.StatusJusterad, JusteredOn: day, CreatedBy: "sekreterare",
			Agenda: []meeting.AgendaItem{}, Paragraphs: []meeting.Paragraph{}, Justerare: []string{}}
		for _, nb := range nbs {
			m.Notices = append(m.Notices, meeting.Notice{Member: nb.Member, MemberName: nb.MemberName, PostedOn: day.AddDays(1), Location: "Kansliet"})
		}
		m.SetNoticeBoards(nbs)
		if _, err := ms.InsertMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
}

// newWebClient is a browser without JavaScript: cookies kept, redirects
// not followed.
func newWebClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func webGet(t *testing.T, c *http.Client, env *apptest.Env, path string) (int, string, http.Header) {
	t.Helper()
	res, err := c.Get(env.URL(path))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// webLogin logs username in through the web login form.
func webLogin(t *testing.T, env *apptest.Env, username string) *http.Client {
	t.Helper()
	c := newWebClient(t)
	_, page, _ := webGet(t, c, env, "/login")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no csrf field on the login page")
	}
	res, err := c.PostForm(env.URL("/login"), url.Values{"csrf": {m[1]}, "username": {username}, "password": {apptest.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", username, res.StatusCode)
	}
	return c
}

// followOlder opens path and follows the link with id linkID from page to
// page until a page holds want or has no such link; it returns whether
// want was found and how many pages it read.
func followOlder(t *testing.T, c *http.Client, env *apptest.Env, path, linkID, want string) (bool, int) {
	t.Helper()
	link := regexp.MustCompile(`<a href="([^"]+)"[^>]* id="` + linkID + `"`)
	for pages := 1; pages <= 100; pages++ {
		status, body, _ := webGet(t, c, env, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, status, body)
		}
		if strings.Contains(body, want) {
			return true, pages
		}
		m := link.FindStringSubmatch(body)
		if m == nil {
			return false, pages
		}
		path = html.UnescapeString(m[1])
	}
	return false, 100
}
