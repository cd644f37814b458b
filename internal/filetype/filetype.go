// Package filetype decides the real type of an uploaded file (a handling,
// that is a document attached to a case) from its bytes, never from the
// Content-Type the client sent, and accepts only an allow-list of record
// formats: PDF (and PDF/A), DOCX, XLSX, ODT, ODS, PNG, JPEG, TIFF, plain
// UTF-8 text, CSV and e-mail (EML). Identify also requires the file name's
// extension to name the format the bytes are, so a script is refused by
// its name (.bat, .js, .ps1, …) and a renamed file by its content.
//
// Detection is cheap and safe on hostile input: ZIP-based formats are
// recognised from the archive's directory of entry names alone, and the only
// entry ever decompressed is an OpenDocument "mimetype" entry, of which at
// most 100 bytes are read, so a zip bomb costs nothing.
package filetype

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is an allowed file type, written as the media type to serve it with.
type Kind string

// The allowed kinds.
const (
	PDF  Kind = "application/pdf"
	DOCX Kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX Kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ODT  Kind = "application/vnd.oasis.opendocument.text"
	ODS  Kind = "application/vnd.oasis.opendocument.spreadsheet"
	PNG  Kind = "image/png"
	JPEG Kind = "image/jpeg"
	TIFF Kind = "image/tiff"
	TXT  Kind = "text/plain; charset=utf-8"
	CSV  Kind = "text/csv; charset=utf-8"
	EML  Kind = "message/rfc822"
)

// Errors returned by Detect. ErrNotAllowed is wrapped with the reason, so
// test for it with errors.Is.
var (
	ErrEmpty      = errors.New("filetype: empty file")
	ErrNotAllowed = errors.New("filetype: file type not allowed")
	// ErrMismatch: the bytes are not the format the name's extension says.
	ErrMismatch = errors.New("filetype: content does not match the file name's extension")
)

// mimetypeLimit is how much of an OpenDocument "mimetype" entry is read.
const mimetypeLimit = 100

var (
	magicPDF  = []byte("%PDF-")
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
	magicJPEG = []byte("\xff\xd8\xff")
	magicZIP  = []byte("PK\x03\x04")
	magicTIFF = [][]byte{[]byte("II*\x00"), []byte("MM\x00*")}
	magicELF  = []byte("\x7fELF")
	magicMZ   = []byte("MZ")
	utf8BOM   = []byte("\xef\xbb\xbf")
)

// Detect returns the kind of the file with contents data. It returns ErrEmpty
// for an empty file and an error wrapping ErrNotAllowed for anything that is
// not one of the allowed kinds, among them executables, other ZIP archives,
// macro-enabled Office files, text that starts with "<" (HTML, SVG, XML),
// which a browser could run script from, and text that starts with "#!"
// (a script). From bytes alone text is TXT: CSV and EML are told from
// text by the name (see Identify).
func Detect(data []byte) (Kind, error) {
	switch {
	case len(data) == 0:
		return "", ErrEmpty
	case bytes.HasPrefix(data, magicPDF):
		return PDF, nil
	case bytes.HasPrefix(data, magicPNG):
		return PNG, nil
	case bytes.HasPrefix(data, magicJPEG):
		return JPEG, nil
	case bytes.HasPrefix(data, magicZIP):
		return detectZip(data)
	case bytes.HasPrefix(data, magicTIFF[0]), bytes.HasPrefix(data, magicTIFF[1]):
		return TIFF, nil
	case bytes.HasPrefix(data, magicELF), bytes.HasPrefix(data, magicMZ):
		return "", notAllowed("executable")
	}
	return detectText(data)
}

