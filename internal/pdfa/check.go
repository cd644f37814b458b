package pdfa

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
)

// Check tests a file written by Convert for the PDF/A-2b structure this
// package promises: the binary header comment, a trailer with /ID and
// no /Encrypt, a catalog whose /Metadata is an unfiltered XMP packet that
// parses as XML and says pdfaid part 2 conformance B, an /OutputIntents
// entry of subtype GTS_PDFA1 with an embedded three-component ICC
// profile, a document information dictionary that agrees with the XMP
// packet, an embedded program for every font, and none of the forbidden
// features Convert refuses. It returns the first problem found.
//
// Check reads only the plain structure Convert writes (one classic
// cross-reference table); it is not a validator for arbitrary PDFs.
func Check(pdf []byte) error {
	if !bytes.HasPrefix(pdf, []byte(header)) {
		return fmt.Errorf("pdfa: the header is not %q followed by a binary comment", "%PDF-1.7")
	}
	f, err := parse(pdf)
	if err != nil {
		return err
	}
	id := value(f.trailer, "ID")
	if len(id) != 4 || id[1].kind != 's' || len(id[1].val) != 16 || !bytes.Equal(id[1].val, id[2].val) {
		return fmt.Errorf("pdfa: the trailer has no document ID")
	}
	if names(f.trailer)["Encrypt"] {
		return fmt.Errorf("pdfa: the file is encrypted")
	}
	for _, o := range f.objs[1:] {
		if err := checkObject(f, o, true); err != nil {
			return err
		}
	}
	cat := f.objs[f.root]
	if t := value(cat.dict, "Type"); len(t) != 1 || string(t[0].val) != "Catalog" {
		return fmt.Errorf("pdfa: the trailer's Root is not a catalog")
	}

	mn := refValue(cat.dict, "Metadata")
	if mn <= 0 || mn >= len(f.objs) {
		return fmt.Errorf("pdfa: the catalog has no /Metadata")
	}
	mo := f.objs[mn]
	if ns := names(mo.dict); !ns["Metadata"] || !ns["XML"] || ns["Filter"] {
		return fmt.Errorf("pdfa: /Metadata is not an unfiltered XML metadata stream")
	}
	xmp := mo.stream()
	got, err := readXMP(xmp)
	if err != nil {
		return err
	}
	if got.part != "2" || got.conformance != "B" {
		return fmt.Errorf("pdfa: the XMP packet says part %q conformance %q, not 2 and B", got.part, got.conformance)
	}

	intents := value(cat.dict, "OutputIntents")
	in := refs(intents)
	if len(in) != 1 || in[0] <= 0 || in[0] >= len(f.objs) {
		return fmt.Errorf("pdfa: the catalog has no single /OutputIntents entry")
	}
	oi := f.objs[in[0]]
	if s := value(oi.dict, "S"); len(s) != 1 || string(s[0].val) != "GTS_PDFA1" {
		return fmt.Errorf("pdfa: the output intent is not GTS_PDFA1")
	}
	pn := refValue(oi.dict, "DestOutputProfile")
	if pn <= 0 || pn >= len(f.objs) {
		return fmt.Errorf("pdfa: the output intent has no embedded profile")
	}
	prof := f.objs[pn]
	// An ICC profile names its colour space at bytes 16-19 of its header.
	if nv := value(prof.dict, "N"); len(nv) != 1 || string(nv[0].val) != "3" || len(prof.stream()) < 128 || string(prof.stream()[16:20]) != "RGB " {
		return fmt.Errorf("pdfa: the output intent's profile is not an RGB ICC profile")
	}

	if f.info <= 0 {
		return nil
	}
	info := readInfo(f.objs[f.info].dict)
	for _, k := range []struct{ name, info, xmp string }{
		{"Title", info.Title, got.title},
		{"Author", info.Author, got.creator},
		{"Subject", info.Subject, got.description},
		{"Keywords", info.Keywords, got.keywords},
		{"Creator", info.Creator, got.creatorTool},
		{"Producer", info.Producer, got.producer},
		{"CreationDate", dateOf(f.objs[f.info].dict, "CreationDate"), got.createDate},
		{"ModDate", dateOf(f.objs[f.info].dict, "ModDate"), got.modifyDate},
	} {
		if k.info != k.xmp {
			return fmt.Errorf("pdfa: the Info entry %s (%q) differs from the XMP packet (%q)", k.name, k.info, k.xmp)
		}
	}
	return nil
}

