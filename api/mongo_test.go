package api_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	ferrettest.Shutdown()
	os.Exit(code)
}

// TestOnMongoBackend runs the login and /me path on the Mongo backend over
// the real wire protocol (FerretDB harness): same wiring, other store.
func TestOnMongoBackend(t *testing.T) {
	env := apptest.New(t, apptest.WithBackend(ferrettest.Open(t)))
	token := env.Token("sekreterare")
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/me", Token: token})
	if r.Status != 200 || r.JSON(t)["username"] != "sekreterare" {
		t.Fatalf("me on mongo: %d %s", r.Status, r.Body)
	}
	r = env.Do(apptest.Request{Method: http.MethodGet, Path: "/readyz"})
	if r.Status != 200 || r.JSON(t)["store"] != "mongo" {
		t.Errorf("readyz on mongo: %d %s", r.Status, r.Body)
	}
}
