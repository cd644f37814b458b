package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

var yearLink = regexp.MustCompile(`ar=([0-9]{4})" aria-current="page"`)

// The allocation page opens on the current year by the clock (it used to
// open on a hard-coded 2025), and prints amounts as every page does:
// money.Format, a negative one with its minus sign (the web's own
// formatter printed −150 000 öre as ",00 kr").
func TestAllocationPageYearAndAmounts(t *testing.T) {
	env := apptest.New(t)
	for _, year := range []int{2025, 2027} {
		env.Clock.Set(time.Date(year, 6, 1, 12, 0, 0, 0, platform.Stockholm))
		b, _ := loggedIn(t, env, "admin")
		_, page, _ := b.get("/fordelning?namnd=ITN")
		if m := yearLink.FindStringSubmatch(page); m == nil || m[1] != strconv.Itoa(year) {
			t.Errorf("clock in %d: the page shows year %v", year, m)
		}
	}
	env.Clock.Set(apptest.Start)
	b, _ := loggedIn(t, env, "admin")
	_, page, _ := b.get("/fordelning?namnd=ITN&ar=2025")
	if !strings.Contains(page, "237\u00a0010,93\u00a0kr") {
		t.Errorf("the seed's 237 010,93 kr for Borgholm is not printed by money.Format:\n%s", page)
	}
	// A 2026 forecast of 1 500 kr more revenue than cost: a negative
	// shared result, split between the members.
	csv := "Typ;Kategori;IT-objekt;Slag;Kommun;Belopp;Enhet;Anteckning\nPrognos;Övriga intäkter;;Gemensam;;-1 500;kr;\n"
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/boards/ITN/budget/2026", Token: env.Token("sekreterare"),
		Body: []byte(csv), Header: map[string]string{"Content-Type": "text/csv"}})
	if r.Status >= 300 {
		t.Fatalf("budget import: %d %s", r.Status, r.Body)
	}
	_, page, _ = b.get("/fordelning?namnd=ITN&ar=2026")
	if !strings.Contains(page, "<td id=\"alloc-total\">\u22121\u00a0500,00\u00a0kr</td>") || strings.Contains(page, ">,00") {
		t.Errorf("the total of −1 500 kr is not printed with its minus sign:\n%s", page)
	}
}
