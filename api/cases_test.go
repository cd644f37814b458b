package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

func register(t *testing.T, env *apptest.Env, token string, body any) map[string]any {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: token, Body: body})
	if r.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)
}

// seedMemo is the tjänsteskrivelse 2024/72 of the seed documents.
var seedMemo = map[string]any{
	"title":           "Översyn av samverkansavtal",
	"author_name":     "Niklas Palmquist",
	"author_title":    "IT-chef, IT-avdelningen",
	"recipient_board": "IT-nämnden",
	"proposal_intro":  "IT-nämnden beslutar",
	"clauses": []string{"tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
		"planeringsmöte genomförs under 2025"},
	"description":  "Ölandskommunerna har samverkan kring IT sedan 2014. Enligt tidigare beslut 2024-04-05 §19 har IT-chefen fått i uppdrag att se över samverkansavtalet.",
	"basis":        []map[string]any{{"text": "Nuvarande avtal ”Avtal om samverkan i gemensam IT-nämnd” dnr 2023/128-808"}},
	"assessment":   "Det är fortfarande oklart vad som ska uppnås med ett nytt samverkansavtal – en idé är objekt.",
	"consequences": "Nuvarande avtal är giltigt till 2026-12-31.",
	"send_to":      []string{"IT-chefen", "Kommundirektör/Kommunchef"},
}

func saveMemo(t *testing.T, env *apptest.Env, token, id string, rev int, memo any) apptest.Response {
	t.Helper()
	return env.Do(apptest.Request{Method: http.MethodPut, Path: "/api/v1/cases/" + id + "/memo", Token: token, Body: memo,
		Header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, rev)}})
}

func evReq(token, id, event string, version any, body any) apptest.Request {
	h := map[string]string{}
	if version != nil {
		h["If-Match"] = fmt.Sprintf(`"%v"`, version)
	}
	return apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/events/" + event, Token: token, Body: body, Header: h}
}

func fire(env *apptest.Env, token, id, event string, version any, body any) apptest.Response {
	return env.Do(evReq(token, id, event, version, body))
}

func TestConcurrentRegistrationsAreGapless(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	const n = 50
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		nums = map[string]bool{}
	)
	for i := range n {
		wg.Go(func() {
			r := env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: token,
				Body: map[string]string{"board": "ITN", "title": fmt.Sprintf("Avtal %d", i)}})
			if r.Status != http.StatusCreated {
				t.Errorf("register %d: %d %s", i, r.Status, r.Body)
				return
			}
			var c struct {
				RegistrationNumber string `json:"registration_number"`
			}
			_ = json.Unmarshal(r.Body, &c)
			mu.Lock()
			nums[c.RegistrationNumber] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	for i := 1; i <= n; i++ {
		if !nums[fmt.Sprintf("ITN 2026/%d", i)] {
			t.Errorf("ITN 2026/%d missing (got %d distinct numbers)", i, len(nums))
		}
	}
	if len(nums) != n {
		t.Errorf("%d distinct numbers, want %d", len(nums), n)
	}
}

func TestHundredConcurrentSubmitsOneWins(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	c := register(t, env, token, map[string]string{"board": "ITN", "title": "Översyn av samverkansavtal"})
	id := c["id"].(string)
	if r := saveMemo(t, env, token, id, 0, seedMemo); r.Status != 200 {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	cur := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token})
	r := fire(env, token, id, "start", strings.Trim(cur.Header.Get("ETag"), `"`), nil)
	if r.Status != 200 {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	version := r.JSON(t)["version"]
	const n = 100
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		statuses = map[int]int{}
	)
	for range n {
		wg.Go(func() {
			res := fire(env, token, id, "submit", version, nil)
			mu.Lock()
			statuses[res.Status]++
			mu.Unlock()
			if res.Status == http.StatusConflict {
				p := res.JSON(t)
				if p["code"] != "version_conflict" || p["current_version"] == nil {
					t.Errorf("409 body = %v", p)
				}
			}
		})
	}
	wg.Wait()
	if statuses[200] != 1 || statuses[409] != n-1 {
		t.Fatalf("statuses = %v, want one 200 and %d 409", statuses, n-1)
	}
	h := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/history", Token: token}).JSON(t)
	submits := 0
	for _, e := range h["events"].([]any) {
		if e.(map[string]any)["action"] == "submit" {
			submits++
		}
	}
	if submits != 1 || h["verified"] != true {
		t.Errorf("history has %d submit events, verified=%v", submits, h["verified"])
	}
}

