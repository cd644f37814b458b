package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Mix weighs the flows a worker picks from.
type Mix struct {
	Drafting int // register, memo drafts, a handling, start
	Deciding int // the whole lifecycle (Lifecycle)
	Auditor  int // decision-history searches with paging
	Reads    int // case list, case and history reads
}

// DefaultMix is three drafting, three deciding, one auditor and three
// reading flows in ten.
var DefaultMix = Mix{Drafting: 3, Deciding: 3, Auditor: 1, Reads: 3}

// MaxWeight is the largest weight of one flow in a mix.
const MaxWeight = 1000

// ParseMix reads "drafting=3,deciding=2,auditor=1,reads=2"; flows left
// out weigh 0.
func ParseMix(s string) (Mix, error) {
	var m Mix
	for part := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 || n > MaxWeight {
			return m, fmt.Errorf("mix %q: want name=weight, a weight from 0 to %d", part, MaxWeight)
		}
		switch k {
		case "drafting":
			m.Drafting = n
		case "deciding":
			m.Deciding = n
		case "auditor":
			m.Auditor = n
		case "reads":
			m.Reads = n
		default:
			return m, fmt.Errorf("mix: unknown flow %q (drafting, deciding, auditor, reads)", k)
		}
	}
	if m.Drafting+m.Deciding+m.Auditor+m.Reads == 0 {
		return m, errors.New("mix: all weights are 0")
	}
	return m, nil
}

func (m Mix) pick(rng *rand.Rand) string {
	n := rng.IntN(m.Drafting + m.Deciding + m.Auditor + m.Reads)
	switch {
	case n < m.Drafting:
		return "drafting"
	case n < m.Drafting+m.Deciding:
		return "deciding"
	case n < m.Drafting+m.Deciding+m.Auditor:
		return "auditor"
	}
	return "reads"
}

// RunConfig is the shape of a load run.
type RunConfig struct {
	Clients  int           // concurrent workers
	Duration time.Duration // stop after this long (0: no limit)
	Cases    int           // stop after this many cases were started by drafting/deciding flows (0: no limit)
	Mix      Mix
	Seed     uint64 // seeds each worker's choice of flows
	// Tokens are the logins the workers share; a new, empty set when nil
	// (each user then logs in at its first request, inside the run).
	Tokens *Tokens
}

// Result is what a run did.
type Result struct {
	Elapsed time.Duration
	Flows   map[string]int // completed flows by name
}

// Run runs rc.Clients workers against the server until the duration is
// over or rc.Cases cases were started, whichever comes first. Every
// worker is its own Client; all record into stats and acks and share one
// login per demo user. It returns
// the first flow error (the other workers stop then too).
func Run(ctx context.Context, cfg Config, rc RunConfig, stats *Stats, acks *Acks) (Result, error) {
	if rc.Clients < 1 {
		return Result{}, errors.New("loadgen: need at least one client")
	}
	if rc.Duration == 0 && rc.Cases == 0 {
		return Result{}, errors.New("loadgen: need a duration or a number of cases")
	}
	if rc.Mix == (Mix{}) {
		rc.Mix = DefaultMix
	}
	if rc.Cases > 0 && rc.Mix.Drafting+rc.Mix.Deciding == 0 {
		return Result{}, errors.New("loadgen: a run bounded by cases needs drafting or deciding flows")
	}
	// Requests run on runCtx, which only the first flow error cancels:
	// when the time is up the workers start no new flow, and the flows in
	// progress finish, so no request is cut off in the middle.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		mu       sync.Mutex
		firstErr error
		flows    = map[string]int{}
		wg       sync.WaitGroup
	)
	tokens := rc.Tokens
	if tokens == nil {
		tokens = NewTokens()
	}
	start := time.Now()
	deadline := start.Add(rc.Duration)
	for w := range rc.Clients {
		wg.Go(func() {
			cl := NewClient(cfg, stats, acks, tokens)
			rng := rand.New(rand.NewPCG(rc.Seed, uint64(w)))
			for runCtx.Err() == nil && (rc.Duration == 0 || time.Now().Before(deadline)) {
				flow := rc.Mix.pick(rng)
				var err error
				switch flow {
				case "drafting", "deciding":
					n := int(next.Add(1))
					if rc.Cases > 0 && n > rc.Cases {
						return
					}
					if flow == "drafting" {
						_, err = cl.Drafting(runCtx, SpecFor(n))
					} else {
						_, err = cl.Lifecycle(runCtx, SpecFor(n))
					}
				case "auditor":
					err = cl.Auditor(runCtx, rng)
				default:
					err = cl.Reads(runCtx, rng)
				}
				mu.Lock()
				switch {
				case err != nil && runCtx.Err() != nil:
					// cut short by another worker's error or the caller
				case err != nil:
					firstErr = fmt.Errorf("%s flow: %w", flow, err)
					cancel()
				default:
					flows[flow]++
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	return Result{Elapsed: time.Since(start), Flows: flows}, firstErr
}
