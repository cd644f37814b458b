package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// TestProjectRewritesOnlyChangedDecisions projects one decision as its
// case moves on: a later write of the case that leaves the decision as it
// was (closing it) neither rewrites the record nor re-checks compliance;
// one that changes it (the anmälan) does both; an older version of the
// case never overwrites a newer record.
func TestProjectRewritesOnlyChangedDecisions(t *testing.T) {
	b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(context.Background()) })
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
	checks := 0
	compliance := func(context.Context, cases.Case, cases.Decision) (bool, []string, error) {
		checks++
		return true, nil, nil
	}
	st := repo.NewAudit(b)
	svc := audit.NewService(st, repo.NewCases(b), compliance, platform.SystemClock{}, []byte("secret"))
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	d := cases.Decision{ID: "c1-b1", No: 1, Kind: "delegation", Intro: "Ordföranden beslutar", Clauses: []string{"godkänna avtalet"},
		DeciderUsername: "ordforande", PointCode: "A16", ReportTo: "namnd", DecidedAt: at, DecidedOn: platform.DateOf(at)}
	c := cases.Case{ID: "c1", Board: "ITN", Title: "Avtal", Version: 7, State: cases.StateDecided, Decisions: []cases.Decision{d}}
	project := func(c cases.Case) audit.Record {
		t.Helper()
		if err := svc.Project(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		rec, err := st.GetRecord(t.Context(), "c1-b1")
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	first := project(c)
	if first.SourceVersion != 7 || first.Reported || checks != 1 {
		t.Fatalf("decided: source version %d, reported %t, %d checks; want 7, false, 1", first.SourceVersion, first.Reported, checks)
	}
	closed := c
	closed.Version, closed.State = 8, cases.StateClosed
	if rec := project(closed); rec.Version != first.Version || rec.SourceVersion != 7 || checks != 1 {
		t.Errorf("closed: store version %d → %d, source version %d, %d checks; want no write and no check",
			first.Version, rec.Version, rec.SourceVersion, checks)
	}
	reported := c
	reported.Version = 9
	rd := d
	rd.Report = &cases.Report{MeetingRef: "ITN 2026-03-12 § 7", At: at.Add(240 * time.Hour), By: "sekreterare"}
	reported.Decisions = []cases.Decision{rd}
	rec := project(reported)
	if rec.SourceVersion != 9 || !rec.Reported || rec.ReportRef != "ITN 2026-03-12 § 7" || checks != 2 {
		t.Errorf("reported: source version %d, reported %t %q, %d checks; want 9, true, the meeting, 2", rec.SourceVersion, rec.Reported, rec.ReportRef, checks)
	}
	if again := project(closed); again.Version != rec.Version || !again.Reported {
		t.Errorf("an older version of the case after a newer one: store version %d → %d, reported %t", rec.Version, again.Version, again.Reported)
	}
}
