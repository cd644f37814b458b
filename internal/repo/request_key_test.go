package repo_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestCaseRequestKeyUnique: after migration 24 (on a store with cases
// from before it) one creator's request key is held by at most one case:
// the second insert is request_key_taken and writes nothing, another
// creator's same key and cases without a key are stored, and
// GetByRequest finds the case by creator and key. On SQLite and on the
// Mongo backend.
func TestCaseRequestKeyUnique(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:23]); err != nil {
				t.Fatal(err)
			}
			st := repo.NewCases(b)
			seq := int64(0)
			mk := func(by, key string) cases.Case {
				seq++
				return cases.Case{ID: fmt.Sprintf("c%d", seq), Board: "ITN", Year: 2026, Seq: seq,
					RegistrationNumber: cases.FormatNumber("ITN", 2026, seq), Title: "Ärende", CreatedBy: by, RequestKey: key,
					State: cases.StateRegistered, History: []cases.Event{{Seq: 1, Action: cases.ActionRegister}}}
			}
			for range 2 {
				if _, err := st.Insert(ctx, mk("u-1", "")); err != nil {
					t.Fatal(err)
				}
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			first, err := st.Insert(ctx, mk("u-1", "nyckel 1"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Insert(ctx, mk("u-1", "nyckel 1")); !errors.Is(err, cases.ErrRequestKeyTaken) {
				t.Errorf("same creator, same key: %v, want request_key_taken", err)
			}
			for _, c := range []cases.Case{mk("u-2", "nyckel 1"), mk("u-1", "nyckel 2"), mk("u-1", ""), mk("u-1", "")} {
				if _, err := st.Insert(ctx, c); err != nil {
					t.Errorf("insert %s (by %s, key %q): %v", c.RegistrationNumber, c.CreatedBy, c.RequestKey, err)
				}
			}
			dup := mk("u-1", "nyckel 3")
			dup.RegistrationNumber = first.RegistrationNumber
			if _, err := st.Insert(ctx, dup); !errors.Is(err, cases.ErrNumberTaken) {
				t.Errorf("taken number with a free key: %v, want registration_number_taken", err)
			}
			got, err := st.GetByRequest(ctx, "u-1", "nyckel 1")
			if err != nil || got.ID != first.ID {
				t.Errorf("GetByRequest = %s, %v; want %s", got.ID, err, first.ID)
			}
			if _, err := st.GetByRequest(ctx, "u-3", "nyckel 1"); fault.From(err).Code != fault.ErrNotFound.Code {
				t.Errorf("another creator's key: %v, want not found", err)
			}
			recs, err := b.Find(ctx, repo.CollCases, store.Query{})
			if err != nil || len(recs) != 7 {
				t.Errorf("%d cases stored (%v), want 7", len(recs), err)
			}
		})
	}
}
