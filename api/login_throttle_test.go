package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// quickThrottle is the production policy with a tenth of its per-account
// slow-down (50 ms per failure past 10, at most 500 ms), so that tests of
// many failures finish in seconds.
var quickThrottle = func() identity.ThrottlePolicy {
	tp := identity.DefaultThrottle
	tp.SoftDelay, tp.SoftMaxDelay = tp.SoftDelay/10, tp.SoftMaxDelay/10
	return tp
}()

// onBothStoresThrottled runs f on the SQLite store and on the Mongo backend (the
// FerretDB harness), each instance with quickThrottle and trusting
// 127.0.0.1 as its load balancer, so X-Forwarded-For names the client
// address. Passwords are hashed at the production cost: these tests are
// about parallel logins contending for the hashing pool.
func onBothStoresThrottled(t *testing.T, f func(t *testing.T, env *apptest.Env)) {
	trust := apptest.WithConfig(func(c *config.Config) { c.TrustedProxies = []string{"127.0.0.1", "::1"} })
	onBothStores(t, f, trust, apptest.WithThrottle(quickThrottle), apptest.WithPasswordCost(identity.DefaultPasswordCost))
}

// loginPatiently is login, retried while the hashing pool is busy (429
// login_busy), as a client honouring Retry-After would (the test waits a
// quarter of it).
func loginPatiently(t *testing.T, env *apptest.Env, username, password, addr string) (int, string) {
	for try := 0; ; try++ {
		status, code, retry := login(t, env, username, password, addr)
		if status != http.StatusTooManyRequests || code != "login_busy" || try == 100 {
			return status, code
		}
		secs, _ := strconv.Atoi(retry)
		time.Sleep(time.Duration(secs) * time.Second / 4)
	}
}

// login posts a password login from addr and returns the status, the
// problem code and the Retry-After header.
func login(t *testing.T, env *apptest.Env, username, password, addr string) (int, string, string) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL("/api/v1/auth/token"), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	res, err := env.Server.Client().Do(req)
	if err != nil {
		t.Error(err)
		return 0, "", ""
	}
	defer res.Body.Close()
	var p struct {
		Code string `json:"code"`
	}
	_ = json.NewDecoder(res.Body).Decode(&p)
	return res.StatusCode, p.Code, res.Header.Get("Retry-After")
}

// passwordChecks reads samstyr_password_checks_total from /metrics: how
// many password hashes the server has verified.
func passwordChecks(t *testing.T, env *apptest.Env) int {
	t.Helper()
	r := env.Do(apptest.Request{Method: http.MethodGet, Path: "/metrics"})
	sc := bufio.NewScanner(bytes.NewReader(r.Body))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "samstyr_password_checks_total "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %q", sc.Text())
			}
			return int(n)
		}
	}
	t.Fatal("no samstyr_password_checks_total in /metrics")
	return 0
}

// TestParallelGuessesAreCountedBeforeTheyAreChecked fires 40 wrong
// passwords for one account from one address at once. Each attempt is
// counted before its password is checked, so at most 5 (the limit per
// account and address) are checked and answered 401; every other one is
// refused with 429 and a Retry-After, unchecked (the server's own count of
// hash verifications says so). None is a 409 or a 5xx. Found in review:
// all 40 got 401.
func TestParallelGuessesAreCountedBeforeTheyAreChecked(t *testing.T) {
	onBothStoresThrottled(t, func(t *testing.T, env *apptest.Env) {
		before := passwordChecks(t, env)
		const n = 40
		statuses := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				status, code, retry := login(t, env, "ordforande", fmt.Sprintf("fel-lösenord-%d", i), "203.0.113.5")
				mu.Lock()
				defer mu.Unlock()
				statuses[status]++
				if status == http.StatusTooManyRequests && retry == "" {
					t.Errorf("429 %s without Retry-After", code)
				}
			})
		}
		close(start)
		wg.Wait()
		if statuses[http.StatusUnauthorized] > 5 || statuses[http.StatusUnauthorized]+statuses[http.StatusTooManyRequests] != n {
			t.Errorf("40 parallel guesses: statuses %v; want at most 5 × 401 and the rest 429", statuses)
		}
		if checked := passwordChecks(t, env) - before; checked > 5 || checked != statuses[http.StatusUnauthorized] {
			t.Errorf("%d passwords checked for %d × 401; want at most 5, one per 401", checked, statuses[http.StatusUnauthorized])
		}
		// The address is at its limit for this account: even the right
		// password is not checked from there now.
		if status, code, _ := login(t, env, "ordforande", apptest.DemoPassword, "203.0.113.5"); status != http.StatusTooManyRequests && statuses[http.StatusUnauthorized] == 5 {
			t.Errorf("right password from the locked address: %d %s, want 429", status, code)
		}
	})
}

