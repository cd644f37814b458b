package apptest_test

import (
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestGrowVerifies: what Grow writes is what the service writes — the
// verifier (the whole chain: every case's history, every decision's
// digest and signatures, the audit projection, the diarium's counters,
// every administered object's records) finds nothing wrong in a grown
// organisation with people, boards, seats, meetings, ärenden, decisions,
// requests for allmän handling and absences.
func TestGrowVerifies(t *testing.T) {
	env := apptest.New(t)
	env.Grow(t, apptest.Growth{Boards: 2, Seats: 3, Users: 30, Meetings: 5, Cases: 12, Decisions: 12,
		DisclosureRequests: 10, Absences: 6})
	rep, err := env.App.Ledger.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("%v", p)
	}
	if rep.CasesChecked < 24 {
		t.Errorf("%d cases checked, want the 12 ärenden and 12 decided ones grown at least", rep.CasesChecked)
	}
}
