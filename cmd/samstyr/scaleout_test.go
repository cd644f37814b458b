package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

func apiCall(t *testing.T, p *proc, method, path, token string, body any, ifMatch string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, "http://"+p.addr+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

func login(t *testing.T, p *proc, user string) string {
	t.Helper()
	code, m := apiCall(t, p, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"username": user, "password": "gemensam-demo-1"}, "")
	if code != 201 {
		t.Fatalf("login %s: %d %v", user, code, m)
	}
	return m["access_token"].(string)
}

// TestTwoProcessesShareOneSQLiteStore runs two `samstyr serve` processes on
// the same data directory (SQLite WAL; its own locking works across
// processes): registrations through both are gapless, and a delegation
// order adopted through one is enforced by the other at once.
func TestTwoProcessesShareOneSQLiteStore(t *testing.T) {
	dir := t.TempDir()
	a := start(t, dir, "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1")
	b := start(t, dir, "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1")
	procs := []*proc{a, b}
	tokens := []string{login(t, a, "handlaggare"), login(t, b, "handlaggare")}
	const perProc = 20
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		nums = map[string]bool{}
	)
	for i := range 2 {
		wg.Go(func() {
			for k := range perProc {
				code, m := apiCall(t, procs[i], http.MethodPost, "/api/v1/cases", tokens[i], map[string]string{"board": "ITN", "title": fmt.Sprintf("Ärende %d-%d", i, k)}, "")
				if code != 201 {
					t.Errorf("register via process %d: %d %v", i, code, m)
					return
				}
				mu.Lock()
				nums[m["registration_number"].(string)] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	// The processes run on the real clock: the year is today's.
	var year int
	for k := range nums {
		fmt.Sscanf(k, "ITN %d/", &year)
		break
	}
	for n := 1; n <= 2*perProc; n++ {
		if !nums[fmt.Sprintf("ITN %d/%d", year, n)] {
			t.Errorf("ITN %d/%d missing", year, n)
		}
	}
	if len(nums) != 2*perProc {
		t.Errorf("%d distinct numbers, want %d", len(nums), 2*perProc)
	}
	// Adopt a version through A that moves A16 to the IT-chef from today;
	// B enforces it on its next check.
	sek := login(t, a, "sekreterare")
	code, d := apiCall(t, a, http.MethodPost, "/api/v1/boards/ITN/delegation-orders", sek, map[string]any{"title": "Version 2",
		"urgent_deciders": []string{"ordforande"}, "points": []map[string]any{{"code": "A16", "matter": "Avtal", "delegate": "forvaltningschef", "report_to": "namnd"}}}, "")
	if code != 201 {
		t.Fatalf("draft: %d %v", code, d)
	}
	validFrom := d["valid_from"].(string) // the draft's provisional date: tomorrow
	code, m := apiCall(t, a, http.MethodPost, "/api/v1/boards/ITN/delegation-orders/2/adoption", sek,
		map[string]any{"adopted_ref": "ITN § 1", "adopted_on": "2026-01-01", "valid_from": validFrom}, `"1"`)
	if code != 200 {
		t.Fatalf("adopt through A: %d %v", code, m)
	}
	tb := login(t, b, "it-chef")
	code, m = apiCall(t, b, http.MethodPost, "/api/v1/boards/ITN/delegation-checks", tb, map[string]any{"user": "it-chef", "point_code": "A16", "date": validFrom}, "")
	if code != 200 || m["allowed"] != true || m["version"].(map[string]any)["number"] != float64(2) {
		t.Errorf("process B after adoption through A: %d %v", code, m)
	}
	a.stop(t)
	b.stop(t)
}
