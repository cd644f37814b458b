package ledger

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/signing"
)

// published is the fixture's checkpoints as published now.
func (f *fixture) published() Roots {
	return NewRoots(slices.Clone(f.st.cps), f.pubKey, t0.Add(3*time.Hour))
}

func (f *fixture) verifyAgainst(t *testing.T, r Roots) Report {
	t.Helper()
	rep, err := VerifyWith(context.Background(), f.src, f.st, VerifyOptions{Trust: TrustKey(f.pubKey), Published: &r})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestPublishedRootsAgainstTheStore(t *testing.T) {
	t.Run("unchanged", func(t *testing.T) {
		f := newFixture(t)
		if rep := f.verifyAgainst(t, f.published()); !rep.OK() {
			t.Errorf("problems: %v", rep.Problems)
		}
	})
	t.Run("newest checkpoint deleted", func(t *testing.T) {
		f := newFixture(t)
		roots := f.published()
		f.st.cps = f.st.cps[:1]
		if rep := f.verify(t); !rep.OK() {
			t.Fatalf("the store alone cannot show it, yet: %v", rep.Problems)
		}
		rep := f.verifyAgainst(t, roots)
		wantProblem(t, rep, KindPublishedCheckpoint, "", 0, 2)
		if p, _ := rep.First(); !strings.Contains(p.Detail, "newest checkpoint is 1") {
			t.Errorf("detail: %s", p.Detail)
		}
	})
	t.Run("rolled back and rebuilt", func(t *testing.T) {
		// The store is rolled back to before checkpoint 2 and the attacker,
		// holding the server key, signs a new checkpoint 2 over the old
		// heads: consistent in the store, not what was published.
		f := newFixture(t)
		roots := f.published()
		f.st.cps = f.st.cps[:1]
		f.src.cases["c2"] = newCase("c2", 4)
		delete(f.src.cases, "c6")
		if _, err := Build(context.Background(), f.src, f.st, f.ks, serverID, t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if rep := f.verify(t); !rep.OK() {
			t.Fatalf("the rebuilt store verifies on its own: %v", rep.Problems)
		}
		rep := f.verifyAgainst(t, roots)
		wantProblem(t, rep, KindPublishedCheckpoint, "", 0, 2)
		if len(rep.Problems) != 1 {
			t.Errorf("problems: %v", rep.Problems)
		}
	})
	t.Run("altered copy", func(t *testing.T) {
		f := newFixture(t)
		roots := f.published()
		roots.Checkpoints[0].Root = strings.Repeat("0", 64)
		wantProblem(t, f.verifyAgainst(t, roots), KindPublishedCheckpoint, "", 0, 1)
		roots = f.published()
		roots.Checkpoints[1].Hash = strings.Repeat("0", 64)
		wantProblem(t, f.verifyAgainst(t, roots), KindPublishedCheckpoint, "", 0, 2)
	})
	t.Run("store key replaced", func(t *testing.T) {
		// Every checkpoint re-signed with a new server key, which the store
		// now holds: the store trusts it, the published roots do not.
		f := newFixture(t)
		roots := f.published()
		other := newKeyStore(t)
		for i := range f.st.cps {
			f.resign(t, i, other)
		}
		pub, _, err := other.PublicKey(context.Background(), serverID)
		if err != nil {
			t.Fatal(err)
		}
		f.pubKey = base64.StdEncoding.EncodeToString(pub)
		if rep := f.verify(t); !rep.OK() {
			t.Fatalf("the store alone: %v", rep.Problems)
		}
		rep := f.verifyAgainst(t, roots)
		wantProblem(t, rep, KindPublishedCheckpoint, "", 0, 1)
		if p, _ := rep.First(); !strings.Contains(p.Detail, "key the store does not trust") {
			t.Errorf("detail: %s", p.Detail)
		}
	})
}

func TestDecodeRoots(t *testing.T) {
	f := newFixture(t)
	b, err := json.Marshal(f.published())
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeRoots(bytes.NewReader(b))
	if err != nil || len(r.Checkpoints) != 2 || r.Checkpoints[1].Hash != f.st.cps[1].Hash() {
		t.Fatalf("round trip: %+v %v", r, err)
	}
	for name, bad := range map[string]string{
		"other format":  strings.Replace(string(b), RootsFormat, "samstyr-ledger-v1", 1),
		"unknown field": strings.Replace(string(b), `"format"`, `"extra":1,"format"`, 1),
		"trailing data": string(b) + "{}",
		"not json":      "roots",
	} {
		if _, err := DecodeRoots(strings.NewReader(bad)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestBuildIfChangedSkipsAnIdleLedger(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cp, made, err := BuildIfChanged(ctx, f.src, f.st, f.ks, serverID, t0.Add(3*time.Hour))
	if err != nil || made || cp.Seq != 2 || len(f.st.cps) != 2 {
		t.Fatalf("nothing changed: %+v made %v %v", cp, made, err)
	}
	f.src.cases["c7"] = newCase("c7", 1)
	cp, made, err = BuildIfChanged(ctx, f.src, f.st, f.ks, serverID, t0.Add(4*time.Hour))
	if err != nil || !made || cp.Seq != 3 || cp.Prev != f.st.cps[1].Hash() {
		t.Fatalf("a new case: %+v made %v %v", cp, made, err)
	}
	empty := &memSource{cases: map[string]cases.Case{}}
	if _, made, err := BuildIfChanged(ctx, empty, newMemStore(), f.ks, serverID, t0); err != nil || made {
		t.Errorf("no case and no checkpoint: made %v %v", made, err)
	}
	if rep := f.verify(t); !rep.OK() {
		t.Errorf("problems: %v", rep.Problems)
	}
}

// headSource is memSource that also lists heads, counting its calls.
type headSource struct {
	*memSource
	heads, full int
}

func (s *headSource) Heads(ctx context.Context, fn func(Leaf) error) error {
	s.heads++
	return s.memSource.Cases(ctx, func(c cases.Case) error {
		n := len(c.History)
		return fn(Leaf{CaseID: c.ID, Seq: c.History[n-1].Seq, Hash: c.History[n-1].Hash})
	})
}

func (s *headSource) Cases(ctx context.Context, fn func(cases.Case) error) error {
	s.full++
	return s.memSource.Cases(ctx, fn)
}

func TestBuildReadsOnlyHeads(t *testing.T) {
	f := newFixture(t)
	hs := &headSource{memSource: f.src}
	f.src.cases["c7"] = newCase("c7", 3)
	if _, err := Build(context.Background(), hs, f.st, f.ks, serverID, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if hs.heads != 1 || hs.full != 0 {
		t.Errorf("heads read %d times, whole cases %d times", hs.heads, hs.full)
	}
	if rep := f.verify(t); !rep.OK() {
		t.Errorf("problems: %v", rep.Problems)
	}
}

// TestDecisionDigestsAndSignatures: with a payload function, a decision
// whose content no longer matches its digest is named, a projection
// mismatch of it becomes the edited field, and a signature that does not
// verify is named.
func TestDecisionDigestsAndSignatures(t *testing.T) {
	f := newFixture(t)
	payload := func(c cases.Case, d cases.Decision) []byte {
		b, _ := json.Marshal([]any{c.ID, d.ID, d.AmountOre})
		return b
	}
	sign := func(c cases.Case, d *cases.Decision) {
		d.Digest = cases.Digest(string(payload(c, *d)))
		sig, err := f.ks.Sign(context.Background(), "chair", payload(c, *d), t0)
		if err != nil {
			t.Fatal(err)
		}
		d.Signatures = []signing.Signature{sig}
	}
	f.edit("c1", func(c *cases.Case) {
		c.Decisions = []cases.Decision{{ID: "c1-b1", No: 1, AmountOre: 100}, {ID: "c1-b2", No: 2, AmountOre: 200}}
		for i := range c.Decisions {
			d := &c.Decisions[i]
			sign(*c, d)
			c.Append(cases.Event{At: t0.Add(time.Hour), Actor: "chair", Action: cases.ActionDecision, Ref: d.ID, DataDigest: d.Digest})
			c.Append(cases.Event{At: t0.Add(time.Hour), Actor: "chair", Action: cases.ActionSign, Ref: d.ID, DataDigest: cases.Digest(d.Signatures[0].Value)})
		}
	})
	verify := func(check func(context.Context, cases.Case) ([]Problem, error)) Report {
		rep, err := VerifyWith(context.Background(), f.src, f.st, VerifyOptions{Trust: TrustKey(f.pubKey), DecisionPayload: payload, CheckCase: check})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := verify(nil); !rep.OK() {
		t.Fatalf("signed decisions: %v", rep.Problems)
	}
	f.edit("c1", func(c *cases.Case) {
		c.Decisions = slices.Clone(c.Decisions)
		c.Decisions[0].AmountOre = 1_000_000
		// The signature is checked with another key than it was made with.
		c.Decisions[1].Signatures = slices.Clone(c.Decisions[1].Signatures)
		c.Decisions[1].Signatures[0].PublicKey = f.pubKey
	})
	rep := verify(nil)
	if len(rep.Problems) != 2 || rep.Problems[0].Kind != KindDecisionEdited || rep.Problems[0].Decision != "c1-b1" || rep.Problems[0].Field != "" ||
		rep.Problems[1].Kind != KindDecisionSignature || rep.Problems[1].Decision != "c1-b2" {
		t.Errorf("problems: %v", rep.Problems)
	}
	// The projection shows which field: the edited decision's mismatch is
	// an edit of the case; another decision's is the projection's.
	rep = verify(func(_ context.Context, c cases.Case) ([]Problem, error) {
		if c.ID != "c1" {
			return nil, nil
		}
		return []Problem{
			{Kind: KindProjectionMismatch, CaseID: c.ID, Decision: "c1-b1", Field: "amount_ore", Detail: "the case says 1000000, the audit projection 100"},
			{Kind: KindProjectionMismatch, CaseID: c.ID, Decision: "c1-b2", Field: "title", Detail: "x"},
		}, nil
	})
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.Kind+" "+p.Decision+" "+p.Field)
	}
	want := []string{"decision_signature c1-b2 ", "decision_edited c1-b1 amount_ore", "projection_mismatch c1-b2 title"}
	if !slices.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}
