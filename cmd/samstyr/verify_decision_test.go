package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// signedDecisionExport runs a whole delegated decision through an
// in-process instance and returns its export file's bytes.
func signedDecisionExport(t *testing.T) []byte {
	t.Helper()
	env := apptest.New(t)
	h := env.Token("handlaggare")
	do := func(token, method, path string, body any, ifMatch any) map[string]any {
		t.Helper()
		return env.Call(t, token, method, path, body, ifMatch)
	}
	c := do(h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": "Avtal med ÖBAB"}, nil)
	id := c["id"].(string)
	do(h, http.MethodPut, "/api/v1/cases/"+id+"/memo", map[string]any{"title": "Avtal med ÖBAB", "clauses": []string{"avtal tecknas med ÖBAB"},
		"description": "x", "assessment": "y", "consequences": "z", "send_to": []string{"IT-chefen"}}, 0)
	v := do(h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
	v = do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, v)["version"]
	v = do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)["version"]
	chair := env.Token("ordforande")
	d := do(chair, http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v)
	do(chair, http.MethodPost, "/api/v1/decisions/"+d["id"].(string)+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/decisions/" + d["id"].(string) + "/export", Token: chair})
	if r.Status != 200 {
		t.Fatalf("export: %d %s", r.Status, r.Body)
	}
	return r.Body
}

func TestVerifyDecisionOffline(t *testing.T) {
	export := signedDecisionExport(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "beslut.json")
	if err := os.WriteFile(good, export, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "verify-decision", good).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "oförändrat") {
		t.Fatalf("intact export: %v\n%s", err, out)
	}
	// Change the amount in the decision shown to the reader: caught.
	var x map[string]any
	_ = json.Unmarshal(export, &x)
	x["decision"].(map[string]any)["amount_ore"] = 1
	bad, _ := json.Marshal(x)
	tampered := filepath.Join(dir, "andrat.json")
	_ = os.WriteFile(tampered, bad, 0o600)
	out, err = exec.Command(binary, "verify-decision", tampered).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "FEL  content") {
		t.Errorf("tampered decision: %v\n%s", err, out)
	}
	// Change the signed payload itself: the signature fails.
	_ = json.Unmarshal(export, &x)
	x["payload"] = strings.Replace(x["payload"].(string), "ÖBAB", "MBAB", 1)
	bad, _ = json.Marshal(x)
	_ = os.WriteFile(tampered, bad, 0o600)
	out, _ = exec.Command(binary, "verify-decision", tampered).CombinedOutput()
	if !strings.Contains(string(out), "FEL  signature") || !strings.Contains(string(out), "FEL  digest") {
		t.Errorf("tampered payload:\n%s", out)
	}
	if err := exec.Command(binary, "verify-decision").Run(); err == nil {
		t.Error("verify-decision without a file succeeded")
	}
}
