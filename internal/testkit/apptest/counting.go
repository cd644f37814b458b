package apptest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// Counting is the real backend it wraps, counting the documents each
// collection returns (Get and Find) while counting is on: how much a
// request reads, as a number that does not depend on the machine's speed.
type Counting struct {
	store.Backend
	mu   sync.Mutex
	on   bool
	docs Reads
}

// Reads are the documents read per collection.
type Reads map[string]int

// Total is the documents read in all collections.
func (r Reads) Total() int {
	n := 0
	for _, v := range r {
		n += v
	}
	return n
}

// String lists the collections read, by name: "cases:3 users:1".
func (r Reads) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(r)) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%d", k, r[k])
	}
	return b.String()
}

// NewCounting wraps b.
func NewCounting(b store.Backend) *Counting { return &Counting{Backend: b} }

// NewCountingEnv starts the service on a real SQLite store in a temporary
// directory (synchronous=NORMAL, as New's), wrapped to count what each
// request reads: the read-scale tests' environment.
func NewCountingEnv(t *testing.T) (*Env, *Counting) {
	t.Helper()
	inner, err := sqlitestore.Open(t.Context(), t.TempDir(), sqlitestore.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inner.Close(context.Background()) })
	cb := NewCounting(inner)
	return New(t, WithBackend(cb)), cb
}

func (c *Counting) add(coll string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.on {
		c.docs[coll] += n
	}
}

// Get is the backend's Get, counted.
func (c *Counting) Get(ctx context.Context, coll, id string) (store.Record, error) {
	r, err := c.Backend.Get(ctx, coll, id)
	if err == nil {
		c.add(coll, 1)
	}
	return r, err
}

// Find is the backend's Find, counted.
func (c *Counting) Find(ctx context.Context, coll string, q store.Query) ([]store.Record, error) {
	recs, err := c.Backend.Find(ctx, coll, q)
	c.add(coll, len(recs))
	return recs, err
}

// Reads returns the documents read per collection while f runs.
func (c *Counting) Reads(f func()) Reads {
	c.mu.Lock()
	c.on, c.docs = true, Reads{}
	c.mu.Unlock()
	f()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = false
	return c.docs
}

// The copying part of the kernel passes through uncounted (repo reads the
// diarium's counters through it).
var _ store.Copier = (*Counting)(nil)

func (c *Counting) copier() (store.Copier, error) {
	cp, ok := c.Backend.(store.Copier)
	if !ok {
		return nil, fmt.Errorf("apptest: the %s backend cannot copy", c.Backend.Name())
	}
	return cp, nil
}

// Collections is the wrapped backend's.
func (c *Counting) Collections(ctx context.Context) ([]string, error) {
	cp, err := c.copier()
	if err != nil {
		return nil, err
	}
	return cp.Collections(ctx)
}

// Sequences is the wrapped backend's.
func (c *Counting) Sequences(ctx context.Context) (map[string]int64, error) {
	cp, err := c.copier()
	if err != nil {
		return nil, err
	}
	return cp.Sequences(ctx)
}

// Put is the wrapped backend's.
func (c *Counting) Put(ctx context.Context, coll string, rec store.Record) (bool, error) {
	cp, err := c.copier()
	if err != nil {
		return false, err
	}
	return cp.Put(ctx, coll, rec)
}

// PutSequence is the wrapped backend's.
func (c *Counting) PutSequence(ctx context.Context, name string, n int64) (bool, error) {
	cp, err := c.copier()
	if err != nil {
		return false, err
	}
	return cp.PutSequence(ctx, name, n)
}

// ReadScale is what a set of requests read in a small organisation and
// after it grew (Grow), request by request, in the order measured.
type ReadScale struct {
	Names        []string
	Small, Large map[string]Reads
}

// Measure records the documents f reads under name, in the small
// organisation (large false) or the grown one. f runs twice and the second
// run counts: caches that a change to the organisation empties (the role
// index per role stamp) are filled once per change, not per request.
func (r *ReadScale) Measure(c *Counting, name string, large bool, f func()) {
	if r.Small == nil {
		r.Small, r.Large = map[string]Reads{}, map[string]Reads{}
	}
	f()
	reads := c.Reads(f)
	if large {
		r.Large[name] = reads
		return
	}
	r.Names = append(r.Names, name)
	r.Small[name] = reads
}

// Check fails t for every request that reads more than slack documents
// more in the grown organisation than in the small one, unless allowed
// names it (with the reason its reads grow), and logs the table of reads
// small → large.
func (r *ReadScale) Check(t testing.TB, slack int, allowed map[string]string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "documents read per request, small → grown organisation:\n")
	for _, name := range r.Names {
		s, l := r.Small[name], r.Large[name]
		mark := ""
		if why, ok := allowed[name]; ok {
			mark = "  (allowed: " + why + ")"
		} else if l.Total() > s.Total()+slack {
			mark = "  GROWS"
			t.Errorf("%s reads %d documents in the small organisation, %d in the grown one (%v → %v)", name, s.Total(), l.Total(), s, l)
		}
		fmt.Fprintf(&b, "%-60s %5d → %5d   %v → %v%s\n", name, s.Total(), l.Total(), s, l, mark)
	}
	for name := range allowed {
		if _, ok := r.Small[name]; !ok {
			t.Errorf("the allow-list names %q, which was not measured", name)
		}
	}
	t.Log(b.String())
}
