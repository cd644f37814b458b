package earchive

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/filetype"
	"github.com/samstyr/samstyr/internal/pdfa"
	"github.com/samstyr/samstyr/internal/platform"
)

// The profiles and vocabulary values the package declares.
const (
	// ProfileSIP is the E-ARK SIP METS profile (SIP2); both METS files
	// declare it.
	ProfileSIP = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
	// ContentInformationType is CITS ERMS 2.1 (CSIP4, CSIP62).
	ContentInformationType = "citserms_v2_1"
	// ContentCategory is the package's mets/@TYPE (CSIP2): an ärende is
	// structured metadata and documents of several formats.
	ContentCategory = "Mixed"
	// PackageType is the OAIS package type (CSIP9, SIP4).
	PackageType = "SIP"
	// Software is the creating software agent's name (CSIP14).
	Software = "Samstyr"
	// Representation is the name of the one representation.
	Representation = "rep1"
)

// Paths inside a package.
const (
	pathMETS          = "METS.xml"
	pathERMS          = "metadata/descriptive/ERMS.xml"
	pathPREMIS        = "metadata/preservation/premis.xml"
	pathRepMETS       = "representations/" + Representation + "/METS.xml"
	pathRepData       = "representations/" + Representation + "/data/"
	pathSchemas       = "schemas/"
	pathDocumentation = "documentation/Om_paketet.txt"
)

//go:embed schemas/*.xsd
var schemaFS embed.FS

// Faults of Build.
var (
	// ErrNotArchived: only an ärende in state arkiverad is delivered.
	ErrNotArchived = fault.New(fault.Unprocessable, "case_not_archived")
	// ErrInvalidInput: the input is incomplete or inconsistent (the
	// detail names the problem).
	ErrInvalidInput = fault.New(fault.Unprocessable, "invalid_archive_input")
)

// Package is a built SIP: its identifier (the name of its root folder)
// and its files, sorted by path.
type Package struct {
	ID    string
	Files []File
	// created dates the entries of zip and tar streams.
	created time.Time
}

// File is one file of a package, its path relative to the package root.
type File struct {
	Path string
	Data []byte
}

// file returns the package's file at p.
func (p *Package) file(name string) (File, bool) {
	i := slices.IndexFunc(p.Files, func(f File) bool { return f.Path == name })
	if i < 0 {
		return File{}, false
	}
	return p.Files[i], true
}

// dataFile is a handling's file in the representation, with what the
// package says about its format.
type dataFile struct {
	h         *Handling
	path      string // relative to the package root
	mediaType string
	format    string // e.g. "PDF/A-2b", "PDF", "DOCX"
	archival  bool
	sha256    string
	created   time.Time
}

// builder holds what the generators share.
type builder struct {
	in    Input
	id    string
	files []dataFile
	byNo  map[int]*dataFile
}

// Build assembles the SIP of in.Case. It refuses a case that is not
// arkiverad (ErrNotArchived) and incomplete or inconsistent input
// (ErrInvalidInput): a missing creation time, diarienummer, ärendemening,
// arkivbildare or submitter; a handling without content that was not
// weeded, or whose content does not match its recorded digest; repeated
// löpnummer; a decision or masked copy pointing at a handling that is not
// there.
func Build(in Input) (*Package, error) {
	if in.Case.State != "arkiverad" {
		return nil, ErrNotArchived.WithDetail("case %s is %q, not arkiverad", in.Case.RegistrationNumber, in.Case.State)
	}
	b := &builder{in: in, byNo: map[int]*dataFile{}}
	if err := b.check(); err != nil {
		return nil, err
	}
	b.id = packageID(in)
	for i := range in.Case.Handlings {
		h := &b.in.Case.Handlings[i]
		df := dataFile{h: h, sha256: h.SHA256, created: h.Added}
		if df.created.IsZero() {
			df.created = midnight(h.Date)
		}
		if h.Content != nil {
			df.path = pathRepData + dataName(h)
			df.mediaType, df.format, df.archival = formatOf(h.FileName, h.Content)
			sum := sha256.Sum256(h.Content)
			df.sha256 = hex.EncodeToString(sum[:])
		}
		b.files = append(b.files, df)
	}
	for i := range b.files {
		b.byNo[b.files[i].h.No] = &b.files[i]
	}

	p := &Package{ID: b.id, created: in.Created}
	add := func(name string, data []byte) { p.Files = append(p.Files, File{name, data}) }
	for _, f := range b.files {
		if f.path != "" {
			add(f.path, f.h.Content)
		}
	}
	names, err := schemaFS.ReadDir("schemas")
	if err != nil {
		return nil, err
	}
	for _, e := range names {
		data, err := schemaFS.ReadFile("schemas/" + e.Name())
		if err != nil {
			return nil, err
		}
		add(pathSchemas+e.Name(), data)
	}
	add(pathERMS, b.erms())
	add(pathPREMIS, b.premis())
	add(pathDocumentation, b.documentation())
	add(pathRepMETS, b.repMETS())
	add(pathMETS, b.rootMETS(p))
	slices.SortFunc(p.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return p, nil
}

// check validates the input (see Build).
func (b *builder) check() error {
	c := b.in.Case
	bad := func(format string, args ...any) error { return ErrInvalidInput.WithDetail(format, args...) }
	switch {
	case b.in.Created.IsZero():
		return bad("no package creation time")
	case strings.TrimSpace(c.ID) == "":
		return bad("the case has no id")
	case strings.TrimSpace(c.RegistrationNumber) == "":
		return bad("the case has no diarienummer")
	case strings.TrimSpace(c.Title) == "":
		return bad("case %s has no ärendemening", c.RegistrationNumber)
	case strings.TrimSpace(b.in.Creator.Name) == "":
		return bad("no arkivbildare (creator)")
	case strings.TrimSpace(b.in.Submitter.Name) == "":
		return bad("no submitter")
	}
	seen := map[int]bool{}
	files := 0
	for _, h := range c.Handlings {
		if h.No < 1 || seen[h.No] {
			return bad("handling löpnummer %d is missing or repeated", h.No)
		}
		seen[h.No] = true
		if h.Content == nil {
			if h.Weeded == nil {
				return bad("handling %d has no content and was not weeded", h.No)
			}
			if h.SHA256 == "" {
				return bad("weeded handling %d has no recorded digest", h.No)
			}
			continue
		}
		files++
		if h.SHA256 != "" {
			sum := sha256.Sum256(h.Content)
			if !strings.EqualFold(hex.EncodeToString(sum[:]), h.SHA256) {
				return bad("the content of handling %d does not match its recorded SHA-256", h.No)
			}
		}
	}
	if files == 0 {
		return bad("case %s has no document to deliver", c.RegistrationNumber)
	}
	for _, h := range c.Handlings {
		if h.RedactedVersionOf != 0 && !seen[h.RedactedVersionOf] {
			return bad("handling %d is a masked copy of handling %d, which is not in the case", h.No, h.RedactedVersionOf)
		}
	}
	for _, d := range c.Decisions {
		if d.DecidedAt.IsZero() {
			return bad("decision %s has no decision time", d.ID)
		}
		for _, no := range []int{d.Handling, d.Extract} {
			if no != 0 && !seen[no] {
				return bad("decision %s points at handling %d, which is not in the case", d.ID, no)
			}
		}
	}
	return nil
}

// packageNamespace scopes package identifiers (a name-based UUID).
var packageNamespace = uuid.MustParse("5b1d0c0e-6a51-4f7e-9a1c-2f1d6a3e5c01")

// packageID derives the package identifier from the case and the
// creation time: stable for equal input, new for a new delivery.
func packageID(in Input) string {
	return "uuid-" + uuid.NewSHA1(packageNamespace, []byte(in.Case.ID+"|"+in.Created.UTC().Format(time.RFC3339Nano))).String()
}

// midnight is the start of day d in Sweden (zero for the zero date).
func midnight(d platform.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, platform.Stockholm)
}