// Extension returns the file name extension, with the dot, for kind k, or ""
// if k is not an allowed kind.
func Extension(k Kind) string {
	switch k {
	case PDF:
		return ".pdf"
	case DOCX:
		return ".docx"
	case XLSX:
		return ".xlsx"
	case ODT:
		return ".odt"
	case ODS:
		return ".ods"
	case PNG:
		return ".png"
	case JPEG:
		return ".jpg"
	case TIFF:
		return ".tif"
	case TXT:
		return ".txt"
	case CSV:
		return ".csv"
	case EML:
		return ".eml"
	}
	return ""
}

// Allowed returns the allowed kinds, in a fixed order. The caller may modify
// the returned slice.
func Allowed() []Kind {
	return []Kind{PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, TIFF, TXT, CSV, EML}
}

func notAllowed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotAllowed, fmt.Sprintf(format, args...))
}

// detectZip recognises ODT, ODS, DOCX and XLSX from the entry names of a ZIP
// archive (and the first 100 bytes of an OpenDocument "mimetype" entry).
func detectZip(data []byte) (Kind, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", notAllowed("unreadable zip archive: %v", err)
	}
	if len(zr.File) == 0 {
		return "", notAllowed("empty zip archive")
	}

	var contentTypes, word, xl bool
	for _, f := range zr.File {
		name := f.Name
		if !safeName(name) {
			return "", notAllowed("zip entry with unsafe name %q", name)
		}
		if strings.EqualFold(pathBase(name), "vbaProject.bin") {
			return "", notAllowed("office file with macros")
		}
		switch {
		case name == "[Content_Types].xml":
			contentTypes = true
		case strings.HasPrefix(name, "word/"):
			word = true
		case strings.HasPrefix(name, "xl/"):
			xl = true
		}
	}

	if first := zr.File[0]; first.Name == "mimetype" {
		mt, err := readMimetype(first)
		if err != nil {
			return "", notAllowed("unreadable OpenDocument mimetype: %v", err)
		}
		switch mt {
		case string(ODT):
			return ODT, nil
		case string(ODS):
			return ODS, nil
		}
		return "", notAllowed("OpenDocument type %q", mt)
	}

	switch {
	case contentTypes && word && !xl:
		return DOCX, nil
	case contentTypes && xl && !word:
		return XLSX, nil
	}
	return "", notAllowed("zip archive that is neither DOCX, XLSX, ODT nor ODS")
}

// readMimetype returns the content of an OpenDocument "mimetype" entry,
// reading (and so decompressing) at most mimetypeLimit bytes.
func readMimetype(f *zip.File) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	buf := make([]byte, mimetypeLimit)
	n, err := io.ReadFull(rc, buf)
	switch {
	case err == nil:
		return "", fmt.Errorf("longer than %d bytes", mimetypeLimit)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return string(buf[:n]), nil
	}
	return "", err
}

// safeName reports whether a zip entry name is a plain relative path, as
// every office suite writes them.
func safeName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == ".." {
			return false
		}
	}
	return true
}

func pathBase(name string) string {
	return name[strings.LastIndexByte(name, '/')+1:]
}

// detectText accepts valid UTF-8 without NUL bytes and without control
// characters other than tab, line feed, carriage return and form feed; a
// leading byte order mark is allowed. Text whose first non-space character
// is "<" is rejected as markup.
func detectText(data []byte) (Kind, error) {
	text := bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(text) {
		return "", notAllowed("binary data (not UTF-8 text)")
	}
	for i, r := range string(text) {
		switch {
		case r == 0:
			return "", notAllowed("NUL byte at offset %d", i+len(data)-len(text))
		case r == '\t' || r == '\n' || r == '\r' || r == '\f':
		case unicode.IsControl(r):
			return "", notAllowed("control character %U at offset %d", r, i+len(data)-len(text))
		}
	}
	rest := bytes.TrimLeftFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	if len(rest) > 0 && rest[0] == '<' {
		return "", notAllowed("markup (HTML, SVG or XML)")
	}
	if bytes.HasPrefix(rest, []byte("#!")) {
		return "", notAllowed("script (starts with #!)")
	}
	return TXT, nil
}
