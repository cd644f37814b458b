package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestUsersListPages: GET /users without q, page or per_page answers every
// account as before ({"items": [...]} in username order, nothing else);
// with them it answers one page in username order with total, page and
// per_page, searches name and username case-insensitively (ÖBERG finds
// Åsa Öberg), reads that page and not the organisation (1,000 more people
// read no more), and a malformed q, page or per_page is 400 naming it.
// Revisorer may read it, a handläggare may not.
func TestUsersListPages(t *testing.T) {
	env, cb := apptest.NewCountingEnv(t)
	a := newAdminEnv(t, env)
	a.must(http.StatusCreated, http.MethodPost, "/api/v1/users", map[string]any{"username": "asa.oberg", "name": "Åsa Öberg"})
	usernames := func(body map[string]any) []string {
		var out []string
		for _, it := range body["items"].([]any) {
			out = append(out, it.(map[string]any)["username"].(string))
		}
		return out
	}
	all := a.must(http.StatusOK, http.MethodGet, "/api/v1/users", nil)
	demo := usernames(all)
	if len(all) != 1 || len(demo) < 9 || !slices.IsSorted(demo) || !slices.Contains(demo, "asa.oberg") {
		t.Fatalf("the default answer: %v", all)
	}
	total := len(demo)

	paged := func(query string) map[string]any {
		t.Helper()
		return a.must(http.StatusOK, http.MethodGet, "/api/v1/users?"+query, nil)
	}
	check := func(query string, wantItems []string, wantTotal, wantPage, wantPer int) {
		t.Helper()
		body := paged(query)
		if got := usernames(body); fmt.Sprint(got) != fmt.Sprint(wantItems) || body["total"] != float64(wantTotal) ||
			body["page"] != float64(wantPage) || body["per_page"] != float64(wantPer) {
			t.Errorf("?%s: %v total %v page %v per_page %v, want %v %d %d %d", query, got, body["total"], body["page"], body["per_page"],
				wantItems, wantTotal, wantPage, wantPer)
		}
	}
	check("per_page=3", demo[:3], total, 1, 3)
	check("per_page=3&page=2", demo[3:6], total, 2, 3)
	check("page=1", demo, total, 1, 50)
	check("q=", demo, total, 1, 50)
	check("q="+url.QueryEscape("ÖBERG"), []string{"asa.oberg"}, 1, 1, 50)
	check("q="+url.QueryEscape("åsa ö"), []string{"asa.oberg"}, 1, 1, 50)
	check("q=ASA.OB", []string{"asa.oberg"}, 1, 1, 50)
	check("q=ingen-alls&page=3", nil, 0, 3, 50)

	env.Grow(t, apptest.Growth{Users: 1000})
	check("q="+url.QueryEscape("person 99")+"&per_page=200", []string{"grow0099", "grow0990", "grow0991", "grow0992", "grow0993",
		"grow0994", "grow0995", "grow0996", "grow0997", "grow0998", "grow0999"}, 11, 1, 200)
	body := paged("per_page=200&page=6")
	if n := len(body["items"].([]any)); body["total"] != float64(total+1000) || n != total+1000-5*200 {
		t.Errorf("the last page of %d: %d items, total %v", total+1000, n, body["total"])
	}
	small := cb.Reads(func() { paged("per_page=20") })
	search := cb.Reads(func() { paged("q=grow05&per_page=20") })
	if small.Total() > 20+5 || search.Total() > 20+5 {
		t.Errorf("a page of 20 people read %v, a search %v: more than the page", small, search)
	}

	for _, c := range []struct{ query, field, code string }{
		{"per_page=0", "query/per_page", "invalid_value"},
		{"per_page=201", "query/per_page", "invalid_value"},
		{"page=abc", "query/page", "invalid_value"},
		{"page=0", "query/page", "invalid_value"},
		{"page=100001", "query/page", "invalid_value"},
		{"q=" + strings.Repeat("x", 201), "query/q", "invalid_value"},
		{"q=a%00b", "q", "invalid_parameter"},
	} {
		a.refused(http.StatusBadRequest, http.MethodGet, "/api/v1/users?"+c.query, nil, c.field, c.code)
	}
	if r := a.do(env.Token("revisor"), http.MethodGet, "/api/v1/users?q=oberg", nil); r.Status != http.StatusOK {
		t.Errorf("a revisor: %d %s", r.Status, r.Body)
	}
	for _, q := range []string{"", "?q=oberg"} {
		if r := a.do(env.Token("handlaggare"), http.MethodGet, "/api/v1/users"+q, nil); r.Status != http.StatusForbidden {
			t.Errorf("a handläggare on /users%s: %d", q, r.Status)
		}
	}
}
