package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// registerKeyed posts a registration on ITN with the Idempotency-Key
// header (none when key is nil).
func registerKeyed(env *apptest.Env, token, title string, key *string) apptest.Response {
	h := map[string]string{}
	if key != nil {
		h["Idempotency-Key"] = *key
	}
	return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: token, Header: h,
		Body: map[string]string{"board": "ITN", "title": title}})
}

// casesStored counts the case documents (makuleringar included).
func casesStored(t *testing.T, env *apptest.Env) int {
	t.Helper()
	recs, err := env.Backend.Find(t.Context(), repo.CollCases, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// TestRegisterWithIdempotencyKey: POST /api/v1/cases with the same
// Idempotency-Key twice registers one case: the second answer is the
// first (status, body, ETag, Location) with Idempotent-Replayed: true.
// Another user's same key and registrations without a key register
// cases of their own; a bad key is 422 invalid_request_key with nothing
// written. On SQLite and on the Mongo backend.
func TestRegisterWithIdempotencyKey(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		h, chef := env.Token("handlaggare"), env.Token("it-chef")
		key := "3f1c9a52-0d4b-4e7e-9a1b-idempotent test"
		first := registerKeyed(env, h, "Upphandling av skrivare", &key)
		again := registerKeyed(env, h, "Upphandling av skrivare", &key)
		if first.Status != http.StatusCreated || first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first: %d %q %s", first.Status, first.Header.Get("Idempotent-Replayed"), first.Body)
		}
		if again.Status != first.Status || !bytes.Equal(again.Body, first.Body) || again.Header.Get("ETag") != first.Header.Get("ETag") ||
			again.Header.Get("Location") != first.Header.Get("Location") || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("again: %d %v %s\nfirst: %d %v %s", again.Status, again.Header, again.Body, first.Status, first.Header, first.Body)
		}
		// The key again with another title: another request, refused.
		if r := registerKeyed(env, h, "Upphandling av skannrar", &key); r.Status != http.StatusUnprocessableEntity ||
			r.JSON(t)["code"] != "request_key_reused" {
			t.Errorf("the key with another title: %d %s, want 422 request_key_reused", r.Status, r.Body)
		}
		other := registerKeyed(env, chef, "Upphandling av skrivare", &key)
		if other.Status != http.StatusCreated || other.JSON(t)["id"] == first.JSON(t)["id"] || other.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("another user's same key: %d %v %s", other.Status, other.Header, other.Body)
		}
		a, b := registerKeyed(env, h, "Utan nyckel", nil), registerKeyed(env, h, "Utan nyckel", nil)
		if a.Status != http.StatusCreated || b.Status != http.StatusCreated || a.JSON(t)["id"] == b.JSON(t)["id"] {
			t.Errorf("without a key: %d %s, %d %s", a.Status, a.Body, b.Status, b.Body)
		}
		n := casesStored(t, env)
		for _, bad := range []string{strings.Repeat("k", 201), "nyckel-å", ""} {
			r := registerKeyed(env, h, "Felaktig nyckel", &bad)
			if r.Status != http.StatusUnprocessableEntity || r.JSON(t)["code"] != "invalid_request_key" {
				t.Errorf("key %q: %d %s, want 422 invalid_request_key", bad, r.Status, r.Body)
			}
		}
		if got := casesStored(t, env); got != n {
			t.Errorf("bad keys wrote: %d cases, want %d", got, n)
		}
		if next := registerKeyed(env, h, "Nästa", nil); next.JSON(t)["registration_number"] != "ITN 2026/5" {
			t.Errorf("the next registration has %v, want ITN 2026/5 (nothing drawn by the replay or the bad keys)",
				next.JSON(t)["registration_number"])
		}
	})
}

// TestRegisterSameKeyAtOnce: six POSTs with the same Idempotency-Key at
// once answer with one case, and the ledger's verification finds no
// unexplained diarienummer (a registration that lost the key kept its
// number as a makulering). On SQLite and on the Mongo backend.
func TestRegisterSameKeyAtOnce(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		token := env.Token("handlaggare")
		key := "dubbelklick"
		const n = 6
		ids := make([]any, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				r := registerKeyed(env, token, "Dubbelklick", &key)
				if r.Status != http.StatusCreated {
					t.Errorf("register %d: %d %s", i, r.Status, r.Body)
					return
				}
				ids[i] = r.JSON(t)["id"]
			})
		}
		wg.Wait()
		for i := range n {
			if ids[i] != ids[0] {
				t.Errorf("answer %d is case %v, answer 0 case %v", i, ids[i], ids[0])
			}
		}
		rep, err := env.App.Ledger.Verify(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rep.Problems {
			if p.Kind == ledger.KindUnexplainedNumber {
				t.Errorf("verify: %+v", p)
			}
		}
	})
}
