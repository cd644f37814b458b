package repo_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/public"
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

// TestPublicTextMigrationAppliesTodaysRules: migration 25 rewrites the
// public_text a case was stored with under older rules (an e-mail
// address, now scrubbed) so the e-diarium's search cannot find the entry
// by what the entry no longer shows; a case whose text is current is left
// as it is. On SQLite and on the Mongo backend.
func TestPublicTextMigrationAppliesTodaysRules(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			b := open(t)
			ctx := t.Context()
			if _, _, err := store.Migrate(ctx, b, repo.Migrations[:24]); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2025, 11, 3, 8, 0, 0, 0, time.UTC)
			for n, id := range []string{"stale", "current"} {
				doc := map[string]any{"id": id, "board": "ITN", "registration_number": "ITN 2025/" + strconv.Itoa(7+n), "title": "Synpunkter från per.persson@example.org",
					"state": string(cases.StateRegistered), "registered_on": platform.MustParseDate("2025-11-03"),
					"registered_at": at, "updated_at": at, "public_text": "ITN 2025/7 Synpunkter från per.persson@example.org"}
				if id == "current" {
					body, _ := json.Marshal(doc)
					var c cases.Case
					if err := json.Unmarshal(body, &c); err != nil {
						t.Fatal(err)
					}
					doc["public_text"] = public.SearchText(c)
				}
				body, _ := json.Marshal(doc)
				if _, err := b.Insert(ctx, repo.CollCases, id, body); err != nil {
					t.Fatal(err)
				}
			}
			before, err := b.Get(ctx, repo.CollCases, "current")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := store.Migrate(ctx, b, repo.Migrations); err != nil {
				t.Fatal(err)
			}
			c, err := repo.NewCases(b).GetHead(ctx, "stale")
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(c.PublicText, "@") || !strings.Contains(c.PublicText, "Synpunkter från [e-post]") || c.Title != "Synpunkter från per.persson@example.org" {
				t.Errorf("after the migration: public_text %q, title %q", c.PublicText, c.Title)
			}
			if after, err := b.Get(ctx, repo.CollCases, "current"); err != nil || after.Version != before.Version {
				t.Errorf("a current public_text was rewritten: version %d -> %d (%v)", before.Version, after.Version, err)
			}
		})
	}
}
