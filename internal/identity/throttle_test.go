package identity_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
	"github.com/samstyr/samstyr/internal/testkit/ferrettest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	ferrettest.Shutdown()
	os.Exit(code)
}

// onBothStores runs f on a fresh migrated SQLite store and on the Mongo
// backend (FerretDB harness).
func onBothStores(t *testing.T, f func(t *testing.T, b store.Backend)) {
	t.Run("sqlite", func(t *testing.T) {
		b, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close(context.Background()) })
		migrate(t, b)
		f(t, b)
	})
	t.Run("mongo", func(t *testing.T) {
		b := ferrettest.Open(t)
		migrate(t, b)
		f(t, b)
	})
}

func migrate(t *testing.T, b store.Backend) {
	t.Helper()
	if _, _, err := store.Migrate(t.Context(), b, repo.Migrations); err != nil {
		t.Fatal(err)
	}
}

func failN(t *testing.T, s *identity.Service, n int, user, addr string) {
	t.Helper()
	for i := range n {
		if _, err := s.Authenticate(t.Context(), user, "fel-lösenord", addr); !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatalf("%s from %s, failure %d: %v", user, addr, i+1, err)
		}
	}
}

// TestThrottleLimitsPairAndAddressNotAccount: 5 failures for an account
// from one address refuse that address (even with the right password,
// unchecked) until the window ends, but not the account from another
// address; a success gives its count back; 20 failures from one address
// over many accounts refuse the address.
func TestThrottleLimitsPairAndAddressNotAccount(t *testing.T) {
	s, clk := newService(t)
	mustUser(t, s, "anna")
	failN(t, s, 5, "anna", "10.0.0.1")
	checks := s.PasswordChecks()
	_, err := s.Authenticate(t.Context(), "anna", "rätt-lösenord", "10.0.0.1")
	if !errors.Is(err, identity.ErrTooManyAttempts) {
		t.Fatalf("6th attempt from the address: %v, want too_many_attempts", err)
	}
	// The window is 09:00–09:15; the clock says 09:00.
	if ra := fault.From(err).RetryAfter; ra != 15*time.Minute {
		t.Errorf("Retry-After %s, want the rest of the window (15m0s)", ra)
	}
	if s.PasswordChecks() != checks {
		t.Errorf("a refused attempt was checked")
	}
	if _, err := s.Authenticate(t.Context(), "anna", "rätt-lösenord", "10.0.0.2"); err != nil {
		t.Fatalf("anna from another address: %v", err)
	}
	clk.Advance(15 * time.Minute)
	if _, err := s.Authenticate(t.Context(), "anna", "rätt-lösenord", "10.0.0.1"); err != nil {
		t.Fatalf("the next window: %v", err)
	}
	// Successes are given back: after 10 of them and 4 failures, one more
	// failure is allowed, then the address is refused.
	for range 10 {
		if _, err := s.Authenticate(t.Context(), "anna", "rätt-lösenord", "10.0.0.3"); err != nil {
			t.Fatal(err)
		}
	}
	failN(t, s, 5, "anna", "10.0.0.3")
	if _, err := s.Authenticate(t.Context(), "anna", "fel-lösenord", "10.0.0.3"); !errors.Is(err, identity.ErrTooManyAttempts) {
		t.Errorf("6th failure after 10 successes: %v, want too_many_attempts", err)
	}
	// Per address: 20 failures over many usernames refuse the address.
	for i := range 20 {
		_, _ = s.Authenticate(t.Context(), "user"+string(rune('a'+i)), "fel", "10.0.0.9")
	}
	if _, err := s.Authenticate(t.Context(), "anna", "rätt-lösenord", "10.0.0.9"); !errors.Is(err, identity.ErrTooManyAttempts) {
		t.Errorf("address over its limit: %v", err)
	}
}

// TestAccountIsSlowedNotLocked: past SoftPerAccount attempts on an
// account (from any addresses), an attempt from an address that already
// tried the account waits SoftDelay per attempt past the mark, up to
// SoftMaxDelay, and then is checked; an address's first try is not slowed.
// Either way the right password logs in.
func TestAccountIsSlowedNotLocked(t *testing.T) {
	// Steps far longer than a password check (which takes up to about half
	// a second on a loaded machine), so slowed and not slowed tell apart.
	const step, ceiling = 600 * time.Millisecond, 1500 * time.Millisecond
	s, _, _ := newServiceWith(t, func(tp *identity.ThrottlePolicy) {
		tp.SoftPerAccount, tp.SoftDelay, tp.SoftMaxDelay = 2, step, ceiling
	})
	mustUser(t, s, "anna")
	failN(t, s, 1, "anna", "10.0.0.1")
	failN(t, s, 1, "anna", "10.0.0.2")
	timed := func(password, addr string) (time.Duration, error) {
		start := time.Now()
		_, err := s.Authenticate(t.Context(), "anna", password, addr)
		return time.Since(start), err
	}
	for i, want := range []time.Duration{0, 2 * step, ceiling} {
		d, err := timed("fel-lösenord", "10.0.1.1")
		if !errors.Is(err, identity.ErrInvalidCredentials) {
			t.Fatal(err)
		}
		if d < want || d > want+time.Second {
			t.Errorf("attempt %d from 10.0.1.1 past the mark took %s, want %s and the check", i+1, d, want)
		}
	}
	if d, err := timed("rätt-lösenord", "10.0.1.1"); err != nil || d < ceiling {
		t.Errorf("the right password from the slowed address: %v after %s, want a login after at least %s", err, d, ceiling)
	}
	if d, err := timed("rätt-lösenord", "10.0.2.1"); err != nil || d >= time.Second {
		t.Errorf("the right password, first try of another address: %v after %s, want a login without the slow-down", err, d)
	}
}

