package ferrettest_test

import (
	"encoding/json"
	"net/url"
	"os"
	"testing"

	"github.com/samstyr/samstyr/internal/store/ferrettest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	ferrettest.Shutdown()
	os.Exit(code)
}

func TestURI(t *testing.T) {
	u, err := url.Parse(ferrettest.URI(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.Hostname() != "127.0.0.1" {
		t.Errorf("FerretDB listens on %q, want 127.0.0.1 only", u.Hostname())
	}
	if got := u.Query().Get("maxPoolSize"); got != "1" {
		t.Errorf("maxPoolSize = %q, want 1", got)
	}
	if again := ferrettest.URI(t); again != u.String() {
		t.Errorf("second URI %q differs from first %q: one server per process", again, u)
	}
}

func TestOpenReopen(t *testing.T) {
	b := ferrettest.Open(t)
	other := ferrettest.Open(t)
	if b.Database() == other.Database() {
		t.Fatalf("two Opens share database %s", b.Database())
	}
	ctx := t.Context()
	if _, err := b.Insert(ctx, "things", "x", json.RawMessage(`{"kept":true}`)); err != nil {
		t.Fatal(err)
	}
	b2 := ferrettest.Reopen(t, b)
	if b2.Database() != b.Database() {
		t.Errorf("Reopen switched database %s to %s", b.Database(), b2.Database())
	}
	if _, err := b2.Get(ctx, "things", "x"); err != nil {
		t.Errorf("after Reopen: %v", err)
	}
	if _, err := other.Get(ctx, "things", "x"); err == nil {
		t.Error("a fresh database sees another test's document")
	}
}
