package signing

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// memKeys is an in-memory KeyStorer. If missBarrier is set, every GetKey
// that misses waits until that many misses have happened, which forces
// concurrent callers to all generate a key and race to insert it.
type memKeys struct {
	mu          sync.Mutex
	keys        map[string]StoredKey
	inserts     int
	missBarrier int
	misses      int
	released    chan struct{}
}

func newMemKeys() *memKeys {
	return &memKeys{keys: map[string]StoredKey{}, released: make(chan struct{})}
}

func (m *memKeys) GetKey(_ context.Context, signerID string) (StoredKey, error) {
	m.mu.Lock()
	k, ok := m.keys[signerID]
	if ok {
		m.mu.Unlock()
		return k, nil
	}
	wait := m.missBarrier > 0
	if wait {
		m.misses++
		if m.misses == m.missBarrier {
			close(m.released)
		}
	}
	m.mu.Unlock()
	if wait {
		<-m.released
	}
	return StoredKey{}, fmt.Errorf("mem: %s: %w", signerID, ErrKeyNotFound)
}

func (m *memKeys) InsertKey(_ context.Context, k StoredKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inserts++
	if _, ok := m.keys[k.SignerID]; ok {
		return fmt.Errorf("mem: %s: %w", k.SignerID, ErrKeyExists)
	}
	m.keys[k.SignerID] = k
	return nil
}

func (m *memKeys) put(k StoredKey) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys[k.SignerID] = k
}

func masterKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, MasterKeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func newKeyStore(t *testing.T, store KeyStorer, mk []byte) *KeyStore {
	t.Helper()
	ks, err := NewKeyStore(store, mk)
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

var payload = []byte(`{"beslut":"Nämnden beviljar ansökan.","diarienummer":"2024-123"}`)

func TestSignVerifyRoundTrip(t *testing.T) {
	ctx := context.Background()
	store := newMemKeys()
	ks := newKeyStore(t, store, masterKey(t))
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

	sig, err := ks.Sign(ctx, "alice", payload, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(sig, payload); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := ks.Verify(ctx, sig, payload); err != nil {
		t.Fatalf("KeyStore.Verify: %v", err)
	}
	if sig.Method != Method || sig.SignerID != "alice" || !sig.SignedAt.Equal(at) {
		t.Errorf("signature fields: %+v", sig)
	}
	if sig.Digest != Digest(payload) || len(sig.Digest) != 64 {
		t.Errorf("digest %q", sig.Digest)
	}
	pub, err := base64.StdEncoding.DecodeString(sig.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		t.Fatalf("public key %q: %v", sig.PublicKey, err)
	}
	if len(sig.KeyID) != 16 || sig.KeyID != KeyIDOf(pub) {
		t.Errorf("key id %q", sig.KeyID)
	}
	if _, err := hex.DecodeString(sig.KeyID); err != nil {
		t.Errorf("key id %q is not hex", sig.KeyID)
	}

	gotPub, keyID, err := ks.PublicKey(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotPub, pub) || keyID != sig.KeyID {
		t.Errorf("PublicKey = %x, %s; signature has %x, %s", gotPub, keyID, pub, sig.KeyID)
	}

	// The private key is stored sealed, not in the clear.
	stored := store.keys["alice"]
	if strings.Contains(stored.Sealed, sig.PublicKey) || stored.CreatedAt.IsZero() {
		t.Errorf("stored key %+v", stored)
	}

	// Same signer, same key; another signer, another key.
	sig2, err := ks.Sign(ctx, "alice", []byte("annat"), at)
	if err != nil {
		t.Fatal(err)
	}
	if sig2.KeyID != sig.KeyID || store.inserts != 1 {
		t.Errorf("second signature uses key %s (first %s), %d inserts", sig2.KeyID, sig.KeyID, store.inserts)
	}
	sigB, err := ks.Sign(ctx, "bob", payload, at)
	if err != nil {
		t.Fatal(err)
	}
	if sigB.KeyID == sig.KeyID {
		t.Error("two signers share a key")
	}

	// A zero time means now.
	before := time.Now()
	sigNow, err := ks.Sign(ctx, "alice", payload, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if sigNow.SignedAt.Before(before.Add(-time.Second)) || sigNow.SignedAt.After(time.Now().Add(time.Second)) {
		t.Errorf("SignedAt %v for zero time", sigNow.SignedAt)
	}

	if _, err := ks.Sign(ctx, "", payload, at); err == nil {
		t.Error("signing with an empty signer id succeeded")
	}
	if _, _, err := ks.PublicKey(ctx, "nobody"); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("PublicKey(nobody): %v, want ErrKeyNotFound", err)
	}
}

func TestVerifyErrors(t *testing.T) {
	ctx := context.Background()
	ks := newKeyStore(t, newMemKeys(), masterKey(t))
	sig, err := ks.Sign(ctx, "alice", payload, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	value, _ := base64.StdEncoding.DecodeString(sig.Value)
	flipped := append([]byte(nil), value...)
	flipped[10] ^= 1
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)

	tampered := bytes.Replace(payload, []byte("beviljar"), []byte("avslår"), 1)
	cases := []struct {
		name    string
		mutate  func(*Signature)
		payload []byte
		want    error
	}{
		{"tampered payload", nil, tampered, ErrBadSignature},
		{"empty payload", nil, nil, ErrBadSignature},
		{"tampered value", func(s *Signature) { s.Value = base64.StdEncoding.EncodeToString(flipped) }, payload, ErrBadSignature},
		{"other public key", func(s *Signature) {
			s.PublicKey = base64.StdEncoding.EncodeToString(otherPub)
			s.KeyID = KeyIDOf(otherPub)
		}, payload, ErrBadSignature},
		{"tampered digest", func(s *Signature) { s.Digest = Digest([]byte("något annat")) }, payload, ErrDigestMismatch},
		{"unknown method", func(s *Signature) { s.Method = "bankid" }, payload, ErrUnknownMethod},
		{"empty method", func(s *Signature) { s.Method = "" }, payload, ErrUnknownMethod},
		{"public key not base64", func(s *Signature) { s.PublicKey = "!!" }, payload, ErrMalformed},
		{"public key short", func(s *Signature) { s.PublicKey = base64.StdEncoding.EncodeToString(otherPub[:31]) }, payload, ErrMalformed},
		{"value short", func(s *Signature) { s.Value = base64.StdEncoding.EncodeToString(value[:63]) }, payload, ErrMalformed},
		{"value not base64", func(s *Signature) { s.Value = "***" }, payload, ErrMalformed},
		{"key id of another key", func(s *Signature) { s.KeyID = KeyIDOf(otherPub) }, payload, ErrMalformed},
		{"digest uppercase", func(s *Signature) { s.Digest = strings.ToUpper(s.Digest) }, payload, ErrMalformed},
		{"digest short", func(s *Signature) { s.Digest = s.Digest[:62] }, payload, ErrMalformed},
	}
	sentinels := []error{ErrBadSignature, ErrDigestMismatch, ErrUnknownMethod, ErrMalformed}
	for _, c := range cases {
		s := sig
		if c.mutate != nil {
			c.mutate(&s)
		}
		err := Verify(s, c.payload)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
		for _, other := range sentinels {
			if other != c.want && errors.Is(err, other) {
				t.Errorf("%s: err %v also matches %v", c.name, err, other)
			}
		}
	}
}

// A signature that is valid in itself but made with a key that is not the
// signer's on record is caught by KeyStore.Verify.
func TestKeyStoreVerifyWrongKey(t *testing.T) {
	ctx := context.Background()
	ks := newKeyStore(t, newMemKeys(), masterKey(t))
	if _, err := ks.Sign(ctx, "alice", payload, time.Now()); err != nil {
		t.Fatal(err)
	}
	mallory, err := ks.Sign(ctx, "mallory", payload, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	forged := mallory
	forged.SignerID = "alice"
	if err := Verify(forged, payload); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := ks.Verify(ctx, forged, payload); !errors.Is(err, ErrWrongKey) {
		t.Errorf("KeyStore.Verify: %v, want ErrWrongKey", err)
	}
	forged.SignerID = "nobody"
	if err := ks.Verify(ctx, forged, payload); !errors.Is(err, ErrWrongKey) {
		t.Errorf("KeyStore.Verify for signer without key: %v, want ErrWrongKey", err)
	}
	if err := ks.Verify(ctx, mallory, []byte("x")); !errors.Is(err, ErrBadSignature) {
		t.Errorf("KeyStore.Verify tampered: %v, want ErrBadSignature", err)
	}
}

func TestSealedKeyMovedToAnotherSigner(t *testing.T) {
	ctx := context.Background()
	store := newMemKeys()
	ks := newKeyStore(t, store, masterKey(t))
	if _, err := ks.Sign(ctx, "alice", payload, time.Now()); err != nil {
		t.Fatal(err)
	}
	moved := store.keys["alice"]
	moved.SignerID = "bob"
	store.put(moved)
	if _, err := ks.Sign(ctx, "bob", payload, time.Now()); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("Sign with alice's key as bob: %v, want ErrKeyUnusable", err)
	}
	if _, _, err := ks.PublicKey(ctx, "bob"); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("PublicKey with alice's key as bob: %v, want ErrKeyUnusable", err)
	}
	// Also when only the sealed blob is copied into bob's record.
	if _, err := ks.Sign(ctx, "carol", payload, time.Now()); err != nil {
		t.Fatal(err)
	}
	carol := store.keys["carol"]
	carol.Sealed = store.keys["alice"].Sealed
	store.put(carol)
	if _, err := ks.Sign(ctx, "carol", payload, time.Now()); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("Sign with alice's sealed key in carol's record: %v, want ErrKeyUnusable", err)
	}
}

