package app_test

import (
	"context"
	"io"
	"testing"

	"github.com/samstyr/samstyr/internal/app"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// TestEmbeddedStoreIsDurableByDefault: the SQLite store the server opens
// runs synchronous=FULL unless the operator chooses NORMAL
// (SAMSTYR_SQLITE_SYNCHRONOUS, any case), read back from the store's own
// write connection. Found in review: NORMAL, so an acknowledged
// registration could vanish on power loss.
func TestEmbeddedStoreIsDurableByDefault(t *testing.T) {
	for env, want := range map[string]string{"": "FULL", "normal": "NORMAL", "FULL": "FULL"} {
		cfg, err := config.Load(nil, func(k string) string {
			if k == "SAMSTYR_SQLITE_SYNCHRONOUS" {
				return env
			}
			return ""
		}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		cfg.DataDir = t.TempDir()
		b, err := app.OpenBackend(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.(*sqlitestore.Backend).Synchronous(t.Context())
		b.Close(context.Background())
		if err != nil || got != want {
			t.Errorf("SAMSTYR_SQLITE_SYNCHRONOUS=%q: synchronous %s (%v), want %s", env, got, err, want)
		}
	}
}
