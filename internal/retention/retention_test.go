package retention

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/platform"
)

// The klassificeringsstruktur of the test plan.
var classes = []string{"1.1", "1.2", "2.3", "3.1", "5.4"}

const planCSV = "\uFEFFKlass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n" +
	"1.1;Protokoll och beslut;Bevaras;;IHP 2025 § 1.1\n" +
	"2.3;Avtal och upphandling;Bevaras;;IHP 2025 § 3.1\n" +
	"\n" +
	"5.4;Incidentrapporter;gallras;2;IHP 2025 § 5.4\n" +
	"3.1;Inkomna förfrågningar;Gallras;0 år;IHP 2025 § 6\n"

func readPlan(t *testing.T) Plan {
	t.Helper()
	p, err := ReadCSV(strings.NewReader(planCSV), classes)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadCSV(t *testing.T) {
	p := readPlan(t)
	want := []Rule{
		{Class: "1.1", Name: "Protokoll och beslut", Keep: true, Reference: "IHP 2025 § 1.1"},
		{Class: "2.3", Name: "Avtal och upphandling", Keep: true, Reference: "IHP 2025 § 3.1"},
		{Class: "3.1", Name: "Inkomna förfrågningar", Years: 0, Reference: "IHP 2025 § 6"},
		{Class: "5.4", Name: "Incidentrapporter", Years: 2, Reference: "IHP 2025 § 5.4"},
	}
	if !slices.Equal(p.Rules, want) {
		t.Fatalf("rules = %+v", p.Rules)
	}
	if r, ok := p.Rule(" 5.4 "); !ok || r.Years != 2 {
		t.Errorf("Rule(5.4) = %+v, %v", r, ok)
	}
	if _, ok := p.Rule("9.9"); ok {
		t.Error("a class outside the plan has a rule")
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, p); err != nil {
		t.Fatal(err)
	}
	again, err := ReadCSV(&buf, classes)
	if err != nil || !slices.Equal(again.Rules, p.Rules) {
		t.Errorf("round trip: %v %+v", err, again.Rules)
	}
	// Without a klassificeringsstruktur any class is accepted; the
	// Benämning column may be left out.
	if _, err := ReadCSV(strings.NewReader("Paragraf;Klass;Åtgärd;Gallringsfrist\n§ 1;9.9;Gallras;5\n"), nil); err != nil {
		t.Errorf("plan without names: %v", err)
	}
}

// A bad plan is refused whole, each problem named by row and column.
func TestReadCSVNamesEveryProblem(t *testing.T) {
	bad := "Klass;Benämning;Åtgärd;Gallringsfrist;Paragraf\n" +
		"1.1;Protokoll;Bevaras;;§ 1\n" + // row 2: fine
		"7.7;Okänd;Bevaras;;§ 2\n" + // row 3: unknown class
		"5.4;Incidenter;Gallras;-3;§ 3\n" + // row 4: negative years
		"1.1;Igen;Bevaras;;§ 4\n" + // row 5: repeated class
		"2.3;Avtal;Slängs;;§ 5\n" + // row 6: bad action
		"3.1;Frågor;Gallras;två;\n" + // row 7: bad years, no §
		"1.2;Ärenden;Bevaras;10;§ 7\n" + // row 8: years on a kept class
		"5.4\n" // row 9: too few cells
	_, err := ReadCSV(strings.NewReader(bad), classes)
	f := fault.From(err)
	if f.Kind != fault.Unprocessable || f.Code != "validation_failed" {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, fe := range f.Fields {
		got = append(got, fe.Field+" "+fe.Code)
	}
	want := []string{
		"row 3, column Klass " + CodeUnknownClass,
		"row 4, column Gallringsfrist " + CodeNegativeYears,
		"row 5, column Klass " + CodeDuplicateClass,
		"row 6, column Åtgärd " + CodeInvalidPlanAction,
		"row 7, column Gallringsfrist " + CodeInvalidYears,
		"row 7, column Paragraf required",
		"row 8, column Gallringsfrist " + CodeYearsForKept,
		"row 9 wrong_column_count",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(f.Fields[2].Detail, "row 2") {
		t.Errorf("the repeated class does not name its first row: %q", f.Fields[2].Detail)
	}
}

func TestReadCSVRejectsBadFiles(t *testing.T) {
	for name, c := range map[string]struct{ file, code string }{
		"missing column": {"Klass;Åtgärd;Paragraf\n1.1;Bevaras;§ 1\n", "invalid_header"},
		"unknown column": {"Klass;Åtgärd;Gallringsfrist;Paragraf;Färg\n", "invalid_header"},
		"broken quote":   {"Klass;Åtgärd;Gallringsfrist;Paragraf\n\"1.1;Bevaras;;§ 1\n", "invalid_csv"},
		"huge years":     {"Klass;Åtgärd;Gallringsfrist;Paragraf\n1.1;Gallras;1000;§ 1\n", CodeInvalidYears},
		"not utf-8":      {"Klass;Åtgärd;Gallringsfrist;Paragraf\n1.1;Bevaras;;\xff\n", "invalid_encoding"},
		"too large":      {strings.Repeat("x", MaxImportBytes+1), "too_large"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.file), classes)
			f := fault.From(err)
			if f.Kind != fault.Unprocessable || !slices.ContainsFunc(f.Fields, func(fe fault.FieldError) bool { return fe.Code == c.code }) {
				t.Fatalf("err = %v (%+v), want a %s problem", err, f.Fields, c.code)
			}
		})
	}
}

