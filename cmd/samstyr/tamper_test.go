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
	"time"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// decidedEnv is an installation with two cases, one of them decided
// under delegation (A16, by the chair) and signed, and a checkpoint; it
// returns the decided case's id and the decision's id.
func decidedEnv(t *testing.T, opts ...apptest.Option) (env *apptest.Env, caseID, decisionID string) {
	t.Helper()
	env = apptest.New(t, opts...)
	h, chair := env.Token("handlaggare"), env.Token("ordforande")
	env.Call(t, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Ärende utan beslut"}, nil)
	caseID = env.Call(t, h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Avtal med MBAB om support"}, nil)["id"].(string)
	env.Call(t, h, http.MethodPut, "/api/v1/cases/"+caseID+"/memo", map[string]any{
		"title": "Avtal med MBAB", "author_name": "Olof Nilsson", "author_title": "IT-strateg", "recipient_board": "IT-nämnden",
		"proposal_intro": "IT-nämnden beslutar", "clauses": []string{"att teckna avtal om support med MBAB"}, "description": "Avtalet löper ut.",
		"basis": []map[string]any{{"text": "Avtalsutkast"}}, "assessment": "Bör tecknas.", "consequences": "Inga.",
		"send_to": []string{"IT-chefen"}}, 0)
	v := env.Call(t, h, http.MethodGet, "/api/v1/cases/"+caseID, nil, nil)["version"]
	v = env.Call(t, h, http.MethodPost, "/api/v1/cases/"+caseID+"/events/start", nil, v)["version"]
	v = env.Call(t, h, http.MethodPost, "/api/v1/cases/"+caseID+"/events/submit", nil, v)["version"]
	decisionID = env.Call(t, chair, http.MethodPost, "/api/v1/cases/"+caseID+"/decisions",
		map[string]any{"kind": "delegation", "point_code": "A16"}, v)["id"].(string)
	env.Call(t, chair, http.MethodPost, "/api/v1/decisions/"+decisionID+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	return env, caseID, decisionID
}

// publishedRoots saves what the public route publishes, as a revisor
// keeping the roots outside the system would, and returns the file.
func publishedRoots(t *testing.T, env *apptest.Env) string {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/public/checkpoints"})
	if r.Status != 200 {
		t.Fatalf("public checkpoints: %d %s", r.Status, r.Body)
	}
	file := filepath.Join(t.TempDir(), "roots.json")
	if err := os.WriteFile(file, r.Body, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// deleteCheckpoint removes checkpoint seq (and leaves its leaf chunks).
func deleteCheckpoint(t *testing.T, env *apptest.Env, seq int) {
	t.Helper()
	id := fmt.Sprintf("%09d", seq)
	rec, err := env.Backend.Get(t.Context(), repo.CollCheckpoints, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Backend.Delete(t.Context(), repo.CollCheckpoints, id, rec.Version); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyFindsWhatAuditorsRead tampers with the SQLite file the way
// the issue describes — a decision's amount and decider inside the stored
// case, a record of the audit projection, the newest checkpoint deleted,
// a case rolled back after a published root, a diarienummer drawn and
// never stored — and checks that `samstyr verify` exits 1 and names each
// (case, decision, field; checkpoint; number).
func TestVerifyFindsWhatAuditorsRead(t *testing.T) {
	t.Run("decision amount in the case", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, cid, did := decidedEnv(t)
		env.EditStored(t, repo.CollCases, cid, func(doc map[string]any) {
			doc["decisions"].([]any)[0].(map[string]any)["amount_ore"] = 10_000_000_00
		})
		out, code := runVerify(t, env)
		if want := "decision_edited case " + cid + " decision " + did + " field amount_ore"; code != 1 || !strings.Contains(out, want) {
			t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, out)
		}
	})
	t.Run("decider in the case", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, cid, did := decidedEnv(t)
		env.EditStored(t, repo.CollCases, cid, func(doc map[string]any) {
			d := doc["decisions"].([]any)[0].(map[string]any)
			d["decider_username"], d["decider_name"] = "vice-ordforande", "Erik Johansson"
		})
		out, code := runVerify(t, env)
		for _, field := range []string{"decider", "decider_name"} {
			if want := "decision_edited case " + cid + " decision " + did + " field " + field + ":"; code != 1 || !strings.Contains(out, want) {
				t.Errorf("exit %d, want 1 and %q:\n%s", code, want, out)
			}
		}
	})
	t.Run("decision in an exported ledger file", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, cid, did := decidedEnv(t)
		file := exportVerifiedLedger(t, env)
		b, _ := os.ReadFile(file)
		var f map[string]any
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		for _, c := range f["cases"].([]any) {
			if c := c.(map[string]any); c["id"] == cid {
				c["decisions"].([]any)[0].(map[string]any)["amount_ore"] = 10_000_000_00
			}
		}
		b, _ = json.Marshal(f)
		_ = os.WriteFile(file, b, 0o600)
		out, err := exec.Command(binary, "verify", "--file", file).CombinedOutput()
		if want := "decision_edited case " + cid + " decision " + did + ": "; err == nil || !strings.Contains(string(out), want) {
			t.Fatalf("verify --file: %v, want %q:\n%s", err, want, out)
		}
	})
	t.Run("audit projection record", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, cid, did := decidedEnv(t)
		env.EditStored(t, repo.CollDecisions, did, func(doc map[string]any) {
			doc["amount_ore"] = 1
			doc["decider_name"] = "Någon annan"
		})
		out, code := runVerify(t, env)
		for _, field := range []string{"amount_ore", "decider_name"} {
			if want := "projection_mismatch case " + cid + " decision " + did + " field " + field + ":"; code != 1 || !strings.Contains(out, want) {
				t.Errorf("exit %d, want 1 and %q:\n%s", code, want, out)
			}
		}
	})
	t.Run("audit record added", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, cid, did := decidedEnv(t)
		rec, _ := env.Backend.Get(t.Context(), repo.CollDecisions, did)
		var doc map[string]any
		_ = json.Unmarshal(rec.Data, &doc)
		doc["id"] = cid + "-b2"
		body, _ := json.Marshal(doc)
		if _, err := env.Backend.Insert(t.Context(), repo.CollDecisions, cid+"-b2", body); err != nil {
			t.Fatal(err)
		}
		out, code := runVerify(t, env)
		if want := "projection_extra case " + cid + " decision " + cid + "-b2"; code != 1 || !strings.Contains(out, want) {
			t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, out)
		}
	})
	t.Run("audit record deleted", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, cid, did := decidedEnv(t)
		rec, _ := env.Backend.Get(t.Context(), repo.CollDecisions, did)
		if err := env.Backend.Delete(t.Context(), repo.CollDecisions, did, rec.Version); err != nil {
			t.Fatal(err)
		}
		// verify opens the store as serve does; its start-up catch-up must
		// not quietly rebuild the record before the check sees it missing.
		out, code := runVerify(t, env)
		if want := "projection_missing case " + cid + " decision " + did; code != 1 || !strings.Contains(out, want) {
			t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, out)
		}
	})
	t.Run("newest checkpoint deleted", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		newestCheckpointDeleted(t)
	})
	t.Run("case rolled back after a published root", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		rolledBackBehindARoot(t)
	})
	t.Run("diarienummer drawn and never stored", func(t *testing.T) {
		t.Parallel() // each case tampers with its own instance
		env, _, _ := decidedEnv(t)
		// What a kill -9 between drawing the number and storing the case
		// leaves behind: the counter moved, no case holds the number.
		n, err := env.Backend.NextSequence(t.Context(), "dnr/ITN/2026")
		if err != nil {
			t.Fatal(err)
		}
		env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Efter luckan"}, nil)
		out, code := runVerify(t, env)
		dnr := fmt.Sprintf("ITN 2026/%d", n)
		if want := "unexplained_number " + dnr + ": "; code != 1 || !strings.Contains(out, want) {
			t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, out)
		}
		// A server started on the store makulerar the number once it is
		// older than the grace period, and the series is explained again.
		srv := start(t, env.Config.DataDir, "SAMSTYR_MASTER_KEY="+apptest.TestMasterKey, "SAMSTYR_DNR_GRACE=1s", "SAMSTYR_LOG_LEVEL=error")
		var c map[string]any
		for deadline := time.Now().Add(15 * time.Second); c == nil && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			recs, err := env.Backend.Find(t.Context(), repo.CollCases, store.Query{Where: []store.Cond{store.Eq("registration_number", dnr)}})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) == 1 {
				_ = json.Unmarshal(recs[0].Data, &c)
			}
		}
		srv.stop(t)
		if c == nil {
			t.Fatalf("%s was not makulerat within 15 s", dnr)
		}
		ev := c["history"].([]any)[0].(map[string]any)
		if c["state"] != "makulerad" || c["title"] != "Makulerat diarienummer" || !strings.Contains(c["void_reason"].(string), "registreringen avbröts") ||
			ev["note"] != c["void_reason"] || ev["actor"] != "samstyr" || ev["at"] == nil {
			t.Errorf("the makulering of %s: %v", dnr, c)
		}
		if out, code := runVerify(t, env); code != 0 {
			t.Errorf("after the sweep: exit %d\n%s", code, out)
		}
	})
}