func TestAlteredPublicKeyDetected(t *testing.T) {
	ctx := context.Background()
	store := newMemKeys()
	ks := newKeyStore(t, store, masterKey(t))
	if _, err := ks.Sign(ctx, "alice", payload, time.Now()); err != nil {
		t.Fatal(err)
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	k := store.keys["alice"]
	k.PublicKey = base64.StdEncoding.EncodeToString(other)
	k.KeyID = KeyIDOf(other)
	store.put(k)
	if _, _, err := ks.PublicKey(ctx, "alice"); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("PublicKey: %v, want ErrKeyUnusable", err)
	}
	if _, err := ks.Sign(ctx, "alice", payload, time.Now()); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("Sign: %v, want ErrKeyUnusable", err)
	}
}

func TestWrongMasterKey(t *testing.T) {
	ctx := context.Background()
	store := newMemKeys()
	if _, err := newKeyStore(t, store, masterKey(t)).Sign(ctx, "alice", payload, time.Now()); err != nil {
		t.Fatal(err)
	}
	other := newKeyStore(t, store, masterKey(t))
	if _, err := other.Sign(ctx, "alice", payload, time.Now()); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("Sign: %v, want ErrKeyUnusable", err)
	}
	if _, _, err := other.PublicKey(ctx, "alice"); !errors.Is(err, ErrKeyUnusable) {
		t.Errorf("PublicKey: %v, want ErrKeyUnusable", err)
	}
	if store.inserts != 1 {
		t.Errorf("%d inserts: a wrong master key must not replace the key", store.inserts)
	}
}

func TestNewKeyStoreRejects(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := NewKeyStore(newMemKeys(), make([]byte, n)); err == nil {
			t.Errorf("NewKeyStore with a %d-byte master key succeeded", n)
		}
	}
	if _, err := NewKeyStore(nil, make([]byte, 32)); err == nil {
		t.Error("NewKeyStore with nil storage succeeded")
	}
}

