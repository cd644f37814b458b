package earchive

import (
	"archive/tar"
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
)

// WriteDir writes the package into parent as the folder parent/<ID> and
// returns that folder's path. It refuses to write into an existing
// folder, so a delivery is never mixed with an older one.
func (p *Package) WriteDir(parent string) (string, error) {
	root := filepath.Join(parent, p.ID)
	if err := os.Mkdir(root, 0o755); err != nil {
		return "", fmt.Errorf("earchive: create package folder: %w", err)
	}
	for _, f := range p.Files {
		name := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return "", fmt.Errorf("earchive: %w", err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			return "", fmt.Errorf("earchive: %w", err)
		}
	}
	return root, nil
}

// WriteZip streams the package to w as a zip archive whose entries sit
// under the folder <ID>/, for a download. Entries are in path order and
// dated with the package's creation time, so equal input gives equal
// bytes.
func (p *Package) WriteZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	if err := p.AddToZip(zw); err != nil {
		return err
	}
	return zw.Close()
}

// AddToZip adds the package's folder <ID>/ and its files to zw (a batch
// of packages in one zip archive); the caller closes zw.
func (p *Package) AddToZip(zw *zip.Writer) error {
	for _, dir := range p.dirs() {
		h := &zip.FileHeader{Name: dir + "/", Modified: p.created}
		h.SetMode(0o755 | os.ModeDir)
		if _, err := zw.CreateHeader(h); err != nil {
			return err
		}
	}
	for _, f := range p.Files {
		h := &zip.FileHeader{Name: p.ID + "/" + f.Path, Method: zip.Deflate, Modified: p.created}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return nil
}

// WriteTar streams the package to w as a tar archive (ustar/PAX, entries
// under <ID>/, in path order, dated with the creation time).
func (p *Package) WriteTar(w io.Writer) error {
	tw := tar.NewWriter(w)
	for _, dir := range p.dirs() {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o755, ModTime: p.created, Format: tar.FormatPAX}); err != nil {
			return err
		}
	}
	for _, f := range p.Files {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: p.ID + "/" + f.Path, Mode: 0o644, Size: int64(len(f.Data)), ModTime: p.created, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return err
		}
	}
	return tw.Close()
}

// dirs returns the package's folders (the root included), parents first.
func (p *Package) dirs() []string {
	seen := map[string]bool{p.ID: true}
	out := []string{p.ID}
	for _, f := range p.Files {
		var chain []string
		for d := path.Dir(p.ID + "/" + f.Path); !seen[d]; d = path.Dir(d) {
			seen[d] = true
			chain = append(chain, d)
		}
		for i := len(chain) - 1; i >= 0; i-- {
			out = append(out, chain[i])
		}
	}
	return out
}
