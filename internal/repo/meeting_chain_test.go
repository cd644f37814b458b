package repo_test

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestSentKallelseIsAChainVerifyChecks: a meeting whose kallelse was
// sent is one of the chains that verify and the checkpoints read
// (Admin.Chains), intact as stored; a recipient removed from a sending
// in the store afterwards is a broken chain; a meeting never called is
// not listed. On SQLite and on the Mongo backend.
func TestSentKallelseIsAChainVerifyChecks(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			ms := repo.NewMeetings(b)
			day := platform.MustParseDate("2026-03-02")
			if _, err := ms.InsertMeeting(ctx, meeting.Meeting{ID: "m-quiet", Board: "ITN", Date: day, Status: meeting.StatusPlanned}); err != nil {
				t.Fatal(err)
			}
			m, err := ms.InsertMeeting(ctx, meeting.Meeting{ID: "m-called", Board: "ITN", Date: day, Status: meeting.StatusPlanned})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.RecordKallelse(meeting.Kallelse{SentAt: time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC), SentBy: "sekreterare",
				Recipients: []meeting.Recipient{{Username: "ordforande", Name: "Anna Lindqvist", Role: "ordforande"}, {Username: "ledamot", Name: "Per Ek", Role: "ledamot"}}}); err != nil {
				t.Fatal(err)
			}
			if m, err = ms.UpdateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			chain := func() (adminlog.Chain, int) {
				t.Helper()
				var got adminlog.Chain
				n := 0
				if err := repo.NewAdmin(b).Chains(ctx, func(c adminlog.Chain) error {
					if c.ID == "meeting/m-quiet" {
						t.Errorf("a meeting never called is listed as a chain")
					}
					if c.ID == m.ChainID() {
						got = c
						n++
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				return got, n
			}
			if c, n := chain(); n != 1 || c.Verify() != nil || len(c.Log) != 1 {
				t.Fatalf("the called meeting's chain: %d listed, verify %v, %d records", n, c.Verify(), len(c.Log))
			}
			// Someone with the store's password removes a recipient.
			m.Kallelser[0].Recipients = m.Kallelser[0].Recipients[:1]
			if _, err := ms.UpdateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			if c, n := chain(); n != 1 || c.Verify() == nil || c.Verify().Kind != adminlog.FaultState {
				t.Errorf("a recipient removed in the store: %d listed, verify %v", n, c.Verify())
			}
		})
	}
}
