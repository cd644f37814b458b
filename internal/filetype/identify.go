package filetype

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"path"
	"strings"
)

// Format is a record format identified from a file's name and bytes.
type Format struct {
	Kind Kind // the media type the file is served with
	// Name names the format for people and for the e-archive: "PDF/A-2b",
	// "PDF 1.7", "DOCX", "ODS", "TIFF", "text", "CSV", "EML", …
	Name string
	// Archival is set for a format kept for preservation as it is: PDF/A
	// (ISO 19005), the normal preservation format for documents under
	// Riksarkivet's RA-FS 2009:2. PDF/A is recognised by the pdfaid
	// marker the file's XMP metadata declares, not validated against the
	// standard. Every other format needs conversion (or an archivist's
	// decision) before it is archived.
	Archival bool
}

// extensions maps each allowed extension (lower case, with the dot) to
// the kind its bytes must be.
var extensions = map[string]Kind{
	".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX, ".odt": ODT, ".ods": ODS,
	".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".tif": TIFF, ".tiff": TIFF,
	".txt": TXT, ".csv": CSV, ".eml": EML,
}

// names are the format names of the kinds other than PDF.
var names = map[Kind]string{
	DOCX: "DOCX", XLSX: "XLSX", ODT: "ODT", ODS: "ODS", PNG: "PNG", JPEG: "JPEG", TIFF: "TIFF",
	TXT: "text", CSV: "CSV", EML: "EML",
}

// emlHeaderLimit bounds how much of a message is read for its header.
const emlHeaderLimit = 64 << 10

// Identify returns the format of a file called name with contents data.
// The name's extension must be on the allow-list (an error wrapping
// ErrNotAllowed otherwise: .bat, .vbs, .js, .ps1, .hta, .cmd, .sh, .exe,
// no extension, …), the bytes must be an allowed kind (see Detect), and
// the two must agree: a PDF called .docx, or HTML called .eml, gives an
// error wrapping ErrMismatch. An empty file gives ErrEmpty.
func Identify(name string, data []byte) (Format, error) {
	ext := strings.ToLower(path.Ext(name))
	want, ok := extensions[ext]
	if !ok {
		if ext == "" {
			return Format{}, notAllowed("file name without an extension")
		}
		return Format{}, notAllowed("file name extension %q", ext)
	}
	if len(data) == 0 {
		return Format{}, ErrEmpty
	}
	if want == EML {
		if err := checkEML(data); err != nil {
			return Format{}, err
		}
		return Format{Kind: EML, Name: names[EML]}, nil
	}
	got, err := Detect(data)
	if err != nil {
		return Format{}, err
	}
	if want == CSV && got == TXT {
		got = CSV
	}
	if got != want {
		return Format{}, fmt.Errorf("%w: the content is %s, the name ends in %s", ErrMismatch, nameOf(got, data), ext)
	}
	if got == PDF {
		return pdfFormat(data), nil
	}
	return Format{Kind: got, Name: names[got]}, nil
}

func nameOf(k Kind, data []byte) string {
	if k == PDF {
		return pdfFormat(data).Name
	}
	return names[k]
}

// pdfFormat names a PDF by its version ("PDF 1.7") or, when its XMP
// metadata declares PDF/A (pdfaid:part and pdfaid:conformance), as
// "PDF/A-<part><conformance>" ("PDF/A-2b"), which is archival.
func pdfFormat(data []byte) Format {
	if part, conf, ok := pdfaID(data); ok {
		return Format{Kind: PDF, Name: "PDF/A-" + part + conf, Archival: true}
	}
	v := data[len(magicPDF):min(len(data), len(magicPDF)+3)]
	if len(v) == 3 && v[0] >= '1' && v[0] <= '2' && v[1] == '.' && v[2] >= '0' && v[2] <= '9' {
		return Format{Kind: PDF, Name: "PDF " + string(v)}
	}
	return Format{Kind: PDF, Name: "PDF"}
}

// pdfaID finds the PDF/A identification of the XMP metadata, written as
// attributes (pdfaid:part="2") or elements (<pdfaid:part>2</pdfaid:part>).
// The part must be 1–4 and the conformance level one of A, B, U, E or F
// (PDF/A-4 may have none); anything else is not PDF/A.
func pdfaID(data []byte) (part, conformance string, ok bool) {
	part = xmpValue(data, "pdfaid:part")
	if len(part) != 1 || part[0] < '1' || part[0] > '4' {
		return "", "", false
	}
	conformance = strings.ToLower(xmpValue(data, "pdfaid:conformance"))
	switch conformance {
	case "a", "b", "u", "e", "f":
	case "":
		if part != "4" {
			return "", "", false
		}
	default:
		return "", "", false
	}
	return part, conformance, true
}

// xmpValue returns the short value of the first property key in data, as
// an attribute (key="v" or key='v') or an element (<key>v</key>).
func xmpValue(data []byte, key string) string {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(key))
		if i < 0 {
			return ""
		}
		off += i + len(key)
		rest := data[off:min(len(data), off+16)]
		switch {
		case len(rest) >= 2 && rest[0] == '=' && (rest[1] == '"' || rest[1] == '\''):
			if j := bytes.IndexByte(rest[2:], rest[1]); j >= 0 {
				return string(bytes.TrimSpace(rest[2 : 2+j]))
			}
		case len(rest) >= 1 && rest[0] == '>':
			if j := bytes.IndexByte(rest[1:], '<'); j >= 0 {
				return string(bytes.TrimSpace(rest[1 : 1+j]))
			}
		}
	}
}

// checkEML accepts an Internet message (RFC 5322): a header block with at
// least From and Date, no NUL byte anywhere. The body is not parsed.
func checkEML(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 {
		return notAllowed("NUL byte in an e-mail message")
	}
	// Bytes that are another allowed kind (a PDF, a ZIP, …) are no
	// message; text, and text in another encoding (8-bit mail), is
	// examined below.
	if k, err := Detect(data); err == nil && k != TXT {
		return fmt.Errorf("%w: the content is %s, the name ends in .eml", ErrMismatch, nameOf(k, data))
	}
	r := textproto.NewReader(bufio.NewReader(io.LimitReader(bytes.NewReader(data), emlHeaderLimit)))
	h, err := r.ReadMIMEHeader()
	if err != nil && !(errors.Is(err, io.EOF) && len(h) > 0) {
		return fmt.Errorf("%w: the content is no e-mail message (header: %v), the name ends in .eml", ErrMismatch, err)
	}
	if h.Get("From") == "" || h.Get("Date") == "" {
		return fmt.Errorf("%w: the content is no e-mail message (no From and Date header), the name ends in .eml", ErrMismatch)
	}
	return nil
}
