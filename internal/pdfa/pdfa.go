// Package pdfa makes the PDFs Samstyr draws with go-pdf/fpdf conform to
// PDF/A-2b (ISO 19005-2, level B), the archival format Riksarkivet's
// technical requirements name for documents (DOMAIN.md §5).
//
// fpdf v0.9.0 has no PDF/A option (TECH-NOTES.md §7). It already embeds
// every TrueType font it uses as a subset with a CIDToGIDMap and a
// ToUnicode map, writes no encryption and no JavaScript unless asked to,
// and omits CIDSet (which PDF/A-2 makes optional). What it gets wrong for
// PDF/A is fixed here by rewriting its output, object by object, without
// touching page content or fonts:
//
//   - the header gets the binary comment line PDF/A requires after
//     "%PDF-1.7";
//   - the catalog gets /Metadata, an uncompressed XMP packet with
//     pdfaid:part 2 and pdfaid:conformance B (fpdf's SetXmpMetadata writes
//     the stream but never links it from the catalog), and /OutputIntents
//     with a GTS_PDFA1 intent carrying an embedded sRGB ICC profile
//     (icc/sRGB.icc, zlib licence, see icc/README.md);
//   - the document information dictionary is written again with dates
//     that carry their UTC offset, so that it agrees exactly with the XMP
//     packet (fpdf writes dates without a zone);
//   - the trailer gets the document /ID PDF/A requires, derived from the
//     content so equal input still gives equal bytes;
//   - the subset fonts get the six-letter subset tag their names need.
//
// Convert refuses input it cannot make conforming rather than label it
// PDF/A: encryption, JavaScript and other forbidden actions, annotations,
// fonts without an embedded program, LZW compression, DeviceCMYK colour,
// external streams and the like. Check tests a written file for the same
// structure, and Identify tells whether any PDF claims PDF/A.
//
// This is a structural conversion: no validator such as veraPDF is run
// (none is packaged for Debian), so the test suite checks what can be
// checked with Debian's tools (pdffonts, qpdf --check, pdftotext) and
// with Check.
package pdfa

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

//go:embed icc/sRGB.icc
var srgbProfile []byte

// OutputCondition names the output intent's colour space.
const OutputCondition = "sRGB IEC61966-2.1"

// header is the PDF/A header: version, then a comment with four bytes
// above 127 so that tools treat the file as binary.
const header = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"

// ErrNotConvertible is wrapped by Convert's errors about input that
// cannot become PDF/A (as opposed to input that is not an fpdf PDF).
var ErrNotConvertible = errors.New("pdfa: the PDF cannot be made PDF/A-2b")

