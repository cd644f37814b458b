package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"path/filepath"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/signing"
)

// masterKey returns the key that seals users' signing keys: from the
// configuration when given (required with MongoDB, where every instance
// needs the same one), else generated once under the data directory with
// 0600 permissions.
func masterKey(cfg config.Config, backend string) ([]byte, error) {
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
	k, err := signing.LoadOrCreateMasterKey(filepath.Join(cfg.DataDir, "master.key"))
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