func TestAssess(t *testing.T) {
	p := readPlan(t)
	on := platform.MustParseDate("2027-10-02")
	closed := platform.MustParseDate("2025-10-02")
	ok := Subject{Class: "5.4", From: closed, LagaKraft: true}
	for _, c := range []struct {
		name    string
		s       Subject
		on      platform.Date
		reasons []string
	}{
		{"gallras när fristen löpt ut", ok, on, nil},
		{"fristen har inte löpt ut", ok, on.AddDays(-1), []string{ReasonNotYetDue}},
		{"planen bevarar", Subject{Class: "1.1", From: closed, LagaKraft: true}, on, []string{ReasonKept}},
		{"klass utan regel", Subject{Class: "9.9", From: closed, LagaKraft: true}, on, []string{ReasonNoRule}},
		{"begäran om allmän handling", Subject{Class: "5.4", From: closed, LagaKraft: true, PendingRequest: true}, on, []string{ReasonPendingRequest}},
		{"inte laga kraft", Subject{Class: "5.4", From: closed}, on, []string{ReasonNotLagaKraft}},
		{"inget startdatum", Subject{Class: "5.4", LagaKraft: true}, on, []string{ReasonNoStart}},
		{"allt på en gång", Subject{Class: "1.1", PendingRequest: true}, on, []string{ReasonKept, ReasonPendingRequest, ReasonNotLagaKraft}},
		{"noll år", Subject{Class: "3.1", From: closed, LagaKraft: true}, closed, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := p.Assess(c.s, c.on)
			if !slices.Equal(v.Reasons, c.reasons) || v.Allowed() != (len(c.reasons) == 0) {
				t.Fatalf("reasons = %v, want %v", v.Reasons, c.reasons)
			}
			err := v.Permit("ITN 2027-10-01 § 4")
			if (err == nil) != v.Allowed() {
				t.Fatalf("Permit = %v", err)
			}
			if err != nil {
				f := fault.From(err)
				if f.Kind != fault.Unprocessable || f.Code != c.reasons[0] || len(f.Fields) != len(c.reasons) {
					t.Errorf("Permit = %+v", f)
				}
			}
		})
	}
	v := p.Assess(ok, on)
	if v.Due != on || v.Says() != "Gallras 2 år efter avslut, tidigast 2027-10-02 (IHP 2025 § 5.4)" {
		t.Errorf("Due %s, Says %q", v.Due, v.Says())
	}
	if s := p.Assess(Subject{Class: "1.1"}, on).Says(); s != "Bevaras (IHP 2025 § 1.1)" {
		t.Errorf("Says = %q", s)
	}
	// Gallring needs a recorded decision even when the plan allows it.
	err := v.Permit("  ")
	if !errors.Is(err, fault.New(fault.Unprocessable, ReasonNoDecision)) {
		t.Errorf("Permit without a decision = %v", err)
	}
	// 29 February: the frist ends on 1 March in a common year.
	leap := p.Assess(Subject{Class: "5.4", From: platform.MustParseDate("2024-02-29"), LagaKraft: true}, on)
	if leap.Due != platform.MustParseDate("2026-03-01") {
		t.Errorf("Due from 29 Feb = %s", leap.Due)
	}
}

// Every code a user can meet has Swedish and English text.
func TestCodesAreTranslated(t *testing.T) {
	for _, code := range []string{CodeUnknownClass, CodeDuplicateClass, CodeInvalidPlanAction, CodeNegativeYears,
		CodeInvalidYears, CodeYearsForKept, ReasonNoRule, ReasonKept, ReasonPendingRequest, ReasonNotLagaKraft,
		ReasonNotYetDue, ReasonNoStart, ReasonNoDecision} {
		if !i18n.Has(code) || i18n.T(i18n.English, code) == code {
			t.Errorf("no text for %s", code)
		}
	}
}
