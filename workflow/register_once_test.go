package workflow_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/store"
)

// keyed is a registration on ITN carrying the request key.
func keyed(title, key string) cases.Registration {
	return cases.Registration{Board: demo.BoardCode, Title: title, Counterpart: "Mörbylånga kommun", RequestKey: key}
}

// stored counts the case documents (makuleringar included).
func stored(t *testing.T, e *env) int {
	t.Helper()
	recs, err := e.backend.Find(t.Context(), repo.CollCases, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// unexplained lists the numbers of ITN 2026 drawn from the counter that
// no case holds (the number check of verify, unexplained_number).
func unexplained(t *testing.T, e *env) []string {
	t.Helper()
	series, err := e.cases.DrawnSeries(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	h := held(t, e)
	var out []string
	for _, s := range series {
		for seq := int64(1); seq <= s.Last; seq++ {
			if dnr := cases.FormatNumber(s.Board, s.Year, seq); h[dnr] == "" {
				out = append(out, dnr)
			}
		}
	}
	return out
}

// TestRegisterOnceReplaysTheSameKey: a second registration by the same
// user with the same key returns the first case (replayed, nothing drawn
// or written); another user's same key registers a case of its own;
// without a key every registration registers; a bad key is
// invalid_request_key with nothing drawn or written. On both backends.
func TestRegisterOnceReplaysTheSameKey(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		h, chef := e.user(t, "handlaggare"), e.user(t, "it-chef")
		first, replayed, err := e.engine.Cases.RegisterOnce(ctx, h, keyed("Upphandling av skrivare", "k-1"))
		if err != nil || replayed {
			t.Fatalf("first: %v replayed %v", err, replayed)
		}
		n := stored(t, e)
		again, replayed, err := e.engine.Cases.RegisterOnce(ctx, h, keyed("Upphandling av skrivare", "k-1"))
		if err != nil || !replayed || again.ID != first.ID || again.RegistrationNumber != first.RegistrationNumber ||
			again.Version != first.Version {
			t.Fatalf("again: %s %s v%d replayed %v %v; want %s %s v%d", again.ID, again.RegistrationNumber, again.Version,
				replayed, err, first.ID, first.RegistrationNumber, first.Version)
		}
		if got := stored(t, e); got != n {
			t.Errorf("the replay wrote: %d cases, want %d", got, n)
		}
		// The same request, typed with spaces around the title: a replay.
		if again, replayed, err := e.engine.Cases.RegisterOnce(ctx, h, keyed("  Upphandling av skrivare ", "k-1")); err != nil || !replayed || again.ID != first.ID {
			t.Errorf("the same title with spaces: %s replayed %v %v", again.RegistrationNumber, replayed, err)
		}
		// The same key with other content (the form edited after going
		// back) is another request: refused, nothing drawn or written.
		for _, edit := range []func(*cases.Registration){
			func(r *cases.Registration) { r.Title = "Upphandling av skannrar" },
			func(r *cases.Registration) { r.Counterpart = "Borgholms kommun" },
			func(r *cases.Registration) { r.Description = "Ny beskrivning" },
			func(r *cases.Registration) {
				r.Secrecy = &cases.Secrecy{Reference: "OSL 19 kap. 3 §", Date: platform.DateOf(e.clock.Now())}
			},
		} {
			r := keyed("Upphandling av skrivare", "k-1")
			edit(&r)
			_, _, err := e.engine.Cases.RegisterOnce(ctx, h, r)
			if !errors.Is(err, cases.ErrRequestKeyReused) || fault.From(err).Kind != fault.Unprocessable {
				t.Errorf("the key with %+v: %v, want request_key_reused (422)", r, err)
			}
		}
		if got := stored(t, e); got != n {
			t.Errorf("a reused key wrote: %d cases, want %d", got, n)
		}
		other, replayed, err := e.engine.Cases.RegisterOnce(ctx, chef, keyed("Upphandling av skrivare", "k-1"))
		if err != nil || replayed || other.ID == first.ID {
			t.Fatalf("another user's same key: %s replayed %v %v", other.RegistrationNumber, replayed, err)
		}
		a := e.mustRegister(t, "Utan nyckel")
		b := e.mustRegister(t, "Utan nyckel")
		if a.ID == b.ID || a.RegistrationNumber == b.RegistrationNumber {
			t.Errorf("without a key: %s and %s", a.RegistrationNumber, b.RegistrationNumber)
		}
		n = stored(t, e)
		for _, bad := range []string{strings.Repeat("x", cases.MaxRequestKey+1), "nyckel-å", "a\nb", "tab\there"} {
			_, _, err := e.engine.Cases.RegisterOnce(ctx, h, keyed("Felaktig nyckel", bad))
			if !errors.Is(err, cases.ErrRequestKeyInvalid) || fault.From(err).Kind != fault.Unprocessable {
				t.Errorf("key %q: %v, want invalid_request_key (422)", bad, err)
			}
		}
		if got := stored(t, e); got != n {
			t.Errorf("bad keys wrote: %d cases, want %d", got, n)
		}
		if u := unexplained(t, e); len(u) != 0 {
			t.Errorf("unexplained numbers: %v", u)
		}
		if c := e.mustRegister(t, "Nästa"); c.Seq != b.Seq+1 {
			t.Errorf("next number %s after %s: a bad key drew a number", c.RegistrationNumber, b.RegistrationNumber)
		}
	})
}

// TestRegisterOnceConcurrentSameKey: registrations with the same key at
// once all return one case; every number drawn by a loser is kept as a
// makulering, so the number check finds no unexplained number. On both
// backends.
func TestRegisterOnceConcurrentSameKey(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		const n = 6
		h := e.user(t, "handlaggare")
		var wg sync.WaitGroup
		got := make([]cases.Case, n)
		replays := make([]bool, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func(i int, u identity.User) {
				defer wg.Done()
				<-start
				got[i], replays[i], errs[i] = e.engine.Cases.RegisterOnce(t.Context(), u, keyed("Dubbelklick", "samma-nyckel"))
			}(i, h)
		}
		close(start)
		wg.Wait()
		fresh := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("registration %d: %v", i, errs[i])
			}
			if got[i].ID != got[0].ID {
				t.Errorf("registration %d returned %s, registration 0 %s", i, got[i].RegistrationNumber, got[0].RegistrationNumber)
			}
			if !replays[i] {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("%d registrations say they registered, want 1", fresh)
		}
		recs, err := e.backend.Find(t.Context(), repo.CollCases, store.Query{})
		if err != nil {
			t.Fatal(err)
		}
		live := 0
		for _, r := range recs {
			var c cases.Case
			if err := r.Decode(&c); err != nil {
				t.Fatal(err)
			}
			if c.State != cases.StateVoided {
				live++
			}
		}
		if live != 1 {
			t.Errorf("%d live cases, want 1", live)
		}
		t.Logf("%d registrations lost the race for the key after drawing (makulerade)", len(recs)-live)
		if u := unexplained(t, e); len(u) != 0 {
			t.Errorf("unexplained numbers: %v", u)
		}
	})
}
