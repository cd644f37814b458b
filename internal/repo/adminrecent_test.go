package repo_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestRecentListsTheChainsNewestFirst: the chains come the most recently
// changed first across the collections (users and boards interleaved by
// the time of their newest record), an object without records is not
// listed, documents stored before migration 20 get log_ns from it, and
// Chain finds one chain by its id with one read. On SQLite and on the
// Mongo backend.
func TestRecentListsTheChainsNewestFirst(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:19]); err != nil {
				t.Fatal(err)
			}
			at := func(min int) time.Time { return time.Date(2026, 3, 2, 9, min, 0, 0, time.UTC) }
			record := func(l *adminlog.Log, id string, mins ...int) {
				for _, m := range mins {
					l.Append(id, adminlog.Record{At: at(m), Actor: "admin", Action: "x"})
				}
			}
			// Users u0…u4 changed at minutes 10, 30, 50, 70, 90 (each
			// created 5 minutes before), boards at 20, 40, 60; u5 has no
			// record.
			for i := range 6 {
				u := identity.User{ID: fmt.Sprintf("u%d", i), Username: fmt.Sprintf("user%d", i), Name: "N"}
				if i < 5 {
					record(&u.Log, u.ChainID(), 5+20*i, 10+20*i)
				}
				if _, err := repo.NewIdentity(b).InsertUser(ctx, u); err != nil {
					t.Fatal(err)
				}
			}
			for i, code := range []string{"AAA", "BBB", "CCC"} {
				x := board.Board{Code: code, Name: code, Kind: board.KindBoard}
				record(&x.Log, x.ChainID(), 20+20*i)
				if _, err := repo.NewBoards(b).InsertBoard(ctx, x); err != nil {
					t.Fatal(err)
				}
			}
			// Two documents as an older Samstyr stored them: no log_ns.
			for _, d := range [][2]string{{"users", "u3"}, {"boards", "BBB"}} {
				rec, err := b.Get(ctx, d[0], d[1])
				if err != nil {
					t.Fatal(err)
				}
				var doc map[string]json.RawMessage
				if err := json.Unmarshal(rec.Data, &doc); err != nil || doc["log_ns"] == nil {
					t.Fatalf("%s/%s was written without log_ns: %s", d[0], d[1], rec.Data)
				}
				delete(doc, "log_ns")
				body, _ := json.Marshal(doc)
				if _, err := b.Update(ctx, d[0], d[1], rec.Version, body); err != nil {
					t.Fatal(err)
				}
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			recent := func(stopAfter int) []string {
				t.Helper()
				var ids []string
				if err := repo.NewAdmin(b).Recent(ctx, func(c adminlog.Chain) (bool, error) {
					ids = append(ids, c.ID)
					return len(ids) < stopAfter, nil
				}); err != nil {
					t.Fatal(err)
				}
				return ids
			}
			want := "[admin/user/u4 admin/user/u3 admin/board/CCC admin/user/u2 admin/board/BBB admin/user/u1 admin/board/AAA admin/user/u0]"
			if got := fmt.Sprint(recent(100)); got != want {
				t.Errorf("newest first: %s, want %s", got, want)
			}
			if got := fmt.Sprint(recent(3)); got != "[admin/user/u4 admin/user/u3 admin/board/CCC]" {
				t.Errorf("stopped after three: %s", got)
			}
			for _, id := range []string{"admin/user/u2", "admin/board/BBB", "admin/user/u5"} {
				c, ok, err := repo.NewAdmin(b).Chain(ctx, id)
				if err != nil || !ok || c.ID != id {
					t.Errorf("Chain(%s): %v %v %v", id, c.ID, ok, err)
				}
			}
			for _, id := range []string{"admin/user/nobody", "admin/seats/AAA", "admin/reference/other", "meeting/none", "cases/x"} {
				if _, ok, err := repo.NewAdmin(b).Chain(ctx, id); ok || err != nil {
					t.Errorf("Chain(%s) found one (%v)", id, err)
				}
			}
		})
	}
}
