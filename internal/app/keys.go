package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/internal/store"
)

// masterKey returns the key that seals users' signing keys: from the
// configuration when given (required with MongoDB, where every instance
// needs the same one), else generated once under the data directory with
// 0600 permissions. A key file that an older installation left readable
// by others is made 0600 (with a warning: consider it seen). A store that
// already holds sealed signing keys never gets a new key: a missing
// master.key (a restore without it) is refused, since a new one would
// open none of them.
func masterKey(ctx context.Context, cfg config.Config, b store.Backend, log *slog.Logger) ([]byte, error) {
	backend := b.Name()
	if cfg.MasterKey != "" {
		k, err := signing.ParseMasterKey(cfg.MasterKey)
		if err != nil {
			return nil, &config.Error{Setting: "SAMSTYR_MASTER_KEY (--master-key)", Msg: err.Error()}
		}
		return k, nil
	}
	if backend != "sqlite" {
		return nil, &config.Error{Setting: "SAMSTYR_MASTER_KEY (--master-key)", Msg: "required with MongoDB"}
	}
	path := filepath.Join(cfg.DataDir, "master.key")
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("master key: %w", err)
		}
		log.Warn("master.key was readable by others; made it 0600 (whoever could read it could unseal signing keys)",
			"path", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()))
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		n, err := b.Count(ctx, repo.CollSigningKeys, nil)
		if err != nil {
			return nil, fmt.Errorf("master key: %w", err)
		}
		if n > 0 {
			return nil, &config.Error{Setting: "SAMSTYR_MASTER_KEY (--master-key)", Msg: fmt.Sprintf(
				"%s is missing, but the store holds %d signing keys sealed with this installation's master key: "+
					"put its master.key back (mode 0600) or set SAMSTYR_MASTER_KEY to it; if it is lost, a new key given "+
					"there lets Samstyr start, but no one signs with their existing key (docs/deployment.md 4.3)", path, n)}
		}
	}
	k, err := signing.LoadOrCreateMasterKey(path)
	if err != nil {
		return nil, fmt.Errorf("master key: %w", err)
	}
	return k, nil
}

// derive makes a purpose-bound secret from the master key (HMAC-SHA256),
// so one key never serves two purposes.
func derive(master []byte, purpose string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}
