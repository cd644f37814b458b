package repo_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestFindUsersReadsOnePage: the people list reads one page in username
// order with the total, searches name and username case-insensitively
// (ÅSA finds Åsa, "berg" finds the username), never across the two, and
// users stored before migration 21 are found after it. On SQLite and on
// the Mongo backend.
func TestFindUsersReadsOnePage(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:20]); err != nil {
				t.Fatal(err)
			}
			ids := repo.NewIdentity(b)
			people := [][2]string{{"asa.oberg", "Åsa Öberg"}, {"bjorn", "Björn Ärlig"}, {"carl", "Carl Berg"}, {"dora", "Dora Dahl"}}
			for i := range 26 {
				people = append(people, [2]string{fmt.Sprintf("p%02d", i), fmt.Sprintf("Person %02d", i)})
			}
			for i, p := range people {
				if _, err := ids.InsertUser(ctx, identity.User{ID: fmt.Sprintf("u%02d", i), Username: p[0], Name: p[1]}); err != nil {
					t.Fatal(err)
				}
			}
			// Two users as an older Samstyr stored them: no search_folded.
			for _, id := range []string{"u00", "u01"} {
				rec, err := b.Get(ctx, "users", id)
				if err != nil {
					t.Fatal(err)
				}
				var doc map[string]json.RawMessage
				if err := json.Unmarshal(rec.Data, &doc); err != nil || doc["search_folded"] == nil {
					t.Fatalf("%s was written without search_folded: %s", id, rec.Data)
				}
				delete(doc, "search_folded")
				body, _ := json.Marshal(doc)
				if _, err := b.Update(ctx, "users", id, rec.Version, body); err != nil {
					t.Fatal(err)
				}
			}
			if us, n, err := ids.FindUsers(ctx, identity.UserFilter{Text: "åsa", Limit: 10}); err != nil || n != 0 || len(us) != 0 {
				t.Fatalf("before migration 21 Åsa is not searchable yet: %d %v", n, err)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			find := func(f identity.UserFilter) (string, int64) {
				t.Helper()
				us, n, err := ids.FindUsers(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, u := range us {
					names = append(names, u.Username)
				}
				return fmt.Sprint(names), n
			}
			for _, c := range []struct {
				f     identity.UserFilter
				want  string
				total int64
			}{
				{identity.UserFilter{Limit: 3}, "[asa.oberg bjorn carl]", 30},
				{identity.UserFilter{Limit: 3, Offset: 27}, "[p23 p24 p25]", 30},
				{identity.UserFilter{Limit: 3, Offset: 30}, "[]", 30},
				{identity.UserFilter{Text: "ÅSA", Limit: 10}, "[asa.oberg]", 1},
				{identity.UserFilter{Text: "  öBERG ", Limit: 10}, "[asa.oberg]", 1},
				{identity.UserFilter{Text: "berg", Limit: 10}, "[asa.oberg carl]", 2}, // the username asa.oberg, the name Carl Berg
				{identity.UserFilter{Text: "ärlig", Limit: 10}, "[bjorn]", 1},
				{identity.UserFilter{Text: "dahl\ndora", Limit: 10}, "[]", 0}, // never across name and username
				{identity.UserFilter{Text: "person 1", Limit: 4, Offset: 4}, "[p14 p15 p16 p17]", 10},
				{identity.UserFilter{Text: "a.b", Limit: 10}, "[]", 0}, // literal, not a pattern
			} {
				if got, n := find(c.f); got != c.want || n != c.total {
					t.Errorf("%+v: %s (%d), want %s (%d)", c.f, got, n, c.want, c.total)
				}
			}
			us, err := ids.UsersByUsername(ctx, []string{"dora", "nobody", "bjorn"})
			if err != nil || len(us) != 2 || us[0].Username != "bjorn" || us[1].Name != "Dora Dahl" {
				t.Errorf("UsersByUsername: %v %v", us, err)
			}
			// A change of name is searchable at once.
			u, _ := ids.GetUserByUsername(ctx, "dora")
			u.Name = "Dora Ödman"
			if _, err := ids.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if got, _ := find(identity.UserFilter{Text: "ÖDMAN", Limit: 10}); got != "[dora]" {
				t.Errorf("after the change of name: %s", got)
			}
		})
	}
}
