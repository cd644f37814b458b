package ledger

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/signing"
)

// Kinds of Problem.
const (
	// KindEditedEvent: an event's content or hash differs from what its
	// chain or a checkpoint recorded.
	KindEditedEvent = "edited_event"
	// KindRemovedEvent: an event is missing from a case's history.
	KindRemovedEvent = "removed_event"
	// KindDeletedCase: a case recorded by a checkpoint no longer exists.
	KindDeletedCase = "deleted_case"
	// KindBrokenChain: a case fails its own checks in another way (empty
	// history, impossible transition, state, documents, decisions or memo
	// disagreeing with the history, a case listed twice).
	KindBrokenChain = "broken_chain"
	// KindCheckpointRewritten: a checkpoint's Prev is not the hash of the
	// checkpoint before it, or its Seq is out of order.
	KindCheckpointRewritten = "checkpoint_rewritten"
	// KindCheckpointSignature: a checkpoint's signature does not verify
	// over its payload or is not made with a trusted key.
	KindCheckpointSignature = "checkpoint_signature"
	// KindCheckpointMissing: a checkpoint number is missing from the
	// sequence.
	KindCheckpointMissing = "checkpoint_missing"
	// KindLeavesMismatch: a checkpoint's stored leaves do not hash to its
	// Root, are not CaseCount many, not in LeafChunks chunks or not in
	// case id order.
	KindLeavesMismatch = "leaves_mismatch"
	// KindPublishedCheckpoint: a checkpoint published outside the store
	// (see Roots) is missing from the store or differs from it, or the
	// published entry itself does not verify.
	KindPublishedCheckpoint = "published_checkpoint"
	// KindDecisionEdited: a decision's content no longer matches the
	// digest it was signed under (and that its case's history recorded).
	// Field names what differs from the audit projection's copy when one
	// is known.
	KindDecisionEdited = "decision_edited"
	// KindDecisionSignature: a signature of a decision does not verify
	// over the decision's content.
	KindDecisionSignature = "decision_signature"
	// KindProjectionMismatch: a record of the audit projection (what
	// searches, exports and reports read) differs from the decision in its
	// verified case; Field names the record's field.
	KindProjectionMismatch = "projection_mismatch"
	// KindProjectionMissing: a decision has no record in the audit
	// projection.
	KindProjectionMissing = "projection_missing"
	// KindProjectionExtra: the audit projection holds a record of a
	// decision that no case has.
	KindProjectionExtra = "projection_extra"
	// KindUnexplainedNumber: a diarienummer was drawn from its counter but
	// no case holds it and no makulering explains it (a gap in the series).
	KindUnexplainedNumber = "unexplained_number"
	// KindNumberAhead: a case holds a diarienummer beyond its counter (the
	// counter was rolled back; the next registration would collide).
	KindNumberAhead = "number_ahead"
	// KindEditedRecord, KindRemovedRecord, KindRecordState and
	// KindUnrecordedObject are the problems of an administration chain
	// (adminlog): a record edited, a record removed (or one a checkpoint
	// holds no longer there), an object that differs from what its last
	// record says, an administered object without any record.
	KindEditedRecord     = adminlog.FaultEdited
	KindRemovedRecord    = adminlog.FaultRemoved
	KindRecordState      = adminlog.FaultState
	KindUnrecordedObject = adminlog.FaultUnrecorded
	// KindDeletedRecord: an administered object whose records a
	// checkpoint holds no longer exists.
	KindDeletedRecord = "deleted_record"
)

// Problem is one finding of Verify.
type Problem struct {
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// CaseID names the case, "" for a problem of a checkpoint.
	CaseID string `json:"case_id,omitempty"`
	// Seq is the event concerned, 0 when the problem is not one event.
	Seq int `json:"seq,omitempty"`
	// Decision names the decision concerned, "" if none.
	Decision string `json:"decision,omitempty"`
	// Field names the field of the decision or its audit record that
	// differs, "" when not one field.
	Field string `json:"field,omitempty"`
	// Number is the diarienummer concerned (the first of a run), "" if
	// none.
	Number string `json:"number,omitempty"`
	// Chain names the administration chain concerned ("admin/…"), "" if
	// none.
	Chain string `json:"chain,omitempty"`
	// Checkpoint is the Seq of the checkpoint concerned or whose record
	// revealed the problem, 0 when none did.
	Checkpoint int `json:"checkpoint,omitempty"`
	// Detail describes the problem in English.
	Detail string `json:"detail"`
}

