package signing

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Key storage errors.
var (
	// ErrKeyNotFound is returned by KeyStorer.GetKey when the signer has no
	// key; implementations map their own not-found error to it.
	ErrKeyNotFound = errors.New("signing: no key for signer")
	// ErrKeyExists is returned by KeyStorer.InsertKey when the signer
	// already has a key; implementations map their duplicate-key error to
	// it.
	ErrKeyExists = errors.New("signing: signer already has a key")
	// ErrKeyUnusable: a stored key cannot be opened with this master key
	// for this signer (wrong master key, a record moved to another signer,
	// or a damaged record).
	ErrKeyUnusable = errors.New("signing: stored key cannot be opened")
	// ErrWrongKey: a signature verifies but was not made with the key on
	// record for its signer.
	ErrWrongKey = errors.New("signing: signature is not made with the signer's key")
)

// StoredKey is a signer's key pair as kept in storage. The private key is
// sealed: only the holder of the master key can open it, and only for the
// signer it was made for.
type StoredKey struct {
	// SignerID is the user the key belongs to.
	SignerID string `json:"signer_id"`
	// KeyID is KeyIDOf(public key).
	KeyID string `json:"key_id"`
	// PublicKey is the Ed25519 public key, standard base64.
	PublicKey string `json:"public_key"`
	// Sealed is standard base64 of a 12-byte nonce followed by the
	// AES-256-GCM encryption of the 32-byte Ed25519 seed, with SignerID as
	// additional authenticated data.
	Sealed string `json:"sealed"`
	// CreatedAt is when the key was generated.
	CreatedAt time.Time `json:"created_at"`
}

// KeyStorer is the storage KeyStore keeps keys in. Keys are never updated
// or deleted through it.
type KeyStorer interface {
	// GetKey returns the signer's key, or an error wrapping ErrKeyNotFound
	// if there is none.
	GetKey(ctx context.Context, signerID string) (StoredKey, error)
	// InsertKey stores a new key for k.SignerID, or returns an error
	// wrapping ErrKeyExists if the signer already has one. KeyStore then
	// reads the stored key, so that instances generating a key for the same
	// signer at the same time all end up with the one that was stored.
	InsertKey(ctx context.Context, k StoredKey) error
}

// KeyStore is the built-in Signer: one Ed25519 key pair per signer,
// generated on first use, with the private key sealed under a master key
// (AES-256-GCM) in a KeyStorer. It is safe for concurrent use, also by
// several instances (processes) sharing storage.
type KeyStore struct {
	store KeyStorer
	aead  cipher.AEAD
	now   func() time.Time
}

var _ Signer = (*KeyStore)(nil)

