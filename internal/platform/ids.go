// Identifiers and secrets: time-ordered record ids and random opaque
// tokens.

package platform

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"

	"github.com/google/uuid"
)

// NewID returns a new record id: a UUIDv7, so ids sort by creation time.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// Secret returns a random URL-safe string carrying n bytes of entropy,
// prefixed with prefix (e.g. "sst_" for API tokens) so leaked secrets are
// easy to recognise.
func Secret(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// Digest returns the hex SHA-256 of a secret. Tokens and session ids are
// stored only as digests, so a copy of the database grants no access.
func Digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