// TestStrangersCannotLockTheUserOut: 5 failures lock the pair (account,
// address), not the account. Strangers guess against the chair from six
// addresses at once, each until it is refused: each gets exactly 5 guesses
// checked. The chair then logs in from another address, slowed down but not
// refused, through the API (the web form: TestWebLoginAfterStrangersFailed),
// and the right password from a stranger's address is still refused.
// Found in review: 5 anonymous failures locked the chair out for 15
// minutes.
func TestStrangersCannotLockTheUserOut(t *testing.T) {
	onBothStoresThrottled(t, func(t *testing.T, env *apptest.Env) {
		var wg sync.WaitGroup
		for a := range 6 {
			wg.Go(func() {
				addr := fmt.Sprintf("203.0.113.%d", 10+a)
				for checked := 0; ; {
					status, code := loginPatiently(t, env, "ordforande", "fel-lösenord", addr)
					switch {
					case status == http.StatusUnauthorized:
						checked++
						continue
					case status != http.StatusTooManyRequests || code != "too_many_attempts":
						t.Errorf("%s: %d %s", addr, status, code)
					case checked != 5:
						t.Errorf("%s: refused after %d checked guesses, want 5", addr, checked)
					}
					return
				}
			})
		}
		wg.Wait()
		start := time.Now()
		if status, code := loginPatiently(t, env, "ordforande", apptest.DemoPassword, "198.51.100.7"); status != http.StatusCreated {
			t.Fatalf("the chair from another address: %d %s, want 201", status, code)
		}
		// Past 10 failures the account is slowed down, never locked, and
		// an address's first try not even that: the login took a password
		// check (generous bound for a loaded machine).
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("the chair's login took %s", d)
		}
		if status, code := loginPatiently(t, env, "ordforande", apptest.DemoPassword, "203.0.113.10"); status != http.StatusTooManyRequests || code != "too_many_attempts" {
			t.Errorf("the right password from a stranger's locked address: %d %s, want 429 too_many_attempts", status, code)
		}
	})
}

// TestCollidingLoginsNeverConflict: 40 logins of one user at once, 28
// with the right password from seven addresses and 12 wrong ones from
// four others, never answer 409 (nor 5xx): the attempt counters are atomic
// increments, not version-guarded writes. A login refused because every
// password-hashing slot is busy (429 login_busy) is retried after its
// Retry-After, as a client would; every right password then gets its
// token. Found in review: colliding logins failed with a version conflict.
func TestCollidingLoginsNeverConflict(t *testing.T) {
	onBothStoresThrottled(t, func(t *testing.T, env *apptest.Env) {
		const n = 40
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				pw, addr := apptest.DemoPassword, fmt.Sprintf("192.0.2.%d", 10+i%7)
				if i >= 28 {
					pw, addr = "fel-lösenord", fmt.Sprintf("192.0.2.%d", 1+i%4)
				}
				status, code := loginPatiently(t, env, "sekreterare", pw, addr)
				switch {
				case status == http.StatusConflict || status >= 500:
					t.Errorf("login %d: %d %s", i, status, code)
				case pw == apptest.DemoPassword && status != http.StatusCreated:
					t.Errorf("login %d with the right password: %d %s", i, status, code)
				case pw != apptest.DemoPassword && status != http.StatusUnauthorized:
					t.Errorf("login %d with a wrong password: %d %s", i, status, code)
				}
			})
		}
		close(start)
		wg.Wait()
	})
}
