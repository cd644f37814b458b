package policies

import (
	"slices"
	"sync"
	"testing"
)

// TestConcurrentChecksAgree runs the same requests from several goroutines
// at once on a fresh Delegation, so enforcers are built and their matchers
// compiled concurrently (run with -race): every
// goroutine must get the answer and the matched rule a single goroutine got.
func TestConcurrentChecksAgree(t *testing.T) {
	f, err := generateFixture(fixtureSize{boards: 3, points: 40, users: 12, requests: 400}, 11)
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		ok   bool
		rule []string
	}
	want := make([]answer, len(f.reqs))
	for i, r := range f.reqs {
		ok, rule, err := f.d.Enforce(r)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = answer{ok, rule}
	}
	fresh, err := NewDelegation(f.d.pbb)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range len(f.reqs) {
				i := (n + w*len(f.reqs)/workers) % len(f.reqs) // each starts elsewhere
				ok, rule, err := fresh.Enforce(f.reqs[i])
				if err != nil || ok != want[i].ok || !slices.Equal(rule, want[i].rule) {
					errs <- "request " + f.reqs[i].Point.Code + ": answers differ under concurrency"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
