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
// # The administration's records
//
// The administration's changes (users, roles, boards, seats, reference
// data; see internal/adminlog) are chains too, one per administered
// object, kept inside the object's document. A Source that also lists
// them (adminlog.Source) makes each chain's head a leaf whose CaseID is
// the chain's id ("admin/…"), so the checkpoints cover them; Verify
// checks every chain (its hashes, and that the object is what its last
// record says), every head a checkpoint recorded against the chains now,
// and reports edited_record, removed_record, record_state_mismatch,
// unrecorded_object and deleted_record naming the chain (Problem.Chain).
// Export writes the chains with the cases.
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
// VerifyWith adds, through VerifyOptions: the checkpoints published
// outside the store (Roots), each of which must be in the store unchanged
// (published_checkpoint); every decision's digest recomputed from its
// content and every signature checked over it (decision_edited,
// decision_signature); and the caller's own checks of each case and of
// the whole (the audit projection and the diarium's number series, see
// internal/audit).
//
// A rewrite that keeps each chain internally consistent therefore changes
// a head hash recorded by a signed checkpoint; a rewrite of the
// checkpoints as well needs the server's private key and, unless it
// rewrites every checkpoint from the first changed one on, breaks the
// checkpoint chain.
//
// What the store alone cannot show: an attacker who holds the server's
// signing key and rewrites cases, leaves and all checkpoints
// consistently, or who deletes the newest checkpoints and rolls back or
// deletes what changed after the checkpoint before them. Both are caught
// once the checkpoints are published (Roots: the public API route and the
// anslagstavla) and a copy kept outside Samstyr is checked against the
// store: a published checkpoint missing from the store, or different in
// it, is a published_checkpoint problem. What remains open is the window
// since the newest checkpoint someone kept: changes made after it can be
// rolled back or deleted unseen. Checkpoints are made every hour when
// anything changed (SAMSTYR_CHECKPOINT_INTERVAL) and on demand, which
// bounds that window for whoever keeps the roots that often.
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
