package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/internal/signing"
)

// ChunkSize is the largest number of leaves stored in one chunk.
const ChunkSize = 1000

// payloadType tags a checkpoint payload so that its signature cannot be
// taken for the signature of anything else the same key signs.
const payloadType = "samstyr-checkpoint-v1"

// Leaf is one case's chain head at checkpoint time: the case id and the
// seq and hash of its last event. A case with no events has Seq 0 and an
// empty Hash. The head of an administration chain (adminlog) is a leaf
// too, its CaseID the chain's id ("admin/…"), Seq and Hash its last
// record's.
type Leaf struct {
	CaseID string `json:"case_id"`
	Seq    int    `json:"seq"`
	Hash   string `json:"hash"`
}

// LeafData returns the bytes a leaf contributes to the Merkle tree: the
// RFC 8785 canonical JSON of [case_id, seq, hash].
func LeafData(l Leaf) []byte {
	b, err := jcs.Marshal([]any{l.CaseID, l.Seq, l.Hash})
	if err != nil {
		panic(fmt.Sprintf("ledger: encoding leaf: %v", err)) // strings and an int always encode
	}
	return b
}

// Checkpoint is a signed record of the heads of every case chain at one
// moment. Everything but Signature is signed (see Payload).
type Checkpoint struct {
	// Seq numbers the checkpoints 1, 2, 3, … without gaps.
	Seq int `json:"seq"`
	// At is when the checkpoint was made, UTC, whole milliseconds (so that
	// it survives storage with millisecond precision unchanged).
	At time.Time `json:"at"`
	// CaseCount is the number of leaves: one per case.
	CaseCount int `json:"case_count"`
	// Root is the hex Merkle root (see Root) over the leaves' LeafData, in
	// case id order.
	Root string `json:"root"`
	// Prev is the Hash of the previous checkpoint, "" for the first.
	Prev string `json:"prev"`
	// LeafChunks is the number of chunks the leaves are stored in:
	// CaseCount / ChunkSize rounded up.
	LeafChunks int `json:"leaf_chunks"`
	// Signature is the server's signature of Payload.
	Signature signing.Signature `json:"signature"`
}

// checkpointPayload is what is signed of a checkpoint.
type checkpointPayload struct {
	Type       string `json:"type"`
	Seq        int    `json:"seq"`
	At         string `json:"at"`
	CaseCount  int    `json:"case_count"`
	Root       string `json:"root"`
	Prev       string `json:"prev"`
	LeafChunks int    `json:"leaf_chunks"`
}

// Payload returns the bytes that are signed and hashed: the RFC 8785
// canonical JSON of every field but Signature, with At in RFC 3339 UTC
// and a "type" member "samstyr-checkpoint-v1" that binds the signature to
// its purpose.
func (c Checkpoint) Payload() []byte {
	b, err := jcs.Marshal(checkpointPayload{
		Type:       payloadType,
		Seq:        c.Seq,
		At:         c.At.UTC().Format(time.RFC3339Nano),
		CaseCount:  c.CaseCount,
		Root:       c.Root,
		Prev:       c.Prev,
		LeafChunks: c.LeafChunks,
	})
	if err != nil {
		panic(fmt.Sprintf("ledger: encoding checkpoint: %v", err)) // strings and ints always encode
	}
	return b
}

// Hash returns the hex SHA-256 of Payload; the next checkpoint's Prev.
func (c Checkpoint) Hash() string {
	sum := sha256.Sum256(c.Payload())
	return hex.EncodeToString(sum[:])
}

// Source reads the current cases.
type Source interface {
	// Cases calls fn with every case, in case id order, and stops at the
	// first error fn returns (returning it).
	Cases(ctx context.Context, fn func(c cases.Case) error) error
}

// Store keeps checkpoints and their leaves. It is append-only: nothing is
// ever updated or deleted through it.
type Store interface {
	// LastCheckpoint returns the checkpoint with the highest Seq, or false
	// if there is none.
	LastCheckpoint(ctx context.Context) (Checkpoint, bool, error)
	// InsertCheckpoint stores c and its leaves, given in chunks of at most
	// ChunkSize. It writes the chunks first and the checkpoint document
	// last, so that a checkpoint is never visible without its leaves; it
	// must fail with ErrSeqTaken, writing no checkpoint, if a checkpoint
	// with c.Seq exists.
	//
	// A crash between the two leaves orphan chunks that no checkpoint
	// refers to. They must not be mistaken for the leaves of a later
	// checkpoint with the same Seq: either key the chunks by checkpoint
	// hash as well as Seq and chunk index (Leaves then returns the chunks
	// of the stored checkpoint's hash, orphans are ignored and may be
	// removed at leisure, and two concurrent builders cannot mix their
	// chunks), or key them by Seq and chunk index, overwrite on retry and
	// have Leaves return only chunks below the checkpoint's LeafChunks.
	InsertCheckpoint(ctx context.Context, c Checkpoint, leaves [][]Leaf) error
	// Checkpoints calls fn with every checkpoint in ascending Seq.
	Checkpoints(ctx context.Context, fn func(Checkpoint) error) error
	// Leaves calls fn with each chunk of the leaves of checkpoint seq, in
	// order. It calls fn no times if there are none.
	Leaves(ctx context.Context, seq int, fn func([]Leaf) error) error
}

// HeadSource is a Source that can list every case's chain head without
// reading whole histories (the newest event is always in the case
// document, older ones may be archived elsewhere). Build uses it when its
// Source implements it, which keeps checkpoints cheap.
type HeadSource interface {
	// Heads calls fn with every case's Leaf (its last event's seq and
	// hash), in case id order, and stops at the first error fn returns.
	Heads(ctx context.Context, fn func(Leaf) error) error
}

