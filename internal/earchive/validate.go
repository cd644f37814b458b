package earchive

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Problem is one broken requirement of a package.
type Problem struct {
	// Requirement is the CSIP or SIP requirement's id (e.g. "CSIP71"),
	// or "LAYOUT" for the folder structure.
	Requirement string
	// Path is the package file the problem is in or about.
	Path   string
	Detail string
}

// ValidationError lists every problem Validate found.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems, one a line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "earchive: the package breaks %d requirement(s):", len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s %s: %s", p.Requirement, p.Path, p.Detail)
	}
	return b.String()
}

// Has reports whether a problem of requirement req was found.
func (e *ValidationError) Has(req string) bool {
	return slices.ContainsFunc(e.Problems, func(p Problem) bool { return p.Requirement == req })
}

// Validate checks the package in folder dir (named after the package)
// against the E-ARK CSIP 2.1.0 and SIP 2.1.0 MUST requirements that
// schema validity does not catch, for a package of content information
// type CITS ERMS: the file layout, the METS identifiers (present and
// unique across the package), every referenced file present with the
// size and checksum its METS entry states, the file groups and
// structural map divisions with their fixed labels and cross-references,
// the METS profile, the OAIS package type SIP and the content
// information type citserms_v2_1, the creating software agent and the
// submitting agent, the representation METS (checked the same way), and
// no file in the package that no METS describes. It returns a
// *ValidationError listing every problem, or nil.
//
// Validate does not validate against the XML schemas (libxml2 does that
// in the tests) nor read ERMS.xml's content.
func Validate(dir string) error {
	dir = filepath.Clean(dir)
	return ValidateFS(os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
}

// ValidateFS is Validate for the package in folder root of fsys (a
// directory, or a zip archive opened with archive/zip).
func ValidateFS(fsys fs.FS, root string) error {
	v := &validator{fsys: fsys, root: root, ids: map[string]string{}, described: map[string]bool{pathMETS: true}}
	v.mets(pathMETS, root, true)
	v.stray()
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems}
	}
	return nil
}

type validator struct {
	fsys      fs.FS
	root      string
	problems  []Problem
	ids       map[string]string // xml:ID → file it is in
	described map[string]bool   // files some METS describes
}

func (v *validator) fail(req, file, format string, args ...any) {
	v.problems = append(v.problems, Problem{req, file, fmt.Sprintf(format, args...)})
}

func (v *validator) read(name string) ([]byte, error) {
	return fs.ReadFile(v.fsys, path.Join(v.root, name))
}

// mets checks one METS file (the package's, or a representation's with
// isRoot false) and everything it references. objID is the folder name
// its OBJID must equal.
func (v *validator) mets(file, objID string, isRoot bool) {
	data, err := v.read(file)
	if err != nil {
		v.fail("LAYOUT", file, "missing METS file: %v", err)
		return
	}
	m, err := parseXML(data)
	if err != nil {
		v.fail("LAYOUT", file, "not well-formed XML: %v", err)
		return
	}
	if m.name.Space != NamespaceMETS || m.name.Local != "mets" {
		v.fail("LAYOUT", file, "the root element is not METS mets")
		return
	}
	base := path.Dir(file)
	v.collectIDs(file, m)

	if id := m.a("OBJID"); id == "" {
		v.fail("CSIP1", file, "mets/@OBJID is missing")
	} else if id != objID {
		v.fail("CSIP1", file, "mets/@OBJID %q is not the folder name %q", id, objID)
	}
	switch t := m.a("TYPE"); {
	case t == "":
		v.fail("CSIP2", file, "mets/@TYPE is missing")
	case strings.EqualFold(t, "OTHER"):
		if o, _ := m.attr(NamespaceCSIP, "OTHERTYPE"); o == "" {
			v.fail("CSIP3", file, "mets/@TYPE is OTHER without csip:OTHERTYPE")
		}
	}
	if cit, _ := m.attr(NamespaceCSIP, "CONTENTINFORMATIONTYPE"); cit != ContentInformationType {
		v.fail("CSIP4", file, "mets/@csip:CONTENTINFORMATIONTYPE is %q, not %q", cit, ContentInformationType)
	}
	if p := m.a("PROFILE"); p != ProfileSIP {
		v.fail("SIP2", file, "mets/@PROFILE is %q, not %q", p, ProfileSIP)
	}

	v.header(file, m, isRoot)

	dmdIDs := v.mdSecs(file, base, m.kids("dmdSec"), "CSIP18", "CSIP19", "CSIP22")
	amds := m.kids("amdSec")
	if len(amds) > 1 {
		v.fail("CSIP31", file, "%d amdSec elements; all administrative metadata belongs in one", len(amds))
	}
	var amdIDs []string
	for _, a := range amds {
		amdIDs = append(amdIDs, v.mdSecs(file, base, a.kids("digiprovMD"), "CSIP33", "", "CSIP36")...)
		amdIDs = append(amdIDs, v.mdSecs(file, base, a.kids("techMD"), "CSIP33", "", "CSIP36")...)
		amdIDs = append(amdIDs, v.mdSecs(file, base, a.kids("rightsMD"), "CSIP46", "", "CSIP49")...)
	}

	groups := v.fileSec(file, base, m, isRoot)
	v.structMap(file, base, m, objID, dmdIDs, amdIDs, groups, isRoot)
}

