package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/store/mongostore"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
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

// delegationBound is how long an adopted delegationsordning may take to
// be enforced by another instance. Every delegation check reads the
// board's order versions from the store (no instance caches an order: the
// enforcer cache is keyed by the adopted version's id and content hash,
// which never change), so the bound is one store read: immediate on
// SQLite, and on MongoDB the time until the adoption is majority-committed
// and visible to a majority read. The bound asserted leaves room for a
// loaded CI machine.
const delegationBound = 2 * time.Second

// TestTwoProcessesShareOneSQLiteStore runs two `samstyr serve` processes on
// the same data directory (SQLite WAL; its own locking works across
// processes) and checks that they behave as one (see scaleOut).
func TestTwoProcessesShareOneSQLiteStore(t *testing.T) {
	dir := t.TempDir()
	a := start(t, dir, "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1")
	b := start(t, dir, "SAMSTYR_DEMO_PASSWORD=gemensam-demo-1")
	scaleOut(t, a, b, true)
	a.stop(t)
	b.stop(t)
}

// TestTwoProcessesShareOneMongoDB is the same on a real MongoDB (a replica
// set) named by SAMSTYR_TEST_MONGODB_URI, in a fresh database dropped at
// the end. The FerretDB-on-SQLite harness is not used: it serves one
// client at a time, and two processes are two clients.
func TestTwoProcessesShareOneMongoDB(t *testing.T) {
	if ferrettest.MongoURI() == "" {
		t.Skipf("%s is not set: two processes on one MongoDB need a real MongoDB replica set (the FerretDB harness serves one client at a time)", ferrettest.EnvMongoDBURI)
	}
	twoMongoProcesses(t, ferrettest.MongoURI(), ferrettest.OpenReal(t))
}

// TestTwoProcessesShareOneMongoOnPostgres is the same on FerretDB with
// PostgreSQL, which serves many clients at once (see
// ferrettest.PostgresURI); it skips without PostgreSQL unless
// SAMSTYR_REQUIRE_POSTGRES=1.
func TestTwoProcessesShareOneMongoOnPostgres(t *testing.T) {
	uri := ferrettest.PostgresURI(t)
	twoMongoProcesses(t, uri, ferrettest.OpenPostgres(t))
}

// twoMongoProcesses runs scaleOut with two `samstyr serve` processes on
// database db (fresh, dropped when the test ends) of the deployment at uri.
func twoMongoProcesses(t *testing.T, uri string, db *mongostore.Backend) {
	env := []string{"SAMSTYR_DEMO_PASSWORD=gemensam-demo-1", "SAMSTYR_DEMO=true", "SAMSTYR_MONGODB_URI=" + uri,
		"SAMSTYR_MONGODB_DATABASE=" + db.Database(), "SAMSTYR_MASTER_KEY=" + apptest.TestMasterKey}
	a := start(t, t.TempDir(), env...) // loads the demo data before it is ready
	b := start(t, t.TempDir(), env...)
	scaleOut(t, a, b, false)
	a.stop(t)
	b.stop(t)
}

// scaleOut checks that two instances on one store behave as one:
// registrations through both are gapless, protocol paragraphs recorded
// through both at once are numbered gaplessly, concurrent updates of one
// case through both lose nothing (one wins per If-Match, the other gets
// 409, the history chain verifies), and a vidaredelegering given and a
// delegationsordning adopted through one are enforced by the other within
// delegationBound (by the very first check after the write when immediate
// is set: on SQLite a committed write is visible to the next read of any
// process).
func scaleOut(t *testing.T, a, b *proc, immediate bool) {
	procs := []*proc{a, b}
	t.Run("registrations", func(t *testing.T) { gaplessRegistrations(t, procs) })
	t.Run("paragraphs", func(t *testing.T) { gaplessParagraphs(t, procs) })
	t.Run("case updates", func(t *testing.T) { concurrentCaseUpdates(t, procs) })
	t.Run("vidaredelegering", func(t *testing.T) { subdelegationPropagates(t, a, b, immediate) })
	t.Run("delegation order", func(t *testing.T) { delegationOrderPropagates(t, a, b, immediate) })
}

