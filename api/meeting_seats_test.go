package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// TestMeetingPeopleComeFromSeats: KFN's 9 ledamöter and 5 ersättare,
// imported from CSV, are the meeting's seats: the quorum is 5 of 9 (KL
// 6:28); for three absent ledamöter the present ersättare are called in by
// the call-in order, the party's own first; the board can decide with the
// ersättare serving and not when too few serve; a justerare is chosen
// among those serving. On both stores.
func TestMeetingPeopleComeFromSeats(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a := newAdminEnv(t, env)
		a.must(http.StatusCreated, http.MethodPost, "/api/v1/boards", map[string]any{"code": "KFN", "name": "Kultur- och fritidsnämnden", "kind": "namnd"})
		if r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/admin/imports", Token: a.admin, Body: kfnCSV(),
			Header: map[string]string{"Content-Type": "text/csv"}}); r.Status != http.StatusCreated {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		a.must(http.StatusNoContent, http.MethodPost, "/api/v1/users/kfn.sekr/password", map[string]string{"password": apptest.DemoPassword})
		sek := env.Token("kfn.sekr")
		do := func(method, path string, ifMatch any, body any) apptest.Response {
			t.Helper()
			req := apptest.Request{Method: method, Path: path, Token: sek, Body: body}
			if ifMatch != nil {
				req.Header = map[string]string{"If-Match": fmt.Sprintf(`"%v"`, ifMatch)}
			}
			return env.Do(req)
		}
		// An ersättare not serving is no justerare.
		r := do(http.MethodPost, "/api/v1/boards/KFN/meetings", nil, map[string]any{"starts_at": "2026-03-02T13:00:00+01:00",
			"place": "Kulturhuset", "justerare": []string{"ersattare1"}})
		if r.Status != http.StatusUnprocessableEntity || !hasFieldError(r.JSON(t), "/justerare/0", "justerare_not_serving") {
			t.Errorf("an ersättare as justerare at planning: %d %s", r.Status, r.Body)
		}
		r = do(http.MethodPost, "/api/v1/boards/KFN/meetings", nil, map[string]any{"starts_at": "2026-03-02T13:00:00+01:00",
			"place": "Kulturhuset", "justerare": []string{"ledamot4"}})
		if r.Status != http.StatusCreated {
			t.Fatalf("planning: %d %s", r.Status, r.Body)
		}
		m := r.JSON(t)
		path := "/api/v1/meetings/" + m["id"].(string)
		seats := m["seats"].([]any)
		if len(seats) != 14 {
			t.Fatalf("%d seats, want the 9 ledamöter and 5 ersättare", len(seats))
		}
		if e := seats[9].(map[string]any); e["username"] != "ersattare1" || e["role"] != "ersattare" || e["party"] != "S" || e["call_in"] != 1.0 {
			t.Errorf("the first ersättare: %v", e)
		}
		// The kallelse goes to every seat holder: the 9 ledamöter and the 5
		// ersättare.
		if _, err := exec.LookPath("pdftotext"); err == nil {
			pdf := do(http.MethodGet, path+"/kallelse.pdf", nil, nil)
			cmd := exec.Command("pdftotext", "-raw", "-", "-")
			cmd.Stdin = bytes.NewReader(pdf.Body)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("kallelse: %v", err)
			}
			for _, name := range []string{"Ledamot Nummer1", "Ledamot Nummer9", "Ersättare Nummer1", "Ersättare Nummer5"} {
				if !strings.Contains(string(out), name) {
					t.Errorf("the kallelse does not name %s", name)
				}
			}
		}
		quorum := func(m map[string]any) map[string]any { return m["quorum"].(map[string]any) }
		if q := quorum(m); q["members"] != 9.0 || q["required"] != 5.0 || q["serving"] != 9.0 || q["ok"] != true {
			t.Errorf("planned: quorum %v", q)
		}
		// ledamot1 (S), ledamot2 (M) and ledamot3 (C) are away.
		att := []map[string]any{}
		for _, u := range []string{"ledamot1", "ledamot2", "ledamot3"} {
			att = append(att, map[string]any{"username": u, "present": false})
		}
		r = do(http.MethodPut, path+"/attendance", m["version"], map[string]any{"seats": att})
		if r.Status != http.StatusOK {
			t.Fatalf("attendance: %d %s", r.Status, r.Body)
		}
		m = r.JSON(t)
		serves := map[string]string{}
		for _, s := range m["seats"].([]any) {
			s := s.(map[string]any)
			if f, _ := s["serves_for"].(string); f != "" {
				serves[s["username"].(string)] = f
			}
		}
		if len(serves) != 3 || serves["ersattare1"] != "ledamot1" || serves["ersattare2"] != "ledamot2" || serves["ersattare3"] != "ledamot3" {
			t.Errorf("tjänstgörande ersättare: %v", serves)
		}
		if q := quorum(m); q["serving"] != 9.0 || q["ok"] != true {
			t.Errorf("with three ersättare serving: quorum %v", q)
		}
		// A serving ersättare may be justerare; an absent ledamot may not.
		if r := do(http.MethodPut, path+"/justerare", m["version"], map[string]any{"justerare": []string{"ledamot1"}}); r.Status != http.StatusUnprocessableEntity ||
			!hasFieldError(r.JSON(t), "/justerare/0", "justerare_not_serving") {
			t.Errorf("an absent ledamot as justerare: %d %s", r.Status, r.Body)
		}
		r = do(http.MethodPut, path+"/justerare", m["version"], map[string]any{"justerare": []string{"ersattare1"}})
		if r.Status != http.StatusOK {
			t.Fatalf("a serving ersättare as justerare: %d %s", r.Status, r.Body)
		}
		m = r.JSON(t)
		// Five ledamöter away and the ersättare too: 4 serve of 9, no
		// quorum, no paragraph.
		att = nil
		for _, u := range []string{"ledamot1", "ledamot2", "ledamot3", "ledamot4", "ledamot5", "ersattare2", "ersattare3", "ersattare4", "ersattare5"} {
			att = append(att, map[string]any{"username": u, "present": false})
		}
		att = append(att, map[string]any{"username": "ersattare1", "present": true, "serves_for": "ledamot1"})
		r = do(http.MethodPut, path+"/attendance", m["version"], map[string]any{"seats": att})
		if r.Status != http.StatusOK {
			t.Fatalf("attendance: %d %s", r.Status, r.Body)
		}
		m = r.JSON(t)
		if q := quorum(m); q["serving"] != 5.0 || q["ok"] != true {
			t.Errorf("four ledamöter and one ersättare: quorum %v", q)
		}
		att = []map[string]any{{"username": "ersattare1", "present": false}}
		r = do(http.MethodPut, path+"/attendance", m["version"], map[string]any{"seats": att})
		m = r.JSON(t)
		if q := quorum(m); q["serving"] != 4.0 || q["ok"] != false {
			t.Errorf("four of nine: quorum %v", q)
		}
		r = do(http.MethodPut, path+"/status", m["version"], map[string]any{"status": "pagaende"})
		if r.Status != http.StatusOK {
			t.Fatalf("opening: %d %s", r.Status, r.Body)
		}
		if r := do(http.MethodPost, path+"/paragraphs", nil, map[string]any{"item": 0, "outcome": "anmalan"}); r.Status != http.StatusUnprocessableEntity || r.JSON(t)["code"] != "no_quorum" {
			t.Errorf("a paragraph with four of nine: %d %s", r.Status, r.Body)
		}
	})
}
