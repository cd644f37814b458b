package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one entry of a case's history: a link in its hash chain.
// Hash covers every other field, and PrevHash is the previous event's
// Hash (the first event's PrevHash is GenesisHash(case id)), so editing,
// removing or reordering an event breaks every hash after it.
type Event struct {
	Seq        int       `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"` // username
	Action     string    `json:"action"`
	From       State     `json:"from,omitempty"`
	To         State     `json:"to,omitempty"`
	Ref        string    `json:"ref,omitempty"`  // e.g. "revision 3", "handling 2"
	Note       string    `json:"note,omitempty"` // e.g. the reason for makulering
	DataDigest string    `json:"data_digest"`    // SHA-256 of the action's payload
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// Actions recorded in the history besides lifecycle events.
const (
	ActionRegister = "register"
	ActionMemo     = "memo_revision"
	ActionDocument = "document"
	ActionDispatch = "memo_dispatched"
	ActionDecision = "decision"
	ActionSign     = "signature"
	ActionReport   = "reported"
	ActionJav      = "jav_declared"
	// ActionJavWithdrawn: a jäv declaration withdrawn (who and why).
	ActionJavWithdrawn = "jav_withdrawn"
)

// GenesisHash anchors a case's chain to its id.
func GenesisHash(caseID string) string { return Digest("samstyr-case-v1:" + caseID) }

// Digest returns the hex SHA-256 of s.
func Digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// DigestJSON returns the hex SHA-256 of v's JSON encoding.
func DigestJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// computeHash is the hash of an event: SHA-256 over the JSON array of its
// fields in a fixed order (JSON escaping makes the encoding unambiguous).
func (e Event) computeHash() string {
	b, err := json.Marshal([]any{"samstyr-event-v1", e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.Actor,
		e.Action, e.From, e.To, e.Ref, e.Note, e.DataDigest, e.PrevHash})
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Append links e to the end of the case's history and returns it with
// Seq, PrevHash and Hash filled in. The caller writes the case (state
// change and event together) in one update.
//
// c may hold the whole history or only the document's tail: the newest
// event (always in the document) gives the sequence number and PrevHash.
func (c *Case) Append(e Event) Event {
	e.At = e.At.UTC()
	if n := len(c.History); n == 0 {
		e.Seq, e.PrevHash = c.ArchivedThrough+1, GenesisHash(c.ID)
	} else {
		e.Seq, e.PrevHash = c.History[n-1].Seq+1, c.History[n-1].Hash
	}
	e.Hash = e.computeHash()
	c.History = append(c.History, e)
	return e
}

// ChainError names the first event whose check failed.
type ChainError struct {
	CaseID string `json:"case_id"`
	Seq    int    `json:"seq"` // 0 when the problem is not one event
	Reason string `json:"reason"`
}

// Error describes the problem and names the event.
func (e *ChainError) Error() string {
	if e.Seq == 0 {
		return fmt.Sprintf("case %s: %s", e.CaseID, e.Reason)
	}
	return fmt.Sprintf("case %s: event %d: %s", e.CaseID, e.Seq, e.Reason)
}

// Verify recomputes the case's hash chain and checks that the case's
// current state, documents and memo agree with what the history recorded.
// It returns the first problem found, or nil.
func (c Case) Verify() *ChainError {
	fail := func(seq int, format string, args ...any) *ChainError {
		return &ChainError{CaseID: c.ID, Seq: seq, Reason: fmt.Sprintf(format, args...)}
	}
	if len(c.History) == 0 {
		return fail(0, "history is empty")
	}
	if !c.ArchiveSound() {
		return fail(c.StoredFrom, "the document starts at event %d but archived_through says %d events are archived (archived_through was changed)",
			c.StoredFrom, c.ArchivedThrough)
	}
	if c.ArchiveMismatch != 0 {
		return fail(c.ArchiveMismatch, "an archive block beyond archived_through holds another event %d than the document (the block was written or the mark lowered by hand)",
			c.ArchiveMismatch)
	}
	prev := GenesisHash(c.ID)
	state := State("")
	for i, e := range c.History {
		if e.Seq != i+1 {
			return fail(i+1, "sequence number is %d (an event was removed or reordered)", e.Seq)
		}
		if e.PrevHash != prev {
			return fail(e.Seq, "prev_hash does not match the previous event (an event was removed or edited)")
		}
		if e.computeHash() != e.Hash {
			return fail(e.Seq, "hash does not match the event's content (the event was edited)")
		}
		if e.To != "" {
			if e.From != state && i > 0 {
				return fail(e.Seq, "transition from %s but the case was %s", e.From, state)
			}
			state = e.To
		}
		prev = e.Hash
	}
	if state != c.State {
		return fail(0, "state is %s but the history ends in %s", c.State, state)
	}
	docs := map[string]string{}
	for _, e := range c.History {
		if e.Action == ActionDocument {
			docs[e.Ref] = e.DataDigest
		}
	}
	for _, d := range c.Documents {
		if docs[DocumentRef(d.No)] != d.DocumentDigest() {
			return fail(0, "handling %d differs from what the history recorded", d.No)
		}
	}
	recorded := map[string]string{} // decision id → digest the history recorded
	sigs := map[string][]string{}   // decision id → signature digests recorded
	for _, e := range c.History {
		switch e.Action {
		case ActionDecision, "decide_delegated", "decide_urgent":
			recorded[e.Ref] = e.DataDigest
		case ActionSign:
			sigs[e.Ref] = append(sigs[e.Ref], e.DataDigest)
		}
	}
	for _, d := range c.Decisions {
		if recorded[d.ID] != d.Digest {
			return fail(0, "decision %s differs from what the history recorded", d.ID)
		}
		if len(sigs[d.ID]) != len(d.Signatures) {
			return fail(0, "decision %s has %d signatures, the history recorded %d", d.ID, len(d.Signatures), len(sigs[d.ID]))
		}
		for i, sg := range d.Signatures {
			if Digest(sg.Value) != sigs[d.ID][i] {
				return fail(0, "signature %d of decision %s differs from what the history recorded", i+1, d.ID)
			}
		}
	}
	if p := c.verifyArchival(); p != nil {
		return p
	}
	if c.Memo != nil {
		var last string
		for _, e := range c.History {
			if e.Action == ActionMemo {
				last = e.DataDigest
			}
		}
		if last != c.Memo.Digest {
			return fail(0, "the memo differs from the last revision the history recorded")
		}
	}
	return nil
}

// DocumentRef is the history reference of handling no.
func DocumentRef(no int) string { return fmt.Sprintf("handling %d", no) }

// RevisionRefText is the history reference of memo revision no.
func RevisionRefText(no int) string { return fmt.Sprintf("revision %d", no) }

// DocumentDigest is what the history records for a handling: its metadata
// and the file's SHA-256.
func (d Document) DocumentDigest() string {
	fields := []any{d.No, d.Direction, d.Date, d.Party, d.Description, d.FileName, d.ContentType, d.Size, d.SHA256, d.BlobID}
	if d.Format != "" || d.Archival {
		// Recorded since formats are: covered too, and older handlingar
		// keep the digest they were registered with.
		fields = append(fields, d.Format, d.Archival)
	}
	if d.MaskedVersionOf > 0 {
		// Only masked copies carry the link: other handlingar keep the
		// digest they were registered with.
		fields = append(fields, "masked_version_of", d.MaskedVersionOf)
	}
	return DigestJSON(fields)
}
