package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// hangUp is the real SQLite store, except that once armed it calls hang
// right after the next successful write of a case: the client gives up
// between the commit and the answer.
type hangUp struct {
	store.Backend
	hang atomic.Pointer[context.CancelFunc]
}

func (h *hangUp) Update(ctx context.Context, coll, id string, version int64, data json.RawMessage) (store.Record, error) {
	rec, err := h.Backend.Update(ctx, coll, id, version, data)
	if err == nil && coll == repo.CollCases {
		if f := h.hang.Swap(nil); f != nil {
			(*f)()
		}
	}
	return rec, err
}

// A decision whose client hangs up after the case was written is still in
// the audit projection at once (found by `samstyr bench`: the projection
// ran on the request's context and stayed stale until the next start).
func TestProjectionSurvivesAClientThatHangsUp(t *testing.T) {
	sb, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close(context.Background()) })
	h := &hangUp{Backend: sb}
	env := apptest.New(t, apptest.WithBackend(h))
	hand, chair := env.Token("handlaggare"), env.Token("ordforande")
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: hand, Body: map[string]string{"board": "ITN", "title": "Avtal med MBAB"}})
	id := r.JSON(t)["id"].(string)
	memo := map[string]any{"title": "Avtal med MBAB", "author_name": "Olof Nilsson", "author_title": "IT-strateg",
		"recipient_board": "IT-nämnden", "proposal_intro": "IT-nämnden beslutar", "clauses": []string{"godkänna avtalet"},
		"description": "Avtal om drift.", "basis": []map[string]any{{"text": "Avtalsutkast"}}, "assessment": "Ryms i budget.",
		"consequences": "Inga.", "send_to": []string{"IT-chefen"}}
	if r := env.Do(apptest.Request{Method: http.MethodPut, Path: "/api/v1/cases/" + id + "/memo", Token: hand, Body: memo,
		Header: map[string]string{"If-Match": `"0"`}}); r.Status != 200 {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	v := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: hand}).JSON(t)["version"]
	for _, ev := range []string{"start", "submit"} {
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/events/" + ev, Token: hand,
			Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", ev, r.Status, r.Body)
		}
		v = r.JSON(t)["version"]
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	h.hang.Store(&cancel)
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1/cases/"+id+"/decisions",
		strings.NewReader(`{"kind":"delegation","point_code":"A16"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+chair)
	req.Header.Set("If-Match", fmt.Sprintf(`"%v"`, v))
	env.App.Engine.ServeHTTP(httptest.NewRecorder(), req)
	if h.hang.Load() != nil {
		t.Fatal("the decision was not written")
	}
	items := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions", Token: env.Token("revisor")}).JSON(t)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["id"] != id+"-b1" {
		t.Errorf("audit projection after the client hung up: %v", items)
	}
}

// reads counts the store reads per collection.
type reads struct {
	store.Backend
	mu sync.Mutex
	n  map[string]int
}

func (r *reads) count(coll string) {
	r.mu.Lock()
	r.n[coll]++
	r.mu.Unlock()
}

func (r *reads) Get(ctx context.Context, coll, id string) (store.Record, error) {
	r.count(coll)
	return r.Backend.Get(ctx, coll, id)
}

func (r *reads) Find(ctx context.Context, coll string, q store.Query) ([]store.Record, error) {
	r.count(coll)
	return r.Backend.Find(ctx, coll, q)
}

func (r *reads) snapshot() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.n)
}

// The catch-up at start skips decisions whose records are already current
// before it re-checks their compliance, so a restart does not re-read the
// delegationsordning for every decision ever made (found by the crash
// test: start-up grew from 0.3 s to 2.6 s with the number of decisions).
func TestCatchUpSkipsCurrentRecords(t *testing.T) {
	sb, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close(context.Background()) })
	rb := &reads{Backend: sb, n: map[string]int{}}
	env := apptest.New(t, apptest.WithBackend(rb))
	hand, chair := env.Token("handlaggare"), env.Token("ordforande")
	for i := range 3 {
		id := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: hand,
			Body: map[string]string{"board": "ITN", "title": fmt.Sprintf("Avtal %d", i)}}).JSON(t)["id"].(string)
		memo := map[string]any{"title": "Avtal", "author_name": "Olof Nilsson", "author_title": "IT-strateg",
			"recipient_board": "IT-nämnden", "proposal_intro": "IT-nämnden beslutar", "clauses": []string{"godkänna avtalet"},
			"description": "Avtal om drift.", "basis": []map[string]any{{"text": "Avtalsutkast"}}, "assessment": "Ryms i budget.",
			"consequences": "Inga.", "send_to": []string{"IT-chefen"}}
		r := env.Do(apptest.Request{Method: http.MethodPut, Path: "/api/v1/cases/" + id + "/memo", Token: hand, Body: memo,
			Header: map[string]string{"If-Match": `"0"`}})
		v := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: hand}).JSON(t)["version"]
		for _, ev := range []string{"start", "submit"} {
			r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/events/" + ev, Token: hand,
				Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}})
			v = r.JSON(t)["version"]
		}
		if r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/decisions", Token: chair,
			Body: map[string]any{"kind": "delegation", "point_code": "A16"}, Header: map[string]string{"If-Match": fmt.Sprintf(`"%v"`, v)}}); r.Status != 201 {
			t.Fatalf("decision: %d %s", r.Status, r.Body)
		}
	}
	before := rb.snapshot()
	n, err := env.App.Audit.CatchUp(t.Context())
	if err != nil || n != 3 {
		t.Fatalf("catch-up: %d decisions, %v; want 3", n, err)
	}
	after := rb.snapshot()
	if d := after[repo.CollDelegationOrders] - before[repo.CollDelegationOrders]; d != 0 {
		t.Errorf("catch-up of current records read the delegation orders %d times, want 0", d)
	}
	if after[repo.CollDecisions]-before[repo.CollDecisions] != 3 {
		t.Errorf("catch-up read %d decision records, want 3 (one per decision)", after[repo.CollDecisions]-before[repo.CollDecisions])
	}
}
