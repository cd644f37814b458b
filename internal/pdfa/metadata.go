package pdfa

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
)

// Metadata is what a PDF/A file says about itself twice, in the document
// information dictionary and in the XMP metadata packet; PDF/A requires
// the two to agree.
type Metadata struct {
	Title    string
	Author   string
	Subject  string
	Keywords string
	Creator  string // the application that made the content (xmp:CreatorTool)
	Producer string // the application that wrote the PDF (pdf:Producer)
	Created  time.Time
	Modified time.Time
}

// infoKeys are the document information entries that have an XMP
// equivalent, in the order they are written.
var infoKeys = []string{"Title", "Author", "Subject", "Keywords", "Creator", "Producer"}

func (m *Metadata) field(key string) *string {
	switch key {
	case "Title":
		return &m.Title
	case "Author":
		return &m.Author
	case "Subject":
		return &m.Subject
	case "Keywords":
		return &m.Keywords
	case "Creator":
		return &m.Creator
	case "Producer":
		return &m.Producer
	}
	return nil
}

// readInfo reads the text entries of a document information dictionary.
func readInfo(dict []byte) Metadata {
	var m Metadata
	for _, k := range infoKeys {
		if v := value(dict, k); len(v) == 1 && v[0].kind == 's' {
			*m.field(k) = clean(textString(v[0].val))
		}
	}
	return m
}

// clean makes s fit for both places: characters XML 1.0 cannot carry
// (control characters other than tab and line breaks, non-characters)
// and format characters are dropped, and the result is trimmed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return -1
		}
		return r
	}, s))
}

// pdfText writes s as a PDF text string: a literal string when it is
// printable ASCII, else UTF-16BE with a byte order mark in hex.
func pdfText(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7E {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFE, 0xFF
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return "<" + strings.ToUpper(hex.EncodeToString(b)) + ">"
}

// pdfDate formats t as a PDF date with its UTC offset, e.g.
// "D:20240827000000+02'00'".
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off/60%60)
}

// xmpDate formats t as an XMP date with the same offset, e.g.
// "2024-08-27T00:00:00+02:00".
func xmpDate(t time.Time) string {
	return t.Format("2006-01-02T15:04:05-07:00")
}

// infoDict writes m as a document information dictionary.
func infoDict(m Metadata) string {
	var b strings.Builder
	b.WriteString("<<\n")
	for _, k := range infoKeys {
		if v := *m.field(k); v != "" {
			fmt.Fprintf(&b, "/%s %s\n", k, pdfText(v))
		}
	}
	fmt.Fprintf(&b, "/CreationDate (%s)\n/ModDate (%s)\n>>", pdfDate(m.Created), pdfDate(m.Modified))
	return b.String()
}

// xmlEscape escapes text for XML element content.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// XMPPacket returns the XMP metadata packet of a PDF/A-2b file with
// metadata m: the PDF/A identification (pdfaid part 2, conformance B)
// and the Dublin Core, XMP basic and Adobe PDF properties that mirror the
// document information dictionary.
func XMPPacket(m Metadata) []byte {
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">` + "\n")
	b.WriteString(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`<rdf:Description rdf:about=""` +
		` xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/"` +
		` xmlns:xmp="http://ns.adobe.com/xap/1.0/"` +
		` xmlns:pdf="http://ns.adobe.com/pdf/1.3/">` + "\n")
	b.WriteString("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n")
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	if m.Title != "" {
		fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", xmlEscape(m.Title))
	}
	if m.Author != "" {
		fmt.Fprintf(&b, "<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", xmlEscape(m.Author))
	}
	if m.Subject != "" {
		fmt.Fprintf(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", xmlEscape(m.Subject))
	}
	if m.Keywords != "" {
		fmt.Fprintf(&b, "<pdf:Keywords>%s</pdf:Keywords>\n", xmlEscape(m.Keywords))
	}
	if m.Producer != "" {
		fmt.Fprintf(&b, "<pdf:Producer>%s</pdf:Producer>\n", xmlEscape(m.Producer))
	}
	if m.Creator != "" {
		fmt.Fprintf(&b, "<xmp:CreatorTool>%s</xmp:CreatorTool>\n", xmlEscape(m.Creator))
	}
	fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n", xmpDate(m.Created))
	fmt.Fprintf(&b, "<xmp:ModifyDate>%s</xmp:ModifyDate>\n", xmpDate(m.Modified))
	fmt.Fprintf(&b, "<xmp:MetadataDate>%s</xmp:MetadataDate>\n", xmpDate(m.Modified))
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n")
	b.WriteString(`<?xpacket end="r"?>`)
	return []byte(b.String())
}
