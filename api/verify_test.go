package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// onBothStores runs f on SQLite and on the Mongo backend (FerretDB), each
// instance made with opts.
func onBothStores(t *testing.T, f func(t *testing.T, env *apptest.Env), opts ...apptest.Option) {
	t.Run("sqlite", func(t *testing.T) { f(t, apptest.New(t, opts...)) })
	t.Run("mongo", func(t *testing.T) {
		f(t, apptest.New(t, append(slices.Clip(opts), apptest.WithBackend(ferrettest.Open(t)))...))
	})
}

// TestAuditVerifyNamesWhatAuditorsRead: a decision's amount and decider
// edited in its case, another decision's audit record edited, and a
// diarienummer drawn but never stored are each named by
// GET /api/v1/audit/verify (case, decision, field; number), which gives
// the same report as the ledger service `samstyr verify` runs; searches
// keep showing what was decided. On SQLite and on the Mongo backend.
func TestAuditVerifyNamesWhatAuditorsRead(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		d1 := decideAndSign(t, env, "Avtal med MBAB om support")
		d2 := decideAndSign(t, env, "Avtal med BHEM om nätdrift")
		rev := env.Token("revisor")
		verify := func() map[string]any {
			t.Helper()
			r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/verify", Token: rev})
			if r.Status != 200 {
				t.Fatalf("verify: %d %s", r.Status, r.Body)
			}
			return r.JSON(t)
		}
		if v := verify(); v["ok"] != true {
			t.Fatalf("clean store: %v", v)
		}
		c1, _, _ := cases.ParseDecisionID(d1)
		env.EditStored(t, repo.CollCases, c1, func(doc map[string]any) {
			d := doc["decisions"].([]any)[0].(map[string]any)
			d["amount_ore"], d["decider_username"] = 99_900_000, "it-chef"
		})
		env.EditStored(t, repo.CollDecisions, d2, func(doc map[string]any) { doc["signed"], doc["compliant"] = false, false })
		seq, err := env.Backend.NextSequence(t.Context(), "dnr/ITN/2026")
		if err != nil {
			t.Fatal(err)
		}
		v := verify()
		type row struct{ Kind, Case, Decision, Field, Number string }
		var got []row
		for _, p := range v["problems"].([]any) {
			m := p.(map[string]any)
			s := func(k string) string { x, _ := m[k].(string); return x }
			got = append(got, row{s("kind"), s("case_id"), s("decision"), s("field"), s("number")})
		}
		c2, _, _ := cases.ParseDecisionID(d2)
		for _, w := range []row{
			{ledger.KindDecisionEdited, c1, d1, "decider", ""},
			{ledger.KindDecisionEdited, c1, d1, "amount_ore", ""},
			{ledger.KindProjectionMismatch, c2, d2, "signed", ""},
			{ledger.KindProjectionMismatch, c2, d2, "compliant", ""},
			{ledger.KindUnexplainedNumber, "", "", "", fmt.Sprintf("ITN 2026/%d", seq)},
		} {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if !found {
				t.Errorf("verify does not name %+v; it says %+v", w, got)
			}
		}
		if v["ok"] != false || v["first_problem"].(map[string]any)["decision"] != d1 {
			t.Errorf("ok %v, first problem %v", v["ok"], v["first_problem"])
		}
		// The same answer as the service the CLI runs.
		rep, err := env.App.Ledger.Verify(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var cli any
		b, _ := json.Marshal(rep.Problems)
		_ = json.Unmarshal(b, &cli)
		if !reflect.DeepEqual(cli, v["problems"]) {
			t.Errorf("the API says %v\nthe CLI's service %v", v["problems"], cli)
		}
		// The edited decision is not projected again: searches keep what
		// was decided.
		if _, err := env.App.Audit.CatchUp(t.Context()); err != nil {
			t.Fatal(err)
		}
		r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/audit/decisions?decider=it-chef", Token: rev})
		if items := r.JSON(t)["items"].([]any); len(items) != 0 {
			t.Errorf("the edited decider reached the projection: %s", r.Body)
		}
	})
}

// TestPublicCheckpointsAreSignedRoots: anyone may read every checkpoint's
// root, hash and signature and the server's key; each entry checks on its
// own (hash and Ed25519 signature), chains to the one before, and is the
// checkpoint the store holds. A file of them is what
// `samstyr verify --against` reads.
func TestPublicCheckpointsAreSignedRoots(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		get := func(q string) apptest.Response {
			return env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/checkpoints" + q})
		}
		empty, err := ledger.DecodeRoots(bytes.NewReader(get("").Body))
		if err != nil || len(empty.Checkpoints) != 0 {
			t.Fatalf("before any checkpoint: %v %v", empty, err)
		}
		decideAndSign(t, env, "Avtal med MBAB om support")
		var made []ledger.Checkpoint
		for range 3 {
			cp, err := env.App.Ledger.Checkpoint(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			made = append(made, cp)
		}
		r := get("")
		if r.Status != 200 {
			t.Fatalf("public checkpoints: %d %s", r.Status, r.Body)
		}
		roots, err := ledger.DecodeRoots(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if len(roots.Checkpoints) != 3 || roots.ServerKey == "" {
			t.Fatalf("roots: %+v", roots)
		}
		prev := ""
		for i, p := range roots.Checkpoints {
			if p.Seq != i+1 || p.Hash != made[i].Hash() || p.Root != made[i].Root || p.Prev != prev {
				t.Errorf("entry %d: %+v, made %+v", i, p, made[i])
			}
			if err := signing.Verify(p.Signature, p.Payload()); err != nil || p.Signature.PublicKey != roots.ServerKey {
				t.Errorf("entry %d does not verify with the published key: %v", i, err)
			}
			prev = p.Hash
		}
		if from, err := ledger.DecodeRoots(bytes.NewReader(get("?from=3").Body)); err != nil || len(from.Checkpoints) != 1 || from.Checkpoints[0].Seq != 3 {
			t.Errorf("from=3: %+v %v", from, err)
		}
		for _, bad := range []string{"?from=0", "?from=x"} {
			if r := get(bad); r.Status != http.StatusBadRequest {
				t.Errorf("%s: %d %s", bad, r.Status, r.Body)
			}
		}
		// The newest checkpoint deleted: the published roots show it.
		rec, err := env.Backend.Get(t.Context(), repo.CollCheckpoints, "000000003")
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Backend.Delete(t.Context(), repo.CollCheckpoints, rec.ID, rec.Version); err != nil {
			t.Fatal(err)
		}
		if rep, err := env.App.Ledger.Verify(t.Context()); err != nil || !rep.OK() {
			t.Errorf("without the published roots the deletion is not seen (as documented): %v %v", rep.Problems, err)
		}
		rep, err := env.App.Ledger.VerifyAgainst(t.Context(), &roots)
		if p, ok := rep.First(); err != nil || !ok || p.Kind != ledger.KindPublishedCheckpoint || p.Checkpoint != 3 {
			t.Errorf("against the published roots: %v %v", rep.Problems, err)
		}
	})
}