// header checks metsHdr (CSIP117, CSIP7, CSIP9/SIP4, CSIP10-16, SIP15).
func (v *validator) header(file string, m *node, isRoot bool) {
	hdrs := m.kids("metsHdr")
	if len(hdrs) != 1 {
		v.fail("CSIP117", file, "%d metsHdr elements, want 1", len(hdrs))
		return
	}
	h := hdrs[0]
	if !isDateTime(h.a("CREATEDATE")) {
		v.fail("CSIP7", file, "metsHdr/@CREATEDATE %q is not a date and time", h.a("CREATEDATE"))
	}
	if t, _ := h.attr(NamespaceCSIP, "OAISPACKAGETYPE"); t != PackageType {
		v.fail("SIP4", file, "metsHdr/@csip:OAISPACKAGETYPE is %q, not SIP", t)
	}
	software, submitter := false, false
	for _, a := range h.kids("agent") {
		name := strings.TrimSpace(text(a.kids("name")))
		switch {
		case a.a("ROLE") == "CREATOR" && a.a("TYPE") == "OTHER" && a.a("OTHERTYPE") == "SOFTWARE":
			software = true
			if name == "" {
				v.fail("CSIP14", file, "the software agent has no name")
			}
			notes := a.kids("note")
			if len(notes) != 1 || strings.TrimSpace(notes[0].text.String()) == "" {
				v.fail("CSIP15", file, "the software agent has no version note")
			} else if t, _ := notes[0].attr(NamespaceCSIP, "NOTETYPE"); t != "SOFTWARE VERSION" {
				v.fail("CSIP16", file, "the software agent's note is typed %q, not SOFTWARE VERSION", t)
			}
		case a.a("ROLE") == "CREATOR" && (a.a("TYPE") == "ORGANIZATION" || a.a("TYPE") == "INDIVIDUAL"):
			if name != "" {
				submitter = true
			}
		}
		for _, n := range a.kids("note") {
			if t, ok := n.attr(NamespaceCSIP, "NOTETYPE"); !ok || t != "SOFTWARE VERSION" && t != "IDENTIFICATIONCODE" {
				v.fail("SIP14", file, "an agent note is typed %q", t)
			}
		}
	}
	if !software {
		v.fail("CSIP10", file, "no agent with ROLE CREATOR, TYPE OTHER, OTHERTYPE SOFTWARE")
	}
	if isRoot && !submitter {
		v.fail("SIP15", file, "no submitting agent (ROLE CREATOR, TYPE ORGANIZATION or INDIVIDUAL, with a name)")
	}
}

