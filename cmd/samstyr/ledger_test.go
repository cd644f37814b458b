package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/apptest"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// ledgerEnv makes three cases (one decided and signed) and a checkpoint
// in a data dir the binary can open.
func ledgerEnv(t *testing.T) (*apptest.Env, []string) {
	t.Helper()
	env := apptest.New(t)
	h := env.Token("handlaggare")
	var ids []string
	for i := range 3 {
		r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: h,
			Body: map[string]string{"board": "ITN", "title": fmt.Sprintf("Ärende %d", i)}})
		if r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		ids = append(ids, r.JSON(t)["id"].(string))
	}
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	return env, ids
}

func runVerify(t *testing.T, env *apptest.Env, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"verify", "--data-dir", env.Config.DataDir}, args...)...)
	cmd.Env = append(os.Environ(), "SAMSTYR_MASTER_KEY="+apptest.TestMasterKey)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func TestVerifyNamesTheFirstProblem(t *testing.T) {
	t.Run("clean", func(t *testing.T) {
		env, _ := ledgerEnv(t)
		out, code := runVerify(t, env)
		if code != 0 || !strings.Contains(out, "Inga avvikelser") {
			t.Fatalf("clean ledger: exit %d\n%s", code, out)
		}
	})
	t.Run("edited event", func(t *testing.T) {
		env, ids := ledgerEnv(t)
		rec, _ := env.Backend.Get(t.Context(), repo.CollCases, ids[1])
		var doc map[string]any
		_ = json.Unmarshal(rec.Data, &doc)
		doc["history"].([]any)[0].(map[string]any)["actor"] = "ordforande"
		body, _ := json.Marshal(doc)
		if _, err := env.Backend.Update(t.Context(), repo.CollCases, ids[1], rec.Version, body); err != nil {
			t.Fatal(err)
		}
		out, code := runVerify(t, env)
		if code != 1 || !strings.Contains(out, "FÖRSTA AVVIKELSEN: edited_event case "+ids[1]+" event 1") {
			t.Fatalf("edited event: exit %d\n%s", code, out)
		}
	})
	t.Run("deleted case", func(t *testing.T) {
		env, ids := ledgerEnv(t)
		rec, _ := env.Backend.Get(t.Context(), repo.CollCases, ids[2])
		if err := env.Backend.Delete(t.Context(), repo.CollCases, ids[2], rec.Version); err != nil {
			t.Fatal(err)
		}
		out, code := runVerify(t, env)
		if code != 1 || !strings.Contains(out, "deleted_case case "+ids[2]) {
			t.Fatalf("deleted case: exit %d\n%s", code, out)
		}
	})
	t.Run("rewritten checkpoint", func(t *testing.T) {
		env, _ := ledgerEnv(t)
		recs, err := env.Backend.Find(t.Context(), repo.CollCheckpoints, store.Query{})
		if err != nil || len(recs) != 1 {
			t.Fatalf("checkpoints: %v %d", err, len(recs))
		}
		var doc map[string]any
		_ = json.Unmarshal(recs[0].Data, &doc)
		doc["case_count"] = 2
		body, _ := json.Marshal(doc)
		if _, err := env.Backend.Update(t.Context(), repo.CollCheckpoints, recs[0].ID, recs[0].Version, body); err != nil {
			t.Fatal(err)
		}
		out, code := runVerify(t, env)
		if code != 1 || !strings.Contains(out, "FÖRSTA AVVIKELSEN: checkpoint_signature checkpoint 1") {
			t.Fatalf("rewritten checkpoint: exit %d\n%s", code, out)
		}
	})
	t.Run("exported file", func(t *testing.T) {
		env, _ := ledgerEnv(t)
		file := filepath.Join(t.TempDir(), "ledger.json")
		cmd := exec.Command(binary, "export-ledger", "--data-dir", env.Config.DataDir, "--out", file)
		cmd.Env = append(os.Environ(), "SAMSTYR_MASTER_KEY="+apptest.TestMasterKey)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("export-ledger: %v\n%s", err, out)
		}
		out, err := exec.Command(binary, "verify", "--file", file).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Inga avvikelser") {
			t.Fatalf("verify --file: %v\n%s", err, out)
		}
		b, _ := os.ReadFile(file)
		_ = os.WriteFile(file, []byte(strings.Replace(string(b), `"actor":"handlaggare"`, `"actor":"revisor"`, 1)), 0o600)
		out, _ = exec.Command(binary, "verify", "--file", file).CombinedOutput()
		if !strings.Contains(string(out), "edited_event") {
			t.Fatalf("edited file:\n%s", out)
		}
	})
}
