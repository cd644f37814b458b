package repo_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// TestPublicTextMigrationKeepsNumbersAsWritten: migration 14 gives a case
// stored before the public e-diarium its public_text and leaves every
// other field as written; registered_ns, a Unix time in nanoseconds far
// beyond 2^53, kept to the nanosecond (a float64 would round it). On
// SQLite and on the Mongo backend.
func TestPublicTextMigrationKeepsNumbersAsWritten(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:13]); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2025, 11, 3, 8, 0, 0, 123456789, time.UTC)
			if int64(float64(at.UnixNano())) == at.UnixNano() {
				t.Fatalf("the instant %d survives a float64: it cannot show rounding", at.UnixNano())
			}
			doc := map[string]any{"id": "old", "board": "ITN", "registration_number": "ITN 2025/7", "title": "Äldre ärende",
				"state": string(cases.StateRegistered), "registered_on": platform.MustParseDate("2025-11-03"),
				"registered_at": at, "registered_ns": at.UnixNano(), "updated_at": at}
			body, _ := json.Marshal(doc)
			if _, err := b.Insert(ctx, repo.CollCases, "old", body); err != nil {
				t.Fatal(err)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			c, err := repo.NewCases(b).GetHead(ctx, "old")
			if err != nil {
				t.Fatal(err)
			}
			if c.PublicText == "" || c.RegisteredNS != at.UnixNano() || c.Title != "Äldre ärende" {
				t.Errorf("after the migrations: public_text %q, registered_ns %d (want %d), title %q",
					c.PublicText, c.RegisteredNS, at.UnixNano(), c.Title)
			}
		})
	}
}
