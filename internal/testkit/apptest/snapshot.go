package apptest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// StoredCollections are those a refused request or form must leave alone.
// The audit log (it records searches), credentials and throttles (they
// record logins) are left out on purpose.
var StoredCollections = []string{repo.CollUsers, repo.CollBoards, repo.CollCases, repo.CollCaseEvents, repo.CollMemoRevisions,
	repo.CollBlobChunks, repo.CollDelegationOrders, repo.CollSigningKeys, repo.CollSubDelegations, repo.CollAgreements,
	repo.CollBudgetYears, repo.CollAllocationHeads, repo.CollAllocationSnapshots, repo.CollDecisions, repo.CollCheckpoints,
	repo.CollCheckpointLeaves, repo.CollMeetings, repo.CollRetentionPlans, repo.CollArchiveProfiles,
	repo.CollSeatRosters, repo.CollReference, repo.CollOrganisation, repo.CollImports, repo.CollDisclosureRequests, repo.CollMeetingCases}

// Snapshot digests the id and version of every document in
// StoredCollections: any insert, update or delete changes it.
func (e *Env) Snapshot(t testing.TB) string {
	t.Helper()
	h := sha256.New()
	for _, coll := range StoredCollections {
		recs, err := e.Backend.Find(t.Context(), coll, store.Query{})
		if err != nil {
			t.Fatalf("%s: %v", coll, err)
		}
		ids := make([]string, 0, len(recs))
		for _, r := range recs {
			ids = append(ids, fmt.Sprintf("%s@%d", r.ID, r.Version))
		}
		slices.Sort(ids)
		fmt.Fprintf(h, "%s:%s\n", coll, strings.Join(ids, ","))
	}
	return hex.EncodeToString(h.Sum(nil))
}
