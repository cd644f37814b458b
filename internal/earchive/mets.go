package earchive

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// METS and extension namespaces.
const (
	NamespaceMETS  = "http://www.loc.gov/METS/"
	NamespaceXLink = "http://www.w3.org/1999/xlink"
	NamespaceCSIP  = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
	NamespaceSIP   = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
)

// metsRoot opens a mets element with the namespaces and schema
// locations (relative to the METS file, whose folder is up levels below
// the package root).
func metsRoot(w *xw, up int, objID, label string) {
	prefix := strings.Repeat("../", up) + pathSchemas
	w.start("mets", attrs(
		"xmlns", NamespaceMETS,
		"xmlns:xlink", NamespaceXLink,
		"xmlns:csip", NamespaceCSIP,
		"xmlns:sip", NamespaceSIP,
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", NamespaceMETS+" "+prefix+"mets1_12.xsd "+
			NamespaceXLink+" "+prefix+"xlink.xsd "+
			NamespaceCSIP+" "+prefix+"DILCISExtensionMETS.xsd "+
			NamespaceSIP+" "+prefix+"DILCISExtensionSIPMETS.xsd",
		"OBJID", objID,
		"LABEL", label,
		"TYPE", ContentCategory,
		"csip:CONTENTINFORMATIONTYPE", ContentInformationType,
		"PROFILE", ProfileSIP)...)
}

// softwareAgent writes the creating software agent (CSIP10-16).
func (b *builder) softwareAgent(w *xw) {
	w.start("agent", "ROLE", "CREATOR", "TYPE", "OTHER", "OTHERTYPE", "SOFTWARE")
	w.elem("name", Software)
	w.elem("note", firstNonEmpty(b.in.SoftwareVersion, "okänd"), "csip:NOTETYPE", "SOFTWARE VERSION")
	w.end()
}

// orgAgent writes an organisation agent with its identification code.
func orgAgent(w *xw, role string, o Organisation) {
	w.start("agent", "ROLE", role, "TYPE", "ORGANIZATION")
	w.elem("name", o.Name)
	if o.ID != "" {
		w.elem("note", o.ID, "csip:NOTETYPE", "IDENTIFICATIONCODE")
	}
	w.end()
}

// fileEntry writes a mets file element with its location.
func fileEntry(w *xw, id, href, mediaType string, data []byte, created time.Time, extra ...string) {
	sum := sha256.Sum256(data)
	as := attrs(append([]string{
		"ID", id,
		"MIMETYPE", mediaType,
		"SIZE", strconv.Itoa(len(data)),
		"CREATED", dateTime(created),
		"CHECKSUM", hex.EncodeToString(sum[:]),
		"CHECKSUMTYPE", "SHA-256",
	}, extra...)...)
	w.start("file", as...)
	w.elem("FLocat", "", "LOCTYPE", "URL", "xlink:type", "simple", "xlink:href", href)
	w.end()
}

// mdRef writes a metadata reference with size and checksum (CSIP21-30,
// CSIP35-44).
func mdRef(w *xw, href, mdType, otherType, version string, data []byte, created time.Time) {
	sum := sha256.Sum256(data)
	w.elem("mdRef", "", attrs(
		"LOCTYPE", "URL",
		"xlink:type", "simple",
		"xlink:href", href,
		"MDTYPE", mdType,
		"OTHERMDTYPE", otherType,
		"MDTYPEVERSION", version,
		"MIMETYPE", "application/xml",
		"SIZE", strconv.Itoa(len(data)),
		"CREATED", dateTime(created),
		"CHECKSUM", hex.EncodeToString(sum[:]),
		"CHECKSUMTYPE", "SHA-256")...)
}

// IDs of the root METS elements. IDs are unique across the package: the
// representation's carry its name as a prefix.
const (
	idDMD         = "dmd-erms"
	idDigiprov    = "digiprov-premis"
	idFileSec     = "filesec"
	idGrpDoc      = "grp-documentation"
	idGrpSchemas  = "grp-schemas"
	idGrpRep      = "grp-" + Representation
	idStructMap   = "structmap-csip"
	idDivRoot     = "div-package"
	idDivMetadata = "div-metadata"
	idDivDoc      = "div-documentation"
	idDivSchemas  = "div-schemas"
	idDivRep      = "div-" + Representation
)

