package api_test

import (
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// FuzzRequestDecoding sends arbitrary bodies to JSON endpoints through the
// real engine: every answer is a 2xx or a 4xx problem, never a 5xx.
func FuzzRequestDecoding(f *testing.F) {
	for _, s := range []string{`{"board":"ITN","title":"Avtal"}`, `{"board":{"$gt":""},"title":"x"}`, `{"$where":"1"}`,
		`{"a.b":1}`, `[]`, `null`, `{"title":"` + "\x00" + `"}`, `{"board":"ITN","title":"x","secrecy":{"reference":"OSL 21:1","date":"2026-02-30"}}`} {
		f.Add(s)
	}
	env := apptest.New(f)
	token := env.Token("handlaggare")
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/api/v1/cases", "/api/v1/auth/token", "/api/v1/boards/ITN/delegation-checks"} {
			r := env.With(t).Do(apptest.Request{Method: http.MethodPost, Path: path, Token: token, Body: []byte(body)})
			if r.Status >= 500 {
				t.Fatalf("%s with %q: %d %s", path, body, r.Status, r.Body)
			}
		}
	})
}