// NewKeyStore returns a KeyStore keeping keys in store, sealed under
// masterKey, which must be 32 bytes (see ParseMasterKey and
// LoadOrCreateMasterKey). The master key is not retained beyond the cipher
// built from it.
func NewKeyStore(store KeyStorer, masterKey []byte) (*KeyStore, error) {
	if store == nil {
		return nil, errors.New("signing: nil key storage")
	}
	if len(masterKey) != MasterKeySize {
		return nil, fmt.Errorf("signing: master key is %d bytes, want %d", len(masterKey), MasterKeySize)
	}
	block, err := aes.NewCipher(masterKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &KeyStore{store: store, aead: aead, now: time.Now}, nil
}

// Sign signs payload with signerID's key, generating the key if the signer
// has none. A zero at means now.
func (k *KeyStore) Sign(ctx context.Context, signerID string, payload []byte, at time.Time) (Signature, error) {
	if signerID == "" {
		return Signature{}, errors.New("signing: empty signer id")
	}
	sk, err := k.getOrCreate(ctx, signerID)
	if err != nil {
		return Signature{}, err
	}
	priv, err := k.open(signerID, sk)
	if err != nil {
		return Signature{}, err
	}
	defer clear(priv)
	if at.IsZero() {
		at = k.now().UTC()
	}
	return Signature{
		Method:    Method,
		KeyID:     sk.KeyID,
		PublicKey: sk.PublicKey,
		Value:     base64.StdEncoding.EncodeToString(ed25519.Sign(priv, payload)),
		Digest:    Digest(payload),
		SignedAt:  at,
		SignerID:  signerID,
	}, nil
}

// PublicKey returns signerID's public key and key id, or an error wrapping
// ErrKeyNotFound if the signer has not got one yet. The key is taken from
// the sealed private key, so a stored public key that was altered is
// detected (ErrKeyUnusable).
func (k *KeyStore) PublicKey(ctx context.Context, signerID string) (ed25519.PublicKey, string, error) {
	sk, err := k.store.GetKey(ctx, signerID)
	if err != nil {
		return nil, "", err
	}
	priv, err := k.open(signerID, sk)
	if err != nil {
		return nil, "", err
	}
	defer clear(priv)
	pub := ed25519.PublicKey(append([]byte(nil), priv.Public().(ed25519.PublicKey)...))
	return pub, sk.KeyID, nil
}

// Verify checks sig over payload as the package-level Verify does, and
// also that it was made with the key on record for sig.SignerID
// (ErrWrongKey if not).
func (k *KeyStore) Verify(ctx context.Context, sig Signature, payload []byte) error {
	if err := Verify(sig, payload); err != nil {
		return err
	}
	pub, keyID, err := k.PublicKey(ctx, sig.SignerID)
	if errors.Is(err, ErrKeyNotFound) {
		return fmt.Errorf("%w: %s has no key on record", ErrWrongKey, sig.SignerID)
	}
	if err != nil {
		return err
	}
	if keyID != sig.KeyID || sig.PublicKey != base64.StdEncoding.EncodeToString(pub) {
		return ErrWrongKey
	}
	return nil
}

func (k *KeyStore) getOrCreate(ctx context.Context, signerID string) (StoredKey, error) {
	sk, err := k.store.GetKey(ctx, signerID)
	if !errors.Is(err, ErrKeyNotFound) {
		return sk, err
	}
	sk, err = k.generate(signerID)
	if err != nil {
		return StoredKey{}, err
	}
	err = k.store.InsertKey(ctx, sk)
	if errors.Is(err, ErrKeyExists) {
		// Someone else stored a key first: use theirs.
		return k.store.GetKey(ctx, signerID)
	}
	if err != nil {
		return StoredKey{}, err
	}
	return sk, nil
}

func (k *KeyStore) generate(signerID string) (StoredKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return StoredKey{}, err
	}
	defer clear(priv)
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+ed25519.SeedSize+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return StoredKey{}, err
	}
	sealed := k.aead.Seal(nonce, nonce, priv.Seed(), []byte(signerID))
	return StoredKey{
		SignerID:  signerID,
		KeyID:     KeyIDOf(pub),
		PublicKey: base64.StdEncoding.EncodeToString(pub),
		Sealed:    base64.StdEncoding.EncodeToString(sealed),
		CreatedAt: k.now().UTC(),
	}, nil
}

// open unseals sk's private key for signerID and checks that it matches
// the stored public key and key id.
func (k *KeyStore) open(signerID string, sk StoredKey) (ed25519.PrivateKey, error) {
	if sk.SignerID != signerID {
		return nil, fmt.Errorf("%w: record belongs to another signer", ErrKeyUnusable)
	}
	sealed, err := base64.StdEncoding.DecodeString(sk.Sealed)
	if err != nil || len(sealed) != k.aead.NonceSize()+ed25519.SeedSize+k.aead.Overhead() {
		return nil, fmt.Errorf("%w: sealed key is malformed", ErrKeyUnusable)
	}
	ns := k.aead.NonceSize()
	seed, err := k.aead.Open(nil, sealed[:ns], sealed[ns:], []byte(signerID))
	if err != nil {
		return nil, fmt.Errorf("%w: wrong master key or signer", ErrKeyUnusable)
	}
	defer clear(seed)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	if subtle.ConstantTimeCompare([]byte(sk.PublicKey), []byte(base64.StdEncoding.EncodeToString(pub))) != 1 ||
		sk.KeyID != KeyIDOf(pub) {
		clear(priv)
		return nil, fmt.Errorf("%w: public key or key id does not match the sealed key", ErrKeyUnusable)
	}
	return priv, nil
}
