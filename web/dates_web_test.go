package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestWebFormsRefuseDatesOutsideTheRange: the web doors a date enters by
// — a form field (a case's secrecy date), a date-time field (a meeting's
// start) and a query parameter (the delegation order as of a date) —
// refuse years before 1900 and after 2200 with a Swedish 4xx page, and
// nothing is stored. Found in review: 1899 and 9999 were taken (or the
// query silently ignored).
func TestWebFormsRefuseDatesOutsideTheRange(t *testing.T) {
	env := apptest.New(t)
	count := func(coll string) int64 {
		n, err := env.Backend.Count(t.Context(), coll, nil)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	h, hcsrf := loggedIn(t, env, "handlaggare")
	sek, scsrf := loggedIn(t, env, "sekreterare")
	for _, date := range []string{"1899-12-31", "2201-01-01", "9999-12-31"} {
		cases, meetings := count(repo.CollCases), count(repo.CollMeetings)
		status, page, _ := h.post("/arenden", url.Values{"csrf": {hcsrf}, "board": {"ITN"}, "title": {"Sekretessprov"},
			"secrecy_reference": {"OSL 19:1"}, "secrecy_date": {date}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Sekretess, datum: Ogiltigt datum") {
			t.Errorf("secrecy date %s: %d\n%s", date, status, page)
		}
		status, page, _ = sek.post("/sammantraden", url.Values{"csrf": {scsrf}, "starts_at": {date + "T13:00"}, "place": {"Stadshuset"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Ogiltigt datum") {
			t.Errorf("meeting on %s: %d\n%s", date, status, page)
		}
		if count(repo.CollCases) != cases || count(repo.CollMeetings) != meetings {
			t.Errorf("a refused date %s stored something", date)
		}
		status, page, _ = sek.get("/delegationsordning?datum=" + date)
		if status != http.StatusBadRequest || !strings.Contains(page, "Ogiltigt datum") {
			t.Errorf("delegation order as of %s: %d", date, status)
		}
	}
	if status, _, _ := sek.get("/delegationsordning?datum=2026-03-01"); status != http.StatusOK {
		t.Errorf("delegation order as of 2026-03-01: %d", status)
	}
	if status, _, _ := sek.post("/sammantraden", url.Values{"csrf": {scsrf}, "starts_at": {"2026-03-12T13:00"}, "place": {"Stadshuset"}}); status != http.StatusSeeOther {
		t.Errorf("meeting on 2026-03-12: %d", status)
	}
}
