package identity

import (
	"context"
	"runtime"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
)

// ThrottlePolicy limits password guessing. Every attempt is counted before
// its password is checked, by atomic increments in the store (shared by
// every instance), in fixed windows of Window aligned to the clock; an
// attempt that succeeds, or is never checked, is given back, so the counts
// are of failed (and running) checks.
//
//   - Per account and address (hard): beyond MaxPerPair in a window, the
//     address's further attempts on that account are refused (429 with
//     Retry-After until the window ends) without being checked.
//   - Per address (hard): beyond MaxPerIP in a window over all accounts,
//     the address is refused the same way (password spraying).
//   - Per account (soft): beyond SoftPerAccount in a window over all
//     addresses, an attempt from an address that has already failed (or
//     is trying) on the account in this window waits SoftDelay for every
//     attempt past that mark, at most SoftMaxDelay, before its check:
//     slower, never locked, and an address's first try is not slowed, so
//     strangers failing elsewhere neither lock nor slow the real user out.
//
// Hashers bounds how many passwords are hashed at once (argon2id takes 19
// MiB each). An attempt takes a free slot, or waits for one up to HashWait
// if fewer than HashWaiters attempts are waiting already; otherwise it is
// refused at once (429 login_busy, Retry-After 1 s) and not counted.
type ThrottlePolicy struct {
	MaxPerPair     int
	MaxPerIP       int
	SoftPerAccount int
	SoftDelay      time.Duration
	SoftMaxDelay   time.Duration
	Window         time.Duration
	// Hashers is the size of the hashing pool; 0 means GOMAXPROCS, at
	// most 4.
	Hashers int
	// HashWaiters is how many attempts may wait for a slot (0 means 4
	// per slot), and HashWait how long each may wait.
	HashWaiters int
	HashWait    time.Duration
}

// DefaultThrottle is the production policy.
var DefaultThrottle = ThrottlePolicy{MaxPerPair: 5, MaxPerIP: 20, SoftPerAccount: 10,
	SoftDelay: 500 * time.Millisecond, SoftMaxDelay: 5 * time.Second, Window: 15 * time.Minute,
	HashWait: time.Second}

// busyRetry is the Retry-After of an attempt refused for a full hashing
// pool: a hash takes tens of milliseconds, so a slot frees up soon.
const busyRetry = time.Second

// ErrLoginBusy refuses a login while every password-hashing slot is busy.
var ErrLoginBusy = &fault.Error{Kind: fault.TooMany, Code: "login_busy", RetryAfter: busyRetry}

func (tp ThrottlePolicy) hashers() int {
	if tp.Hashers > 0 {
		return tp.Hashers
	}
	return max(1, min(runtime.GOMAXPROCS(0), 4))
}

func (tp ThrottlePolicy) hashWaiters() int {
	if tp.HashWaiters > 0 {
		return tp.HashWaiters
	}
	return 4 * tp.hashers()
}

// Attempt is one login attempt, counted against its throttle keys before
// any check. A failed check leaves it counted; GiveBack uncounts it after
// a success, or when it was never checked.
type Attempt struct {
	s      *Service
	window time.Time
	keys   []string
	delay  time.Duration // the per-account slow-down before the check
}

// GiveBack uncounts the attempt (a success, or an attempt that was never
// checked). It outlives a client that hung up, and does nothing the second
// time.
func (a *Attempt) GiveBack(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	for _, k := range a.keys {
		// Best effort: a lost give-back only leaves a count, which the
		// window's end forgets.
		_, _ = a.s.store.CountAttempts(ctx, k, a.window, a.s.throttle.Window, -1)
	}
	a.keys = nil
}

// BeginAttempt counts one attempt from clientIP against the per-address
// limit, before work an anonymous caller can trigger at will (such as
// verifying a presented ID token): refused with too_many_attempts while
// the address is over its limit. The caller gives the attempt back when
// it succeeds or when the work was never done.
func (s *Service) BeginAttempt(ctx context.Context, clientIP string) (*Attempt, error) {
	return s.begin(ctx, "", clientIP)
}

// begin counts a login attempt for username (empty or malformed: only
// the address) from clientIP against every limit, refusing it if a hard
// limit is passed.
func (s *Service) begin(ctx context.Context, username, clientIP string) (*Attempt, error) {
	tp := s.throttle
	now := s.clock.Now()
	a := &Attempt{s: s, window: now.Truncate(tp.Window)}
	type limit struct {
		key string
		max int
	}
	limits := []limit{{"addr:" + clientIP, tp.MaxPerIP}}
	if ValidUsername(username) {
		limits = append(limits, limit{"pair:" + username + "|" + clientIP, tp.MaxPerPair})
	}
	firstTry := true // no other attempt of this address on this account
	for i, l := range limits {
		n, err := s.store.CountAttempts(ctx, l.key, a.window, tp.Window, 1)
		if err != nil {
			a.GiveBack(ctx)
			return nil, err
		}
		a.keys = append(a.keys, l.key)
		if i == 1 {
			firstTry = n == 1
		}
		if n > int64(l.max) {
			a.GiveBack(ctx)
			f := *ErrTooManyAttempts
			f.RetryAfter = max(time.Second, a.window.Add(tp.Window).Sub(now).Round(time.Second))
			return nil, &f
		}
	}
	if ValidUsername(username) {
		key := "acct:" + username
		n, err := s.store.CountAttempts(ctx, key, a.window, tp.Window, 1)
		if err != nil {
			a.GiveBack(ctx)
			return nil, err
		}
		a.keys = append(a.keys, key)
		if past := n - int64(tp.SoftPerAccount); past > 0 && !firstTry {
			a.delay = min(tp.SoftMaxDelay, time.Duration(past)*tp.SoftDelay)
		}
	}
	s.purgeAttempts(ctx, now)
	return a, nil
}

// purgeInterval is how often expired attempt counters are deleted, and
// purgeBatch how many at most each time.
const (
	purgeInterval = time.Minute
	purgeBatch    = 100
)

// purgeAttempts deletes counters of past windows, at most once a minute
// per process (best effort: they only take space).
func (s *Service) purgeAttempts(ctx context.Context, now time.Time) {
	last := s.lastPurge.Load()
	if now.UnixNano()-last < int64(purgeInterval) || !s.lastPurge.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	_, _ = s.store.PurgeAttempts(context.WithoutCancel(ctx), now, purgeBatch)
}

// hashSlot takes a slot of the hashing pool: a free one, or, while
// fewer than HashWaiters wait, the first to free up within HashWait; ok
// is false when it got none.
func (s *Service) hashSlot(ctx context.Context) (release func(), ok bool) {
	release = func() { <-s.hashers }
	select {
	case s.hashers <- struct{}{}:
		return release, true
	default:
	}
	select {
	case s.waiters <- struct{}{}:
		defer func() { <-s.waiters }()
	default:
		return nil, false
	}
	t := time.NewTimer(s.throttle.HashWait)
	defer t.Stop()
	select {
	case s.hashers <- struct{}{}:
		return release, true
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, false
}

// verify checks password against hash in a slot the caller holds, and
// counts the check.
func (s *Service) verify(hash, password string) (bool, error) {
	s.checks.Add(1)
	return VerifyPassword(hash, password)
}

// PasswordChecks returns how many password hashes this process has
// verified (the samstyr_password_checks_total metric).
func (s *Service) PasswordChecks() int64 { return s.checks.Load() }

// sleep waits d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
