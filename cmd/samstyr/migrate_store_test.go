package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

// activity runs an installation through its paces in process: cases
// through the lifecycle with memo revisions, a PDF handling of several
// chunks, a signed delegation decision, a meeting with a protocol, and a
// signed checkpoint. It returns the id of a case left under beredning and
// the bytes of the uploaded file.
func activity(t *testing.T, env *apptest.Env) (open string, pdf []byte) {
	t.Helper()
	do := func(token, method, path string, body any, ifMatch any) map[string]any {
		t.Helper()
		return env.Call(t, token, method, path, body, ifMatch)
	}
	h := env.Token("handlaggare")
	memo := func(title string) map[string]any {
		return map[string]any{"title": title, "clauses": []string{"avtal tecknas"}, "description": "Bakgrund.",
			"assessment": "Bedömning.", "consequences": "Konsekvenser.", "send_to": []string{"IT-chefen"}}
	}
	// prepare registers a case, writes two memo revisions and starts it.
	prepare := func(title string) (string, any) {
		id := do(h, http.MethodPost, "/api/v1/cases", map[string]string{"board": "ITN", "title": title}, nil)["id"].(string)
		do(h, http.MethodPut, "/api/v1/cases/"+id+"/memo", memo(title), 0)
		do(h, http.MethodPut, "/api/v1/cases/"+id+"/memo", memo(title+" (rev 2)"), 1)
		v := do(h, http.MethodGet, "/api/v1/cases/"+id, nil, nil)["version"]
		return id, do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/start", nil, v)["version"]
	}
	// A delegation decision, signed by the chair.
	id, v := prepare("Avtal med ÖBAB")
	v = do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)["version"]
	chair := env.Token("ordforande")
	d := do(chair, http.MethodPost, "/api/v1/cases/"+id+"/decisions", map[string]any{"kind": "delegation", "point_code": "A16"}, v)
	do(chair, http.MethodPost, "/api/v1/decisions/"+d["id"].(string)+"/signatures", map[string]string{"password": apptest.DemoPassword}, nil)
	// Two cases for the board's meeting.
	for _, title := range []string{"Ny IT-strategi", "Avtal om IT-säkerhet"} {
		id, v := prepare(title)
		do(h, http.MethodPost, "/api/v1/cases/"+id+"/events/submit", nil, v)
	}
	sek := env.Token("sekreterare")
	m := do(sek, http.MethodPost, "/api/v1/boards/ITN/meetings", map[string]any{"starts_at": "2026-03-02T13:00:00+01:00",
		"place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}, nil)
	mid := m["id"].(string)
	do(sek, http.MethodPut, "/api/v1/meetings/"+mid+"/status", map[string]any{"status": "pagaende"}, m["version"])
	for i, outcome := range []string{"bifall", "aterremiss", "anmalan"} {
		do(sek, http.MethodPost, "/api/v1/meetings/"+mid+"/paragraphs", map[string]any{"item": i, "outcome": outcome, "clauses": []string{"beslutas"}}, nil)
	}
	// A case under beredning with a PDF handling of three chunks: the
	// memo's own PDF, padded past two 255 KiB chunks.
	open, _ = prepare("Upphandling av nätverk")
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/api/v1/cases/" + open + "/memo/pdf", Token: h})
	if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("%PDF-")) {
		t.Fatalf("memo PDF: %d", r.Status)
	}
	pdf = append(r.Body, bytes.Repeat([]byte("%utfyllnad åäö\n"), 40000)...)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("direction", "upprattad")
	_ = w.WriteField("description", "Tjänsteskrivelse som PDF")
	fw, _ := w.CreateFormFile("file", "tjansteskrivelse.pdf")
	_, _ = fw.Write(pdf)
	_ = w.Close()
	r = env.Do(apptest.Request{Method: http.MethodPost, Path: "/api/v1/cases/" + open + "/documents", Token: h, Body: body.Bytes(),
		Header: map[string]string{"Content-Type": w.FormDataContentType()}})
	if r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if _, err := env.App.Ledger.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	return open, pdf
}

// runBinary runs samstyr with args and returns its output and exit code.
// initializedStore runs samstyr init (Borgholms kommun, administrator
// kommunadmin) on a new SQLite data dir and returns the dir and the
// environment the commands run with.
func initializedStore(t *testing.T) (dir string, env []string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "data")
	env = []string{"SAMSTYR_ADMIN_PASSWORD=ett-långt-lösenord-2026", "SAMSTYR_MONGODB_URI=", "SAMSTYR_MASTER_KEY="}
	if out, code := runBinary(t, env, "init", "--data-dir", dir, "--org", "Borgholms kommun", "--org-number", "212000-0779", "--admin", "kommunadmin"); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, out)
	}
	return dir, env
}

