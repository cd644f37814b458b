package ledger

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
)

// chainSource is a Source with administration chains.
type chainSource struct {
	*memSource
	chains []adminlog.Chain
}

func (s chainSource) Chains(_ context.Context, fn func(adminlog.Chain) error) error {
	for _, c := range s.chains {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func adminChain(id string, n int) adminlog.Chain {
	c := adminlog.Chain{ID: id}
	for i := range n {
		c.Log.Append(id, adminlog.Record{At: t0.Add(time.Duration(i) * time.Minute), Actor: "admin", Action: "role_granted",
			State: adminlog.StateDigest(i)})
	}
	c.State = adminlog.StateDigest(n - 1)
	return c
}

// TestCheckpointsCoverTheAdministrationsChains: a chain's head is a leaf
// of the checkpoint; a record rewritten consistently after it (the chain
// itself verifies), the last record removed, and a deleted object are
// each named with the chain, in the store and in an exported file.
func TestCheckpointsCoverTheAdministrationsChains(t *testing.T) {
	f := newFixture(t)
	src := chainSource{memSource: f.src, chains: []adminlog.Chain{adminChain("admin/user/u1", 3), adminChain("admin/board/KFN", 2)}}
	ctx := context.Background()
	cp, err := Build(ctx, src, f.st, f.ks, serverID, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if cp.CaseCount != 8 {
		t.Fatalf("leaves: %d, want 6 cases and 2 chains", cp.CaseCount)
	}
	verify := func() Report {
		rep, err := Verify(ctx, src, f.st, TrustKey(f.pubKey))
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := verify(); !rep.OK() || rep.ChainsChecked != 2 || rep.RecordsChecked != 5 {
		t.Fatalf("clean: %+v", rep)
	}
	// Record 3 of u1 rewritten and the chain recomputed: consistent on its
	// own, but not what the checkpoint holds.
	u1 := adminlog.Chain{ID: "admin/user/u1"}
	for i, r := range src.chains[0].Log {
		r.Actor = "someone-else"
		if i < 2 {
			r.Actor = "admin"
		}
		u1.Log.Append(u1.ID, adminlog.Record{At: r.At, Actor: r.Actor, Action: r.Action, State: r.State})
	}
	u1.State = src.chains[0].State
	src.chains[0] = u1
	// The board deleted.
	src.chains = src.chains[:1]
	has := func(rep Report, kind, chain string, seq int) bool {
		for _, p := range rep.Problems {
			if p.Kind == kind && p.Chain == chain && p.Seq == seq {
				return true
			}
		}
		return false
	}
	rep := verify()
	if !has(rep, KindEditedRecord, "admin/user/u1", 3) || !has(rep, KindDeletedRecord, "admin/board/KFN", 0) {
		t.Errorf("a rewritten record and a deleted board: %+v", rep.Problems)
	}
	// The same from an exported file.
	var buf bytes.Buffer
	if err := Export(ctx, src, f.st, f.pubKey, t0.Add(4*time.Hour), &buf); err != nil {
		t.Fatal(err)
	}
	frep, err := VerifyFile(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !has(frep, KindEditedRecord, "admin/user/u1", 3) || !has(frep, KindDeletedRecord, "admin/board/KFN", 0) {
		t.Errorf("from the file: %+v", frep.Problems)
	}
	// The last record removed.
	src.chains[0].Log = src.chains[0].Log[:2]
	if rep := verify(); !has(rep, KindRemovedRecord, "admin/user/u1", 3) {
		t.Errorf("a removed record: %+v", rep.Problems)
	}
}