// mdSecs checks metadata sections (dmdSec, digiprovMD …) and the files
// their mdRef point at; it returns their IDs.
func (v *validator) mdSecs(file, base string, secs []*node, reqID, reqCreated, reqRef string) []string {
	var ids []string
	for _, s := range secs {
		id := s.a("ID")
		if id == "" {
			v.fail(reqID, file, "a %s has no ID", s.name.Local)
		}
		ids = append(ids, id)
		if reqCreated != "" && !isDateTime(s.a("CREATED")) {
			v.fail(reqCreated, file, "%s %s has no CREATED date", s.name.Local, id)
		}
		for _, r := range s.kids("mdRef") {
			n, _ := strconv.Atoi(strings.TrimPrefix(reqRef, "CSIP"))
			req := func(k int) string { return "CSIP" + strconv.Itoa(n+k) }
			if r.a("LOCTYPE") != "URL" {
				v.fail(req(0), file, "%s %s: mdRef/@LOCTYPE is not URL", s.name.Local, id)
			}
			if t, _ := r.attr(NamespaceXLink, "type"); t != "simple" {
				v.fail(req(1), file, "%s %s: mdRef/@xlink:type is not simple", s.name.Local, id)
			}
			if r.a("MDTYPE") == "" {
				v.fail(req(3), file, "%s %s: mdRef/@MDTYPE is missing", s.name.Local, id)
			}
			if r.a("MIMETYPE") == "" {
				v.fail(req(4), file, "%s %s: mdRef/@MIMETYPE is missing", s.name.Local, id)
			}
			if !isDateTime(r.a("CREATED")) {
				v.fail(req(6), file, "%s %s: mdRef/@CREATED is missing", s.name.Local, id)
			}
			href, _ := r.attr(NamespaceXLink, "href")
			target := v.target(req(2), file, base, href)
			if target != "" && base == "." && !strings.HasPrefix(target, "metadata/") {
				v.fail("LAYOUT", file, "metadata file %s is not in the metadata folder", target)
			}
			v.fixity(req(5), req(7), req(8), file, target, r)
		}
	}
	return ids
}

// fileSec checks the file section (CSIP58-79, CSIP113-114) and returns
// its file groups by USE.
func (v *validator) fileSec(file, base string, m *node, isRoot bool) map[string][]*node {
	groups := map[string][]*node{}
	secs := m.kids("fileSec")
	if len(secs) > 1 {
		v.fail("CSIP58", file, "%d fileSec elements, want one", len(secs))
	}
	for _, fsec := range secs {
		if fsec.a("ID") == "" {
			v.fail("CSIP59", file, "fileSec has no ID")
		}
		for _, g := range fsec.kids("fileGrp") {
			use := g.a("USE")
			if use == "" {
				v.fail("CSIP64", file, "a fileGrp has no USE")
			}
			if g.a("ID") == "" {
				v.fail("CSIP65", file, "fileGrp %q has no ID", use)
			}
			groups[use] = append(groups[use], g)
			if strings.HasPrefix(use, "Representations") {
				if cit, _ := g.attr(NamespaceCSIP, "CONTENTINFORMATIONTYPE"); cit != ContentInformationType {
					v.fail("CSIP62", file, "fileGrp %q: csip:CONTENTINFORMATIONTYPE is %q, not %q", use, cit, ContentInformationType)
				}
			}
			files := g.kids("file")
			if len(files) == 0 {
				v.fail("CSIP66", file, "fileGrp %q lists no file", use)
			}
			for _, f := range files {
				v.fileEntry(file, base, f, use)
			}
		}
	}
	if isRoot {
		reps := 0
		for use := range groups {
			if strings.HasPrefix(use, "Representations/") {
				reps++
			}
		}
		if len(groups["Documentation"]) == 0 {
			v.fail("CSIP60", file, "no fileGrp with USE Documentation")
		}
		if len(groups["Schemas"]) == 0 {
			v.fail("CSIP113", file, "no fileGrp with USE Schemas")
		}
		if reps == 0 {
			v.fail("CSIP114", file, "no fileGrp with USE Representations/<name>")
		}
	}
	return groups
}

// fileEntry checks one file element and the file it points at.
func (v *validator) fileEntry(file, base string, f *node, use string) {
	id := f.a("ID")
	if id == "" {
		v.fail("CSIP67", file, "a file in fileGrp %q has no ID", use)
	}
	if f.a("MIMETYPE") == "" {
		v.fail("CSIP68", file, "file %s has no MIMETYPE", id)
	}
	if !isDateTime(f.a("CREATED")) {
		v.fail("CSIP70", file, "file %s has no CREATED date", id)
	}
	locs := f.kids("FLocat")
	if len(locs) != 1 {
		v.fail("CSIP76", file, "file %s has %d FLocat elements, want 1", id, len(locs))
		return
	}
	l := locs[0]
	if l.a("LOCTYPE") != "URL" {
		v.fail("CSIP77", file, "file %s: FLocat/@LOCTYPE is not URL", id)
	}
	if t, _ := l.attr(NamespaceXLink, "type"); t != "simple" {
		v.fail("CSIP78", file, "file %s: FLocat/@xlink:type is not simple", id)
	}
	href, _ := l.attr(NamespaceXLink, "href")
	target := v.target("CSIP79", file, base, href)
	if target != "" && base != "." && !strings.HasPrefix(target, base+"/data/") {
		v.fail("LAYOUT", file, "file %s is not in the representation's data folder", target)
	}
	v.fixity("CSIP69", "CSIP71", "CSIP72", file, target, f)
}

