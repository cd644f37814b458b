package repo_test

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestUpgradeRecordsWhatItFinds: a store written before the
// administration's records (schema 11: users and boards without chains)
// is migrated: every user and board gets one baseline record of what it
// is, the prisbasbelopp table starts with the formerly built-in values,
// every chain verifies, and migrating again adds nothing. On SQLite and
// on the Mongo backend.
func TestUpgradeRecordsWhatItFinds(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:11]); err != nil {
				t.Fatal(err)
			}
			from := platform.MustParseDate("2023-01-01")
			for _, u := range []identity.User{
				{ID: "u1", Username: "anna", Name: "Anna", PasswordHash: "$argon2id$x", Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleOrdforande, ValidFrom: from}}},
				{ID: "u2", Username: "sso.bo", Name: "Bo", External: &identity.ExternalID{Issuer: "i", Subject: "s"},
					Roles: []identity.RoleAssignment{{Board: "ITN", Role: identity.RoleHandlaggare, ValidFrom: from, Source: identity.SourceOIDC}}},
			} {
				if _, err := repo.NewIdentity(b).InsertUser(ctx, u); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := repo.NewBoards(b).InsertBoard(ctx, board.Board{Code: "ITN", Name: "Ölands IT-nämnd", Kind: board.KindBoard, Organisation: "Borgholms kommun",
				CreatedAt: time.Now().UTC()}); err != nil {
				t.Fatal(err)
			}
			check := func() {
				t.Helper()
				n := map[string]int{}
				if err := repo.NewAdmin(b).Chains(ctx, func(c adminlog.Chain) error {
					if f := c.Verify(); f != nil {
						t.Errorf("%s: %+v", c.ID, f)
					}
					n[c.ID] = len(c.Log)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				want := map[string]int{"admin/user/u1": 1, "admin/user/u2": 0, "admin/board/ITN": 1, "admin/reference/prisbasbelopp": 4}
				for id, w := range want {
					if n[id] != w {
						t.Errorf("%s has %d records, want %d (all: %v)", id, n[id], w, n)
					}
				}
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			check()
			// Running the data step again (a second instance migrating at
			// once) adds nothing.
			if err := repo.Migrations[11].Up(ctx, b); err != nil {
				t.Fatal(err)
			}
			check()
			p, err := repo.NewAdmin(b).GetPrisbasbelopp(ctx)
			if err != nil || p.Table()[2026] != 5_920_000 || p.Log[0].Actor != "migration" {
				t.Errorf("the table after the upgrade: %+v %v", p.Values, err)
			}
		})
	}
}