// subdelegationPropagates gives a vidaredelegering through A after B has
// cached its role index (B's first check denies it): B must allow the
// sub-delegate within delegationBound (at its first check when immediate
// is set), because the write raised the store's role stamp.
func subdelegationPropagates(t *testing.T, a, b *proc, immediate bool) {
	today := platform.DateOf(time.Now()).String()
	chef := login(t, a, "it-chef")
	tb := login(t, b, "it-chef")
	check := map[string]any{"user": "handlaggare", "point_code": "B3", "amount_ore": 1_000_00, "date": today}
	code, m := apiCall(t, b, http.MethodPost, "/api/v1/boards/ITN/delegation-checks", tb, check, "")
	if code != 200 || m["allowed"] != false {
		t.Fatalf("process B before the vidaredelegering: %d %v", code, m)
	}
	code, m = apiCall(t, a, http.MethodPost, "/api/v1/boards/ITN/subdelegations", chef,
		map[string]any{"point_code": "B3", "user": "handlaggare", "valid_from": today}, "")
	if code != 201 {
		t.Fatalf("vidaredelegering through A: %d %v", code, m)
	}
	given := time.Now()
	for {
		code, m = apiCall(t, b, http.MethodPost, "/api/v1/boards/ITN/delegation-checks", tb, check, "")
		if code == 200 && m["allowed"] == true && m["acting_as"] == "subdelegate" {
			break
		}
		if immediate {
			t.Fatalf("process B's first check after the vidaredelegering through A: %d %v", code, m)
		}
		if time.Since(given) > delegationBound {
			t.Fatalf("process B still answers %d %v after the vidaredelegering through A (bound %v)", code, m, delegationBound)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func gaplessRegistrations(t *testing.T, procs []*proc) {
	tokens := []string{login(t, procs[0], "handlaggare"), login(t, procs[1], "handlaggare")}
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
}

// preparedCase registers a case through p, saves a memo and starts it
// (under beredning); it returns the id and version.
func preparedCase(t *testing.T, p *proc, token, title string) (string, float64) {
	t.Helper()
	code, c := apiCall(t, p, http.MethodPost, "/api/v1/cases", token, map[string]string{"board": "ITN", "title": title}, "")
	if code != 201 {
		t.Fatalf("register: %d %v", code, c)
	}
	id := c["id"].(string)
	memo := map[string]any{"title": title, "clauses": []string{"avtal tecknas"}, "description": "Bakgrund.",
		"assessment": "Bedömning.", "consequences": "Konsekvenser.", "send_to": []string{"IT-chefen"}}
	if code, m := apiCall(t, p, http.MethodPut, "/api/v1/cases/"+id+"/memo", token, memo, `"0"`); code != 200 {
		t.Fatalf("memo: %d %v", code, m)
	}
	_, c = apiCall(t, p, http.MethodGet, "/api/v1/cases/"+id, token, nil, "")
	code, c = apiCall(t, p, http.MethodPost, "/api/v1/cases/"+id+"/events/start", token, nil, fmt.Sprintf(`"%v"`, c["version"]))
	if code != 200 {
		t.Fatalf("start: %d %v", code, c)
	}
	return id, c["version"].(float64)
}

func gaplessParagraphs(t *testing.T, procs []*proc) {
	const n = 12
	h := login(t, procs[0], "handlaggare")
	for i := range n {
		id, v := preparedCase(t, procs[i%2], h, fmt.Sprintf("Ärende till sammanträdet %d", i))
		if code, m := apiCall(t, procs[(i+1)%2], http.MethodPost, "/api/v1/cases/"+id+"/events/submit", h, nil, fmt.Sprintf(`"%v"`, v)); code != 200 {
			t.Fatalf("submit: %d %v", code, m)
		}
	}
	tokens := []string{login(t, procs[0], "sekreterare"), login(t, procs[1], "sekreterare")}
	startsAt := time.Now().Truncate(time.Hour).Format(time.RFC3339) // today: a meeting opens on its day
	code, m := apiCall(t, procs[0], http.MethodPost, "/api/v1/boards/ITN/meetings", tokens[0],
		map[string]any{"starts_at": startsAt, "place": "Stadshuset, Borgholm", "justerare": []string{"vice-ordforande"}}, "")
	if code != 201 || len(m["agenda"].([]any)) != n+1 {
		t.Fatalf("plan meeting: %d %v", code, m)
	}
	mid := m["id"].(string)
	if code, m := apiCall(t, procs[1], http.MethodPut, "/api/v1/meetings/"+mid+"/status", tokens[1], map[string]any{"status": "pagaende"}, fmt.Sprintf(`"%v"`, m["version"])); code != 200 {
		t.Fatalf("open meeting: %d %v", code, m)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		nums = map[float64]int{}
	)
	for w := range 2 {
		wg.Go(func() {
			for i := w; i < n; i += 2 {
				code, p := apiCall(t, procs[w], http.MethodPost, "/api/v1/meetings/"+mid+"/paragraphs", tokens[w], map[string]any{"item": i, "outcome": "bordlaggning"}, "")
				if code != 201 {
					t.Errorf("item %d via process %d: %d %v", i, w, code, p)
					return
				}
				mu.Lock()
				nums[p["no"].(float64)]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for i := 1; i <= n; i++ {
		if nums[float64(i)] != 1 {
			t.Errorf("§ %d recorded %d times", i, nums[float64(i)])
		}
	}
	for _, p := range procs {
		_, got := apiCall(t, p, http.MethodGet, "/api/v1/meetings/"+mid, tokens[0], nil, "")
		paras := got["paragraphs"].([]any)
		if len(paras) != n {
			t.Fatalf("protocol via %s has %d paragraphs, want %d", p.addr, len(paras), n)
		}
		for i, x := range paras {
			if x.(map[string]any)["no"] != float64(i+1) {
				t.Errorf("protocol via %s: paragraph %d is § %v", p.addr, i, x.(map[string]any)["no"])
			}
		}
	}
}

func concurrentCaseUpdates(t *testing.T, procs []*proc) {
	tokens := []string{login(t, procs[0], "handlaggare"), login(t, procs[1], "handlaggare")}
	id, v := preparedCase(t, procs[0], tokens[0], "Ärende som båda ändrar")
	const rounds = 10
	for r := range rounds {
		event := "submit"
		if r%2 == 1 {
			event = "reopen"
		}
		var (
			wg    sync.WaitGroup
			codes [2]int
			resps [2]map[string]any
		)
		ready := make(chan struct{})
		for i := range 2 {
			wg.Go(func() {
				<-ready
				codes[i], resps[i] = apiCall(t, procs[i], http.MethodPost, "/api/v1/cases/"+id+"/events/"+event, tokens[i], nil, fmt.Sprintf(`"%v"`, v))
			})
		}
		close(ready)
		wg.Wait()
		won := -1
		for i := range 2 {
			switch codes[i] {
			case 200:
				won = i
			case 409:
				if resps[i]["code"] != "version_conflict" || resps[i]["current_version"] == nil {
					t.Errorf("round %d: 409 body %v", r, resps[i])
				}
			}
		}
		if !(codes == [2]int{200, 409} || codes == [2]int{409, 200}) {
			t.Fatalf("round %d (%s with If-Match %v): statuses %v, want one 200 and one 409", r, event, v, codes)
		}
		if got := resps[won]["version"].(float64); got != v+1 {
			t.Fatalf("round %d: version %v after the winning write, want %v", r, got, v+1)
		}
		v++
	}
	for _, p := range procs {
		code, h := apiCall(t, p, http.MethodGet, "/api/v1/cases/"+id+"/history", tokens[0], nil, "")
		if code != 200 || h["verified"] != true {
			t.Fatalf("history via %s: %d %v", p.addr, code, h)
		}
		moves := 0
		for _, e := range h["events"].([]any) {
			if a := e.(map[string]any)["action"]; a == "submit" || a == "reopen" {
				moves++
			}
		}
		if moves != rounds {
			t.Errorf("history via %s has %d submit/reopen events, want exactly %d (one per round)", p.addr, moves, rounds)
		}
	}
}

func delegationOrderPropagates(t *testing.T, a, b *proc, immediate bool) {
	sek := login(t, a, "sekreterare")
	tb := login(t, b, "it-chef")
	code, d := apiCall(t, a, http.MethodPost, "/api/v1/boards/ITN/delegation-orders", sek, map[string]any{"title": "Version 2",
		"urgent_deciders": []string{"ordforande"}, "points": []map[string]any{{"code": "A16", "matter": "Avtal", "delegate": "forvaltningschef", "report_to": "namnd"}}}, "")
	if code != 201 {
		t.Fatalf("draft: %d %v", code, d)
	}
	validFrom := d["valid_from"].(string) // the draft's provisional date: tomorrow
	check := map[string]any{"user": "it-chef", "point_code": "A16", "date": validFrom}
	// B answers under version 1 first (A16 is the chair's), which builds
	// and caches version 1's enforcer in B.
	code, m := apiCall(t, b, http.MethodPost, "/api/v1/boards/ITN/delegation-checks", tb, check, "")
	if code != 200 || m["allowed"] != false || m["version"].(map[string]any)["number"] != float64(1) {
		t.Fatalf("process B before adoption: %d %v", code, m)
	}
	code, m = apiCall(t, a, http.MethodPost, "/api/v1/boards/ITN/delegation-orders/2/adoption", sek,
		map[string]any{"adopted_ref": "ITN § 1", "adopted_on": "2026-01-01", "valid_from": validFrom}, `"1"`)
	if code != 200 {
		t.Fatalf("adopt through A: %d %v", code, m)
	}
	adopted := time.Now()
	checks := 0
	for {
		checks++
		code, m = apiCall(t, b, http.MethodPost, "/api/v1/boards/ITN/delegation-checks", tb, check, "")
		if code == 200 && m["allowed"] == true && m["version"].(map[string]any)["number"] == float64(2) {
			break
		}
		if immediate {
			t.Fatalf("process B's first check after the adoption through A: %d %v %v, want version 2 at once", code, m["allowed"], m["version"])
		}
		if time.Since(adopted) > delegationBound {
			t.Fatalf("process B still answers %d %v %v after the adoption through A (bound %v)", code, m["allowed"], m["version"], delegationBound)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("process B enforced the order adopted through A after %v and %d checks (bound %v)", time.Since(adopted).Round(time.Millisecond), checks, delegationBound)
}
