package workflow_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/demo"
	"github.com/samstyr/samstyr/internal/earchive"
	"github.com/samstyr/samstyr/internal/refdata"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/workflow"
)

// TestArchiveUsesTheOrganisationsClassificationScheme: when the
// administrator keeps the organisation's klassificeringsstruktur
// (refdata), it is the one the plan is checked against — a class only in
// the archive profile is unknown, nothing is stored — and a case
// registered in it (recorded as "code name") is assessed under the
// plan's rule for its code and carries code and name in its ERMS record.
// On every backend.
func TestArchiveUsesTheOrganisationsClassificationScheme(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		refs := repo.NewAdmin(e.backend)
		e.engine.WithReference(refs).WithArchive(repo.NewArchive(e.backend), repo.NewArchive(e.backend), repo.NewCases(e.backend), "test")
		cl, err := refs.GetClassification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []refdata.Class{{Code: "3.1", Name: "Informationssäkerhet"}, {Code: "4.1", Name: "Arkiv"}} {
			if err := cl.Put("admin", e.clock.Now(), c, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := refs.PutClassification(ctx, cl); err != nil {
			t.Fatal(err)
		}
		ark, arch := e.user(t, "arkivarie"), e.engine.Archive
		// The profile's own list names 9.9, the organisation's does not.
		if _, err := arch.SaveProfile(ctx, ark, demo.BoardCode, 0, earchive.Profile{SchemeName: "Klassificeringsstruktur",
			Classes: []earchive.Class{{Code: "9.9", Name: "Övrigt"}}}); err != nil {
			t.Fatal(err)
		}
		_, err = arch.ImportPlan(ctx, ark, demo.BoardCode, workflow.PlanImport{},
			strings.NewReader("Klass;Åtgärd;Gallringsfrist;Paragraf\n3.1;Gallras;1;IHP § 3.1\n9.9;Bevaras;;IHP § 9.9\n"))
		if code(err) != "validation_failed" || !strings.Contains(err.Error(), "row 3, column Klass: unknown_class") || strings.Contains(err.Error(), "row 2") {
			t.Fatalf("a class outside the organisation's scheme: %v", err)
		}
		if ps, err := arch.Plans(ctx, ark, demo.BoardCode); err != nil || len(ps) != 0 {
			t.Fatalf("after the refusal: %d plans, %v", len(ps), err)
		}
		if _, err := arch.ImportPlan(ctx, ark, demo.BoardCode, workflow.PlanImport{},
			strings.NewReader("Klass;Åtgärd;Gallringsfrist;Paragraf\n3.1;Gallras;1;IHP § 3.1\n4.1;Bevaras;;IHP § 4.1\n")); err != nil {
			t.Fatal(err)
		}

		c, err := e.engine.Cases.Register(ctx, e.user(t, "handlaggare"), cases.Registration{Board: demo.BoardCode, Title: "Larm", Class: "3.1"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Class != "3.1 Informationssäkerhet" {
			t.Fatalf("registered with class %q", c.Class)
		}
		if c, _, err = e.engine.Cases.AddDocument(ctx, e.user(t, "handlaggare"), c.ID, workflow.NewDocument{Direction: cases.DirIncoming,
			Description: "Rapport", FileName: "rapport.txt"}, []byte("Rapport\n")); err != nil {
			t.Fatal(err)
		}
		c = e.mustFire(t, "sekreterare", c, "void", "Falsklarm")
		a, err := arch.Assess(ctx, ark, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Class != "3.1" || a.ClassName != "Informationssäkerhet" || !strings.HasPrefix(a.Says, "Gallras 1 år efter avslut") || slices.Contains(a.Reasons, "plan_has_no_rule") {
			t.Errorf("assessed as class %q: %q %v", a.ClassName, a.Says, a.Reasons)
		}
		c = e.mustFire(t, "arkivarie", c, "archive", "")
		p, err := arch.ExportCase(ctx, ark, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(p.Files, func(f earchive.File) bool { return f.Path == "metadata/descriptive/ERMS.xml" })
		if i < 0 {
			t.Fatal("no ERMS.xml")
		}
		if want := []byte(`classificationCode="3.1"`); !bytes.Contains(p.Files[i].Data, want) || !bytes.Contains(p.Files[i].Data, []byte(">Informationssäkerhet</")) {
			t.Errorf("ERMS classification: %s", p.Files[i].Data)
		}
	})
}
