package repo_test

import (
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// TestConcurrentCheckpointBuildsAllLand runs checkpoint builds at once
// (every instance's periodic worker and on-demand requests do): each one
// lands as its own checkpoint, chained to the one before, instead of the
// losers failing on the taken number (found by the Mongo crash test as a
// 500 from POST /api/v1/audit/checkpoints).
func TestConcurrentCheckpointBuildsAllLand(t *testing.T) {
	backends := map[string]func(t *testing.T) store.Backend{
		"sqlite": func(t *testing.T) store.Backend {
			b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close(t.Context()) })
			return b
		},
		"mongo-on-postgres": func(t *testing.T) store.Backend { return ferrettest.OpenPostgres(t) },
	}
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			keys, err := signing.NewKeyStore(repo.NewSigningKeys(b), make([]byte, 32))
			if err != nil {
				t.Fatal(err)
			}
			st := repo.NewLedger(b)
			at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
			if _, err := ledger.Build(t.Context(), st, st, keys, "admin", at); err != nil {
				t.Fatal(err) // the first one also makes the signing key
			}
			const builders = 6
			var wg sync.WaitGroup
			errs := make(chan error, builders)
			for i := range builders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := ledger.Build(t.Context(), st, st, keys, "admin", at.Add(time.Duration(i+1)*time.Second))
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("a concurrent build failed: %v", err)
				}
			}
			var seqs []int
			var prev ledger.Checkpoint
			err = st.Checkpoints(t.Context(), func(c ledger.Checkpoint) error {
				if len(seqs) > 0 && c.Prev != prev.Hash() {
					t.Errorf("checkpoint %d is not chained to %d", c.Seq, prev.Seq)
				}
				seqs, prev = append(seqs, c.Seq), c
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(seqs) != builders+1 || seqs[len(seqs)-1] != builders+1 {
				t.Errorf("checkpoints %v, want 1..%d", seqs, builders+1)
			}
		})
	}
}