// Output writes pdf to w as PDF/A-2b: it renders the document (as
// pdf.Output would), converts it with Convert and writes the result. The
// creation and modification dates are created (fpdf's own dates carry no
// zone and are replaced). Nothing is written to w when the conversion
// fails.
func Output(w io.Writer, pdf *fpdf.Fpdf, created time.Time) error {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	out, err := Convert(buf.Bytes(), created)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// Convert returns raw, a PDF written by fpdf, rewritten as PDF/A-2b (see
// the package comment) with created as its creation and modification
// date. Equal input gives equal output.
func Convert(raw []byte, created time.Time) ([]byte, error) {
	if created.IsZero() {
		return nil, errors.New("pdfa: no creation date")
	}
	f, err := parse(raw)
	if err != nil {
		return nil, err
	}
	if err := f.conformable(); err != nil {
		return nil, err
	}
	meta := Metadata{}
	if f.info > 0 {
		meta = readInfo(f.objs[f.info].dict)
	}
	meta.Created, meta.Modified = created, created

	n := len(f.objs)
	info := f.info
	if info == 0 {
		info = n + 3
	}
	metaNum, iccNum, intentNum := n, n+1, n+2
	size := n + 3
	if f.info == 0 {
		size++
	}

	tags := f.subsetTags()
	var out bytes.Buffer
	out.WriteString(header)
	offsets := make([]int, size)
	write := func(num int, body string) {
		offsets[num] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", num, body)
	}
	for _, o := range f.objs[1:] {
		switch o.num {
		case f.root:
			write(o.num, catalog(o.dict, metaNum, intentNum))
		case f.info:
			write(o.num, infoDict(meta))
		default:
			offsets[o.num] = out.Len()
			out.Write(renamed(o, tags))
			out.WriteByte('\n')
		}
	}
	xmp := XMPPacket(meta)
	write(metaNum, fmt.Sprintf("<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(xmp), xmp))
	write(iccNum, fmt.Sprintf("<< /N 3 /Length %d >>\nstream\n%s\nendstream", len(srgbProfile), srgbProfile))
	write(intentNum, fmt.Sprintf("<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier %s /Info %s /RegistryName (http://www.color.org) /DestOutputProfile %d 0 R >>",
		pdfText(OutputCondition), pdfText(OutputCondition), iccNum))
	if f.info == 0 {
		write(info, infoDict(meta))
	}

	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", size)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	sum := sha256.Sum256(append(append([]byte(nil), raw...), created.UTC().Format(time.RFC3339Nano)...))
	id := strings.ToUpper(fmt.Sprintf("%x", sum[:16]))
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/ID [<%s> <%s>]\n>>\nstartxref\n%d\n%%%%EOF\n",
		size, f.root, info, id, id, xref)
	return out.Bytes(), nil
}

// catalog returns the catalog dictionary with the PDF/A entries added.
func catalog(dict []byte, metaNum, intentNum int) string {
	d := bytes.TrimSpace(dict)
	d = bytes.TrimSuffix(d, []byte(">>"))
	return fmt.Sprintf("%s\n/Metadata %d 0 R\n/OutputIntents [%d 0 R]\n>>", bytes.TrimRight(d, " \n\r"), metaNum, intentNum)
}

// forbidden are names whose presence in any dictionary makes a file
// fail PDF/A-2b or that this package does not handle (annotations would
// need their print flags checked).
var forbidden = map[string]string{
	"Encrypt":       "encryption",
	"JavaScript":    "JavaScript",
	"JS":            "JavaScript",
	"AA":            "additional actions",
	"Launch":        "a Launch action",
	"SubmitForm":    "a form submission action",
	"ResetForm":     "a form reset action",
	"ImportData":    "a form import action",
	"Hide":          "a Hide action",
	"SetOCGState":   "a SetOCGState action",
	"Rendition":     "a Rendition action",
	"Trans":         "a transition",
	"GoTo3DView":    "a 3D view action",
	"Movie":         "a movie",
	"Sound":         "a sound",
	"Annots":        "annotations",
	"AcroForm":      "an interactive form",
	"EmbeddedFile":  "an embedded file",
	"LZWDecode":     "LZW compression",
	"FFilter":       "an external stream",
	"FDecodeParms":  "an external stream",
	"DeviceCMYK":    "DeviceCMYK colour without a CMYK output intent",
	"Interpolate":   "image interpolation",
	"PS":            "a PostScript XObject",
	"OPI":           "OPI comments",
	"Ref":           "a reference XObject",
	"XFA":           "an XFA form",
	"Metadata":      "metadata this package did not write",
	"OutputIntents": "output intents this package did not write",
}

// conformable checks what Convert cannot repair.
func (f *file) conformable() error {
	if f.version > '7' {
		return fmt.Errorf("%w: PDF 1.%c", ErrNotConvertible, f.version)
	}
	if names(f.trailer)["Encrypt"] {
		return fmt.Errorf("%w: the file is encrypted", ErrNotConvertible)
	}
	for _, o := range f.objs[1:] {
		if err := checkObject(f, o, false); err != nil {
			return err
		}
	}
	return nil
}

// checkObject checks one object for forbidden features and unembedded
// fonts. In a converted file (converted true) the catalog's Metadata and
// OutputIntents are expected.
func checkObject(f *file, o object, converted bool) error {
	ns := names(o.dict)
	for n := range ns {
		what, bad := forbidden[n]
		if !bad || converted && (n == "Metadata" || n == "OutputIntents") {
			continue
		}
		return fmt.Errorf("%w: object %d has %s (/%s)", ErrNotConvertible, o.num, what, n)
	}
	if !ns["Font"] || !ns["Type"] {
		return nil
	}
	sub := value(o.dict, "Subtype")
	if len(sub) != 1 {
		return nil
	}
	switch string(sub[0].val) {
	case "Type1", "MMType1", "TrueType", "CIDFontType0", "CIDFontType2":
	default:
		return nil // Type0 (its descendant is checked) and Type3 (glyphs are content)
	}
	fd := refValue(o.dict, "FontDescriptor")
	if fd <= 0 || fd >= len(f.objs) {
		return fmt.Errorf("%w: font object %d has no font descriptor, so its program is not embedded", ErrNotConvertible, o.num)
	}
	d := names(f.objs[fd].dict)
	if !d["FontFile"] && !d["FontFile2"] && !d["FontFile3"] {
		return fmt.Errorf("%w: the font of object %d is not embedded", ErrNotConvertible, o.num)
	}
	return nil
}