// Format identifies a document's format from its bytes: its media type,
// a format name for the SIP (e.g. "PDF/A-2b", "PDF", "DOCX") and whether
// it is an archival format (bevarandeformat). PDF/A (any part, as the
// file claims it), plain UTF-8 text, PNG and JPEG count as archival.
// Which formats a municipality accepts is local (its arkivreglemente
// applies RA-FS 2009:2); the list of raster formats here is
// (UNVERIFIED) against RA-FS 2009:2. Formats Samstyr does not recognise
// are kept as received with media type application/octet-stream.
func Format(data []byte) (mediaType, name string, archival bool) {
	kind, err := filetype.Detect(data)
	if err != nil {
		return "application/octet-stream", "okänt format", false
	}
	switch kind {
	case filetype.PDF:
		if level, ok := pdfa.Identify(data); ok {
			return "application/pdf", level, true
		}
		return "application/pdf", "PDF", false
	case filetype.TXT:
		return "text/plain", "Text (UTF-8)", true
	case filetype.PNG:
		return "image/png", "PNG", true
	case filetype.JPEG:
		return "image/jpeg", "JPEG", true
	case filetype.DOCX:
		return string(kind), "DOCX (Office Open XML)", false
	case filetype.XLSX:
		return string(kind), "XLSX (Office Open XML)", false
	case filetype.ODT:
		return string(kind), "ODT (OpenDocument)", false
	case filetype.ODS:
		return string(kind), "ODS (OpenDocument)", false
	case filetype.TIFF:
		return string(kind), "TIFF", false
	}
	return string(kind), string(kind), false
}

// formatOf is Format told by the registered file name where the bytes
// alone cannot tell, as Samstyr registered the file (filetype.Identify):
// an e-mail message (.eml, UTF-8 or 8-bit text) is message/rfc822 and not
// an archival format, a .csv file is text/csv.
func formatOf(name string, data []byte) (mediaType, format string, archival bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".eml", ".csv":
		if f, err := filetype.Identify(name, data); err == nil {
			switch f.Kind {
			case filetype.EML:
				return "message/rfc822", "EML (e-postmeddelande)", false
			case filetype.CSV:
				return "text/csv", "CSV (UTF-8)", true
			}
		}
	}
	return Format(data)
}

// dataName is the file name of a handling in the representation: its
// löpnummer and its registered name made safe for every file system
// (ASCII letters, digits, '.', '-' and '_').
func dataName(h *Handling) string {
	name := path.Base(strings.ReplaceAll(h.FileName, `\`, "/"))
	var s strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			s.WriteRune(r)
		case r == 'å' || r == 'ä':
			s.WriteRune('a')
		case r == 'Å' || r == 'Ä':
			s.WriteRune('A')
		case r == 'ö':
			s.WriteRune('o')
		case r == 'Ö':
			s.WriteRune('O')
		case r == 'é':
			s.WriteRune('e')
		default:
			s.WriteRune('_')
		}
	}
	clean := strings.Trim(s.String(), "._")
	if len(clean) > 80 {
		clean = clean[len(clean)-80:]
	}
	if clean == "" {
		clean = "handling"
	}
	return fmt.Sprintf("%03d_%s", h.No, clean)
}