func runBinary(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// sameStores compares two stores collection by collection, document by
// document (id, version, body by value), independently of migrate-store's
// own digests.
func sameStores(t *testing.T, a, b store.Copier) {
	t.Helper()
	colls, err := a.Collections(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	norm := func(data []byte) string {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(v)
		return string(out)
	}
	total := 0
	for _, c := range colls {
		ra, err := a.Find(t.Context(), c, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.Find(t.Context(), c, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ra) != len(rb) {
			t.Errorf("%s: %d documents in the source, %d in the target", c, len(ra), len(rb))
			continue
		}
		for i := range ra {
			if ra[i].ID != rb[i].ID || ra[i].Version != rb[i].Version || norm(ra[i].Data) != norm(rb[i].Data) {
				t.Errorf("%s: source %s v%d, target %s v%d (or bodies differ)", c, ra[i].ID, ra[i].Version, rb[i].ID, rb[i].Version)
			}
		}
		total += len(ra)
	}
	for _, c := range []string{"cases", "memo_revisions", "blob_chunks", "decisions", "meetings", "checkpoints", "signing_keys", "users"} {
		n, _ := b.Count(t.Context(), c, nil)
		if n == 0 {
			t.Errorf("target has no %s: the activity did not reach the copy", c)
		}
	}
	if n, _ := b.Count(t.Context(), "blob_chunks", nil); n < 3 {
		t.Errorf("target has %d file chunks, want the PDF's 3 at least", n)
	}
	sa, _ := a.Sequences(t.Context())
	sb, _ := b.Sequences(t.Context())
	if len(sa) == 0 || fmt.Sprint(sa) != fmt.Sprint(sb) {
		t.Errorf("counters: source %v, target %v", sa, sb)
	}
	t.Logf("compared %d documents in %d collections and %d counters", total, len(colls), len(sa))
}

// TestMigrateStoreSQLiteToMongo copies a used SQLite installation into the
// Mongo backend (the FerretDB harness, one client at a time: the test's own
// client is idle while the subprocesses run), then serves the copy and
// carries a migrated case on through its lifecycle.
func TestMigrateStoreSQLiteToMongo(t *testing.T) {
	env := apptest.New(t)
	openCase, pdf := activity(t, env)
	target := ferrettest.Open(t)
	uri := ferrettest.URI(t)
	src := env.Backend.(store.Copier)
	args := []string{"migrate-store", "--from-data-dir", env.Config.DataDir, "--to-mongodb-uri", uri, "--to-mongodb-database", target.Database()}

	out, code := runBinary(t, nil, args...)
	if code != 0 || !strings.Contains(out, "stämmer överens") || !strings.Contains(out, "Inga avvikelser") {
		t.Fatalf("migrate-store: exit %d\n%s", code, out)
	}
	if strings.Contains(out, " 0 dokument och") {
		t.Errorf("first run wrote nothing:\n%s", out)
	}
	sameStores(t, src, target)

	// Again without --resume: the target is not empty, refused (usage, 2).
	out, code = runBinary(t, nil, args...)
	if code != 2 || !strings.Contains(out, "inte tomt") {
		t.Errorf("second run without --resume: exit %d\n%s", code, out)
	}
	// With --resume: nothing left to write, and everything still matches.
	out, code = runBinary(t, nil, append(args, "--resume")...)
	if code != 0 || !strings.Contains(out, "0 dokument och 0 räknare skrevs") || !strings.Contains(out, "Inga avvikelser") {
		t.Errorf("run with --resume: exit %d\n%s", code, out)
	}
	// A document only the target has is found by the comparison (exit 1).
	if _, err := target.Insert(t.Context(), "meta", "extra", []byte(`{"x":1}`)); err != nil {
		t.Fatal(err)
	}
	out, code = runBinary(t, nil, append(args, "--resume")...)
	if code != 1 || !strings.Contains(out, "meta") || !strings.Contains(out, "AVVIKER") || !strings.Contains(out, "skiljer sig") {
		t.Errorf("run with a stray target document: exit %d\n%s", code, out)
	}
	if err := target.Delete(t.Context(), "meta", "extra", 1); err != nil {
		t.Fatal(err)
	}
	// Usage errors exit 2 before touching anything.
	for _, bad := range [][]string{
		{"migrate-store", "--to-mongodb-uri", uri},
		{"migrate-store", "--from-data-dir", env.Config.DataDir, "--to-data-dir", env.Config.DataDir},
		{"migrate-store", "--from-data-dir", env.Config.DataDir, "--to-mongodb-uri", "http://x"},
		{"migrate-store", "--from-data-dir", env.Config.DataDir, "--to-data-dir", t.TempDir(), "--bogus"},
	} {
		if out, code := runBinary(t, nil, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", bad, code, out)
		}
	}

	// Serve the copy: a migrated case reads back with its history and its
	// file, and continues its lifecycle.
	p := start(t, t.TempDir(), "SAMSTYR_MONGODB_URI="+uri, "SAMSTYR_MONGODB_DATABASE="+target.Database(),
		"SAMSTYR_MASTER_KEY="+apptest.TestMasterKey)
	code, login := apiCall(t, p, http.MethodPost, "/api/v1/auth/token", "", map[string]string{"username": "handlaggare", "password": apptest.DemoPassword}, "")
	if code != 201 {
		t.Fatalf("login on the copy: %d %v", code, login)
	}
	tok := login["access_token"].(string)
	code, c := apiCall(t, p, http.MethodGet, "/api/v1/cases/"+openCase, tok, nil, "")
	if code != 200 || c["state"] != "under_beredning" || len(c["history"].([]any)) < 3 {
		t.Fatalf("migrated case: %d %v", code, c)
	}
	code, hist := apiCall(t, p, http.MethodGet, "/api/v1/cases/"+openCase+"/history", tok, nil, "")
	if code != 200 || hist["verified"] != true {
		t.Errorf("migrated history: %d %v", code, hist)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+p.addr+"/api/v1/cases/"+openCase+"/documents/1/content", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	_, _ = got.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(got.Bytes(), pdf) {
		t.Errorf("migrated PDF: %d, %d bytes (want %d identical)", res.StatusCode, got.Len(), len(pdf))
	}
	code, c = apiCall(t, p, http.MethodPost, "/api/v1/cases/"+openCase+"/events/submit", tok, nil, fmt.Sprintf(`"%v"`, c["version"]))
	if code != 200 || c["state"] != "beslutsklar" {
		t.Fatalf("submit on the copy: %d %v", code, c)
	}
	code, reg := apiCall(t, p, http.MethodPost, "/api/v1/cases", tok, map[string]string{"board": "ITN", "title": "Nytt ärende efter flytten"}, "")
	seqs, _ := src.Sequences(t.Context())
	if want := fmt.Sprintf("ITN 2026/%d", seqs["dnr/ITN/2026"]+1); code != 201 || reg["registration_number"] != want {
		t.Errorf("registration after the move: %d %v, want %s (the series continues)", code, reg["registration_number"], want)
	}
	p.stop(t)

	// The ledger on the copy, with the new events, verifies.
	out, code = runBinary(t, []string{"SAMSTYR_MONGODB_URI=" + uri, "SAMSTYR_MONGODB_DATABASE=" + target.Database(),
		"SAMSTYR_MASTER_KEY=" + apptest.TestMasterKey}, "verify")
	if code != 0 || !strings.Contains(out, "Inga avvikelser") {
		t.Errorf("verify on the copy: exit %d\n%s", code, out)
	}
}

func TestCanonicalJSONTreatsEqualValuesAlike(t *testing.T) {
	same := [][2]string{
		{`{"b":1,"a":[true,null,"å"]}`, `{ "a" : [true, null, "å"], "b" : 1 }`},
		{`{"n":3.0}`, `{"n":3}`},
		{`{"n":1e20}`, `{"n":100000000000000000000}`},
		{`{"n":0.1}`, `{"n":1e-1}`},
		{`{"ns":1764000000123456789}`, `{"ns":1764000000123456789}`},
	}
	for _, c := range same {
		a, err := canonicalJSON(nil, []byte(c[0]))
		if err != nil {
			t.Fatal(err)
		}
		b, err := canonicalJSON(nil, []byte(c[1]))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s and %s canonicalize to %s and %s", c[0], c[1], a, b)
		}
	}
	differ := [][2]string{
		{`{"ns":1764000000123456789}`, `{"ns":1764000000123456788}`}, // beyond 2^53: still exact
		{`{"n":"1"}`, `{"n":1}`},
		{`{"a":{"b":1}}`, `{"a":{"b":2}}`},
	}
	for _, c := range differ {
		a, _ := canonicalJSON(nil, []byte(c[0]))
		b, _ := canonicalJSON(nil, []byte(c[1]))
		if string(a) == string(b) {
			t.Errorf("%s and %s canonicalize alike: %s", c[0], c[1], a)
		}
	}
	if _, err := canonicalJSON(nil, []byte(`{"a":`)); err == nil {
		t.Error("truncated JSON accepted")
	}
}