// Build makes, signs and stores a new checkpoint over every case src
// yields: one leaf per case with the seq and hash of its last event,
// linked to the last checkpoint in st and signed by signerID with signer.
// A zero at means now; at is stored in UTC truncated to milliseconds.
//
// Build records the heads as they are and does not verify the chains
// (Verify does). Builds may run concurrently (the periodic worker of every
// instance and an on-demand request): a build whose Seq another one took
// meanwhile starts again on top of that checkpoint.
func Build(ctx context.Context, src Source, st Store, signer signing.Signer, signerID string, at time.Time) (Checkpoint, error) {
	cp, _, err := build(ctx, src, st, signer, signerID, at, true)
	return cp, err
}

// BuildIfChanged is Build, except that when every head is what the last
// checkpoint recorded (the same root over the same number of cases), or
// there is no case and no checkpoint yet, it stores nothing and returns
// the last checkpoint and false: a periodic checkpoint of an idle
// installation costs one read of the heads.
func BuildIfChanged(ctx context.Context, src Source, st Store, signer signing.Signer, signerID string, at time.Time) (Checkpoint, bool, error) {
	return build(ctx, src, st, signer, signerID, at, false)
}

// ErrSeqTaken is what Store.InsertCheckpoint returns when another
// checkpoint already holds the Seq (a concurrent build won).
var ErrSeqTaken = errors.New("ledger: checkpoint number taken")

// maxBuildAttempts bounds how often build starts again after losing its
// Seq to a concurrent build.
const maxBuildAttempts = 10

func build(ctx context.Context, src Source, st Store, signer signing.Signer, signerID string, at time.Time, always bool) (Checkpoint, bool, error) {
	for attempt := 1; ; attempt++ {
		cp, made, err := buildOnce(ctx, src, st, signer, signerID, at, always)
		if !errors.Is(err, ErrSeqTaken) || attempt == maxBuildAttempts {
			return cp, made, err
		}
	}
}

func buildOnce(ctx context.Context, src Source, st Store, signer signing.Signer, signerID string, at time.Time, always bool) (Checkpoint, bool, error) {
	if signer == nil {
		return Checkpoint{}, false, errors.New("ledger: no signer")
	}
	if at.IsZero() {
		at = time.Now()
	}
	at = at.UTC().Truncate(time.Millisecond)
	last, ok, err := st.LastCheckpoint(ctx)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("ledger: reading last checkpoint: %w", err)
	}
	cp := Checkpoint{Seq: 1, At: at}
	if ok {
		cp.Seq = last.Seq + 1
		cp.Prev = last.Hash()
	}
	leaves, err := readHeads(ctx, src)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("ledger: reading cases: %w", err)
	}
	slices.SortFunc(leaves, func(a, b Leaf) int { return strings.Compare(a.CaseID, b.CaseID) })
	var t tree
	for i, l := range leaves {
		if i > 0 && leaves[i-1].CaseID == l.CaseID {
			return Checkpoint{}, false, fmt.Errorf("ledger: case %s appears more than once", l.CaseID)
		}
		t.add(LeafData(l))
	}
	root := t.root()
	cp.Root = hex.EncodeToString(root[:])
	cp.CaseCount = len(leaves)
	if !always && (ok && last.Root == cp.Root && last.CaseCount == cp.CaseCount || !ok && cp.CaseCount == 0) {
		return last, false, nil
	}
	chunks := make([][]Leaf, 0, (len(leaves)+ChunkSize-1)/ChunkSize)
	for len(leaves) > 0 {
		n := min(ChunkSize, len(leaves))
		chunks = append(chunks, leaves[:n:n])
		leaves = leaves[n:]
	}
	cp.LeafChunks = len(chunks)
	cp.Signature, err = signer.Sign(ctx, signerID, cp.Payload(), at)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("ledger: signing checkpoint %d: %w", cp.Seq, err)
	}
	if err := st.InsertCheckpoint(ctx, cp, chunks); err != nil {
		return Checkpoint{}, false, fmt.Errorf("ledger: storing checkpoint %d: %w", cp.Seq, err)
	}
	return cp, true, nil
}

// readHeads lists every case's leaf, through HeadSource when src has it,
// and the head of every administration chain with records when src lists
// them (adminlog.Source).
func readHeads(ctx context.Context, src Source) ([]Leaf, error) {
	leaves, err := readCaseHeads(ctx, src)
	if err != nil {
		return nil, err
	}
	if cs, ok := src.(adminlog.Source); ok {
		err = cs.Chains(ctx, func(c adminlog.Chain) error {
			if h, ok := c.Log.Head(); ok {
				leaves = append(leaves, Leaf{CaseID: c.ID, Seq: h.Seq, Hash: h.Hash})
			}
			return ctx.Err()
		})
	}
	return leaves, err
}

func readCaseHeads(ctx context.Context, src Source) ([]Leaf, error) {
	var leaves []Leaf
	if hs, ok := src.(HeadSource); ok {
		err := hs.Heads(ctx, func(l Leaf) error {
			leaves = append(leaves, l)
			return ctx.Err()
		})
		return leaves, err
	}
	err := src.Cases(ctx, func(c cases.Case) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		l := Leaf{CaseID: c.ID}
		if n := len(c.History); n > 0 {
			l.Seq, l.Hash = c.History[n-1].Seq, c.History[n-1].Hash
		}
		leaves = append(leaves, l)
		return nil
	})
	return leaves, err
}