// rootMETS writes the package METS. p holds every other file already.
func (b *builder) rootMETS(p *Package) []byte {
	in := b.in
	w := newXW()
	metsRoot(w, 0, b.id, in.Case.RegistrationNumber+" "+in.Case.Title)

	w.start("metsHdr", "CREATEDATE", dateTime(in.Created), "RECORDSTATUS", "NEW", "csip:OAISPACKAGETYPE", PackageType)
	b.softwareAgent(w)
	orgAgent(w, "ARCHIVIST", in.Creator) // SIP9: the archival creator
	orgAgent(w, "CREATOR", in.Submitter) // SIP15: the submitting agent
	if c := in.Contact; c != nil && c.Name != "" {
		w.start("agent", "ROLE", "CREATOR", "TYPE", "INDIVIDUAL") // SIP21
		// The adapted METS schema requires csip:NOTETYPE on every agent
		// note and its vocabulary has no type for contact details (SIP25),
		// so the person's title goes with the name and no note is written.
		w.elem("name", strings.TrimSuffix(c.Name+", "+c.Title, ", "))
		w.end()
	}
	if a := in.Archive; a != nil && a.Name != "" {
		orgAgent(w, "PRESERVATION", *a) // SIP26
	}
	if in.SubmissionAgreement != "" {
		w.elem("altRecordID", in.SubmissionAgreement, "TYPE", "SUBMISSIONAGREEMENT")
	}
	w.end()

	erms, _ := p.file(pathERMS)
	w.start("dmdSec", "ID", idDMD, "CREATED", dateTime(in.Created), "STATUS", "CURRENT")
	mdRef(w, pathERMS, "OTHER", "ERMS", "2.1.2", erms.Data, in.Created)
	w.end()
	premis, _ := p.file(pathPREMIS)
	w.start("amdSec")
	w.start("digiprovMD", "ID", idDigiprov, "CREATED", dateTime(in.Created), "STATUS", "CURRENT")
	mdRef(w, pathPREMIS, "PREMIS", "", "3.0", premis.Data, in.Created)
	w.end()
	w.end()

	w.start("fileSec", "ID", idFileSec)
	w.start("fileGrp", "ID", idGrpDoc, "USE", "Documentation")
	doc, _ := p.file(pathDocumentation)
	fileEntry(w, "file-documentation", pathDocumentation, "text/plain", doc.Data, in.Created)
	w.end()
	w.start("fileGrp", "ID", idGrpSchemas, "USE", "Schemas")
	for _, f := range p.Files {
		if strings.HasPrefix(f.Path, pathSchemas) {
			name := strings.TrimPrefix(f.Path, pathSchemas)
			fileEntry(w, "file-schema-"+idSafe(name), f.Path, "application/xml", f.Data, in.Created,
				"sip:FILEFORMATNAME", "XML Schema Definition", "sip:FORMATREGISTRY", "PRONOM", "sip:FORMATREGISTRYKEY", "x-fmt/280")
		}
	}
	w.end()
	rep, _ := p.file(pathRepMETS)
	w.start("fileGrp", "ID", idGrpRep, "USE", "Representations/"+Representation, "csip:CONTENTINFORMATIONTYPE", ContentInformationType)
	fileEntry(w, "file-"+Representation+"-mets", pathRepMETS, "application/xml", rep.Data, in.Created)
	w.end()
	w.end()

	w.start("structMap", "ID", idStructMap, "TYPE", "PHYSICAL", "LABEL", "CSIP")
	w.start("div", "ID", idDivRoot, "LABEL", b.id)
	w.elem("div", "", "ID", idDivMetadata, "LABEL", "Metadata", "ADMID", idDigiprov, "DMDID", idDMD)
	w.start("div", "ID", idDivDoc, "LABEL", "Documentation")
	w.elem("fptr", "", "FILEID", idGrpDoc)
	w.end()
	w.start("div", "ID", idDivSchemas, "LABEL", "Schemas")
	w.elem("fptr", "", "FILEID", idGrpSchemas)
	w.end()
	w.start("div", "ID", idDivRep, "LABEL", "Representations/"+Representation)
	w.elem("mptr", "", "LOCTYPE", "URL", "xlink:type", "simple", "xlink:href", pathRepMETS, "xlink:title", idGrpRep)
	w.end()
	w.end()
	w.end()
	w.end()
	return w.bytes()
}

// repMETS writes the representation METS, listing the documents.
func (b *builder) repMETS() []byte {
	in := b.in
	r := Representation
	w := newXW()
	metsRoot(w, 2, r, in.Case.RegistrationNumber+" "+in.Case.Title)
	w.start("metsHdr", "CREATEDATE", dateTime(in.Created), "RECORDSTATUS", "NEW", "csip:OAISPACKAGETYPE", PackageType)
	b.softwareAgent(w)
	w.end()
	w.start("fileSec", "ID", r+"-filesec")
	w.start("fileGrp", "ID", r+"-grp-data", "USE", "Data")
	for _, f := range b.files {
		if f.path == "" {
			continue
		}
		extra := []string{"sip:FILEFORMATNAME", f.format}
		fileEntry(w, r+"-file-"+strconv.Itoa(f.h.No), strings.TrimPrefix(f.path, "representations/"+r+"/"), f.mediaType,
			f.h.Content, f.created, extra...)
	}
	w.end()
	w.end()
	w.start("structMap", "ID", r+"-structmap", "TYPE", "PHYSICAL", "LABEL", "CSIP")
	w.start("div", "ID", r+"-div", "LABEL", r)
	w.elem("div", "", "ID", r+"-div-metadata", "LABEL", "Metadata")
	w.start("div", "ID", r+"-div-data", "LABEL", "Data")
	w.elem("fptr", "", "FILEID", r+"-grp-data")
	w.end()
	w.end()
	w.end()
	w.end()
	return w.bytes()
}

// idSafe makes s usable in an xml:ID (letters, digits, '-', '_', '.').
func idSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
