package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/samstyr/samstyr/internal/signing"
)

// RootsFormat is the Roots.Format of published checkpoint lists.
const RootsFormat = "samstyr-roots-v1"

// Roots is the list of checkpoints published outside the store: on the
// public anslagstavla and its API route, for anyone to keep. Each entry is
// the whole signed checkpoint (without its leaves), so a copy can be
// checked on its own; together the entries anchor the store's history: a
// store that no longer holds a published checkpoint unchanged was rolled
// back or rewritten (VerifyOptions.Published).
type Roots struct {
	// Format is RootsFormat.
	Format string `json:"format"`
	// PublishedAt is when the list was read from the store.
	PublishedAt time.Time `json:"published_at"`
	// ServerKey is the standard base64 Ed25519 public key that signs the
	// checkpoints.
	ServerKey string `json:"server_key"`
	// Checkpoints are the checkpoints, ascending by Seq.
	Checkpoints []PublishedCheckpoint `json:"checkpoints"`
}

// PublishedCheckpoint is a checkpoint as published: its fields and its
// Hash (the next checkpoint's Prev).
type PublishedCheckpoint struct {
	Checkpoint
	// Hash is Checkpoint.Hash().
	Hash string `json:"hash"`
}

// NewRoots lists cps for publication.
func NewRoots(cps []Checkpoint, serverKey string, at time.Time) Roots {
	r := Roots{Format: RootsFormat, PublishedAt: at.UTC(), ServerKey: serverKey, Checkpoints: []PublishedCheckpoint{}}
	for _, c := range cps {
		r.Checkpoints = append(r.Checkpoints, PublishedCheckpoint{Checkpoint: c, Hash: c.Hash()})
	}
	return r
}

// DecodeRoots reads a Roots document: the format must be RootsFormat,
// unknown members and trailing data are refused.
func DecodeRoots(r io.Reader) (Roots, error) {
	var out Roots
	b, err := io.ReadAll(r)
	if err != nil {
		return out, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return Roots{}, fmt.Errorf("ledger: reading published roots: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Roots{}, errors.New("ledger: reading published roots: data after the object")
	}
	if out.Format != RootsFormat {
		return Roots{}, fmt.Errorf("ledger: reading published roots: format is %q, want %q", out.Format, RootsFormat)
	}
	return out, nil
}

// checkPublished checks every published checkpoint: its entry must be
// consistent (hash, signature by the published key), the published key
// must be the one the store trusts, and the store must hold the same
// checkpoint under the same number.
func checkPublished(rep *Report, stored []Checkpoint, roots Roots, trust func(signing.Signature) error) {
	bySeq := make(map[int]Checkpoint, len(stored))
	newest := 0
	for _, c := range stored {
		if _, dup := bySeq[c.Seq]; !dup {
			bySeq[c.Seq] = c
		}
		newest = max(newest, c.Seq)
	}
	keyNoted := false
	for _, p := range roots.Checkpoints {
		add := func(format string, args ...any) {
			rep.add(Problem{Kind: KindPublishedCheckpoint, Checkpoint: p.Seq, Detail: fmt.Sprintf(format, args...)})
		}
		if p.Hash != p.Checkpoint.Hash() {
			add("the published entry's hash does not match its content (the copy was altered)")
			continue
		}
		if err := signing.Verify(p.Signature, p.Payload()); err != nil {
			add("the published entry's signature does not verify: %v", err)
			continue
		}
		if err := TrustKey(roots.ServerKey)(p.Signature); err != nil {
			add("the published entry is not signed with the published server key: %v", err)
			continue
		}
		if err := trust(p.Signature); err != nil && !keyNoted {
			keyNoted = true
			add("the published checkpoints are signed with a key the store does not trust (%v): the store's key was replaced", err)
		}
		s, ok := bySeq[p.Seq]
		switch {
		case !ok && p.Seq > newest:
			add("checkpoint %d (root %s, made %s) was published but the store's newest checkpoint is %d: the newest checkpoints were deleted or the store was rolled back",
				p.Seq, p.Root, p.At.UTC().Format(time.RFC3339), newest)
		case !ok:
			add("checkpoint %d (root %s, made %s) was published but is missing from the store", p.Seq, p.Root, p.At.UTC().Format(time.RFC3339))
		case s.Hash() != p.Hash:
			add("checkpoint %d in the store differs from the one published (root %s there, %s published): it was rewritten",
				p.Seq, s.Root, p.Root)
		}
	}
}
