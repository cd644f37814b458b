package audit

import (
	"context"
	"encoding/base64"
	"errors"
	"io"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform/clock"
	"github.com/samstyr/samstyr/internal/signing"
)

// ServerSigner is the signer id of the server's own key, which signs
// ledger checkpoints.
const ServerSigner = "samstyr-server"

// Ledger makes and checks checkpoints over every case's hash chain.
type Ledger struct {
	src   ledger.Source
	st    ledger.Store
	keys  *signing.KeyStore
	clock clock.Clock
}

// NewLedger returns the ledger service.
func NewLedger(src ledger.Source, st ledger.Store, keys *signing.KeyStore, clk clock.Clock) *Ledger {
	return &Ledger{src: src, st: st, keys: keys, clock: clk}
}

// Checkpoint signs a new checkpoint over every case's chain head, linked
// to the previous one.
func (l *Ledger) Checkpoint(ctx context.Context) (ledger.Checkpoint, error) {
	return ledger.Build(ctx, l.src, l.st, l.keys, ServerSigner, l.clock.Now())
}

// ServerKey is the server's public key (base64), or "" before the first
// checkpoint made it.
func (l *Ledger) ServerKey(ctx context.Context) (string, error) {
	pub, _, err := l.keys.PublicKey(ctx, ServerSigner)
	if errors.Is(err, signing.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(pub), nil
}

// Verify checks every case chain and every checkpoint and reports every
// problem, the first one first.
func (l *Ledger) Verify(ctx context.Context) (ledger.Report, error) {
	key, err := l.ServerKey(ctx)
	if err != nil {
		return ledger.Report{}, err
	}
	return ledger.Verify(ctx, l.src, l.st, ledger.TrustKey(key))
}

// Export writes a self-contained ledger file that `samstyr verify --file`
// checks without the database.
func (l *Ledger) Export(ctx context.Context, w io.Writer) error {
	key, err := l.ServerKey(ctx)
	if err != nil {
		return err
	}
	if key == "" {
		return fault.New(fault.Unprocessable, "no_checkpoint").WithDetail("make a checkpoint first")
	}
	return ledger.Export(ctx, l.src, l.st, key, l.clock.Now(), w)
}