func TestEditingStoredHistoryIsDetected(t *testing.T) {
	env := apptest.New(t)
	token := env.Token("handlaggare")
	c := register(t, env, token, map[string]string{"board": "ITN", "title": "Avtal med MBAB"})
	id := c["id"].(string)
	saveMemo(t, env, token, id, 0, map[string]any{"title": "Utkast"})
	// Tamper with the stored case directly in the database: change who
	// saved the memo (event 2).
	rec, err := env.Backend.Get(t.Context(), repo.CollCases, id)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	_ = json.Unmarshal(rec.Data, &doc)
	doc["history"].([]any)[1].(map[string]any)["actor"] = "ordforande"
	body, _ := json.Marshal(doc)
	if _, err := env.Backend.Update(t.Context(), repo.CollCases, id, rec.Version, body); err != nil {
		t.Fatal(err)
	}
	h := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/history", Token: token}).JSON(t)
	p, _ := h["problem"].(map[string]any)
	if h["verified"] != false || p == nil || p["seq"] != float64(2) {
		t.Fatalf("tampered history: verified=%v problem=%v, want event 2 named", h["verified"], h["problem"])
	}
	_ = store.ErrNotFound
}

func TestMemoPDFHasTheSeedClause(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("SAMSTYR_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) not installed, and SAMSTYR_REQUIRE_BROWSER=1 requires the document tools")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	env := apptest.New(t)
	token := env.Token("handlaggare")
	c := register(t, env, token, map[string]string{"board": "ITN", "title": "Översyn av samverkansavtal"})
	id := c["id"].(string)
	if r := saveMemo(t, env, token, id, 0, seedMemo); r.Status != 200 {
		t.Fatalf("memo: %d %s", r.Status, r.Body)
	}
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/memo/pdf", Token: token})
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(r.Body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Förslag till beslut",
		"att tidsplan för nytt samverkansavtal sätts till att vara klart 2026-04-01",
		"ITN 2026/1", "Ölands IT-nämnd", "§19", "idé", "Beslutet skickas till",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

func multipartBody(t *testing.T, fields map[string]string, fileName string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile("file", fileName)
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	return &buf, w.FormDataContentType()
}

func upload(t *testing.T, env *apptest.Env, token, id string, fields map[string]string, name string, data []byte) apptest.Response {
	t.Helper()
	body, ct := multipartBody(t, fields, name, data)
	return env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + id + "/documents", Token: token,
		Body: body.Bytes(), Header: map[string]string{"Content-Type": ct}})
}

func TestDocumentsUploadAndDownloadExactBytes(t *testing.T) {
	env := apptest.New(t, apptest.WithConfig(func(c *configT) { c.MaxUpload = 512 << 10 }))
	token := env.Token("handlaggare")
	id := register(t, env, token, map[string]string{"board": "ITN", "title": "Avtal med BHEM"})["id"].(string)
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("avtal åäö\n"), 27000)...) // > one 255 KiB chunk
	r := upload(t, env, token, id, map[string]string{"direction": "inkommande", "description": "Avtal från BHEM", "party": "BHEM"}, "avtal.pdf", pdf)
	if r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	d := r.JSON(t)
	if d["no"] != float64(1) || d["content_type"] != "application/pdf" || d["size"] != float64(len(pdf)) {
		t.Errorf("document = %v", d)
	}
	got := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/documents/1/content", Token: token})
	if got.Status != 200 || !bytes.Equal(got.Body, pdf) {
		t.Fatalf("download: %d, %d bytes (want %d identical)", got.Status, len(got.Body), len(pdf))
	}
	h := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id + "/history", Token: token}).JSON(t)
	if h["verified"] != true {
		t.Errorf("history after upload does not verify: %v", h["problem"])
	}
}

