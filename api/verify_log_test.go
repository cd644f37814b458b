package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestVerifyIsLoggedByTheUseCase: a whole-record check is written to the
// auditors' query log by audit.Ledger.VerifyAs itself (the API and the
// web page no longer log it each on their own), and a refused one is not.
func TestVerifyIsLoggedByTheUseCase(t *testing.T) {
	env := apptest.New(t)
	verifies := func() (n int) {
		t.Helper()
		recs, err := env.Backend.Find(t.Context(), repo.CollAuditLog, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			var q struct{ User, Action string }
			if err := json.Unmarshal(r.Data, &q); err != nil {
				t.Fatal(err)
			}
			if q.Action == "verify" && q.User == "revisor" {
				n++
			}
		}
		return n
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/verify", Token: env.Token("handlaggare")}); r.Status != http.StatusForbidden {
		t.Fatalf("a handläggare verifies: %d %s", r.Status, r.Body)
	}
	if r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/verify", Token: env.Token("revisor")}); r.Status != http.StatusOK {
		t.Fatalf("the revisor verifies: %d %s", r.Status, r.Body)
	}
	if n := verifies(); n != 1 {
		t.Errorf("the revisor's check is logged %d times, want once", n)
	}
	n, err := env.Backend.Count(t.Context(), repo.CollAuditLog, nil)
	if err != nil || n != 1 {
		t.Errorf("the audit log holds %d entries (%v); the refused check must not be one", n, err)
	}
}