// String describes the problem on one line.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Kind)
	if p.Number != "" {
		fmt.Fprintf(&b, " %s", p.Number)
	}
	if p.CaseID != "" {
		fmt.Fprintf(&b, " case %s", p.CaseID)
	}
	if p.Chain != "" {
		fmt.Fprintf(&b, " record chain %s", p.Chain)
	}
	if p.Seq != 0 {
		fmt.Fprintf(&b, " event %d", p.Seq)
	}
	if p.Decision != "" {
		fmt.Fprintf(&b, " decision %s", p.Decision)
	}
	if p.Field != "" {
		fmt.Fprintf(&b, " field %s", p.Field)
	}
	if p.Checkpoint != 0 {
		fmt.Fprintf(&b, " checkpoint %d", p.Checkpoint)
	}
	if p.Detail != "" {
		b.WriteString(": ")
		b.WriteString(p.Detail)
	}
	return b.String()
}

// Report is the outcome of Verify.
type Report struct {
	// CasesChecked is the number of cases read.
	CasesChecked int `json:"cases_checked"`
	// EventsChecked is the number of events in them.
	EventsChecked int `json:"events_checked"`
	// CheckpointsChecked is the number of checkpoints read.
	CheckpointsChecked int `json:"checkpoints_checked"`
	// ChainsChecked and RecordsChecked count the administration's chains
	// and their records.
	ChainsChecked  int `json:"chains_checked"`
	RecordsChecked int `json:"records_checked"`
	// Problems lists what was found, in the order it was found: checkpoint
	// problems first (published checkpoints before stored ones), then the
	// problems of each case in case id order, then cases that no longer
	// exist, then what VerifyOptions.Finish adds. Each problem is listed
	// once even if several checks reveal it.
	Problems []Problem `json:"problems"`

	seen map[problemKey]bool
}

type problemKey struct {
	kind, caseID, decision, field, number, chain string
	seq, cp                                      int
}

// First returns the first problem found, or false if there is none.
func (r Report) First() (Problem, bool) {
	if len(r.Problems) == 0 {
		return Problem{}, false
	}
	return r.Problems[0], true
}

// OK reports whether no problem was found.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Add appends p unless the same problem (kind, case, event, decision,
// field, number, and for problems of no case the checkpoint) is listed
// already. Checks outside this package (VerifyOptions) report through it.
func (r *Report) Add(p Problem) { r.add(p) }

func (r *Report) add(p Problem) {
	k := problemKey{kind: p.Kind, caseID: p.CaseID, seq: p.Seq, decision: p.Decision, field: p.Field, number: p.Number, chain: p.Chain}
	if p.CaseID == "" && p.Chain == "" {
		k.cp = p.Checkpoint
	}
	if r.seen == nil {
		r.seen = map[problemKey]bool{}
	}
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	r.Problems = append(r.Problems, p)
}

// TrustKey returns a trust function for Verify that accepts signatures
// made with the given public key (standard base64, as in
// signing.Signature.PublicKey) and nothing else.
func TrustKey(publicKey string) func(sig signing.Signature) error {
	return func(sig signing.Signature) error {
		if publicKey == "" {
			return errors.New("no trusted key")
		}
		if sig.PublicKey != publicKey {
			return fmt.Errorf("signed with key %s, which is not the trusted key", sig.KeyID)
		}
		return nil
	}
}

// expectation is an event a checkpoint recorded as a case's head.
type expectation struct {
	seq  int
	hash string
	cp   int // the last checkpoint that recorded it
}

type caseExpectations struct {
	seen  bool
	items []expectation
}

