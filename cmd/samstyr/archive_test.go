package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/testkit/apptest"
	"github.com/samstyr/samstyr/workflow"
)

// runSamstyr runs the binary on the instance's data dir and returns its
// output and exit code.
func runSamstyr(t *testing.T, env *apptest.Env, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, append(args, "--data-dir", env.Config.DataDir)...)
	cmd.Env = append(os.Environ(), "SAMSTYR_MASTER_KEY="+apptest.TestMasterKey)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// entries lists a folder.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestExportArchiveAndGallring drives samstyr export-archive: a case that
// is not arkiverad stops it with exit 1 naming the case and nothing
// written; a bad date is a usage error (exit 2); the board's archived case
// becomes one valid package, and so does a case named twice; after gallring under the nämnd's
// gallringsbeslut, samstyr verify still passes and the weeded case, with
// nothing left to deliver, is left out of the next batch.
func TestExportArchiveAndGallring(t *testing.T) {
	env := apptest.New(t)
	ctx := t.Context()
	wf := env.App.Workflow
	user := func(name string) identity.User {
		u, err := env.App.Identity.UserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	h, sek, ark := user("handlaggare"), user("sekreterare"), user("arkivarie")
	_, err := wf.Archive.SaveProfile(ctx, ark, "ITN", 0, earchive.Profile{OrgNumber: "212000-0712",
		Classes: []earchive.Class{{Code: "3.1", Name: "Informationssäkerhet"}, {Code: "4.1", Name: "Arkiv"}}})
	must(err)
	_, err = wf.Archive.ImportPlan(ctx, ark, "ITN", workflow.PlanImport{}, strings.NewReader(
		"Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n3.1;Incidenter;Gallras;1;IHP § 3.1\n4.1;Arkiv;Bevaras;;IHP § 4.1\n"))
	must(err)

	archived, err := wf.Cases.Register(ctx, h, cases.Registration{Board: "ITN", Title: "Larm i serverhallen", Class: "3.1"})
	must(err)
	archived, _, err = wf.Cases.AddDocument(ctx, h, archived.ID, workflow.NewDocument{Direction: cases.DirIncoming,
		Description: "Larmlogg", FileName: "larm.txt"}, []byte("02.14 larm\n"))
	must(err)
	archived, err = wf.Cases.Fire(ctx, sek, archived.ID, "void", archived.Version, "Falsklarm")
	must(err)
	archived, err = wf.Cases.Fire(ctx, ark, archived.ID, "archive", archived.Version, "")
	must(err)
	open, err := wf.Cases.Register(ctx, h, cases.Registration{Board: "ITN", Title: "Pågående", Class: "3.1"})
	must(err)

	out := t.TempDir()
	got, code := runSamstyr(t, env, "export-archive", "--out", out, "--case", archived.RegistrationNumber, "--case", open.RegistrationNumber)
	if code != 1 || !strings.Contains(got, "case_not_archived") || !strings.Contains(got, open.RegistrationNumber+" is registrerad") {
		t.Errorf("a case not archived: exit %d\n%s", code, got)
	}
	if es := entries(t, out); len(es) != 0 {
		t.Errorf("written after the refusal: %v", es)
	}
	if got, code = runSamstyr(t, env, "export-archive", "--out", out, "--closed-before", "igår"); code != 2 || !strings.Contains(got, "--closed-before") {
		t.Errorf("a bad date: exit %d\n%s", code, got)
	}
	if got, code = runSamstyr(t, env, "export-archive"); code != 2 || !strings.Contains(got, "--out") {
		t.Errorf("no --out: exit %d\n%s", code, got)
	}

	got, code = runSamstyr(t, env, "export-archive", "--out", out, "--board", "ITN")
	es := entries(t, out)
	if code != 0 || len(es) != 1 || !strings.HasPrefix(es[0], "uuid-") || !strings.Contains(got, archived.RegistrationNumber) {
		t.Fatalf("export: exit %d, %v\n%s", code, es, got)
	}
	if err := earchive.Validate(filepath.Join(out, es[0])); err != nil {
		t.Error(err)
	}
	// A case named twice (by diarienummer and by id) is one package.
	twice := t.TempDir()
	got, code = runSamstyr(t, env, "export-archive", "--out", twice, "--case", archived.RegistrationNumber, "--case", archived.ID)
	if es := entries(t, twice); code != 0 || len(es) != 1 || !strings.Contains(got, "Skrev 1 paket") {
		t.Errorf("a case named twice: exit %d, %v\n%s", code, es, got)
	}
	if got, code = runSamstyr(t, env, "export-archive", "--out", t.TempDir(), "--board", "ITN", "--closed-before", "2026-03-02"); code != 0 ||
		!strings.Contains(got, "Skrev 0 paket") {
		t.Errorf("closed before today: exit %d\n%s", code, got)
	}

	// The gallringsbeslut: a § of a justerat protocol.
	g, err := wf.Cases.Register(ctx, h, cases.Registration{Board: "ITN", Title: "Gallring enligt planen", Class: "4.1"})
	must(err)
	g, _, err = wf.Cases.SaveMemo(ctx, h, g.ID, 0, cases.Memo{Title: "Gallring", AuthorName: "Olof Nilsson", AuthorTitle: "IT-strateg",
		RecipientBoard: "Till IT-nämnden", ProposalIntro: "IT-nämnden beslutar", Clauses: []string{"gallra enligt planen"},
		Description: "Gallring.", Basis: []cases.BasisRef{{Text: "Planen"}}, Assessment: "Ja.", Consequences: "Inga.", SendTo: []string{"Arkivet"}})
	must(err)
	for _, ev := range []string{"start", "submit"} {
		g, err = wf.Cases.Fire(ctx, h, g.ID, ev, g.Version, "")
		must(err)
	}
	m, err := wf.Meetings.PlanMeeting(ctx, sek, "ITN", env.Clock.Now().Add(time.Hour), "Stadshuset", []string{"vice-ordforande"})
	must(err)
	m, err = wf.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusOpen)
	must(err)
	item := slices.IndexFunc(m.Agenda, func(a meeting.AgendaItem) bool { return a.CaseID == g.ID })
	_, p, err := wf.Meetings.RecordParagraph(ctx, sek, m.ID, workflow.ParagraphInput{Item: item, Outcome: meeting.OutcomeApproved,
		Clauses: []string{"gallra handlingarna enligt informationshanteringsplanen"}})
	must(err)
	m, err = wf.Meetings.Meeting(ctx, sek, m.ID)
	must(err)
	_, err = wf.Meetings.SetMeetingStatus(ctx, sek, m.ID, m.Version, meeting.StatusClosed)
	must(err)
	_, err = wf.Meetings.Justera(ctx, user("ordforande"), m.ID, identity.Proof{Password: apptest.DemoPassword})
	must(err)
	_, err = wf.Meetings.Justera(ctx, user("vice-ordforande"), m.ID, identity.Proof{Password: apptest.DemoPassword})
	must(err)

	env.Clock.Advance(400 * 24 * time.Hour)
	res, err := wf.Archive.Gallra(ctx, ark, workflow.GallringInput{Board: "ITN", Decision: workflow.GallringDecision{MeetingID: m.ID, Paragraph: p.No}})
	must(err)
	if len(res.Weeded) != 1 || res.Weeded[0].CaseID != archived.ID {
		t.Fatalf("gallring: %+v", res)
	}
	if got, code = runSamstyr(t, env, "verify"); code != 0 || !strings.Contains(got, "Inga avvikelser") {
		t.Errorf("verify after gallring: exit %d\n%s", code, got)
	}
	got, code = runSamstyr(t, env, "export-archive", "--out", t.TempDir(), "--board", "ITN")
	if code != 0 || !strings.Contains(got, "Skrev 0 paket") || !strings.Contains(got, "Utelämnade") || !strings.Contains(got, archived.RegistrationNumber) {
		t.Errorf("export after gallring: exit %d\n%s", code, got)
	}
}
