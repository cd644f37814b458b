package api_test

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/pdfa/pdfatest"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
)

// xmllintPackage validates a package's METS files and its ERMS.xml with
// libxml2 against the schemas the package ships (a missing xmllint skips,
// unless SAMSTYR_REQUIRE_XMLLINT=1, which .ci/run sets).
func xmllintPackage(t *testing.T, dir string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("SAMSTYR_REQUIRE_XMLLINT") == "1" {
			t.Fatal("no xmllint on PATH and SAMSTYR_REQUIRE_XMLLINT=1: install Debian's libxml2-utils")
		}
		t.Skip("no xmllint on PATH; install Debian's libxml2-utils to validate the packages")
	}
	for schema, files := range map[string][]string{
		"mets1_12.xsd":    {"METS.xml", "representations/rep1/METS.xml"},
		"ERMS_v2_1_2.xsd": {"metadata/descriptive/ERMS.xml"},
	} {
		args := []string{"--noout", "--schema", filepath.Join(dir, "schemas", schema)}
		for _, f := range files {
			args = append(args, filepath.Join(dir, f))
		}
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("xmllint --schema %s: %v\n%s", schema, err, out)
		}
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantText(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// checkPackage validates a package folder: libxml2 against the METS and
// ERMS schemas, earchive.Validate (the CSIP/SIP MUST requirements), and
// the PDF/A-2b checks on every PDF Samstyr rendered into it. It returns
// ERMS.xml.
func checkPackage(t *testing.T, dir string) string {
	t.Helper()
	xmllintPackage(t, dir)
	if err := earchive.Validate(dir); err != nil {
		t.Fatal(err)
	}
	data, err := filepath.Glob(filepath.Join(dir, "representations", "rep1", "data", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range data {
		if !strings.HasSuffix(f, ".pdf") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pdfatest.Require(t, filepath.Base(f), b, "Ölands IT-nämnd")
	}
	return readFile(t, dir, "metadata/descriptive/ERMS.xml")
}

// TestSIPsOfRealCases builds the packages of three ärenden made through
// the API — a signed delegationsbeslut (reported at a meeting), a nämnd
// decision with its protokollsutdrag, and a case with a sekretess-marked
// handling — and checks each with libxml2 against the METS and ERMS
// schemas, earchive.Validate and the PDF/A-2b checks; one byte changed in
// a document fails the checksum requirement; a batch download holds all
// three; a case that is not archived is refused, by name. On SQLite and
// on the Mongo backend.
func TestSIPsOfRealCases(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a := newArch(t, env)
		a.profile()
		if r := a.importPlan(testPlan); r.Status != http.StatusCreated {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}

		del := a.register("Avtal med MBAB om drift av brandvägg", "2.3", map[string]any{"counterpart": "Mörbylånga Bostäder AB"})
		a.upload(del, map[string]string{"direction": "inkommande", "description": "Offert på drift av brandvägg", "party": "Mörbylånga Bostäder AB"},
			"offert.txt", []byte("Offert\nDrift av brandvägg 2026–2028, 180 000 kr per år.\n"))
		a.ready(del)
		did := a.decide(del, true)

		nb := a.register("Översyn av samverkansavtal", "1.2", map[string]any{"counterpart": "Mörbylånga kommun"})
		a.upload(nb, map[string]string{"direction": "inkommande", "description": "Skrivelse från Mörbylånga kommun", "party": "Mörbylånga kommun"},
			"skrivelse.txt", []byte("Mörbylånga kommun vill se över samverkansavtalet före 2027.\n"))
		a.ready(nb)
		_, nos := a.meeting(map[string]paragraph{nb: {"bifall", []string{"godkänna förslaget till nytt samverkansavtal"}}})
		for _, id := range []string{del, nb} {
			a.fire("handlaggare", id, "close", nil)
			a.fire("arkivarie", id, "archive", nil)
		}

		sec := a.register("Säkerhetsincident i skolans nätverk", "3.1", nil)
		a.upload(sec, map[string]string{"direction": "inkommande", "description": "Incidentrapport från skolan", "party": "Anna Andersson",
			"secrecy_reference": "OSL 18 kap. 8 §", "secrecy_date": "2026-03-02"}, "incident.txt",
			[]byte("Incidentrapport\nElev: Anna Andersson, 070-123 45 67\n"))
		a.upload(sec, map[string]string{"direction": "upprattad", "description": "Åtgärdslista"}, "atgarder.txt", []byte("Byt lösenord.\n"))
		a.upload(sec, map[string]string{"direction": "inkommande", "description": "Skolans e-post", "party": "Skolan"}, "Skolans brev.eml",
			[]byte("From: Skolan <skolan@example.se>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\nSubject: Incident\r\n\r\nN\xe4tet \xe4r nere.\r\n"))
		a.fire("sekreterare", sec, "void", map[string]string{"note": "Handläggs av barn- och utbildningsnämnden"})
		a.fire("arkivarie", sec, "archive", nil)

		// A case that is not archived is refused by name; so is anyone
		// but the arkivarie.
		open := a.register("Pågående ärende", "2.3", nil)
		r := a.do("arkivarie", http.MethodGet, "/api/v1/cases/"+open+"/archive-package", nil, nil)
		a.refused("export of a registered case", r, http.StatusUnprocessableEntity, "case_not_archived")
		if !strings.Contains(string(r.Body), a.caseJSON(open)["registration_number"].(string)) {
			t.Errorf("the refusal does not name the case: %s", r.Body)
		}
		a.refused("export by the handläggare", a.do("handlaggare", http.MethodGet, "/api/v1/cases/"+del+"/archive-package", nil, nil),
			http.StatusForbidden, "not_permitted")

		erms := checkPackage(t, a.exportZip(del))
		wantText(t, "delegationsbeslut ERMS.xml", erms, "<actionType>Delegationsbeslut</actionType>",
			`classificationCode="2.3"`, ">Avtal och upphandling</classification>", `<agent agentType="main_signatory">`,
			`<eSignature present="true" dateeSignatureIsVerified=`, `dateType="main_signature"`, "Anmält ITN 2026-03-02 § ",
			"punkt A16", "Mörbylånga Bostäder AB", `fileFormat="PDF/A-2b"`, `<extraId extraIdType="version">revision 1</extraId>`,
			`<disposalAction>Bevaras</disposalAction>`, "IHP § 2.3", `recordType="Beslut"`, `recordType="Tjänsteskrivelse"`,
			"<direction directionDefinition=\"incoming\"/>", `<status value="closed"/>`)
		if !strings.Contains(erms, did) {
			t.Errorf("ERMS.xml does not name decision %s", did)
		}

		nbDir := a.exportZip(nb)
		erms = checkPackage(t, nbDir)
		wantText(t, "nämndbeslut ERMS.xml", erms, "<actionType>Nämndbeslut</actionType>",
			"<actionDue>Protokoll ITN 2026-03-02 § "+strconv.Itoa(nos[nb])+"</actionDue>", `recordType="Protokollsutdrag"`,
			"godkänna förslaget till nytt samverkansavtal", `<agent agentType="counterpart">`, "Mörbylånga kommun")
		wantText(t, "nämndbeslut premis.xml", readFile(t, nbDir, "metadata/preservation/premis.xml"), "<premis:signatureValue>")

		secDir := a.exportZip(sec)
		erms = checkPackage(t, secDir)
		wantText(t, "sekretess ERMS.xml", erms, `<restriction restrictionType="confidential">`, "<regulation>OSL 18 kap. 8 §</regulation>",
			"<name>Uppgift maskerad (sekretess)</name>", "<disposalAction>Gallras</disposalAction>", "<disposalPeriod>2 år</disposalPeriod>",
			`<status value="obliterated"/>`) // makulerat, then archived
		wantText(t, "sekretess rep METS", readFile(t, secDir, "representations/rep1/METS.xml"),
			`MIMETYPE="message/rfc822"`, `sip:FILEFORMATNAME="EML (e-postmeddelande)"`, `xlink:href="data/003_Skolans_brev.eml"`)
		for _, f := range []string{"metadata/descriptive/ERMS.xml", "METS.xml", "metadata/preservation/premis.xml", "documentation/Om_paketet.txt"} {
			if strings.Contains(readFile(t, secDir, f), "Anna Andersson") {
				t.Errorf("%s shows the masked party", f)
			}
		}

		// One byte changed in a document fails the checksum requirement.
		dir := a.exportZip(del)
		docs, _ := filepath.Glob(filepath.Join(dir, "representations", "rep1", "data", "001_*"))
		if len(docs) != 1 {
			t.Fatalf("data files %v", docs)
		}
		b, _ := os.ReadFile(docs[0])
		b[0] ^= 1
		if err := os.WriteFile(docs[0], b, 0o644); err != nil {
			t.Fatal(err)
		}
		var ve *earchive.ValidationError
		if err := earchive.Validate(dir); !errors.As(err, &ve) || !ve.Has("CSIP71") {
			t.Errorf("a changed byte: %v, want CSIP71", err)
		}

		// The batch: every archived case of the board, one folder each.
		r = a.do("arkivarie", http.MethodGet, "/api/v1/boards/ITN/archive-packages", nil, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("batch: %d %s", r.Status, truncate(r.Body))
		}
		dirs := unzip(t, r.Body)
		if len(dirs) != 3 {
			t.Fatalf("batch holds %d packages, want 3", len(dirs))
		}
		for _, d := range dirs {
			if err := earchive.Validate(d); err != nil {
				t.Error(err)
			}
		}
		r = a.do("arkivarie", http.MethodGet, "/api/v1/boards/ITN/archive-packages?closed_before=2026-03-02", nil, nil)
		if r.Status != http.StatusOK || len(unzip(t, r.Body)) != 0 {
			t.Errorf("closed before today: %d, %d packages", r.Status, len(unzip(t, r.Body)))
		}
	})
}

// TestSIPOfAMaskedCopy: a handling released masked (utlämnande med
// maskering) gives the ärende a masked copy; its package records the copy
// as is_redacted_version_of its original and the original as
// has_redacted_version, and the original keeps its sekretessmarkering. On
// SQLite and on the Mongo backend.
func TestSIPOfAMaskedCopy(t *testing.T) {
	onBothStores(t, func(t *testing.T, env *apptest.Env) {
		a := newArch(t, env)
		a.profile()
		caseID, dnr := disclosureCase(t, env)
		hl := a.token("handlaggare")
		req := registerRequest(t, env, hl, map[string]any{"received_at": "2026-03-02T08:30:00+01:00", "channel": "epost",
			"asked": "Läkarintyget", "items": []map[string]any{{"registration_number": dnr, "document_no": 2}}})
		r := requestDo(t, env, hl, http.MethodPost, "/api/v1/disclosure-requests/"+req["id"].(string)+"/items/1/masking", req["version"],
			map[string]any{"lagrum": []string{"OSL 25 kap. 1 §"}, "strings": []string{"Anna Andersson"}})
		if r.Status != http.StatusOK {
			t.Fatalf("masking: %d %s", r.Status, r.Body)
		}
		a.fire("sekreterare", caseID, "void", map[string]string{"note": "Dubblett"})
		a.fire("arkivarie", caseID, "archive", nil)
		dir := a.exportZip(caseID)
		xmllintPackage(t, dir) // the uploaded letter is no PDF/A: no checkPackage
		if err := earchive.Validate(dir); err != nil {
			t.Fatal(err)
		}
		erms := readFile(t, dir, "metadata/descriptive/ERMS.xml")
		wantText(t, "ERMS.xml", erms, `<relation relationType="has_redacted_version">`+dnr+`-3</relation>`,
			`<relation relationType="is_redacted_version_of">`+dnr+`-2</relation>`, "<regulation>OSL 25 kap. 1 §</regulation>")
	})
}
