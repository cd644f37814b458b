package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestSigningAsksForThePassword: a decision's signature and a protocol's
// justering need the signer's password again; a token alone (no password) or
// a wrong password is a 422 naming the field, and changes nothing.
func TestSigningAsksForThePassword(t *testing.T) {
	env := apptest.New(t)
	chair := env.Token("ordforande")
	id, v := readyCase(t, env, "Avtal med MBAB om drift")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
		Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
	if r.Status != 201 {
		t.Fatalf("decide: %d %s", r.Status, r.Body)
	}
	did := r.JSON(t)["id"].(string)
	path := "/api/v1/decisions/" + did + "/signatures"
	before := env.Snapshot(t)
	for _, tc := range []struct {
		name string
		body any
		code string
	}{
		{"no password", map[string]any{}, "reauth_required"},
		{"empty password", map[string]string{"password": ""}, "reauth_required"},
		{"wrong password", map[string]string{"password": "inte-mitt-lösenord"}, "reauth_failed"},
		{"another user's password field only", map[string]string{"password": apptest.DemoPassword + "x"}, "reauth_failed"},
	} {
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: path, Token: chair, Body: tc.body})
		p := r.JSON(t)
		if r.Status != 422 || p["code"] != tc.code {
			t.Errorf("%s: %d %s, want 422 %s", tc.name, r.Status, r.Body, tc.code)
			continue
		}
		if errs, _ := p["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["field"] != "/password" {
			t.Errorf("%s: errors = %v, want the field /password", tc.name, p["errors"])
		}
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: path, Token: chair, Body: map[string]any{"password": 5}}); r.Status != 400 {
		t.Errorf("malformed body: %d %s", r.Status, r.Body)
	}
	if env.Snapshot(t) != before {
		t.Error("a refused signature changed stored data")
	}
	if r := env.Do(apptest.Request{Method: http.MethodPost, Path: path, Token: chair, Body: map[string]string{"password": apptest.DemoPassword}}); r.Status != 201 {
		t.Fatalf("signing with the password: %d %s", r.Status, r.Body)
	}
}
