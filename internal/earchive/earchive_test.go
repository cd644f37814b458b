package earchive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
)

// envRequireXmllint makes a missing xmllint a failure (set by .ci/run).
const envRequireXmllint = "SAMSTYR_REQUIRE_XMLLINT"

// xmllint validates files against the repository's copy of a schema
// with libxml2 (Debian libxml2-utils).
func xmllint(t *testing.T, schema string, files ...string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv(envRequireXmllint) == "1" {
			t.Fatalf("no xmllint on PATH and %s=1: install Debian's libxml2-utils", envRequireXmllint)
		}
		t.Skip("no xmllint on PATH; install Debian's libxml2-utils to validate the packages")
	}
	abs, err := filepath.Abs(filepath.Join("schemas", schema))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append([]string{"--noout", "--schema", abs}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint --schema %s: %v\n%s", schema, err, out)
	}
}

// written builds in and writes it to a temporary folder.
func written(t *testing.T, in Input) (*Package, string) {
	t.Helper()
	p, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := p.WriteDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return p, dir
}

func fileText(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantIn(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// Each test case's package is valid METS and ERMS (libxml2), passes
// Validate, and carries what the ERMS record must say.
func TestPackagesOfRealCases(t *testing.T) {
	for _, c := range []struct {
		name string
		in   func(*testing.T) Input
		erms []string
		not  []string
	}{
		{"delegationsbeslut med signatur", delegatedCase, []string{
			"<objectId>ITN 2025/31</objectId>", "<title>Avtal om drift av brandvägg</title>",
			`<classification classificationCode="2.3" fullyQualifiedClassificationCode="2.3">Avtal och upphandling</classification>`,
			"<actionType>Delegationsbeslut</actionType>",
			"<actionText>Beslut med stöd av delegation, punkt B.3 att teckna avtal med leverantören om 180 000 kr</actionText>",
			"<actionDue>Delegationsordning version 3, punkt B.3 (SHA-256 4be2d1f0)</actionDue>",
			"Anmält ITN 2025-05-15 § 34",
			`<actionDate dateType="decision">2025-04-03T10:15:00+02:00</actionDate>`,
			`<actionDate dateType="main_signature">2025-04-03T10:17:00+02:00</actionDate>`,
			`otherDateType="laga_kraft">2025-06-14T00:00:00+02:00<`,
			`<agent agentType="authorising_person">`, `<agent agentType="main_signatory">`,
			`<eSignature present="true" dateeSignatureIsVerified="2026-03-12T09:30:00+01:00"/>`,
			`eSignatureHasExisted="true"`,
			`<direction directionDefinition="incoming"/>`, `<direction directionDefinition="other" otherDirectionDefinition="upprättad"/>`,
			`<extraId extraIdType="version">revision 4</extraId>`,
			`fileFormat="PDF/A-2b"`, `fileFormat="PDF"`,
			"Filen är inte i ett arkivbeständigt format (PDF)",
			`<disposal disposable="false">`, "<disposalAction>Bevaras</disposalAction>", "IHP 2025 § 3.1 Avtal",
			"Nätverksbolaget i Kalmar AB",
		}, nil},
		{"nämndbeslut med protokollsutdrag", boardCase, []string{
			"<actionType>Nämndbeslut</actionType>", "<actionDue>Protokoll ITN 2025-05-15 § 7</actionDue>",
			"Protokollsutdrag: handling 3", `recordType="Protokollsutdrag"`, `<direction directionDefinition="outgoing"/>`,
			`<agent agentType="recipient">`, "Mörbylånga kommun", `fileFormat="Text (UTF-8)"`,
		}, nil},
		{"sekretessmarkerad handling", secretCase, []string{
			`<restriction restrictionType="confidential">`, "<regulation>OSL 18 kap. 8 §</regulation>",
			"<name>Uppgift maskerad (sekretess)</name>", "<protectedIdentity>true</protectedIdentity>",
			`<relation relationType="is_redacted_version_of">ITN 2025/40-1</relation>`,
			`<relation relationType="has_redacted_version">ITN 2025/40-2</relation>`,
			`fileFormat="DOCX (Office Open XML)"`, "<disposalAction>Gallras</disposalAction>", "<disposalPeriod>2 år</disposalPeriod>",
			`<disposalDate dateType="retention_period_end">2027-10-02T00:00:00+02:00</disposalDate>`,
		}, []string{"Anna Andersson"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in(t)
			p, dir := written(t, in)
			if filepath.Base(dir) != p.ID || !strings.HasPrefix(p.ID, "uuid-") {
				t.Fatalf("package folder %s, id %s", dir, p.ID)
			}
			xmllint(t, "mets1_12.xsd", filepath.Join(dir, "METS.xml"), filepath.Join(dir, "representations/rep1/METS.xml"))
			xmllint(t, "ERMS_v2_1_2.xsd", filepath.Join(dir, "metadata/descriptive/ERMS.xml"))
			if err := Validate(dir); err != nil {
				t.Fatal(err)
			}
			erms := fileText(t, dir, "metadata/descriptive/ERMS.xml")
			wantIn(t, "ERMS.xml", erms, c.erms...)
			for _, n := range c.not {
				for _, f := range []string{"metadata/descriptive/ERMS.xml", "METS.xml", "metadata/preservation/premis.xml", "documentation/Om_paketet.txt"} {
					if strings.Contains(fileText(t, dir, f), n) {
						t.Errorf("%s shows the masked party %q", f, n)
					}
				}
			}
			// Every handling, decision and event is in the metadata.
			for _, h := range in.Case.Handlings {
				wantIn(t, "ERMS.xml", erms, "<objectId>"+in.Case.RegistrationNumber+"-"+strconv.Itoa(h.No)+"</objectId>")
			}
			premis := fileText(t, dir, "metadata/preservation/premis.xml")
			if _, err := parseXML([]byte(premis)); err != nil {
				t.Fatalf("premis.xml: %v", err)
			}
			for _, e := range in.Case.Events {
				wantIn(t, "ERMS.xml", erms, "SHA-256 "+e.Hash)
				wantIn(t, "premis.xml", premis, "<premis:eventIdentifierValue>"+e.Hash+"</premis:eventIdentifierValue>",
					"prev_hash="+e.PrevHash)
			}
			for _, h := range in.Case.Handlings {
				for _, s := range h.Signatures {
					wantIn(t, "premis.xml", premis, "<premis:signatureValue>"+s.Value+"</premis:signatureValue>", `id="`+s.KeyID+`"`, s.Digest)
				}
			}
			wantIn(t, "premis.xml", premis, "<premis:eventType>fixity check</premis:eventType>", "<premis:eventOutcome>godkänd</premis:eventOutcome>")
			mets := fileText(t, dir, "METS.xml")
			wantIn(t, "METS.xml", mets, `csip:OAISPACKAGETYPE="SIP"`, `csip:CONTENTINFORMATIONTYPE="citserms_v2_1"`,
				`PROFILE="`+ProfileSIP+`"`, `<agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">`, "Leveransöverenskommelse 2025:3")
		})
	}
}

// The one file that names what is not archival, and the METS format names.
func TestFormatsAreNamed(t *testing.T) {
	_, dir := written(t, delegatedCase(t))
	rep := fileText(t, dir, "representations/rep1/METS.xml")
	wantIn(t, "rep METS", rep, `sip:FILEFORMATNAME="PDF/A-2b"`, `sip:FILEFORMATNAME="PDF"`, `xlink:href="data/001_Offert_brandvagg.pdf"`)
	doc := fileText(t, dir, "documentation/Om_paketet.txt")
	wantIn(t, "Om_paketet.txt", doc, "Filer som inte är i arkivbeständigt format", "1  001_Offert_brandvagg.pdf (PDF)")
	if strings.Contains(doc, "003_beslut.pdf (") {
		t.Error("the PDF/A decision is listed as not archival")
	}
}

func TestDeterministic(t *testing.T) {
	in := delegatedCase(t)
	a, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(in)
	var za, zb, ta, tb bytes.Buffer
	for _, w := range []struct {
		p   *Package
		buf *bytes.Buffer
		fn  func(*Package, io.Writer) error
	}{{a, &za, (*Package).WriteZip}, {b, &zb, (*Package).WriteZip}, {a, &ta, (*Package).WriteTar}, {b, &tb, (*Package).WriteTar}} {
		if err := w.fn(w.p, w.buf); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(za.Bytes(), zb.Bytes()) || !bytes.Equal(ta.Bytes(), tb.Bytes()) {
		t.Error("equal input gave different archives")
	}
	in.Created = in.Created.Add(1e9)
	c, _ := Build(in)
	if c.ID == a.ID {
		t.Error("a new delivery got the same package id")
	}
}

// The zip stream is the same package: it validates through archive/zip.
func TestZipAndTarHoldThePackage(t *testing.T) {
	p, err := Build(boardCase(t))
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	if err := p.WriteZip(&z); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(z.Bytes()), int64(z.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateFS(zr, p.ID); err != nil {
		t.Fatal(err)
	}
	var tb bytes.Buffer
	if err := p.WriteTar(&tb); err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(&tb)
	files := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h.Name, p.ID+"/") {
			t.Errorf("tar entry %s outside the package folder", h.Name)
		}
		if h.Typeflag == tar.TypeReg {
			files++
		}
	}
	if files != len(p.Files) {
		t.Errorf("tar has %d files, package %d", files, len(p.Files))
	}
}

// One byte changed in a document fails the checksum check.
func TestOneByteChangedFailsChecksum(t *testing.T) {
	_, dir := written(t, delegatedCase(t))
	doc := filepath.Join(dir, "representations/rep1/data/003_beslut.pdf")
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(doc, b, 0o644); err != nil {
		t.Fatal(err)
	}
	err = Validate(dir)
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("CSIP71") || len(ve.Problems) != 1 {
		t.Fatalf("Validate = %v, want exactly the CSIP71 checksum problem", err)
	}
	if !strings.Contains(err.Error(), "003_beslut.pdf") {
		t.Errorf("the problem does not name the file: %v", err)
	}
}

// Validate finds each broken MUST requirement.
func TestValidateFindsBrokenRequirements(t *testing.T) {
	for _, c := range []struct {
		name, file, old, new, req string
	}{
		{"metadata checksum", "metadata/descriptive/ERMS.xml", "<objectId>", "<objectID>", "CSIP29"},
		{"package type", "METS.xml", `csip:OAISPACKAGETYPE="SIP"`, `csip:OAISPACKAGETYPE="AIP"`, "SIP4"},
		{"content information type", "METS.xml", `csip:CONTENTINFORMATIONTYPE="citserms_v2_1" PROFILE`, `csip:CONTENTINFORMATIONTYPE="ERMS" PROFILE`, "CSIP4"},
		{"representation content type", "METS.xml", `USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="citserms_v2_1"`, `USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="SIARD2"`, "CSIP62"},
		{"profile", "METS.xml", `PROFILE="` + ProfileSIP, `PROFILE="https://example.org/p.xml`, "SIP2"},
		{"structMap label", "METS.xml", `LABEL="CSIP"`, `LABEL="Physical"`, "CSIP82"},
		{"structMap type", "METS.xml", `TYPE="PHYSICAL" LABEL="CSIP"`, `TYPE="LOGICAL" LABEL="CSIP"`, "CSIP81"},
		{"documentation group", "METS.xml", `USE="Documentation"`, `USE="Docs"`, "CSIP60"},
		{"schemas group", "METS.xml", `USE="Schemas"`, `USE="XSD"`, "CSIP113"},
		{"metadata division", "METS.xml", `LABEL="Metadata" ADMID`, `LABEL="Metadata2" ADMID`, "CSIP88"},
		{"DMDID", "METS.xml", `DMDID="dmd-erms"`, `DMDID="dmd-x"`, "CSIP92"},
		{"duplicate ID", "METS.xml", `ID="div-schemas"`, `ID="div-documentation"`, "CSIP18"},
		{"OBJID", "METS.xml", `OBJID="uuid-`, `OBJID="x-uuid-`, "CSIP1"},
		{"top division label", "METS.xml", `<div ID="div-package" LABEL="uuid-`, `<div ID="div-package" LABEL="uuid-0`, "CSIP86"},
		{"mptr title", "METS.xml", `xlink:title="grp-rep1"`, `xlink:title="grp-x"`, "CSIP108"},
		{"software agent", "METS.xml", `OTHERTYPE="SOFTWARE"`, `OTHERTYPE="PROGRAM"`, "CSIP10"},
		{"checksum type", "representations/rep1/METS.xml", `CHECKSUMTYPE="SHA-256"`, `CHECKSUMTYPE="CRC32"`, "CSIP72"},
		{"file size", "representations/rep1/METS.xml", `SIZE="`, `SIZE="1`, "CSIP69"},
		{"locator type", "representations/rep1/METS.xml", `<FLocat LOCTYPE="URL"`, `<FLocat LOCTYPE="URN"`, "CSIP77"},
		{"path outside", "representations/rep1/METS.xml", `xlink:href="data/001_`, `xlink:href="../../../001_`, "CSIP79"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, dir := written(t, delegatedCase(t))
			name := filepath.Join(dir, c.file)
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			changed := bytes.Replace(b, []byte(c.old), []byte(c.new), 1)
			if bytes.Equal(changed, b) {
				t.Fatalf("%q not in %s", c.old, c.file)
			}
			if err := os.WriteFile(name, changed, 0o644); err != nil {
				t.Fatal(err)
			}
			err = Validate(dir)
			var ve *ValidationError
			if !errors.As(err, &ve) || !ve.Has(c.req) {
				t.Fatalf("Validate = %v, want a %s problem", err, c.req)
			}
		})
	}
}

func TestValidateFindsLayoutProblems(t *testing.T) {
	_, dir := written(t, secretCase(t))
	if err := os.WriteFile(filepath.Join(dir, "representations/rep1/data/extra.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "representations/rep1/data/003_analys.docx")); err != nil {
		t.Fatal(err)
	}
	err := Validate(dir)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "extra.txt: no METS file describes") ||
		!strings.Contains(err.Error(), "003_analys.docx is not in the package") {
		t.Fatalf("Validate = %v", err)
	}
	if err := Validate(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("a missing folder validated")
	}
}

// A weeded handling keeps its metadata and digest; no file is delivered.
func TestWeededHandling(t *testing.T) {
	in := secretCase(t)
	h := &in.Case.Handlings[2]
	h.SHA256, h.Content = digest(h.Content), nil
	h.Weeded = &Weeding{On: platform.MustParseDate("2028-01-10"), Decision: "ITN 2028-01-09 § 2", Reference: "IHP 2025 § 5.4"}
	p, dir := written(t, in)
	xmllint(t, "ERMS_v2_1_2.xsd", filepath.Join(dir, "metadata/descriptive/ERMS.xml"))
	if err := Validate(dir); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.file("representations/rep1/data/003_analys.docx"); ok {
		t.Error("the weeded file is in the package")
	}
	wantIn(t, "ERMS.xml", fileText(t, dir, "metadata/descriptive/ERMS.xml"), "<disposalAction>Gallrad</disposalAction>",
		"IHP 2025 § 5.4 (ITN 2028-01-09 § 2)", "SHA-256 "+h.SHA256)
}

func TestBuildRefuses(t *testing.T) {
	for name, c := range map[string]struct {
		edit func(*Input)
		want error
	}{
		"not archived":            {func(in *Input) { in.Case.State = "avslutad" }, ErrNotArchived},
		"tampered content":        {func(in *Input) { in.Case.Handlings[0].Content = []byte("%PDF-1.4 other") }, ErrInvalidInput},
		"no content":              {func(in *Input) { in.Case.Handlings[1].Content = nil }, ErrInvalidInput},
		"repeated number":         {func(in *Input) { in.Case.Handlings[1].No = 1 }, ErrInvalidInput},
		"decision points nowhere": {func(in *Input) { in.Case.Decisions[0].Handling = 9 }, ErrInvalidInput},
		"no time":                 {func(in *Input) { in.Created = time.Time{} }, ErrInvalidInput},
		"no creator":              {func(in *Input) { in.Creator.Name = " " }, ErrInvalidInput},
	} {
		t.Run(name, func(t *testing.T) {
			in := delegatedCase(t)
			c.edit(&in)
			_, err := Build(in)
			if !errors.Is(err, c.want) {
				t.Fatalf("Build = %v, want %v", err, c.want)
			}
		})
	}
}

func TestCodesAreTranslated(t *testing.T) {
	for _, f := range []*fault.Error{ErrNotArchived, ErrInvalidInput} {
		if !i18n.Has(f.Code) || i18n.T(i18n.English, f.Code) == f.Code {
			t.Errorf("no text for %s", f.Code)
		}
	}
}

// An ärende makulerat before it was archived is obliterated in ERMS, not
// closed: the archive event's From says so.
func TestVoidedCaseIsObliterated(t *testing.T) {
	in := secretCase(t)
	in.Case.Events = chain(in.Case.ID,
		cases.Event{At: stockholm(2025, time.September, 3, 8, 0), Actor: "registrator", Action: cases.ActionRegister, To: cases.StateRegistered, DataDigest: digest([]byte("x"))},
		cases.Event{At: stockholm(2025, time.October, 1, 9, 0), Actor: "sekreterare", Action: "void", From: cases.StateRegistered, To: cases.StateVoided, Note: "Fel nämnd", DataDigest: digest([]byte("v"))},
		cases.Event{At: stockholm(2026, time.March, 1, 10, 0), Actor: "arkivarie", Action: "archive", From: cases.StateVoided, To: cases.StateArchived, DataDigest: digest([]byte("a"))},
	)
	_, dir := written(t, in)
	erms := fileText(t, dir, "metadata/descriptive/ERMS.xml")
	xmllint(t, "ERMS_v2_1_2.xsd", filepath.Join(dir, "metadata/descriptive/ERMS.xml"))
	wantIn(t, "ERMS.xml", erms, `<status value="obliterated"/>`)
	_, dir = written(t, delegatedCase(t))
	wantIn(t, "ERMS.xml of a closed case", fileText(t, dir, "metadata/descriptive/ERMS.xml"), `<status value="closed"/>`)
}

// Formats are named from the registered file name and the bytes, as
// Samstyr registered them: an e-mail message (UTF-8 or 8-bit) is
// message/rfc822 and not archival, a CSV file text/csv; a TIFF image is
// named TIFF, not by its media type.
func TestFormatsByFileName(t *testing.T) {
	in := boardCase(t)
	utf8Mail := []byte("From: Kalle <kalle@example.se>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\nSubject: Offert\r\n\r\nHej, här är offerten.\r\n")
	latin1Mail := []byte("From: Kalle <kalle@example.se>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\nSubject: Offert\r\n\r\nH\xe4r \xe4r offerten.\r\n")
	csv := []byte("Klass;Benämning\n1.2;Samverkan\n")
	for i, f := range []struct {
		name string
		data []byte
	}{{"Brev från Kalle.eml", utf8Mail}, {"brev-8bit.EML", latin1Mail}, {"lista.csv", csv}, {"skanning.tif", []byte("II*\x00\x08\x00\x00\x00")}} {
		in.Case.Handlings = append(in.Case.Handlings, Handling{No: 4 + i, Type: "Inkommen handling", Title: f.name,
			Direction: Incoming, Date: platform.MustParseDate("2025-05-02"), FileName: f.name, Content: f.data, SHA256: digest(f.data)})
	}
	_, dir := written(t, in)
	if err := Validate(dir); err != nil {
		t.Fatal(err)
	}
	xmllint(t, "mets1_12.xsd", filepath.Join(dir, "representations/rep1/METS.xml"))
	rep := fileText(t, dir, "representations/rep1/METS.xml")
	for _, want := range []string{
		`ID="rep1-file-4" MIMETYPE="message/rfc822"`, `ID="rep1-file-5" MIMETYPE="message/rfc822"`, `ID="rep1-file-6" MIMETYPE="text/csv"`,
		`sip:FILEFORMATNAME="EML (e-postmeddelande)"`, `sip:FILEFORMATNAME="CSV (UTF-8)"`,
		`ID="rep1-file-7" MIMETYPE="image/tiff"`, `sip:FILEFORMATNAME="TIFF"`,
	} {
		wantIn(t, "rep METS", rep, want)
	}
	if strings.Contains(rep, "application/octet-stream") {
		t.Error("an 8-bit e-mail message is application/octet-stream")
	}
	wantIn(t, "Om_paketet.txt", fileText(t, dir, "documentation/Om_paketet.txt"),
		"4  004_Brev_fran_Kalle.eml (EML (e-postmeddelande))", "5  005_brev-8bit.EML (EML (e-postmeddelande))")
}
