// Package ledger makes the history of every ärende tamper-evident as a
// whole, not only case by case.
//
// Each case already carries its own hash chain (see cases.Event): editing,
// removing or reordering an event breaks the chain from that event on.
// What a single chain cannot show is a consistent rewrite: someone with
// write access to the database who edits an event and recomputes every hash
// after it, truncates a history, or deletes a whole case. The ledger closes
// that gap with signed checkpoints.
//
// # Checkpoints
//
// A checkpoint (Build) records the head of every case chain at one moment:
// one Leaf per case, (case id, seq of the last event, hash of the last
// event), sorted by case id. The leaves are hashed into a Merkle tree
// built as in RFC 6962 (leaf hash SHA-256(0x00 || data), node hash
// SHA-256(0x01 || left || right), a tree of n leaves split at the largest
// power of two below n; the empty tree hashes to SHA-256 of nothing), where
// a leaf's data is the RFC 8785 canonical JSON of [case_id, seq, hash]
// (LeafData). The checkpoint document holds its sequence number, time,
// case count, Merkle root, number of stored leaf chunks and the hash of
// the previous checkpoint's payload, so the checkpoints form a chain of
// their own. Its canonical payload (Checkpoint.Payload) is signed by the
// server's signing key. The leaves themselves are stored next to it in
// chunks of at most ChunkSize.
//
// # Verification
//
// Verify checks, in this order and reporting every Problem it finds:
//
//   - every checkpoint: numbered 1, 2, 3, … without gaps (checkpoint_missing),
//     its Prev is the Hash of the checkpoint before (checkpoint_rewritten),
//     its signature verifies over its payload and is made with a trusted key
//     (checkpoint_signature), and its stored leaves hash to its Root and
//     number CaseCount (leaves_mismatch);
//   - every case chain with cases.Case.Verify (edited_event, removed_event,
//     broken_chain);
//   - every leaf of every checkpoint against the current cases: the case
//     must still exist (deleted_case), still have an event with the leaf's
//     seq (removed_event) and that event must still have the leaf's hash
//     (edited_event). Histories only grow, so an event recorded by any
//     checkpoint must be unchanged now; cases created after a checkpoint
//     are not in it and need not be.
//
// A rewrite that keeps each chain internally consistent therefore changes
// a head hash recorded by a signed checkpoint; a rewrite of the
// checkpoints as well needs the server's private key and, unless it
// rewrites every checkpoint from the first changed one on, breaks the
// checkpoint chain.
//
// What the ledger cannot show on its own: an attacker who holds the
// server's signing key and rewrites cases, leaves and all checkpoints
// consistently, or who removes the newest checkpoints (and the changes
// made after them). Keeping exported files (Export) or checkpoint hashes
// outside the system, for example in the diarium or with the archive
// authority, anchors the chain against both.
//
// # Offline verification
//
// Export writes every case, every checkpoint and its leaves, and the
// server's public key as one JSON document (File, format FileFormat),
// streaming so that memory stays bounded. VerifyFile reads such a file and
// runs the same Verify over it, trusting only signatures made with the key
// the file names; whoever relies on the result must check that key against
// the one the authority publishes.
//
// The package is independent of storage: it reads cases through Source and
// keeps checkpoints through Store, both small interfaces implemented by
// the storage layer.
package ledger
