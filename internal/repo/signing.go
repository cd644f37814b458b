package repo

import (
	"context"
	"errors"

	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/internal/store"
)

// SigningKeys stores users' sealed signing keys.
type SigningKeys struct{ b store.Backend }

var _ signing.KeyStorer = SigningKeys{}

// NewSigningKeys returns the key storage on b.
func NewSigningKeys(b store.Backend) SigningKeys { return SigningKeys{b} }

// GetKey loads a signer's key, or signing.ErrKeyNotFound.
func (r SigningKeys) GetKey(ctx context.Context, signerID string) (signing.StoredKey, error) {
	rec, err := r.b.Get(ctx, CollSigningKeys, signerID)
	if errors.Is(err, store.ErrNotFound) {
		return signing.StoredKey{}, signing.ErrKeyNotFound
	}
	if err != nil {
		return signing.StoredKey{}, err
	}
	var k signing.StoredKey
	return k, rec.Decode(&k)
}

// InsertKey stores a new key, or signing.ErrKeyExists if the signer has one.
func (r SigningKeys) InsertKey(ctx context.Context, k signing.StoredKey) error {
	err := insert(ctx, r.b, CollSigningKeys, k.SignerID, &k, func(*signing.StoredKey, int64) {}, nil)
	if errors.Is(err, store.ErrDuplicate) {
		return signing.ErrKeyExists
	}
	return err
}
