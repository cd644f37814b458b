package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (OWASP's 2024 minimum: 19 MiB, 2 passes, 1 lane).
// They are written into each hash, so raising them later keeps old hashes
// verifiable.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// PasswordCost is the argon2id cost of hashing a new password: memory in
// KiB and passes (one lane always). The cost is written into each hash,
// and verification reads it from there.
type PasswordCost struct {
	MemoryKiB uint32
	Time      uint32
}

// DefaultPasswordCost is the cost every Samstyr process hashes with
// (19 MiB, t=2, p=1: docs/security.md). It is a copy for callers to name:
// HashPassword and NewService take the cost from the constants above.
var DefaultPasswordCost = productionCost()

// productionCost is the cost of the constants above.
func productionCost() PasswordCost { return PasswordCost{MemoryKiB: argonMemoryKiB, Time: argonTime} }

// InsecureTestPasswordCost is a cost for tests only (64 KiB, one pass:
// well under a millisecond), so a test instance can create and log in
// its demo users thousands of times. Nothing a production process reads
// selects it (no setting, no environment variable): only WithPasswordCost
// in a test kit does (internal/testkit/apptest uses it unless a test asks
// for DefaultPasswordCost).
var InsecureTestPasswordCost = PasswordCost{MemoryKiB: 64, Time: 1}

// HashPassword returns the argon2id hash of password in PHC string format
// at DefaultPasswordCost. It hashes what it is given: the rule for new
// passwords is PasswordProblem.
func HashPassword(password string) (string, error) { return productionCost().Hash(password) }

// Hash returns the argon2id hash of password at cost c in PHC string
// format.
func (c PasswordCost) Hash(password string) (string, error) {
	if c.MemoryKiB < 8*argonThreads || c.Time == 0 {
		return "", fmt.Errorf("identity: password cost m=%d,t=%d too low for argon2id", c.MemoryKiB, c.Time)
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, c.Time, c.MemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.MemoryKiB, c.Time,
		argonThreads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("identity: malformed password hash")

// VerifyPassword reports whether password matches the PHC-encoded hash, in
// time independent of where they differ.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil || mem == 0 || t == 0 || p == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when the username does not exist, so a
// failed login takes as long whether or not the account exists: one per
// cost, made when the first service of that cost is (NewService).
func dummyHash(c PasswordCost) string {
	dummyMu.Lock()
	defer dummyMu.Unlock()
	if h, ok := dummyHashes[c]; ok {
		return h
	}
	h, err := c.Hash("samstyr-dummy-password")
	if err != nil {
		panic(err) // the service checked the cost; only crypto/rand can fail here
	}
	dummyHashes[c] = h
	return h
}

var (
	dummyMu     sync.Mutex
	dummyHashes = map[PasswordCost]string{}
)
