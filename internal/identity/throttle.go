package identity

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/fault"
)

// ThrottlePolicy limits failed logins: after MaxPerAccount failures for
// one username, or MaxPerIP from one address, within Window, further
// attempts are refused for Lockout. Counters live in the store, so every
// instance behind a load balancer sees the same counts.
type ThrottlePolicy struct {
	MaxPerAccount int
	MaxPerIP      int
	Window        time.Duration
	Lockout       time.Duration
}

// DefaultThrottle is the production policy.
var DefaultThrottle = ThrottlePolicy{MaxPerAccount: 5, MaxPerIP: 20, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

func (s *Service) limit(key string) int {
	if strings.HasPrefix(key, "user:") {
		return s.throttle.MaxPerAccount
	}
	return s.throttle.MaxPerIP
}

// checkThrottle refuses the attempt while any key is locked out.
func (s *Service) checkThrottle(ctx context.Context, keys []string) error {
	now := s.clock.Now()
	for _, k := range keys {
		t, err := s.store.GetThrottle(ctx, k)
		if errors.Is(err, fault.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if now.Before(t.LockedUntil) {
			f := *ErrTooManyAttempts
			f.RetryAfter = t.LockedUntil.Sub(now).Round(time.Second)
			return &f
		}
	}
	return nil
}

// fail counts a failed attempt against every key and returns the fault to
// give the client.
func (s *Service) fail(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if err := s.bump(ctx, k); err != nil {
			return err
		}
	}
	return ErrInvalidCredentials
}

func (s *Service) bump(ctx context.Context, key string) error {
	for range 10 {
		now := s.clock.Now().UTC()
		t, err := s.store.GetThrottle(ctx, key)
		if errors.Is(err, fault.ErrNotFound) {
			t, err = Throttle{Key: key}, nil
		}
		if err != nil {
			return err
		}
		if now.Sub(t.WindowStart) > s.throttle.Window {
			t.Failures, t.WindowStart = 0, now
		}
		t.Failures++
		if t.Failures >= s.limit(key) {
			t.LockedUntil = now.Add(s.throttle.Lockout)
			t.Failures, t.WindowStart = 0, now
		}
		_, err = s.store.PutThrottle(ctx, t)
		if !errors.Is(err, fault.ErrVersionConflict) {
			return err
		}
	}
	return fault.ErrVersionConflict
}

// CheckAddress refuses an attempt from clientIP while that address is
// locked out by failed logins (the same counter as password logins): used
// before work an anonymous caller can trigger at will, such as verifying
// a presented ID token.
func (s *Service) CheckAddress(ctx context.Context, clientIP string) error {
	return s.checkThrottle(ctx, []string{"ip:" + clientIP})
}

// FailAddress counts one failed attempt from clientIP, as a failed
// password login does.
func (s *Service) FailAddress(ctx context.Context, clientIP string) error {
	return s.bump(ctx, "ip:"+clientIP)
}

// reset clears an account's failure count after a successful login.
func (s *Service) reset(ctx context.Context, key string) {
	t, err := s.store.GetThrottle(ctx, key)
	if err != nil || t.Failures == 0 {
		return
	}
	t.Failures = 0
	_, _ = s.store.PutThrottle(ctx, t) // best effort: a lost reset only keeps a count
}