// Ten goroutines, on two KeyStore instances sharing storage, sign for a
// signer without a key at once. All miss, all generate, one insert wins and
// the others adopt the stored key.
func TestConcurrentFirstSign(t *testing.T) {
	ctx := context.Background()
	const n = 10
	store := newMemKeys()
	store.missBarrier = n
	mk := masterKey(t)
	instances := []*KeyStore{newKeyStore(t, store, mk), newKeyStore(t, store, mk)}

	sigs := make([]Signature, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sigs[i], errs[i] = instances[i%2].Sign(ctx, "dora", []byte(fmt.Sprintf("beslut %d", i)), time.Now())
		})
	}
	wg.Wait()

	if store.inserts != n {
		t.Errorf("%d insert attempts, want %d (the race did not happen)", store.inserts, n)
	}
	want := store.keys["dora"].KeyID
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if err := Verify(sigs[i], []byte(fmt.Sprintf("beslut %d", i))); err != nil {
			t.Errorf("goroutine %d: %v", i, err)
		}
		if sigs[i].KeyID != want {
			t.Errorf("goroutine %d signed with key %s, stored key is %s", i, sigs[i].KeyID, want)
		}
	}
}

func TestParseMasterKey(t *testing.T) {
	raw := make([]byte, 32)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	good := []string{
		base64.StdEncoding.EncodeToString(raw),
		"  " + base64.StdEncoding.EncodeToString(raw) + "\n",
		hex.EncodeToString(raw),
		strings.ToUpper(hex.EncodeToString(raw)),
	}
	for _, s := range good {
		k, err := ParseMasterKey(s)
		if err != nil || !bytes.Equal(k, raw) {
			t.Errorf("ParseMasterKey(%q) = %x, %v", s, k, err)
		}
	}
	bad := []string{
		"",
		"not a key",
		base64.StdEncoding.EncodeToString(raw[:31]),
		base64.StdEncoding.EncodeToString(append(raw, 0)),
		base64.RawStdEncoding.EncodeToString(raw[:31]),
		base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32)),
		hex.EncodeToString(raw[:31]),
		hex.EncodeToString(raw)[:63] + "g",
	}
	for _, s := range bad {
		if k, err := ParseMasterKey(s); err == nil {
			t.Errorf("ParseMasterKey(%q) = %x, want error", s, k)
		} else if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error %q repeats the key", err)
		}
	}
}

func TestLoadOrCreateMasterKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "etc", "samstyr")
	path := filepath.Join(dir, "master.key")

	k1, err := LoadOrCreateMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != MasterKeySize {
		t.Fatalf("key is %d bytes", len(k1))
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %04o, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %04o, want 0700", di.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if got, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b))); !bytes.Equal(got, k1) {
		t.Errorf("file holds %q, not base64 of the key", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the key file", len(entries))
	}

	k2, err := LoadOrCreateMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1, k2) {
		t.Error("reloading gave another key")
	}
	if _, err := NewKeyStore(newMemKeys(), k2); err != nil {
		t.Error(err)
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateMasterKey(path); err == nil {
		t.Error("a 0644 key file was accepted")
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateMasterKey(path); err == nil {
		t.Error("a 0640 key file was accepted")
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if k, err := LoadOrCreateMasterKey(path); err != nil || !bytes.Equal(k, k1) {
		t.Errorf("a 0400 key file: %v", err)
	}
}

func TestLoadOrCreateMasterKeyRejectsBadFile(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.key")
	if err := os.WriteFile(short, []byte(base64.StdEncoding.EncodeToString(make([]byte, 16))), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateMasterKey(short); err == nil {
		t.Error("a 16-byte key was accepted")
	}
	garbage := filepath.Join(dir, "garbage.key")
	if err := os.WriteFile(garbage, []byte("hemligt"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateMasterKey(garbage); err == nil {
		t.Error("a non-base64 key file was accepted")
	}
	empty := filepath.Join(dir, "empty.key")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateMasterKey(empty); err == nil {
		t.Error("an empty key file was accepted")
	}
	if _, err := LoadOrCreateMasterKey(dir); err == nil {
		t.Error("a directory was accepted as key file")
	}
	// Rejected files are left alone, never replaced by a new key.
	if b, _ := os.ReadFile(garbage); string(b) != "hemligt" {
		t.Errorf("rejected file was changed to %q", b)
	}
}

func TestLoadOrCreateMasterKeyConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "master.key")
	const n = 8
	keys := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateMasterKey(path) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("caller %d got another key", i)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the key file", len(entries))
	}
}