// target resolves href (relative to the METS file's folder) to a package
// path, marks it described and returns it ("" when href is unusable).
func (v *validator) target(req, file, base, href string) string {
	switch {
	case href == "":
		v.fail(req, file, "a reference has no xlink:href")
		return ""
	case strings.Contains(href, `\`) || strings.Contains(href, "://") || path.IsAbs(href):
		v.fail(req, file, "xlink:href %q is not a relative path", href)
		return ""
	}
	t := path.Clean(path.Join(base, href))
	if t == ".." || strings.HasPrefix(t, "../") {
		v.fail(req, file, "xlink:href %q points outside the package", href)
		return ""
	}
	v.described[t] = true
	return t
}

// fixity compares a referenced file with the SIZE, CHECKSUM and
// CHECKSUMTYPE its METS entry states.
func (v *validator) fixity(reqSize, reqSum, reqType, file, target string, n *node) {
	size, sum, kind := n.a("SIZE"), strings.ToLower(n.a("CHECKSUM")), n.a("CHECKSUMTYPE")
	if size == "" {
		v.fail(reqSize, file, "no SIZE for %s", target)
	}
	if sum == "" {
		v.fail(reqSum, file, "no CHECKSUM for %s", target)
	}
	var h hash.Hash
	switch kind {
	case "SHA-256":
		h = sha256.New()
	case "SHA-512":
		h = sha512.New()
	case "SHA-1":
		h = sha1.New()
	case "MD5":
		h = md5.New()
	default:
		v.fail(reqType, file, "CHECKSUMTYPE %q for %s is not one Validate can check", kind, target)
	}
	if target == "" {
		return
	}
	f, err := v.fsys.Open(path.Join(v.root, target))
	if err != nil {
		v.fail("LAYOUT", file, "the referenced file %s is not in the package", target)
		return
	}
	defer f.Close()
	if h == nil {
		h = sha256.New()
	}
	n64, err := io.Copy(h, f)
	if err != nil {
		v.fail("LAYOUT", file, "cannot read %s: %v", target, err)
		return
	}
	if size != "" && size != strconv.FormatInt(n64, 10) {
		v.fail(reqSize, file, "%s is %d bytes, METS says %s", target, n64, size)
	}
	if sum != "" && kind != "" && hex.EncodeToString(h.Sum(nil)) != sum {
		v.fail(reqSum, file, "the %s checksum of %s does not match METS", kind, target)
	}
}

// structMap checks the CSIP structural map (CSIP80-119).
func (v *validator) structMap(file, base string, m *node, objID string, dmdIDs, amdIDs []string, groups map[string][]*node, isRoot bool) {
	var csip []*node
	for _, s := range m.kids("structMap") {
		if s.a("LABEL") == "CSIP" {
			csip = append(csip, s)
		}
	}
	if len(csip) != 1 {
		v.fail("CSIP82", file, "%d structMap elements labelled CSIP, want 1", len(csip))
		return
	}
	s := csip[0]
	if s.a("TYPE") != "PHYSICAL" {
		v.fail("CSIP81", file, "the CSIP structMap's TYPE is %q, not PHYSICAL", s.a("TYPE"))
	}
	if s.a("ID") == "" {
		v.fail("CSIP83", file, "the CSIP structMap has no ID")
	}
	divs := s.kids("div")
	if len(divs) != 1 {
		v.fail("CSIP84", file, "the CSIP structMap has %d top divisions, want 1", len(divs))
		return
	}
	top := divs[0]
	if top.a("ID") == "" {
		v.fail("CSIP85", file, "the top division has no ID")
	}
	if top.a("LABEL") != objID {
		v.fail("CSIP86", file, "the top division's LABEL %q is not the OBJID %q", top.a("LABEL"), objID)
	}
	byLabel := map[string][]*node{}
	for _, d := range top.kids("div") {
		if d.a("ID") == "" {
			v.fail("CSIP106", file, "division %q has no ID", d.a("LABEL"))
		}
		byLabel[d.a("LABEL")] = append(byLabel[d.a("LABEL")], d)
	}
	md := byLabel["Metadata"]
	if len(md) != 1 {
		v.fail("CSIP88", file, "%d Metadata divisions, want 1", len(md))
	} else {
		adm, dmd := strings.Fields(md[0].a("ADMID")), strings.Fields(md[0].a("DMDID"))
		for _, id := range amdIDs {
			if !slices.Contains(adm, id) {
				v.fail("CSIP91", file, "the Metadata division's ADMID does not list %s", id)
			}
		}
		for _, id := range dmdIDs {
			if !slices.Contains(dmd, id) {
				v.fail("CSIP92", file, "the Metadata division's DMDID does not list %s", id)
			}
		}
	}
	// Every Documentation, Schemas and (in a representation) Data file
	// group is pointed at from its division, one fptr per group.
	for _, c := range []struct{ label, req string }{{"Documentation", "CSIP96"}, {"Schemas", "CSIP100"}, {"Data", "CSIP104"}} {
		gs := groups[c.label]
		if len(gs) == 0 {
			continue
		}
		ds := byLabel[c.label]
		if len(ds) != 1 {
			v.fail(c.req, file, "%d %s divisions for its file groups, want 1", len(ds), c.label)
			continue
		}
		var ptrs []string
		for _, p := range ds[0].kids("fptr") {
			ptrs = append(ptrs, p.a("FILEID"))
		}
		for _, g := range gs {
			if !slices.Contains(ptrs, g.a("ID")) {
				v.fail(c.req, file, "the %s division does not point at file group %s", c.label, g.a("ID"))
			}
		}
	}
	if !isRoot {
		return
	}
	for use, gs := range groups {
		if !strings.HasPrefix(use, "Representations/") {
			continue
		}
		rep := strings.TrimPrefix(use, "Representations/")
		ds := byLabel[use]
		if len(ds) != 1 {
			v.fail("CSIP107", file, "%d divisions labelled %q, want 1", len(ds), use)
			continue
		}
		ptrs := ds[0].kids("mptr")
		if len(ptrs) != 1 {
			v.fail("CSIP109", file, "division %q has %d mptr elements, want 1", use, len(ptrs))
			continue
		}
		p := ptrs[0]
		href, _ := p.attr(NamespaceXLink, "href")
		title, _ := p.attr(NamespaceXLink, "title")
		if t, _ := p.attr(NamespaceXLink, "type"); t != "simple" {
			v.fail("CSIP111", file, "division %q: mptr/@xlink:type is not simple", use)
		}
		if p.a("LOCTYPE") != "URL" {
			v.fail("CSIP112", file, "division %q: mptr/@LOCTYPE is not URL", use)
		}
		if len(gs) != 1 || title != gs[0].a("ID") {
			v.fail("CSIP108", file, "division %q: mptr/@xlink:title %q is not the file group's ID", use, title)
		}
		want := "representations/" + rep + "/METS.xml"
		if target := v.target("CSIP110", file, base, href); target != want {
			v.fail("CSIP110", file, "division %q points at %q, not %s", use, target, want)
			continue
		}
		v.mets(want, rep, false)
	}
}

// collectIDs records the xml:IDs of a METS file; an ID used twice in the
// package is a problem (CSIP18, 33, 46, 59, 65, 67, 83, 85 …: "unique
// within the package").
func (v *validator) collectIDs(file string, m *node) {
	m.walk(func(n *node) {
		id, ok := n.attr("", "ID")
		if !ok || n.name.Space != NamespaceMETS {
			return
		}
		if prev, dup := v.ids[id]; dup {
			v.fail("CSIP18", file, "ID %q is used again (first in %s)", id, prev)
			return
		}
		v.ids[id] = file
	})
}

// stray reports files of the package that no METS describes.
func (v *validator) stray() {
	_ = fs.WalkDir(v.fsys, v.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			v.fail("LAYOUT", p, "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, v.root+"/")
		if !v.described[rel] {
			v.fail("LAYOUT", rel, "no METS file describes this file")
		}
		return nil
	})
}

func text(ns []*node) string {
	if len(ns) == 0 {
		return ""
	}
	return ns[0].text.String()
}

func isDateTime(s string) bool {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
