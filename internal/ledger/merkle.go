package ledger

import "crypto/sha256"

// Domain separation prefixes of RFC 6962 §2.1: a leaf hash can never be
// mistaken for an interior node hash.
const (
	leafPrefix = 0x00
	nodePrefix = 0x01
)

// Root returns the Merkle tree hash of leaves as RFC 6962 §2.1 defines it:
// each leaf's data is hashed as SHA-256(0x00 || data), two subtrees as
// SHA-256(0x01 || left || right), and a list of n > 1 leaves is split at
// the largest power of two smaller than n (so a lone last node is promoted,
// not duplicated). The root of no leaves is SHA-256 of the empty string.
func Root(leaves [][]byte) [32]byte {
	var t tree
	for _, l := range leaves {
		t.add(l)
	}
	return t.root()
}

// tree computes the RFC 6962 root incrementally in O(log n) memory: the
// stack holds the complete subtrees of the leaves added so far, largest
// first, one per set bit of the leaf count. Folding them from the right
// gives the same root as the recursive split at the largest power of two.
type tree struct {
	stack []subtree
	n     int
}

type subtree struct {
	hash [32]byte
	size int
}

// add appends a leaf with the given data.
func (t *tree) add(data []byte) {
	s := subtree{hash: leafHash(data), size: 1}
	for len(t.stack) > 0 && t.stack[len(t.stack)-1].size == s.size {
		left := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		s = subtree{hash: nodeHash(left.hash, s.hash), size: 2 * s.size}
	}
	t.stack = append(t.stack, s)
	t.n++
}

// root returns the tree hash of the leaves added so far.
func (t *tree) root() [32]byte {
	if len(t.stack) == 0 {
		return sha256.Sum256(nil)
	}
	h := t.stack[len(t.stack)-1].hash
	for i := len(t.stack) - 2; i >= 0; i-- {
		h = nodeHash(t.stack[i].hash, h)
	}
	return h
}

func leafHash(data []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte{leafPrefix})
	h.Write(data)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func nodeHash(left, right [32]byte) [32]byte {
	var b [1 + 2*sha256.Size]byte
	b[0] = nodePrefix
	copy(b[1:], left[:])
	copy(b[1+sha256.Size:], right[:])
	return sha256.Sum256(b[:])
}
