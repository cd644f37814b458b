package deadline

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

func d(s string) platform.Date { return platform.MustParseDate(s) }

// A joint board's protocol posted by one of its two members has no appeal
// period at all: the period runs from the posting on every member's
// anslagstavla (KL 13:5).
func TestLegalityRouteWaitsForEveryMember(t *testing.T) {
	r := LegalityRoute([]platform.Date{d("2025-05-22"), {}}, false)
	if !r.End.IsZero() || !r.Start.IsZero() {
		t.Errorf("one of two postings: %+v", r)
	}
	f := LegalForce([]Route{r}, d("2026-01-01"))
	if f.Status != StatusWaiting || f.LagaKraft || !f.LagaKraftOn.IsZero() {
		t.Errorf("force with a missing posting: %+v", f)
	}
	r = LegalityRoute(dates("2025-05-23", "2025-05-22"), false) // DOMAIN.md E1
	if r.Start != d("2025-05-23") || r.End != d("2025-06-13") {
		t.Errorf("both posted: %+v", r)
	}
	if r := LegalityRoute(nil, false); !r.End.IsZero() {
		t.Errorf("nothing posted: %+v", r)
	}
}

// FL 44 §: three weeks from the day the party was notified, the same
// weekday, moved past midsommarafton and midsommardagen.
func TestAppealRouteFridayBeforeMidsommar(t *testing.T) {
	for _, c := range []struct{ notified, end string }{
		{"2025-05-30", "2025-06-23"}, // day 21 is midsommarafton (Fri), then midsommardagen, Sunday: Monday
		{"2026-05-29", "2026-06-22"}, // the same in 2026: midsommarafton Fri 19 June
		{"2025-06-13", "2025-07-04"}, // notified the Friday of the week before midsommar: a plain Friday
		{"2025-06-20", "2025-07-11"}, // notified on midsommarafton itself: three weeks on, a Friday
		{"2025-12-10", "2026-01-02"}, // DOMAIN.md E5: nyårsafton, nyårsdagen
	} {
		r := AppealRoute("Leverantören AB", d(c.notified), false)
		if r.End != d(c.end) {
			t.Errorf("notified %s: end %s (%s), want %s", c.notified, r.End, r.End.Weekday(), c.end)
		}
		if r.Start != d(c.notified) || r.Party != "Leverantören AB" || r.Kind != RouteAppeal {
			t.Errorf("route %+v", r)
		}
	}
	if r := AppealRoute("X", platform.Date{}, false); !r.End.IsZero() {
		t.Errorf("not notified: %+v", r)
	}
}

func TestLegalForce(t *testing.T) {
	legal := LegalityRoute(dates("2025-05-22", "2025-05-23"), false) // ends Fri 2025-06-13
	party := AppealRoute("Part", d("2025-05-30"), false)             // ends Mon 2025-06-23
	for _, c := range []struct {
		name    string
		routes  []Route
		today   string
		status  string
		inForce bool
		on      string
	}{
		{"none", nil, "2025-07-01", StatusWaiting, false, ""},
		{"legality running", []Route{legal}, "2025-06-13", StatusRunning, false, "2025-06-14"},
		{"legality closed (E1)", []Route{legal}, "2025-06-14", StatusInForce, true, "2025-06-14"},
		{"party still running", []Route{legal, party}, "2025-06-20", StatusRunning, false, "2025-06-24"},
		{"both closed", []Route{legal, party}, "2025-06-24", StatusInForce, true, "2025-06-24"},
		{"party not notified", []Route{legal, AppealRoute("Part 2", platform.Date{}, false)}, "2026-01-01", StatusWaiting, false, ""},
		{"appealed", []Route{legal, AppealRoute("Part", d("2025-05-30"), true)}, "2026-01-01", StatusAppealed, false, ""},
	} {
		f := LegalForce(c.routes, d(c.today))
		on, ok := f.InForce()
		if f.Status != c.status || ok != c.inForce || f.LagaKraftOn.String() != c.on || (ok && on != f.LagaKraftOn) {
			t.Errorf("%s: %+v", c.name, f)
		}
	}
	f := LegalForce([]Route{legal, party}, d("2025-06-20"))
	if f.Routes[0].Status != StatusClosed || f.Routes[1].Status != StatusRunning {
		t.Errorf("route states: %+v", f.Routes)
	}
	if f.LagaKraftOn.Weekday() != time.Tuesday {
		t.Errorf("laga kraft on %s", f.LagaKraftOn.Weekday())
	}
}

func TestDueStatus(t *testing.T) {
	due := d("2026-03-26")
	for _, c := range []struct {
		due         platform.Date
		done, today string
		want        string
	}{
		{due, "", "2026-03-26", DueWaiting},
		{due, "", "2026-03-27", DueLate},
		{due, "2026-03-26", "2026-04-30", DueOnTime},
		{due, "2026-03-27", "2026-04-30", DueLate},
		{platform.Date{}, "", "2030-01-01", DueWaiting},
		{platform.Date{}, "2026-03-01", "2030-01-01", DueOnTime},
	} {
		done := platform.Date{}
		if c.done != "" {
			done = d(c.done)
		}
		if got := DueStatus(c.due, done, d(c.today)); got != c.want {
			t.Errorf("due %s done %q today %s: %s, want %s", c.due, c.done, c.today, got, c.want)
		}
	}
}
