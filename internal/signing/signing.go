// Package signing makes and checks electronic signatures (elektroniska
// underskrifter) of decisions.
//
// The Signer interface is the seam: the built-in KeyStore signs with an
// Ed25519 key per user, generated on first use and kept sealed under a
// master key, and an external e-legitimation service (BankID, Freja eID,
// SITHS eID) can replace it by implementing the same interface.
//
// What is signed is a byte string, normally the RFC 8785 canonical JSON of
// the decision (see package jcs). The signature covers exactly those bytes:
// anything that must be bound to the signature, such as who decides and
// when, belongs in the payload.
package signing

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Method is the Signature.Method of signatures made by the built-in
// KeyStore: Ed25519 over the payload bytes.
const Method = "samstyr-ed25519"

// Errors from Verify. Each failure has its own sentinel; test with errors.Is.
var (
	// ErrBadSignature: the signature value does not verify over the payload
	// with the given public key (the payload or the signature was altered).
	ErrBadSignature = errors.New("signing: signature does not verify")
	// ErrDigestMismatch: the signature verifies but its recorded digest is
	// not the SHA-256 of the payload.
	ErrDigestMismatch = errors.New("signing: digest does not match payload")
	// ErrUnknownMethod: the signature was made by a method this package
	// cannot verify.
	ErrUnknownMethod = errors.New("signing: unknown signature method")
	// ErrMalformed: a field of the signature cannot be decoded, has the
	// wrong length, or the key id does not belong to the public key.
	ErrMalformed = errors.New("signing: malformed signature")
)

// Signature is an electronic signature (underskrift) of a payload.
type Signature struct {
	// Method names how the signature was made and is verified; the built-in
	// one is Method ("samstyr-ed25519").
	Method string `json:"method"`
	// KeyID identifies the key: the first 16 hex characters of the SHA-256
	// of the public key (see KeyIDOf).
	KeyID string `json:"key_id"`
	// PublicKey is the 32-byte Ed25519 public key, standard base64.
	PublicKey string `json:"public_key"`
	// Value is the 64-byte Ed25519 signature of the payload, standard base64.
	Value string `json:"value"`
	// Digest is the lowercase hex SHA-256 of the payload. It is informative
	// (it lets a reader match a signature to the signed bytes); the
	// signature itself is over the payload, not over the digest.
	Digest string `json:"digest"`
	// SignedAt is when the signature was made (undertecknad).
	SignedAt time.Time `json:"signed_at"`
	// SignerID is the user who signed (undertecknare).
	SignerID string `json:"signer_id"`
}

// Signer makes signatures on behalf of users. It is the seam for external
// e-legitimation services such as BankID, Freja eID or SITHS eID: an
// implementation for one of them returns a Signature with its own Method
// (and verifies it itself), while the built-in KeyStore signs locally with
// Method.
type Signer interface {
	// Sign signs payload as signerID at time at.
	Sign(ctx context.Context, signerID string, payload []byte, at time.Time) (Signature, error)
}

// Digest returns the lowercase hex SHA-256 of payload, as in
// Signature.Digest.
func Digest(payload []byte) string {
	sum := sha256.Sum256(payload)
	return hex.EncodeToString(sum[:])
}

// KeyIDOf returns the key id of an Ed25519 public key: the first 16 hex
// characters of its SHA-256.
func KeyIDOf(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// Verify checks that sig is a valid signature of payload: the method is
// Method, the fields are well formed, the key id belongs to the public key,
// the Ed25519 signature verifies over payload, and the digest is that of
// payload. It returns nil or an error wrapping exactly one of
// ErrUnknownMethod, ErrMalformed, ErrBadSignature or ErrDigestMismatch.
//
// Verify proves only that the holder of sig.PublicKey signed payload. That
// the key is the signer's is for the caller to establish, for example with
// KeyStore.Verify.
func Verify(sig Signature, payload []byte) error {
	if sig.Method != Method {
		return ErrUnknownMethod
	}
	pub, err := base64.StdEncoding.DecodeString(sig.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: public key is not 32 bytes of base64", ErrMalformed)
	}
	value, err := base64.StdEncoding.DecodeString(sig.Value)
	if err != nil || len(value) != ed25519.SignatureSize {
		return fmt.Errorf("%w: value is not 64 bytes of base64", ErrMalformed)
	}
	if sig.KeyID != KeyIDOf(pub) {
		return fmt.Errorf("%w: key id does not belong to the public key", ErrMalformed)
	}
	if !isDigest(sig.Digest) {
		return fmt.Errorf("%w: digest is not 64 lowercase hex characters", ErrMalformed)
	}
	if !ed25519.Verify(pub, payload, value) {
		return ErrBadSignature
	}
	if subtle.ConstantTimeCompare([]byte(sig.Digest), []byte(Digest(payload))) != 1 {
		return ErrDigestMismatch
	}
	return nil
}

func isDigest(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
