package repo_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// backends opens each real backend a repo test runs on: SQLite in a
// temporary directory and the Mongo backend on the FerretDB harness.
func backends() map[string]func(t *testing.T) store.Backend {
	return map[string]func(t *testing.T) store.Backend{
		"sqlite": func(t *testing.T) store.Backend {
			b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { b.Close(context.Background()) })
			return b
		},
		"mongo": func(t *testing.T) store.Backend { return ferrettest.Open(t) },
	}
}
