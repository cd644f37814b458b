package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var (
	personRow  = regexp.MustCompile(`<tr data-username="([^"]+)"`)
	peopleLink = func(id string) *regexp.Regexp { return regexp.MustCompile(`href="([^"]*)"[^>]*id="` + id + `"`) }
	peoplePrev = peopleLink("people-prev")
	peopleNext = peopleLink("people-next")
	seatPerson = regexp.MustCompile(`<li data-username="([^"]+)"`)
)

// personRows are the usernames of the people list's rows, in order.
func personRows(page string) []string {
	var out []string
	for _, m := range personRow.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// linkOf is the address of the link re finds ("" when there is none).
func linkOf(re *regexp.Regexp, page string) string {
	if m := re.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// TestPeopleListPagesAndSearches: /admin/personer shows 50 people a page
// in username order with the total, Föregående/Nästa between the pages,
// and a search (Sök person) in name and username that folds case (ÖBERG
// finds Åsa Öberg) and keeps the search in the page links; a malformed
// sida is the 400 /sammantraden answers; the new-person form is still
// there. The board page's seat form takes the holder's username, offered
// from a search (one page of matches), never a select of every person,
// and adds the seat.
func TestPeopleListPagesAndSearches(t *testing.T) {
	env := apptest.New(t)
	env.Grow(t, apptest.Growth{Users: 120})
	b, csrf := loggedIn(t, env, "admin")
	if status, _, _ := b.post("/admin/personer", url.Values{"csrf": {csrf}, "username": {"asa.oberg"}, "name": {"Åsa Öberg"},
		"title": {"Ledamot"}}); status != http.StatusSeeOther {
		t.Fatalf("a new person: %d", status)
	}
	status, page, _ := b.get("/admin/personer")
	first := personRows(page)
	if status != http.StatusOK || len(first) != 50 || !slices.IsSorted(first) || first[0] != "admin" {
		t.Fatalf("page 1: %d, %d rows %v", status, len(first), first)
	}
	var all []string
	all = append(all, first...)
	total := 0
	if m := regexp.MustCompile(`id="people-count">(\d+) personer\.`).FindStringSubmatch(page); m != nil {
		fmt.Sscan(m[1], &total)
	}
	if total != 129 || linkOf(peoplePrev, page) != "" || linkOf(peopleNext, page) != "/admin/personer?sida=2" ||
		!strings.Contains(page, `id="person-form"`) || !strings.Contains(page, `id="person-create"`) || !strings.Contains(page, `<label for="people-q">Sök person</label>`) {
		t.Fatalf("page 1: total %d, links %q %q\n%s", total, linkOf(peoplePrev, page), linkOf(peopleNext, page), page)
	}
	for next := linkOf(peopleNext, page); next != ""; next = linkOf(peopleNext, page) {
		if status, page, _ = b.get(next); status != http.StatusOK {
			t.Fatalf("%s: %d", next, status)
		}
		all = append(all, personRows(page)...)
	}
	if len(all) != total || !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != total {
		t.Errorf("the pages hold %d people (sorted %v), total %d", len(all), slices.IsSorted(all), total)
	}
	last := (total + 49) / 50
	if !strings.Contains(page, fmt.Sprintf("Sida %d av %d", last, last)) || linkOf(peoplePrev, page) != fmt.Sprintf("/admin/personer?sida=%d", last-1) {
		t.Errorf("the last page: prev %q", linkOf(peoplePrev, page))
	}

	for q, want := range map[string][]string{
		"ÖBERG":      {"asa.oberg"},
		"åsa ö":      {"asa.oberg"},
		"ASA.O":      {"asa.oberg"},
		"person 11":  {"grow0011", "grow0110", "grow0111", "grow0112", "grow0113", "grow0114", "grow0115", "grow0116", "grow0117", "grow0118", "grow0119"},
		"ingen alls": nil,
	} {
		status, page, _ := b.get("/admin/personer?q=" + url.QueryEscape(q))
		if got := personRows(page); status != http.StatusOK || !slices.Equal(got, want) ||
			!strings.Contains(page, fmt.Sprintf(`id="people-count">%d `, len(want))) || !strings.Contains(page, `value="`+html.EscapeString(q)+`"`) {
			t.Errorf("q=%s: %d %v, want %v", q, status, got, want)
		}
	}
	// A search over more than a page keeps the search in the links.
	_, page, _ = b.get("/admin/personer?q=grow")
	if got := linkOf(peopleNext, page); got != "/admin/personer?q=grow&sida=2" || len(personRows(page)) != 50 {
		t.Errorf("q=grow: next %q, %d rows", got, len(personRows(page)))
	}
	_, page, _ = b.get("/admin/personer?q=grow&sida=3")
	if got := personRows(page); len(got) != 20 || got[0] != "grow0100" || linkOf(peoplePrev, page) != "/admin/personer?q=grow&sida=2" || linkOf(peopleNext, page) != "" {
		t.Errorf("q=grow page 3: %v, prev %q", got, linkOf(peoplePrev, page))
	}

	// A malformed sida: the meetings page's 400.
	sek, _ := loggedIn(t, env, "sekreterare")
	for _, v := range []string{"0", "-1", "abc", "1.5", "100001"} {
		_, want, _ := sek.get("/sammantraden?namnd=ITN&sida=" + url.QueryEscape(v))
		status, page, _ := b.get("/admin/personer?sida=" + url.QueryEscape(v))
		if status != http.StatusBadRequest || alertText(page) == "" || alertText(page) != alertText(want) {
			t.Errorf("sida=%s: %d %q, want 400 %q", v, status, alertText(page), alertText(want))
		}
	}

	// The seat form: no select of every person; a search offers one page.
	status, page, _ = b.get("/admin/namnder/ITN")
	if status != http.StatusOK || strings.Contains(page, `<select id="seat-holder"`) || !strings.Contains(page, `<input id="seat-holder" name="holder"`) ||
		strings.Contains(page, "grow0001") || !strings.Contains(page, `<label for="seat-search-q">Sök person</label>`) {
		t.Fatalf("the board page: %d\n%s", status, page)
	}
	_, page, _ = b.get("/admin/namnder/ITN?q=" + url.QueryEscape("ÖBERG"))
	if !strings.Contains(page, `<li data-username="asa.oberg">Åsa Öberg, Ledamot (asa.oberg)</li>`) ||
		!strings.Contains(page, `<option value="asa.oberg">`) || !strings.Contains(page, `name="holder" type="text" list="seat-people-list" autocomplete="off" required value="asa.oberg"`) {
		t.Errorf("the seat form after a search for ÖBERG:\n%s", page)
	}
	_, page, _ = b.get("/admin/namnder/ITN?q=person")
	if got := seatPerson.FindAllStringSubmatch(page, -1); len(got) != 20 || !strings.Contains(page, "120 personer vars namn") ||
		!strings.Contains(page, "förfina sökningen") {
		t.Errorf("a search for person offers %d people\n%s", len(got), page)
	}
	before := env.Snapshot(t)
	status, page, _ = b.post("/admin/namnder/ITN/mandat", url.Values{"csrf": {csrf}, "holder": {"ingen.alls"}, "kind": {"ledamot"},
		"valid_from": {"2026-01-01"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `value="ingen.alls"`) || env.Snapshot(t) != before {
		t.Errorf("an unknown holder: %d %q", status, alertText(page))
	}
	status, _, hdr := b.post("/admin/namnder/ITN/mandat", url.Values{"csrf": {csrf}, "holder": {"asa.oberg"}, "kind": {"ledamot"},
		"party": {"Partiet"}, "valid_from": {"2026-01-01"}})
	if status != http.StatusSeeOther {
		t.Fatalf("the seat: %d %v", status, hdr)
	}
	_, page, _ = b.get("/admin/namnder/ITN")
	if !strings.Contains(page, `data-holder="asa.oberg"><td>Åsa Öberg</td>`) {
		t.Errorf("the new seat is not listed with its holder's name")
	}
}

// TestPeopleAndSeatPagesReadFlat: the people list (a page, a search, a
// later page), and the board page with its seat form (with and without a
// person search) read as many documents when the organisation has 1,000
// more people: each reads its page, not the organisation. The small
// organisation already fills the pages (the demo's people and 100 more),
// so that the comparison is of a full page with a full page.
func TestPeopleAndSeatPagesReadFlat(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	ids := repo.NewIdentity(env.Backend)
	for i := range 100 {
		if _, err := ids.InsertUser(t.Context(), identity.User{ID: fmt.Sprintf("early-u%03d", i), Username: fmt.Sprintf("early%03d", i),
			Name: fmt.Sprintf("Tidig person %03d", i), CreatedAt: apptest.Start.UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := loggedIn(t, env, "admin")
	paths := []string{"/admin/personer", "/admin/personer?q=person", "/admin/personer?sida=2", "/admin/namnder/ITN",
		"/admin/namnder/ITN?q=person"}
	var rs apptest.ReadScale
	measure := func(large bool) {
		for _, p := range paths {
			rs.Measure(cb, "admin GET "+p, large, func() {
				if status, body, _ := b.get(p); status != http.StatusOK {
					t.Errorf("GET %s: %d\n%.300s", p, status, body)
				}
			})
		}
	}
	measure(false)
	env.Grow(t, apptest.Growth{Users: 1000})
	measure(true)
	rs.Check(t, 5, nil)
}
