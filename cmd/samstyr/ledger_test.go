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

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/mongostore"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
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

// runVerify runs `samstyr verify` on env's store (its data dir, or its
// database of the embedded FerretDB) and returns the output and exit code.
func runVerify(t *testing.T, env *apptest.Env, args ...string) (string, int) {
	t.Helper()
	flags := []string{"verify", "--data-dir", env.Config.DataDir}
	if mb, ok := env.Backend.(*mongostore.Backend); ok {
		flags = append(flags, "--mongodb-uri", ferrettest.URI(t), "--mongodb-database", mb.Database())
	}
	cmd := exec.Command(binary, append(flags, args...)...)
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
		file := exportVerifiedLedger(t, env)
		b, _ := os.ReadFile(file)
		_ = os.WriteFile(file, []byte(strings.Replace(string(b), `"actor":"handlaggare"`, `"actor":"revisor"`, 1)), 0o600)
		out, _ := exec.Command(binary, "verify", "--file", file).CombinedOutput()
		if !strings.Contains(string(out), "edited_event") {
			t.Fatalf("edited file:\n%s", out)
		}
	})
}

// archivedEnv is ledgerEnv plus a case with 24 events, 16 of them in
// archive blocks (outside the case document), made before the checkpoint.
func archivedEnv(t *testing.T) (*apptest.Env, string) {
	t.Helper()
	env := apptest.New(t)
	h, sek := env.Token("handlaggare"), env.Token("sekreterare")
	do := func(method, path, token string, version any, body any) map[string]any {
		t.Helper()
		req := apptest.Request{Method: method, Path: path, Token: token, Body: body}
		if version != nil {
			req.Header = map[string]string{"If-Match": fmt.Sprintf(`"%v"`, version)}
		}
		r := env.Do(req)
		if r.Status/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
		}
		return r.JSON(t)
	}
	c := do(http.MethodPost, "/api/v1/cases", h, nil, map[string]string{"board": "ITN", "title": "Ärende med arkiverad historik"})
	id := c["id"].(string)
	do(http.MethodPut, "/api/v1/cases/"+id+"/memo", h, 0, map[string]any{
		"title": "Översyn", "author_name": "Olof Nilsson", "author_title": "IT-strateg", "recipient_board": "IT-nämnden",
		"proposal_intro": "IT-nämnden beslutar", "clauses": []string{"att godkänna avtalet"}, "description": "Avtalet löper ut.",
		"basis": []map[string]any{{"text": "Avtal"}}, "assessment": "Bör förlängas.", "consequences": "Inga.",
		"send_to": []string{"IT-chefen"}})
	version := do(http.MethodGet, "/api/v1/cases/"+id, h, nil, nil)["version"]
	version = do(http.MethodPost, "/api/v1/cases/"+id+"/events/start", h, version, nil)["version"]
	version = do(http.MethodPost, "/api/v1/cases/"+id+"/events/submit", h, version, nil)["version"]
	for i := range 20 {
		ev := "table"
		if i%2 == 1 {
			ev = "untable"
		}
		version = do(http.MethodPost, "/api/v1/cases/"+id+"/events/"+ev, sek, version, nil)["version"]
	}
	if n, err := env.Backend.Count(t.Context(), repo.CollCaseEvents, []store.Cond{store.Eq("case_id", id)}); err != nil || n != 2 {
		t.Fatalf("archive blocks: %v %d", err, n)
	}
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	return env, id
}

// TestVerifyArchivedHistory: verify and the exported ledger file check
// the chains across archived events, and name an edited or removed
// archived event and a deleted case.
func TestVerifyArchivedHistory(t *testing.T) {
	t.Run("clean and exported", func(t *testing.T) {
		env, id := archivedEnv(t)
		if out, code := runVerify(t, env); code != 0 || !strings.Contains(out, "Inga avvikelser") {
			t.Fatalf("clean ledger: exit %d\n%s", code, out)
		}
		file := exportVerifiedLedger(t, env)
		var f struct {
			Cases []struct {
				ID      string           `json:"id"`
				History []map[string]any `json:"history"`
			} `json:"cases"`
		}
		b, _ := os.ReadFile(file)
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		for _, c := range f.Cases {
			if c.ID == id && (len(c.History) != 24 || c.History[0]["seq"] != float64(1)) {
				t.Errorf("the exported case has %d events", len(c.History))
			}
		}
		// An archived event edited in the file is caught too.
		_ = os.WriteFile(file, []byte(strings.Replace(string(b), `"actor":"sekreterare"`, `"actor":"revisor"`, 1)), 0o600)
		out, _ := exec.Command(binary, "verify", "--file", file).CombinedOutput()
		if !strings.Contains(string(out), "edited_event case "+id+" event 5") {
			t.Fatalf("edited file:\n%s", out)
		}
	})
	editBlock := func(t *testing.T, env *apptest.Env, id string, edit func(evs []any) []any) {
		t.Helper()
		rec, err := env.Backend.Get(t.Context(), repo.CollCaseEvents, id+"/000000009")
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		_ = json.Unmarshal(rec.Data, &doc)
		doc["events"] = edit(doc["events"].([]any))
		body, _ := json.Marshal(doc)
		if _, err := env.Backend.Update(t.Context(), repo.CollCaseEvents, rec.ID, rec.Version, body); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("edited archived event", func(t *testing.T) {
		env, id := archivedEnv(t)
		editBlock(t, env, id, func(evs []any) []any {
			evs[2].(map[string]any)["actor"] = "ordforande" // event 11
			return evs
		})
		out, code := runVerify(t, env)
		if code != 1 || !strings.Contains(out, "FÖRSTA AVVIKELSEN: edited_event case "+id+" event 11") {
			t.Fatalf("edited archived event: exit %d\n%s", code, out)
		}
	})
	t.Run("removed archived event", func(t *testing.T) {
		env, id := archivedEnv(t)
		editBlock(t, env, id, func(evs []any) []any { return append(evs[:3:3], evs[4:]...) }) // event 12
		out, code := runVerify(t, env)
		if code != 1 || !strings.Contains(out, "FÖRSTA AVVIKELSEN: removed_event case "+id+" event 12") {
			t.Fatalf("removed archived event: exit %d\n%s", code, out)
		}
	})
	t.Run("deleted case", func(t *testing.T) {
		env, id := archivedEnv(t)
		rec, _ := env.Backend.Get(t.Context(), repo.CollCases, id)
		if err := env.Backend.Delete(t.Context(), repo.CollCases, id, rec.Version); err != nil {
			t.Fatal(err)
		}
		out, code := runVerify(t, env)
		if code != 1 || !strings.Contains(out, "deleted_case case "+id) {
			t.Fatalf("deleted case: exit %d\n%s", code, out)
		}
	})
}

// exportVerifiedLedger exports env's ledger with export-ledger and checks
// that verify --file finds it clean; it returns the file's path.
func exportVerifiedLedger(t *testing.T, env *apptest.Env) string {
	t.Helper()
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
	return file
}
