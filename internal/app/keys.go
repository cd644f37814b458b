package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/signing"
)

// masterKey returns the key that seals users' signing keys: from the
// configuration when given (required with MongoDB, where every instance
// needs the same one), else generated once under the data directory with
// 0600 permissions. A key file that an older installation left readable
// by others is made 0600 (with a warning: consider it seen).
func masterKey(cfg config.Config, backend string, log *slog.Logger) ([]byte, error) {
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
