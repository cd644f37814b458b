package workflow

import (
	"context"
	"errors"
	"slices"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/signing"
)

// Confirmer confirms that the person acting is who they say, again, before
// an act that binds them (identity.Service: the password or a fresh
// single sign-on step-up).
type Confirmer interface {
	Confirm(ctx context.Context, u identity.User, p identity.Proof) error
}

// WithReauth sets what confirms a signer. Without one, nothing can be
// signed: signing always asks again.
func (e *Engine) WithReauth(c Confirmer) *Engine {
	e.core.reauth = c
	return e
}

// confirm asks u's Confirmer; no Confirmer refuses.
func (e *core) confirm(ctx context.Context, u identity.User, p identity.Proof) error {
	if e.reauth == nil {
		return errors.New("workflow: no Confirmer set (WithReauth); refusing to sign")
	}
	return e.reauth.Confirm(ctx, u, p)
}

// WithSigner sets the signing service (the built-in key store, or a
// BankID/Freja/SITHS adapter behind the same interface).
func (e *Engine) WithSigner(s signing.Signer) *Engine {
	e.core.signer = s
	return e
}

// DecisionOf loads a decision and its case by decision id.
func (e *Decisions) DecisionOf(ctx context.Context, u identity.User, id string) (cases.Case, cases.Decision, error) {
	caseID, no, err := cases.ParseDecisionID(id)
	if err != nil {
		return cases.Case{}, cases.Decision{}, ErrDecisionNotFound.WithDetail("%v", err)
	}
	c, err := e.load(ctx, u, caseID)
	if err != nil {
		if fault.From(err).Code == cases.ErrCaseNotFound.Code {
			return c, cases.Decision{}, ErrDecisionNotFound.WithDetail("%s", id)
		}
		return c, cases.Decision{}, err
	}
	d, ok := c.Decision(no)
	if !ok {
		return c, d, ErrDecisionNotFound.WithDetail("%s", id)
	}
	return c, d, nil
}

// Sign records the decider's electronic signature on a decision: over the
// canonical payload whose digest the decision carries, so what was shown
// is what was signed. Only the decider signs, never while jävig or revisor
// on the board, once, and only after confirming who they are again
// (proof: the password or a fresh single sign-on step-up).
func (e *Decisions) Sign(ctx context.Context, u identity.User, decisionID string, proof identity.Proof) (cases.Case, cases.Decision, error) {
	confirmed := false
	for attempt := 0; attempt < 5; attempt++ {
		c, d, err := e.DecisionOf(ctx, u, decisionID)
		if err != nil {
			return c, d, err
		}
		if err := e.mayChange(u, c.Board); err != nil {
			return cases.Case{}, cases.Decision{}, err
		}
		if d.DeciderID != u.ID {
			return cases.Case{}, cases.Decision{}, ErrNotSigner.WithDetail("only %s signs %s", d.DeciderUsername, d.ID)
		}
		if c.Jav(u.Username) {
			return cases.Case{}, cases.Decision{}, ErrJav.WithDetail("%s is jävig in %s", u.Username, c.RegistrationNumber)
		}
		if d.Signed() {
			return cases.Case{}, cases.Decision{}, ErrAlreadySigned.WithDetail("%s", d.ID)
		}
		if c.Delivered() { // before a key is made: nothing happens to a delivered case
			return cases.Case{}, cases.Decision{}, ErrDelivered.WithDetail("%s was delivered to the e-archive", c.RegistrationNumber)
		}
		if !confirmed {
			if err := e.confirm(ctx, u, proof); err != nil {
				return cases.Case{}, cases.Decision{}, err
			}
			confirmed = true
		}
		payload := Payload(c, d)
		if cases.Digest(string(payload)) != d.Digest {
			return cases.Case{}, cases.Decision{}, errors.New("decision " + d.ID + " does not match its digest; refusing to sign")
		}
		now := e.clock.Now()
		sig, err := e.signer.Sign(ctx, u.ID, payload, now)
		if err != nil {
			return cases.Case{}, cases.Decision{}, err
		}
		d.Signatures = append(slices.Clone(d.Signatures), sig)
		c.Decisions = slices.Clone(c.Decisions)
		c.Decisions[d.No-1] = d
		c.AwaitingSignatureBy = awaitingSigner(c)
		c.PendingReport = pendingReport(c)
		c.UpdatedAt = now.UTC()
		c.Append(cases.Event{At: now, Actor: u.Username, Action: cases.ActionSign, Ref: d.ID,
			DataDigest: cases.Digest(sig.Value), Note: sig.KeyID})
		saved, err := e.store.Update(ctx, c)
		if errors.Is(err, fault.ErrVersionConflict) {
			continue
		}
		if err == nil {
			e.notify(ctx, saved)
		}
		return saved, d, err
	}
	return cases.Case{}, cases.Decision{}, fault.ErrVersionConflict
}

// InboxItem is a decision waiting for the user's signature.
type InboxItem struct {
	Case     cases.Case
	Decision cases.Decision
}

// SigningInbox lists the decisions waiting for u's signature (none on a
// board u is revisor of).
func (e *Decisions) SigningInbox(ctx context.Context, u identity.User) ([]InboxItem, error) {
	cs, err := e.store.ListBy(ctx, "awaiting_signature_by", u.Username)
	if err != nil {
		return nil, err
	}
	var out []InboxItem
	for _, c := range cs {
		if !e.CanRead(u, c.Board) || e.readOnly(u, c.Board) {
			continue // a revisor of the board signs nothing there
		}
		for _, d := range c.Decisions {
			if d.DeciderID == u.ID && !d.Signed() {
				out = append(out, InboxItem{Case: c, Decision: d})
			}
		}
	}
	return out, nil
}
