package signing

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MasterKeySize is the length in bytes of the master key that seals
// signing keys (AES-256).
const MasterKeySize = 32

// ParseMasterKey decodes a master key given as standard base64 or as hex
// (64 characters, either case) of 32 bytes. Surrounding whitespace is
// ignored. Errors never contain the key material.
func ParseMasterKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*MasterKeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("signing: master key is neither base64 nor hex")
	}
	if len(b) != MasterKeySize {
		return nil, fmt.Errorf("signing: master key is %d bytes, want %d", len(b), MasterKeySize)
	}
	return b, nil
}

// LoadOrCreateMasterKey returns the master key kept in the file at path.
//
// If the file exists it must be a regular file that neither group nor
// others may access (mode 0600 or stricter) and hold a key as
// ParseMasterKey reads it (base64 of 32 bytes, as written here).
//
// If it does not exist, a random key is written to it as base64, with mode
// 0600, creating the parent directory with mode 0700 if needed. The file is
// written to a temporary name and then linked into place, which fails
// rather than overwrites if the file has appeared meanwhile; in that case
// the other process's key is read and returned, so concurrent callers all
// get the same key.
func LoadOrCreateMasterKey(path string) ([]byte, error) {
	key, err := readMasterKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createMasterKey(path); err != nil {
		return nil, err
	}
	return readMasterKey(path)
}

func readMasterKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("signing: master key file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("signing: master key file %s has mode %04o: it must not be accessible to group or others (chmod 600)", path, perm)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := ParseMasterKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

// createMasterKey writes a new key to path unless a file is there already
// (which is not an error: the caller reads whichever key won).
func createMasterKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	key := make([]byte, MasterKeySize)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// A hard link is atomic and, unlike rename, never replaces an existing
	// file: of two processes creating a key at once, exactly one wins.
	err = os.Link(tmpName, path)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		// No hard links on this file system: fall back to rename, which is
		// atomic but may replace a file created in the last instant.
		if _, serr := os.Lstat(path); serr == nil {
			return nil
		}
		if err := os.Rename(tmpName, path); err != nil {
			return err
		}
	}
	syncDir(dir)
	return nil
}

// syncDir makes a new directory entry durable; failure is not fatal.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
