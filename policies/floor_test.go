package policies

// Floors for reading BenchmarkDelegationCheck's p99 on a given machine,
// measured in the same run and timed the same way (one operation at a
// time, p50/p95/p99 reported):
//
//	go test -run '^$' -bench DelegationCheck -benchtime=3000x -count=3 ./policies/
//
// runs both. The check's pool visits about 8,200 per-point enforcers in
// turn (a 66 MiB heap of Casbin structures), so every check finds its
// enforcer cold. The floors separate what the check costs from what the
// machine adds to any operation whose memory is spread that wide.

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// floorReads is the number of dependent reads per chase operation, about
// as many cache lines as a check touches in Casbin's structures.
const floorReads = 50

// chaseBuffer is a random cyclic permutation of cache lines: line i holds
// the index of the line to read next, so every read waits for the one
// before, as a walk through pointers does.
type chaseBuffer struct {
	next []uint32 // 16 entries per 64-byte line; entry 0 of each line is used
	at   uint32
}

var (
	chaseOnce sync.Once
	chases    map[int]*chaseBuffer // MiB → buffer
)

// newChaseBuffer builds a chase over mib MiB from a fixed seed.
func newChaseBuffer(mib int) *chaseBuffer {
	lines := mib << 20 / 64
	order := rand.New(rand.NewPCG(7, uint64(mib))).Perm(lines)
	c := &chaseBuffer{next: make([]uint32, lines*16)}
	for i, l := range order {
		c.next[l*16] = uint32(order[(i+1)%lines])
	}
	return c
}

// walk makes n dependent reads and returns where it stopped.
func (c *chaseBuffer) walk(n int) uint32 {
	at := c.at
	for range n {
		at = c.next[at*16]
	}
	c.at = at
	return at
}

// BenchmarkDelegationCheckFloor reports, next to BenchmarkDelegationCheck:
//
//   - hot: the same checks on the first 20 requests of the pool only, so
//     their 20 enforcers stay in the caches and the TLB: what a check
//     costs when its memory is at hand;
//   - chase-4MiB, chase-64MiB: no Casbin and no allocation, 50 dependent
//     reads of random cache lines over a buffer of that size: the tail the
//     machine itself adds to an operation that touches as many lines as a
//     check, within and beyond the TLB's reach.
func BenchmarkDelegationCheckFloor(b *testing.B) {
	b.Run("hot", func(b *testing.B) { timeChecks(b, benchSetup(b), 20) })
	chaseOnce.Do(func() {
		chases = map[int]*chaseBuffer{4: newChaseBuffer(4), 64: newChaseBuffer(64)}
	})
	for _, mib := range []int{4, 64} {
		b.Run(fmt.Sprintf("chase-%dMiB", mib), func(b *testing.B) {
			c := chases[mib]
			c.walk(len(c.next) / 16) // touch every line once before timing
			lat := make([]time.Duration, b.N)
			var sink uint32
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				t0 := time.Now()
				sink += c.walk(floorReads)
				lat[i] = time.Since(t0)
			}
			b.StopTimer()
			if sink == 1<<32-1 {
				b.Log(sink) // keeps the walk from being optimised away
			}
			reportLatencies(b, lat)
		})
	}
}
