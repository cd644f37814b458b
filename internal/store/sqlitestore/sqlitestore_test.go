package sqlitestore_test

import (
	"testing"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/store/storetest"
)

func openDir(t *testing.T, dir string) *sqlitestore.Backend {
	t.Helper()
	b, err := sqlitestore.Open(t.Context(), dir, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	return b
}

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) store.Backend { return openDir(t, t.TempDir()) },
		Reopen: func(t *testing.T, b store.Backend) store.Backend {
			sb := b.(*sqlitestore.Backend)
			if err := sb.Close(t.Context()); err != nil {
				t.Fatal(err)
			}
			return openDir(t, sb.Dir())
		},
	})
}