var pdfDateRE = regexp.MustCompile(`^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'$`)

// dateOf returns the Info date under key in XMP form ("" when absent or
// in another form).
func dateOf(dict []byte, key string) string {
	v := value(dict, key)
	if len(v) != 1 || v[0].kind != 's' {
		return ""
	}
	m := pdfDateRE.FindStringSubmatch(string(v[0].val))
	if m == nil {
		return ""
	}
	return fmt.Sprintf("%s-%s-%sT%s:%s:%s%s%s:%s", m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9])
}

// xmpFields are the properties Check compares.
type xmpFields struct {
	part, conformance                     string
	title, creator, description, keywords string
	creatorTool, producer                 string
	createDate, modifyDate                string
}

// readXMP parses an XMP packet and returns the properties Check needs.
func readXMP(packet []byte) (xmpFields, error) {
	var out xmpFields
	dec := xml.NewDecoder(bytes.NewReader(packet))
	var path []string
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return out, fmt.Errorf("pdfa: the XMP packet is not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Space+" "+t.Name.Local)
		case xml.EndElement:
			path = path[:len(path)-1]
		case xml.CharData:
			if len(path) == 0 {
				continue
			}
			s := string(t)
			prop := ""
			for i := len(path) - 1; i >= 0; i-- {
				if p := path[i]; p != "http://www.w3.org/1999/02/22-rdf-syntax-ns# li" &&
					p != "http://www.w3.org/1999/02/22-rdf-syntax-ns# Alt" &&
					p != "http://www.w3.org/1999/02/22-rdf-syntax-ns# Seq" {
					prop = p
					break
				}
			}
			switch prop {
			case "http://www.aiim.org/pdfa/ns/id/ part":
				out.part += s
			case "http://www.aiim.org/pdfa/ns/id/ conformance":
				out.conformance += s
			case "http://purl.org/dc/elements/1.1/ title":
				out.title += s
			case "http://purl.org/dc/elements/1.1/ creator":
				out.creator += s
			case "http://purl.org/dc/elements/1.1/ description":
				out.description += s
			case "http://ns.adobe.com/pdf/1.3/ Keywords":
				out.keywords += s
			case "http://ns.adobe.com/pdf/1.3/ Producer":
				out.producer += s
			case "http://ns.adobe.com/xap/1.0/ CreatorTool":
				out.creatorTool += s
			case "http://ns.adobe.com/xap/1.0/ CreateDate":
				out.createDate += s
			case "http://ns.adobe.com/xap/1.0/ ModifyDate":
				out.modifyDate += s
			}
		}
	}
	return out, nil
}

var (
	partElem = regexp.MustCompile(`pdfaid:part\s*(?:>\s*|=\s*["'])([1-4])`)
	confElem = regexp.MustCompile(`pdfaid:conformance\s*(?:>\s*|=\s*["'])([ABUabu])`)
)

// Identify reports the PDF/A part and conformance level a PDF claims in
// its XMP metadata, e.g. "PDF/A-2b", and whether it claims one at all.
// PDF/A requires its metadata stream to be uncompressed, so the claim is
// found in the file's bytes without parsing it. A claim is not proof: it
// tells a PDF meant for archiving from an ordinary one, for the SIP's
// list of documents in and not in an archival format.
func Identify(data []byte) (string, bool) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return "", false
	}
	p := partElem.FindSubmatch(data)
	if p == nil {
		return "", false
	}
	level := ""
	if c := confElem.FindSubmatch(data); c != nil {
		level = string(bytes.ToLower(c[1]))
	}
	return "PDF/A-" + string(p[1]) + level, true
}