// VerifyOptions are what VerifyWith checks besides the case chains and
// the stored checkpoints.
type VerifyOptions struct {
	// Trust accepts or refuses the key a checkpoint's signature is made
	// with, typically TrustKey of the server's key. Required.
	Trust func(sig signing.Signature) error
	// Published, when not nil, are checkpoints kept outside the store
	// (see Roots): each must be in the store unchanged, so that deleting
	// the newest checkpoints, or rolling the store back behind a published
	// one, is seen.
	Published *Roots
	// DecisionPayload, when set, returns the canonical content of a
	// decision: what its Digest covers and its signatures sign. Every
	// decision's digest is then recomputed and every signature checked.
	DecisionPayload func(c cases.Case, d cases.Decision) []byte
	// CheckCase, when set, is called with every case after its own checks
	// and returns that case's further problems (the audit projection's).
	// A KindProjectionMismatch problem of a decision whose content no
	// longer matches its digest is reported as KindDecisionEdited with the
	// same field: the case was edited, and the record shows what it said.
	CheckCase func(ctx context.Context, c cases.Case) ([]Problem, error)
	// Finish, when set, is called once every case was read, to add the
	// problems only the whole picture shows (records of no decision, gaps
	// in the diarium).
	Finish func(ctx context.Context, rep *Report) error
}

// Verify is VerifyWith with only a trust function: the case chains and
// the stored checkpoints.
func Verify(ctx context.Context, src Source, st Store, trust func(sig signing.Signature) error) (Report, error) {
	return VerifyWith(ctx, src, st, VerifyOptions{Trust: trust})
}