// TestVerifyAgainstPublishedRootsOnMongo is the rollback part of
// TestVerifyFindsWhatAuditorsRead on the Mongo backend (the FerretDB
// harness, one client at a time: the test's own client is idle while
// `samstyr verify` runs against the same database).
func TestVerifyAgainstPublishedRootsOnMongo(t *testing.T) {
	t.Run("newest checkpoint deleted", func(t *testing.T) {
		newestCheckpointDeleted(t, apptest.WithBackend(ferrettest.Open(t)))
	})
	t.Run("case rolled back after a published root", func(t *testing.T) {
		rolledBackBehindARoot(t, apptest.WithBackend(ferrettest.Open(t)))
	})
}

// newestCheckpointDeleted: a published checkpoint deleted from the store
// is named by `samstyr verify --against` the published roots.
func newestCheckpointDeleted(t *testing.T, opts ...apptest.Option) {
	env, _, _ := decidedEnv(t, opts...)
	env.Call(t, env.Token("handlaggare"), http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Senare ärende"}, nil)
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	roots := publishedRoots(t, env)
	deleteCheckpoint(t, env, 2)
	out, code := runVerify(t, env, "--against", roots)
	if want := "published_checkpoint checkpoint 2"; code != 1 || !strings.Contains(out, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, out)
	}
}

