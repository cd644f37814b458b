package app_test

import (
	"io"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/app"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestStartHashesAtTheProductionCost: an instance started the way every
// command starts one (no PasswordCost option) hashes its users'
// passwords with argon2id at 19 MiB, t=2, p=1, the cost docs/security.md
// names; the test kit's cheaper cost is the kit's choice alone.
func TestStartHashesAtTheProductionCost(t *testing.T) {
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir, cfg.Demo, cfg.DemoPassword, cfg.MasterKey = t.TempDir(), true, apptest.DemoPassword, apptest.TestMasterKey
	b, err := sqlitestore.Open(t.Context(), cfg.DataDir, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(t.Context()) })
	a, err := app.New(t.Context(), app.Options{Config: cfg, Backend: b, Clock: platform.NewManualClock(apptest.Start),
		Log: platform.NewLogger(io.Discard, cfg.LogLevel), RedactCache: apptest.RedactCache})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Redactor.Close() })
	users, err := a.Identity.Users(t.Context())
	if err != nil || len(users) == 0 {
		t.Fatalf("users: %d, %v", len(users), err)
	}
	for _, u := range users {
		if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("%s: hash %q, want argon2id at m=19456,t=2,p=1", u.Username, u.PasswordHash)
		}
	}
	env := apptest.New(t)
	if u, err := env.App.Identity.UserByUsername(t.Context(), "ordforande"); err != nil || !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("the test kit's hash %q (%v), want its cheap cost m=64,t=1", u.PasswordHash, err)
	}
}