// holdingStore blocks GetUserByUsername of "hold" until release is
// closed: a login holds its hashing slot meanwhile.
type holdingStore struct {
	identity.Storer
	held    chan struct{}
	release chan struct{}
}

func (h holdingStore) GetUserByUsername(ctx context.Context, username string) (identity.User, error) {
	if username == "hold" {
		h.held <- struct{}{}
		<-h.release
	}
	return h.Storer.GetUserByUsername(ctx, username)
}

// TestFullHashingPoolRefusesAtOnce: with every hashing slot taken and
// the waiting room full, a login is refused at once with login_busy
// (Retry-After 1 s), is not checked, and is not counted against its
// limits; the attempt in the waiting room gets the slot when it frees.
func TestFullHashingPoolRefusesAtOnce(t *testing.T) {
	_, st, clk := newServiceAndStore(t)
	h := holdingStore{Storer: st, held: make(chan struct{}), release: make(chan struct{})}
	tp := identity.DefaultThrottle
	tp.Hashers, tp.HashWaiters, tp.HashWait = 1, 1, 10*time.Second
	s := identity.NewService(h, clk, tp)
	mustUser(t, s, "anna")
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = s.Authenticate(context.Background(), "hold", "x-lösenord", "10.0.0.1") })
	<-h.held
	checks := s.PasswordChecks()
	var waited error
	wg.Go(func() { _, waited = s.Authenticate(context.Background(), "anna", "fel-lösenord", "10.0.0.6") })
	time.Sleep(300 * time.Millisecond) // the second login is in the waiting room
	for range 10 {
		start := time.Now()
		_, err := s.Authenticate(t.Context(), "anna", "fel-lösenord", "10.0.0.5")
		if !errors.Is(err, identity.ErrLoginBusy) || fault.From(err).RetryAfter != time.Second {
			t.Fatalf("login with a full pool: %v, want login_busy with Retry-After 1s", err)
		}
		if d := time.Since(start); d > 2*time.Second { // it would wait HashWait (10 s) in the room
			t.Errorf("refusal took %s", d)
		}
	}
	close(h.release)
	wg.Wait()
	if !errors.Is(waited, identity.ErrInvalidCredentials) {
		t.Errorf("the waiting login: %v, want it checked (invalid_credentials)", waited)
	}
	if s.PasswordChecks() != checks+2 {
		t.Errorf("%d checks while the pool was full, want the held and the waiting login's", s.PasswordChecks()-checks)
	}
	// The ten refused attempts were not counted: 5 failures still go.
	failN(t, s, 5, "anna", "10.0.0.5")
}

// TestAttemptCountersArePurgedAndOldLockoutsDropped, on both stores:
// counters of ended windows are deleted by the purge (those of the
// current window kept), and migration 11 deletes the throttle documents
// of the earlier lockout scheme.
func TestAttemptCountersArePurgedAndOldLockoutsDropped(t *testing.T) {
	onBothStores(t, func(t *testing.T, b store.Backend) {
		st := repo.NewIdentity(b)
		ctx := t.Context()
		w := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		for _, k := range []string{"addr:10.0.0.1", "pair:anna|10.0.0.1", "acct:anna"} {
			for range 3 {
				if _, err := st.CountAttempts(ctx, k, w, 15*time.Minute, 1); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := st.CountAttempts(ctx, k, w.Add(15*time.Minute), 15*time.Minute, 1); err != nil || n != 1 {
				t.Fatalf("a new window of %s starts at %d (%v), want 1", k, n, err)
			}
		}
		if n, err := st.CountAttempts(ctx, "acct:anna", w, 15*time.Minute, -1); err != nil || n != 2 {
			t.Fatalf("give back: %d, %v", n, err)
		}
		n, err := st.PurgeAttempts(ctx, w.Add(20*time.Minute), 100)
		if err != nil || n != 3 {
			t.Fatalf("purge at 09:20 deleted %d (%v), want the 3 counters of 09:00–09:15", n, err)
		}
		if left, _ := b.Count(ctx, repo.CollThrottles, nil); left != 3 {
			t.Errorf("%d counters left, want the current window's 3", left)
		}
		// An installation from before migration 11 has lockout documents.
		for _, k := range []string{"user:anna", "ip:10.0.0.1"} {
			old, _ := json.Marshal(map[string]any{"key": k, "failures": 4, "window_start": w, "locked_until": w})
			if _, err := b.Insert(ctx, repo.CollThrottles, k, old); err != nil {
				t.Fatal(err)
			}
		}
		m := repo.Migrations[10]
		if m.Version != 11 {
			t.Fatalf("migration 11 is at index 10: %d", m.Version)
		}
		if err := m.Up(ctx, b); err != nil {
			t.Fatal(err)
		}
		if left, _ := b.Count(ctx, repo.CollThrottles, nil); left != 3 {
			t.Errorf("%d documents after migration 11, want the 3 counters", left)
		}
	})
}

// newServiceWith is newServiceAndStore with an edited throttle policy.
func newServiceWith(t *testing.T, edit func(*identity.ThrottlePolicy)) (*identity.Service, repo.Identity, *platform.ManualClock) {
	t.Helper()
	_, st, clk := newServiceAndStore(t)
	tp := identity.DefaultThrottle
	edit(&tp)
	return identity.NewService(st, clk, tp), st, clk
}
