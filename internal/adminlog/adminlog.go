// Package adminlog keeps the administration's records tamper-evident: who
// changed what in the organisation's set-up (a nämnd, a person's account,
// a role, a seat, a reference value), when, and what it was before and
// after.
//
// Every administered object (a user, a board, a board's seat roster, the
// organisation, a reference table) carries its own hash chain of Records
// inside its document, written in the same single-document update as the
// change itself (there are no multi-document transactions). A Record's
// Hash covers every other field, its chain's id and the previous record's
// Hash (the first one's PrevHash is Genesis of the chain id), so editing,
// removing or reordering a record, or moving a chain to another object,
// breaks the chain. Each Record also carries State, the digest of the
// object's administered state after the change: an object changed behind
// the application's back no longer matches its last record.
//
// The chains' heads are leaves of the ledger's signed checkpoints (see
// internal/ledger), so a consistent rewrite of a whole chain, or a
// deleted object, shows too.
package adminlog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Prefix starts the id of every administration chain; case ids never do.
const Prefix = "admin/"

// ChainID names the chain of one administered object: Prefix, the kind of
// object and its key, e.g. "admin/user/0f3…", "admin/board/KFN".
func ChainID(kind, key string) string { return Prefix + kind + "/" + key }

// IsChainID reports whether id names an administration chain.
func IsChainID(id string) bool { return strings.HasPrefix(id, Prefix) }

// Record is one administrative change: a link in its object's chain.
type Record struct {
	Seq    int       `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`  // username, or "system" / "migration"
	Action string    `json:"action"` // e.g. user_created, role_granted, seat_ended
	// Ref names the part changed (a role id, a seat id, a year), "" for
	// the whole object.
	Ref string `json:"ref,omitempty"`
	// Before and After are the changed part as JSON text, "" when there
	// was none before (a creation) or none after.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Note says why or through what: an import's id and row, a reason.
	Note string `json:"note,omitempty"`
	// State is the digest of the object's administered state after the
	// change (StateDigest).
	State    string `json:"state"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// Log is an object's chain of records, oldest first.
type Log []Record

// Genesis anchors the chain of chainID.
func Genesis(chainID string) string { return digest([]byte("samstyr-admin-v1:" + chainID)) }

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// hash is the hash of r in the chain chainID: SHA-256 over the JSON array
// of its fields in a fixed order (JSON escaping keeps it unambiguous).
func (r Record) hash(chainID string) string {
	b, err := json.Marshal([]any{"samstyr-admin-v1", chainID, r.Seq, r.At.UTC().Format(time.RFC3339Nano), r.Actor,
		r.Action, r.Ref, r.Before, r.After, r.Note, r.State, r.PrevHash})
	if err != nil {
		panic(err) // strings and ints always encode
	}
	return digest(b)
}

// JSON returns v as compact JSON text for Before and After ("" for nil).
func JSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("adminlog: encoding %T: %v", v, err))
	}
	if string(b) == "null" {
		return ""
	}
	return string(b)
}

// StateDigest is the digest of an object's administered state (its JSON
// encoding); "" for nil, the state of an object nothing administers.
func StateDigest(state any) string {
	s := JSON(state)
	if s == "" {
		return ""
	}
	return digest([]byte(s))
}

// Append links r to the end of l in the chain chainID and returns it with
// Seq, PrevHash and Hash filled in. The caller sets r.State and writes the
// object (change and record together) in one update.
func (l *Log) Append(chainID string, r Record) Record {
	r.At = r.At.UTC()
	if n := len(*l); n == 0 {
		r.Seq, r.PrevHash = 1, Genesis(chainID)
	} else {
		r.Seq, r.PrevHash = (*l)[n-1].Seq+1, (*l)[n-1].Hash
	}
	r.Hash = r.hash(chainID)
	*l = append(*l, r)
	return r
}

// Head returns the last record, and false for an empty log.
func (l Log) Head() (Record, bool) {
	if len(l) == 0 {
		return Record{}, false
	}
	return l[len(l)-1], true
}

// Kinds of Fault.
const (
	// FaultEdited: a record's content no longer matches its hash.
	FaultEdited = "edited_record"
	// FaultRemoved: a record is missing (a gap or a reordering).
	FaultRemoved = "removed_record"
	// FaultState: the object differs from what its last record says it
	// became (changed behind the application's back).
	FaultState = "record_state_mismatch"
	// FaultUnrecorded: an administered object has no record at all.
	FaultUnrecorded = "unrecorded_object"
)

// Fault is the first problem Verify found in a chain.
type Fault struct {
	Kind   string
	Seq    int // 0 when not one record
	Detail string
}

// Verify recomputes the chain chainID and compares its last record's
// State with state, the digest of the object's administered state now
// (StateDigest); state "-" skips that comparison (an exported chain whose
// object is not at hand). It returns the first problem, or nil.
func Verify(chainID string, l Log, state string) *Fault {
	prev := Genesis(chainID)
	for i, r := range l {
		if r.Seq != i+1 {
			return &Fault{Kind: FaultRemoved, Seq: i + 1, Detail: fmt.Sprintf("record %d has sequence number %d (a record was removed or reordered)", i+1, r.Seq)}
		}
		if r.PrevHash != prev {
			return &Fault{Kind: FaultRemoved, Seq: r.Seq, Detail: "prev_hash does not match the previous record (a record was removed or edited)"}
		}
		if r.hash(chainID) != r.Hash {
			return &Fault{Kind: FaultEdited, Seq: r.Seq, Detail: "hash does not match the record's content (the record was edited)"}
		}
		prev = r.Hash
	}
	if state == "-" {
		return nil
	}
	head, ok := l.Head()
	switch {
	case !ok && state != "":
		return &Fault{Kind: FaultUnrecorded, Detail: "the object is administered but has no record of who set it up"}
	case ok && head.State != state:
		return &Fault{Kind: FaultState, Seq: head.Seq, Detail: fmt.Sprintf("the object differs from what record %d says it became (changed outside Samstyr)", head.Seq)}
	}
	return nil
}

// Chain is one administered object's records, with the digest of the
// object's administered state now (StateDigest; "-" when the object is not
// at hand, as in an exported file).
type Chain struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	Log   Log    `json:"records"`
	State string `json:"state"`
}

// Verify checks the chain (see the function Verify).
func (c Chain) Verify() *Fault { return Verify(c.ID, c.Log, c.State) }

// Source lists every administration chain, in id order.
type Source interface {
	Chains(ctx context.Context, fn func(Chain) error) error
}
