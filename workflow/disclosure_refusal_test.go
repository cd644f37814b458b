package workflow_test

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/workflow"
)

// TestRefuseAsksForThePassword: a refusal of a request for allmän
// handling is signed when it is made, so Disclosures.Refuse confirms the
// decider like Decisions.Sign: no proof, a wrong password, or a single
// sign-on time for a local account (which has no external identity) is
// refused with the field /password and nothing is stored; the password
// again makes and signs the decision.
func TestRefuseAsksForThePassword(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		keys, err := signing.NewKeyStore(repo.NewSigningKeys(e.backend), make([]byte, 32))
		if err != nil {
			t.Fatal(err)
		}
		e.engine.WithSigner(keys).WithDisclosure(repo.NewDisclosures(e.backend), nil)
		d := e.engine.Disclosures
		r, err := d.Register(ctx, e.user(t, "handlaggare"), workflow.RequestInput{Board: demo.BoardCode, ReceivedAt: e.clock.Now(),
			Channel: disclosure.ChannelEmail, Form: disclosure.FormCopy, Asked: "Protokollet från mars",
			Items: []workflow.RequestItemInput{{Description: "Protokoll från mars"}}})
		if err != nil {
			t.Fatal(err)
		}
		chef := e.user(t, "it-chef")
		in := workflow.RefusalInput{Items: []int{1}, Lagrum: []string{"OSL 25 kap. 1 §"}, Reasoning: "Uppgifterna rör hälsa.",
			Court: "Kammarrätten i Jönköping"}
		for _, tc := range []struct {
			name  string
			proof identity.Proof
			code  string
		}{
			{"no proof", identity.Proof{}, identity.ErrReauthRequired.Code},
			{"a wrong password", identity.Proof{Password: demoPassword + "x"}, identity.ErrReauthFailed.Code},
			{"a single sign-on time for a local account", identity.Proof{SSOAuthAt: e.clock.Now()}, identity.ErrReauthRequired.Code},
		} {
			_, _, err := d.Refuse(ctx, chef, r.ID, r.Version, in, tc.proof)
			f := fault.From(err)
			if f.Code != tc.code || f.Kind != fault.Unprocessable || len(f.Fields) != 1 || f.Fields[0].Field != "/password" {
				t.Errorf("%s: %v (fields %v), want %s on /password", tc.name, err, f.Fields, tc.code)
			}
			got, err := d.Request(ctx, chef, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != r.Version || len(got.Decisions) != 0 || got.Items[0].Outcome != nil {
				t.Fatalf("%s: the request changed: version %d → %d, %d decisions", tc.name, r.Version, got.Version, len(got.Decisions))
			}
		}
		// The handläggare is not the delegate: refused before any password
		// is asked for, whatever the password.
		if _, _, err := d.Refuse(ctx, e.user(t, "handlaggare"), r.ID, r.Version, in, signProof); err == nil {
			t.Fatal("the handläggare refused a request")
		} else if c := fault.From(err).Code; c == identity.ErrReauthFailed.Code || c == identity.ErrReauthRequired.Code {
			t.Errorf("the handläggare's refusal: %v, want a delegation refusal", err)
		}
		e.clock.Advance(time.Minute)
		saved, dec, err := d.Refuse(ctx, chef, r.ID, r.Version, in, signProof)
		if err != nil {
			t.Fatalf("refuse with the password: %v", err)
		}
		if len(dec.Signatures) != 1 || dec.DeciderID != chef.ID || len(saved.Decisions) != 1 || saved.Version == r.Version {
			t.Errorf("the refusal: %+v, request version %d", dec, saved.Version)
		}
		if err := keys.Verify(ctx, dec.Signatures[0], saved.Payload(dec)); err != nil {
			t.Errorf("the refusal's signature does not verify: %v", err)
		}
	})
}