// VerifyWith checks every checkpoint in st and every case in src, and every
// event the checkpoints recorded against the current cases, as the package
// documentation describes, and what o adds. A checkpoint's signature must
// verify over its payload (signing.Verify) and o.Trust must accept it.
//
// The leaves of a checkpoint whose leaves do not match its root are not
// used to check cases. Problems are reported in the Report; the error is
// for failures to read src or st (or of o's checks), or a cancelled ctx.
func VerifyWith(ctx context.Context, src Source, st Store, o VerifyOptions) (Report, error) {
	var rep Report
	trust := o.Trust
	if trust == nil {
		return rep, errors.New("ledger: no trust function")
	}
	var cps []Checkpoint
	if err := st.Checkpoints(ctx, func(c Checkpoint) error {
		cps = append(cps, c)
		return ctx.Err()
	}); err != nil {
		return rep, fmt.Errorf("ledger: reading checkpoints: %w", err)
	}
	if o.Published != nil {
		checkPublished(&rep, cps, *o.Published, trust)
	}

	exp := map[string]*caseExpectations{}
	var prev *Checkpoint
	for i := range cps {
		c := cps[i]
		rep.CheckpointsChecked++
		want := 1
		if prev != nil {
			want = prev.Seq + 1
		}
		duplicate := false
		switch {
		case c.Seq > want:
			detail := fmt.Sprintf("checkpoint %d is missing", want)
			if c.Seq > want+1 {
				detail = fmt.Sprintf("checkpoints %d to %d are missing", want, c.Seq-1)
			}
			rep.add(Problem{Kind: KindCheckpointMissing, Checkpoint: want, Detail: detail})
		case c.Seq < want:
			duplicate = true
			rep.add(Problem{Kind: KindCheckpointRewritten, Checkpoint: c.Seq,
				Detail: fmt.Sprintf("checkpoint %d appears again after checkpoint %d", c.Seq, want-1)})
		default:
			wantPrev := ""
			if prev != nil {
				wantPrev = prev.Hash()
			}
			if c.Prev != wantPrev {
				detail := "prev does not match the hash of the previous checkpoint"
				if prev == nil {
					detail = "the first checkpoint has a prev"
				}
				rep.add(Problem{Kind: KindCheckpointRewritten, Checkpoint: c.Seq, Detail: detail})
			}
		}
		if err := signing.Verify(c.Signature, c.Payload()); err != nil {
			rep.add(Problem{Kind: KindCheckpointSignature, Checkpoint: c.Seq, Detail: err.Error()})
		} else if err := trust(c.Signature); err != nil {
			rep.add(Problem{Kind: KindCheckpointSignature, Checkpoint: c.Seq, Detail: "untrusted signature: " + err.Error()})
		}
		if duplicate {
			continue
		}
		prev = &cps[i]

		leaves, bad, err := readLeaves(ctx, st, c)
		if err != nil {
			return rep, fmt.Errorf("ledger: reading leaves of checkpoint %d: %w", c.Seq, err)
		}
		if bad != "" {
			rep.add(Problem{Kind: KindLeavesMismatch, Checkpoint: c.Seq, Detail: bad})
			continue
		}
		for _, l := range leaves {
			e := exp[l.CaseID]
			if e == nil {
				e = &caseExpectations{}
				exp[l.CaseID] = e
			}
			found := false
			for j := range e.items {
				if e.items[j].seq == l.Seq && e.items[j].hash == l.Hash {
					e.items[j].cp, found = c.Seq, true
					break
				}
			}
			if !found {
				e.items = append(e.items, expectation{seq: l.Seq, hash: l.Hash, cp: c.Seq})
			}
		}
	}

	prevID, first := "", true
	err := src.Cases(ctx, func(c cases.Case) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rep.CasesChecked++
		rep.EventsChecked += len(c.History)
		if !first && c.ID == prevID {
			rep.add(Problem{Kind: KindBrokenChain, CaseID: c.ID, Detail: "the case appears more than once"})
		}
		first, prevID = false, c.ID
		if ce := c.Verify(); ce != nil {
			rep.add(chainProblem(c, ce))
		}
		if e := exp[c.ID]; e != nil {
			e.seen = true
			checkRecorded(&rep, c, e.items)
		}
		return checkCase(ctx, &rep, c, o)
	})
	if err != nil {
		return rep, fmt.Errorf("ledger: reading cases: %w", err)
	}

	if cs, ok := src.(adminlog.Source); ok {
		if err := cs.Chains(ctx, func(c adminlog.Chain) error {
			rep.ChainsChecked++
			rep.RecordsChecked += len(c.Log)
			if f := c.Verify(); f != nil {
				rep.add(Problem{Kind: f.Kind, Chain: c.ID, Seq: f.Seq, Detail: f.Detail})
			}
			if e := exp[c.ID]; e != nil {
				e.seen = true
				checkChainRecorded(&rep, c, e.items)
			}
			return ctx.Err()
		}); err != nil {
			return rep, fmt.Errorf("ledger: reading the administration's records: %w", err)
		}
	}

	ids := make([]string, 0, len(exp))
	for id, e := range exp {
		if !e.seen {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		last := 0
		for _, it := range exp[id].items {
			last = max(last, it.cp)
		}
		if adminlog.IsChainID(id) {
			rep.add(Problem{Kind: KindDeletedRecord, Chain: id, Checkpoint: last,
				Detail: fmt.Sprintf("the administered object is recorded in checkpoint %d but no longer exists", last)})
			continue
		}
		rep.add(Problem{Kind: KindDeletedCase, CaseID: id, Checkpoint: last,
			Detail: fmt.Sprintf("the case is recorded in checkpoint %d but no longer exists", last)})
	}
	if o.Finish != nil {
		if err := o.Finish(ctx, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// readLeaves reads a checkpoint's leaves and checks them against it. bad
// describes the first mismatch, "" if none.
func readLeaves(ctx context.Context, st Store, c Checkpoint) (leaves []Leaf, bad string, err error) {
	var t tree
	chunks := 0
	var reasons []string
	note := func(format string, args ...any) {
		if len(reasons) < 3 {
			reasons = append(reasons, fmt.Sprintf(format, args...))
		}
	}
	err = st.Leaves(ctx, c.Seq, func(chunk []Leaf) error {
		chunks++
		if len(chunk) > ChunkSize {
			note("chunk %d has %d leaves, more than %d", chunks, len(chunk), ChunkSize)
		}
		for _, l := range chunk {
			if len(leaves) > 0 && l.CaseID <= leaves[len(leaves)-1].CaseID {
				note("leaf %s is out of case id order", l.CaseID)
			}
			t.add(LeafData(l))
			leaves = append(leaves, l)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, "", err
	}
	if chunks != c.LeafChunks {
		note("%d leaf chunks stored, the checkpoint records %d", chunks, c.LeafChunks)
	}
	if len(leaves) != c.CaseCount {
		note("%d leaves stored, the checkpoint records %d cases", len(leaves), c.CaseCount)
	}
	if root := t.root(); hex.EncodeToString(root[:]) != c.Root {
		note("the stored leaves do not hash to the checkpoint's root")
	}
	if len(reasons) > 0 {
		return nil, strings.Join(reasons, "; "), nil
	}
	return leaves, "", nil
}

// checkRecorded checks that the events checkpoints recorded as the case's
// head are still in its history, unchanged.
func checkRecorded(rep *Report, c cases.Case, items []expectation) {
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b expectation) int { return a.seq - b.seq })
	for _, it := range items {
		if it.seq == 0 {
			continue // the case had no events at the time
		}
		e, ok := eventAt(c.History, it.seq)
		switch {
		case !ok:
			rep.add(Problem{Kind: KindRemovedEvent, CaseID: c.ID, Seq: it.seq, Checkpoint: it.cp,
				Detail: fmt.Sprintf("event %d, recorded in checkpoint %d, is missing from the history", it.seq, it.cp)})
		case e.Hash != it.hash:
			rep.add(Problem{Kind: KindEditedEvent, CaseID: c.ID, Seq: it.seq, Checkpoint: it.cp,
				Detail: fmt.Sprintf("event %d's hash differs from the one recorded in checkpoint %d (the event or one before it was edited)", it.seq, it.cp)})
		}
	}
}

// checkChainRecorded checks that the records checkpoints recorded as an
// administration chain's head are still in it, unchanged.
func checkChainRecorded(rep *Report, c adminlog.Chain, items []expectation) {
	for _, it := range items {
		if it.seq == 0 {
			continue
		}
		if it.seq > len(c.Log) || c.Log[it.seq-1].Seq != it.seq {
			rep.add(Problem{Kind: KindRemovedRecord, Chain: c.ID, Seq: it.seq, Checkpoint: it.cp,
				Detail: fmt.Sprintf("record %d, recorded in checkpoint %d, is missing", it.seq, it.cp)})
			continue
		}
		if c.Log[it.seq-1].Hash != it.hash {
			rep.add(Problem{Kind: KindEditedRecord, Chain: c.ID, Seq: it.seq, Checkpoint: it.cp,
				Detail: fmt.Sprintf("record %d's hash differs from the one recorded in checkpoint %d (a record was edited or rewritten)", it.seq, it.cp)})
		}
	}
}

// eventAt returns the event with the given seq.
func eventAt(h []cases.Event, seq int) (cases.Event, bool) {
	if seq >= 1 && seq <= len(h) && h[seq-1].Seq == seq {
		return h[seq-1], true
	}
	for _, e := range h {
		if e.Seq == seq {
			return e, true
		}
	}
	return cases.Event{}, false
}

// chainProblem classifies the first problem cases.Case.Verify found.
func chainProblem(c cases.Case, ce *cases.ChainError) Problem {
	p := Problem{Kind: KindBrokenChain, CaseID: c.ID, Seq: ce.Seq, Detail: ce.Reason}
	switch {
	case strings.Contains(ce.Reason, "(the event was edited)"):
		p.Kind = KindEditedEvent
	case strings.HasPrefix(ce.Reason, "sequence number"), strings.HasPrefix(ce.Reason, "prev_hash"):
		p.Kind = KindEditedEvent
		if seqGap(c.History) {
			p.Kind = KindRemovedEvent
		}
	}
	return p
}

// seqGap reports whether the history's sequence numbers leave out a
// number between 1 and the highest.
func seqGap(h []cases.Event) bool {
	seqs := make([]int, 0, len(h))
	for _, e := range h {
		seqs = append(seqs, e.Seq)
	}
	slices.Sort(seqs)
	seqs = slices.Compact(seqs)
	next := 1
	for _, s := range seqs {
		if s < 1 {
			continue
		}
		if s != next {
			return true
		}
		next++
	}
	return false
}