func TestCaseBadInputChangesNothing(t *testing.T) {
	env := apptest.New(t, apptest.WithConfig(func(c *configT) { c.MaxUpload = 4096 }))
	token := env.Token("handlaggare")
	c := register(t, env, token, map[string]string{"board": "ITN", "title": "Ett ärende"})
	id := c["id"].(string)
	version := c["version"]
	reg := func(body any) apptest.Request {
		return apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: token, Body: body}
	}
	run(t, env, []scenario{
		{name: "unknown board", req: reg(map[string]string{"board": "KFN", "title": "x"}), status: 422, code: "validation_failed", contains: []string{"unknown_board"}},
		{name: "empty title", req: reg(map[string]string{"board": "ITN", "title": "  "}), status: 422, code: "validation_failed", contains: []string{"/title"}},
		{name: "title too long", req: reg(map[string]string{"board": "ITN", "title": strings.Repeat("å", 501)}), status: 422, code: "validation_failed", contains: []string{"too_long"}},
		{name: "bad secrecy reference", req: reg(map[string]any{"board": "ITN", "title": "x", "secrecy": map[string]string{"reference": "hemligt", "date": "2026-03-01"}}),
			status: 422, code: "validation_failed", contains: []string{"invalid_secrecy_reference"}},
		{name: "secrecy date in the future", req: reg(map[string]any{"board": "ITN", "title": "x", "secrecy": map[string]string{"reference": "OSL 21 kap. 1 §", "date": "2027-01-01"}}),
			status: 422, code: "validation_failed", contains: []string{"/secrecy/date"}},
		{name: "secrecy date not a date", req: reg(map[string]any{"board": "ITN", "title": "x", "secrecy": map[string]string{"reference": "OSL 21 kap. 1 §", "date": "2026-02-30"}}),
			status: 400, code: "invalid_request"},
		{name: "unknown field", req: reg(map[string]string{"board": "ITN", "title": "x", "diarienummer": "ITN 2026/99"}), status: 400, code: "unknown_field"},
		{name: "revisor may not register", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: env.Token("revisor"),
			Body: map[string]string{"board": "ITN", "title": "x"}}, status: 403, code: "read_only_role"},
		{name: "ledamot may not register", req: apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases", Token: env.Token("vice-ordforande"),
			Body: map[string]string{"board": "ITN", "title": "x"}}, status: 403, code: "not_permitted"},
		{name: "unknown event", req: evReq(token, id, "teleport", version, nil), status: 422, code: "unknown_event", contains: []string{"allowed_events", "start"}},
		{name: "event not allowed from state", req: evReq(token, id, "close", version, nil), status: 422, code: "event_not_allowed", contains: []string{`"allowed_events":["start"]`}},
		{name: "missing If-Match", req: evReq(token, id, "start", nil, nil), status: 428, code: "if_match_required"},
		{name: "stale If-Match", req: evReq(token, id, "start", 99, nil), status: 409, code: "version_conflict", contains: []string{`"current_version":1`}},
		{name: "garbage If-Match", req: evReq(token, id, "start", "abc", nil), status: 400, code: "invalid_if_match"},
		{name: "submit without memo", req: evReq(token, id, "submit", version, nil), status: 422, code: "event_not_allowed"},
		{name: "nobody fires decide", req: evReq(token, id, "decide", version, nil), status: 422, code: "decided_at_meeting"},
		{name: "void without reason", req: evReq(env.Token("sekreterare"), id, "void", version, nil), status: 422, code: "reason_required"},
		{name: "stale memo revision", req: apptest.Request{Method: http.MethodPut, Path: "/api/v1/cases/" + id + "/memo", Token: token,
			Body: map[string]any{"title": "x"}, Header: map[string]string{"If-Match": `"3"`}}, status: 409, code: "version_conflict", contains: []string{"current_revision"}},
		{name: "memo with unknown field", req: apptest.Request{Method: http.MethodPut, Path: "/api/v1/cases/" + id + "/memo", Token: token,
			Body: map[string]any{"titel": "x"}, Header: map[string]string{"If-Match": `"0"`}}, status: 400, code: "unknown_field"},
		{name: "unknown case", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/01900000-0000-7000-8000-000000000000", Token: token}, status: 404, code: "case_not_found"},
		{name: "malformed case id", req: apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/nope", Token: token}, status: 400, code: "invalid_parameter"},
	})
	for _, up := range []struct {
		name, file string
		data       []byte
		status     int
		code       string
	}{
		{"forbidden type", "x.html", []byte("<html><script>alert(1)</script></html>"), 422, "file_type_not_allowed"},
		{"executable", "x.pdf", append([]byte("MZ"), make([]byte, 100)...), 422, "file_type_not_allowed"},
		{"over the limit", "big.txt", bytes.Repeat([]byte("a"), 5000), 413, "file_too_large"},
	} {
		t.Run(up.name, func(t *testing.T) {
			r := upload(t, env, token, id, map[string]string{"direction": "inkommande", "description": "x"}, up.file, up.data)
			if r.Status != up.status || r.JSON(t)["code"] != up.code {
				t.Errorf("%d %s, want %d %s", r.Status, r.Body, up.status, up.code)
			}
		})
	}
	// Nothing changed: one case, still version 1, one event, no handling.
	n, _ := env.Backend.Count(t.Context(), repo.CollCases, nil)
	got := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + id, Token: token}).JSON(t)
	if n != 1 || got["version"] != float64(1) || len(got["history"].([]any)) != 1 || len(got["documents"].([]any)) != 0 {
		t.Errorf("bad input changed something: %d cases, case %v", n, got)
	}
	if strings.Contains(env.Logs(), `"level":"ERROR"`) {
		t.Errorf("a client error was logged as a server error:\n%s", env.Logs())
	}
}
