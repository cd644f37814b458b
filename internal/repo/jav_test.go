package repo_test

import (
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestListJavOfBoards: the jäv register reads the ärenden with jäv of the
// boards asked for, oldest first (every board's for nil), none of another
// board's and none without jäv; on both backends, through migration 22's
// index.
func TestListJavOfBoards(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			cs := repo.NewCases(b)
			for i, k := range []struct {
				id, board string
				jav       bool
			}{{"a", "ITN", true}, {"b", "KSN", true}, {"c", "ITN", false}, {"d", "BUN", true}, {"e", "ITN", true}} {
				at := time.Date(2026, 3, 1+i, 9, 0, 0, 0, time.UTC)
				c := cases.Case{ID: k.id, Board: k.board, RegistrationNumber: cases.FormatNumber(k.board, 2026, int64(i+1)),
					Title: "Ärende " + k.id, State: cases.StateRegistered, RegisteredOn: platform.DateOf(at), RegisteredAt: at,
					RegisteredNS: at.UnixNano(), UpdatedAt: at}
				if k.jav {
					c.HasJav = true
					c.JavDeclarations = []cases.JavDeclaration{{Person: "ledamot", Ground: "Närstående", DeclaredBy: "ledamot", At: at}}
				}
				if _, err := cs.Insert(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range []struct {
				boards []string
				want   []string
			}{{nil, []string{"a", "b", "d", "e"}}, {[]string{"ITN"}, []string{"a", "e"}}, {[]string{"ITN", "BUN"}, []string{"a", "d", "e"}},
				{[]string{"MBN"}, nil}} {
				got, err := cs.ListJav(ctx, q.boards)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, c := range got {
					ids = append(ids, c.ID)
				}
				if !slices.Equal(ids, q.want) {
					t.Errorf("ListJav(%v) = %v, want %v", q.boards, ids, q.want)
				}
			}
		})
	}
}
