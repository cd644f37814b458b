package workflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/workflow"
)

// TestArchivedListsOnePage: Archive.Archived lists the board's arkiverade
// ärenden a page at a time, newest registration first, with the total;
// a malformed page is 400 invalid_parameter naming it, and a person
// without a role on the board is refused.
func TestArchivedListsOnePage(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		var want []string // newest first
		for _, title := range []string{"Första", "Andra", "Tredje"} {
			c := e.mustRegister(t, title)
			c = e.mustFire(t, "sekreterare", c, "void", "Dubblett")
			e.mustFire(t, "sekreterare", c, "archive", "")
			want = append([]string{c.ID}, want...)
			e.clock.Advance(time.Minute)
		}
		e.mustRegister(t, "Pågående") // not arkiverat
		u := e.user(t, "arkivarie")
		var got []string
		for page, n := range map[string]int{"1": 2, "2": 1, "3": 0} {
			l, err := e.engine.Archive.Archived(ctx, u, "ITN", workflow.PageQuery{Page: page, PerPage: "2"})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Cases) != n || l.Total != 3 || l.Pages() != 2 {
				t.Errorf("page %s: %d cases of %d, %d pages", page, len(l.Cases), l.Total, l.Pages())
			}
			if page != "3" {
				for _, c := range l.Cases {
					got = append(got, c.ID)
				}
			}
		}
		l1, _ := e.engine.Archive.Archived(ctx, u, "ITN", workflow.PageQuery{PerPage: "2"})
		if len(l1.Cases) != 2 || l1.Cases[0].ID != want[0] || l1.Cases[1].ID != want[1] {
			t.Errorf("page 1 is not the newest two: %v, want %v", l1.Cases, want[:2])
		}
		if len(got) != 3 {
			t.Errorf("pages 1 and 2 hold %v, want %v", got, want)
		}
		for _, bad := range []string{"0", "-1", "abc", "100001"} {
			_, err := e.engine.Archive.Archived(ctx, u, "ITN", workflow.PageQuery{Page: bad})
			f := fault.From(err)
			if f.Kind != fault.Invalid || f.Code != "invalid_parameter" || len(f.Fields) != 1 || f.Fields[0].Field != "page" {
				t.Errorf("page %q: %v", bad, err)
			}
		}
		if _, err := e.engine.Archive.Archived(ctx, identity.User{ID: "x", Username: "utomstaende"}, "ITN", workflow.PageQuery{}); !errors.Is(err, workflow.ErrNotPermitted) {
			t.Errorf("a person without a role: %v", err)
		}
	})
}
