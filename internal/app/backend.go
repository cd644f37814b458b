// Package app wires Samstyr together: it opens the configured store,
// applies migrations, loads demo data on a first start, and builds the Gin
// engine with the API, the web UI and the operational endpoints. The
// samstyr command and the end-to-end tests share this wiring.
package app

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/mongostore"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// OpenBackend opens MongoDB when a URI is configured, else the embedded
// SQLite store under the data directory.
func OpenBackend(ctx context.Context, cfg config.Config) (store.Backend, error) {
	if cfg.MongoURI != "" {
		b, err := mongostore.Open(ctx, cfg.MongoURI, cfg.MongoDatabase)
		if err != nil {
			return nil, fmt.Errorf("open MongoDB: %w", err)
		}
		return b, nil
	}
	b, err := sqlitestore.Open(ctx, cfg.DataDir, sqlitestore.Options{Synchronous: cfg.SQLiteSynchronous})
	if err != nil {
		return nil, fmt.Errorf("open SQLite store: %w", err)
	}
	return b, nil
}