// rolledBackBehindARoot: a case rolled back to a copy older than a
// published root is named as a removed event; with the checkpoint that
// recorded it deleted too, as a missing published checkpoint; the row
// restored with its old version, as a projection mismatch.
func rolledBackBehindARoot(t *testing.T, opts ...apptest.Option) {
	env, cid, _ := decidedEnv(t, opts...)
	before, err := env.Backend.Get(t.Context(), repo.CollCases, cid)
	if err != nil {
		t.Fatal(err)
	}
	sek := env.Token("sekreterare")
	// The decision is reported (anmäld): one more event on the case.
	env.Call(t, sek, http.MethodPost, "/api/v1/boards/ITN/reports",
		map[string]any{"meeting_ref": "ITN 2026-03-12 § 7", "decision_ids": []string{cid + "-b1"}}, nil)
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	roots := publishedRoots(t, env)
	// Roll the case back to before the anmälan (an old copy of the row
	// written back), and remove the checkpoint that recorded it.
	cur, _ := env.Backend.Get(t.Context(), repo.CollCases, cid)
	if _, err := env.Backend.Update(t.Context(), repo.CollCases, cid, cur.Version, before.Data); err != nil {
		t.Fatal(err)
	}
	out, code := runVerify(t, env)
	if want := "removed_event case " + cid; code != 1 || !strings.Contains(out, want) {
		t.Errorf("rolled back under checkpoint 2: exit %d, want 1 and %q:\n%s", code, want, out)
	}
	deleteCheckpoint(t, env, 2)
	out, code = runVerify(t, env, "--against", roots)
	if want := "published_checkpoint checkpoint 2"; code != 1 || !strings.Contains(out, want) {
		t.Errorf("rolled back and checkpoint 2 deleted: exit %d, want 1 and %q:\n%s", code, want, out)
	}
	// A restored backup of the row carries its old version: the audit
	// record was made from a later one.
	if _, err := env.Backend.(store.Copier).Put(t.Context(), repo.CollCases, before); err != nil {
		t.Fatal(err)
	}
	out, code = runVerify(t, env)
	if want := "projection_mismatch case " + cid + " decision " + cid + "-b1 field source_version"; code != 1 || !strings.Contains(out, want) {
		t.Errorf("the row restored with its version: exit %d, want 1 and %q:\n%s", code, want, out)
	}
}
